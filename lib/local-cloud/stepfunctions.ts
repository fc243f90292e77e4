/**
 * The local Step Functions: the synthesized state machines run by aws-local-stepfunctions, with the
 * gaps DESIGN §9 lists closed here (task tokens and the callback API, AWS's task timeouts, waits
 * longer than a Node timer holds), the Step Functions API, and executions kept across restarts.
 *
 * Restart semantics: an execution that was RUNNING when the local cloud stopped is run again from its
 * start, with the same input and the same executionArn — the library cannot resume mid-way. This is
 * sound for the product because its timeline steps are idempotent (DESIGN §4) and its waits use
 * absolute timestamps; task tokens issued before the restart are gone (`TaskDoesNotExist`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { arn as arnOf, LOCAL_REGION, type AwsServiceHandler, type PutEventsEntry, type StateMachineSpec } from './model.ts';
import { sfnOperations } from './sfn-api.ts';
import { AwsApiError, serveAwsJson } from './sfn-aws-json.ts';
import { TaskTokens, type PendingTask } from './sfn-callbacks.ts';
import { prepareDefinition } from './sfn-definition.ts';
import { ExecutionStore, type ExecutionRecord } from './sfn-executions.ts';
import type { IntegrationDeps } from './sfn-integrations.ts';
import { launchExecution, type MachineEntry, type RunningExecution } from './sfn-runner.ts';

export interface StepFunctionsDeps {
  stateMachines: StateMachineSpec[];
  stateDir: string;
  reset: boolean;
  invokeFunction(nameOrArn: string, payload: unknown): Promise<unknown>;
  sendToQueue(queueArnOrUrl: string, body: string, o?: { messageGroupId?: string }): Promise<void>;
  putEvents(entries: PutEventsEntry[]): Promise<{ failed: number; entries?: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[] }>;
  dynamodbEndpoint?: string;
  log?(m: string): void;
}

export interface LocalStepFunctions {
  service: AwsServiceHandler;
  /** As the API's StartExecution, except that the same name with the same input returns the first execution even once it has closed. */
  startExecution(stateMachineArn: string, input: string, name?: string): Promise<{ executionArn: string; startDate: Date }>;
  /** Task tokens waiting for a callback (for `/_local/sfn/tasks`). */
  pendingTasks(): PendingTask[];
  /** Stops running executions without closing them (they re-run at the next start) and saves. */
  stop(): Promise<void>;
}

// AWS: 1–80 characters, none of whitespace, brackets, wildcards, special or control characters.
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const MAX_INPUT_BYTES = 256 * 1024;

const canonical = (json: string) => JSON.stringify(JSON.parse(json));

export function createStepFunctions(deps: StepFunctionsDeps): LocalStepFunctions {
  const log = (m: string) => deps.log?.(m);
  const machines = new Map<string, MachineEntry>();
  for (const spec of deps.stateMachines) {
    // No ASL validation here: CDK validated the graph at synth, and the library's validator costs
    // ~100 ms per machine at every start. What the library cannot run is said now, not mid-timeline.
    if (JSON.stringify(spec.definition).includes('"QueryLanguage":"JSONata"')) log(`${spec.name}: JSONata states are not supported by aws-local-stepfunctions`);
    const prepared = prepareDefinition(spec.definition);
    machines.set(spec.arn, { spec, prepared, library: new StateMachine(prepared.definition, { validationOptions: { noValidate: true } }) });
  }
  const store = new ExecutionStore(ExecutionStore.fileIn(deps.stateDir), deps.reset, log);
  const tokens = new TaskTokens();
  const running = new Map<string, RunningExecution>();
  let dynamodb: DynamoDBClient | undefined;

  const machine = (arn: string): MachineEntry => {
    const m = machines.get(arn);
    if (!m) throw new AwsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return m;
  };

  const integrations: IntegrationDeps = {
    invokeFunction: deps.invokeFunction,
    sendToQueue: deps.sendToQueue,
    putEvents: deps.putEvents,
    // A Task's StartExecution is an API call on AWS, with its idempotency rule.
    startExecution: async (arn, input, name) => start(arn, input, name, 'api'),
    waitForExecution: (arn) => store.whenFinished(arn),
    dynamodb: deps.dynamodbEndpoint
      ? () =>
          (dynamodb ??= new DynamoDBClient({
            endpoint: deps.dynamodbEndpoint,
            region: LOCAL_REGION,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }))
      : undefined,
  };

  function launch(record: ExecutionRecord): void {
    const m = machines.get(record.stateMachineArn);
    if (!m) {
      store.finish(record, { status: 'FAILED', error: 'States.Runtime', cause: 'The state machine no longer exists in the cloud assembly' });
      return;
    }
    const exec = launchExecution(m, record, { ...integrations, tokens, store, log }, () => running.delete(record.executionArn));
    running.set(record.executionArn, exec);
  }

  function start(stateMachineArn: string, input: string | undefined, name: string | undefined, caller: 'api' | 'internal') {
    const m = machine(stateMachineArn);
    const executionName = name ?? crypto.randomUUID();
    if (!EXECUTION_NAME.test(executionName)) throw new AwsApiError('InvalidName', `Invalid Name: '${executionName}'`);
    const text = input ?? '{}';
    try {
      JSON.parse(text);
    } catch {
      throw new AwsApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input');
    }
    if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new AwsApiError('InvalidExecutionInput', 'Input exceeds 262144 bytes');
    const executionArn = arnOf.execution(m.spec.name, executionName);
    const existing = store.get(executionArn);
    if (existing) {
      // AWS: the same name and input as a RUNNING execution returns it; a closed one, or other input, is refused.
      const same = canonical(existing.input) === canonical(text);
      if (same && (existing.status === 'RUNNING' || caller === 'internal')) return { executionArn, startDate: new Date(existing.startDate) };
      throw new AwsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = { executionArn, stateMachineArn, name: executionName, input: text, status: 'RUNNING', startDate: Date.now(), history: [] };
    store.add(record);
    log(`started ${m.spec.name}/${executionName}`);
    launch(record);
    return { executionArn, startDate: new Date(record.startDate) };
  }

  const operations = sfnOperations({
    machines: () => [...machines.values()].map((m) => m.spec),
    machine: (arn) => machine(arn).spec,
    store,
    tokens,
    creationDate: new Date(),
    start: (arn, input, name) => start(arn, input, name, 'api'),
    stop: (arn, error, cause) => {
      const exec = running.get(arn);
      if (exec) return exec.stop(error, cause);
      // Not yet re-run after a restart: close it without running it.
      const record = store.get(arn);
      if (record?.status === 'RUNNING') store.finish(record, { status: 'ABORTED', error, cause });
    },
  });

  // Re-run what was RUNNING when the local cloud last stopped, once the caller has wired the rest up.
  const interrupted = store.list(undefined, 'RUNNING');
  const resume = setImmediate(() => {
    for (const record of interrupted) {
      if (record.status !== 'RUNNING') continue;
      log(`re-running ${record.executionArn} from its start (it was running when the local cloud stopped)`);
      record.history = [];
      launch(record);
    }
  });

  return {
    service: {
      signingName: 'states',
      handle: (req, res, body) => serveAwsJson({ targetPrefix: 'AWSStepFunctions', contentType: 'application/x-amz-json-1.0', operations, log }, req, res, body),
    },
    startExecution: async (arn, input, name) => start(arn, input, name, 'internal'),
    pendingTasks: () => tokens.list(),
    async stop() {
      clearImmediate(resume);
      for (const exec of running.values()) exec.shutdown();
      running.clear();
      store.flush();
      dynamodb?.destroy();
    },
  };
}
