/**
 * Runs one execution with aws-local-stepfunctions. Every Task state — nested ones included, the
 * library looks handlers up by bare state name — is served by a local handler that performs the
 * integration against the local runtime (sfn-integrations.ts), supplies task tokens and waits for the
 * callback (sfn-callbacks.ts), or sleeps for a rewritten Wait (sfn-waits.ts).
 *
 * `$$.Task.Token` resolves through the Context Object: it holds a marker string, which the handler of
 * a `.waitForTaskToken` state replaces with a fresh token wherever it landed in the state's
 * Parameters (also inside intrinsics such as States.Format). A handler signals a named error by
 * throwing an Error whose `name` is the error (the library matches Retry/Catch on `error.name` and
 * reports `message` as the Cause).
 */
import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, type RunOptions, type StateMachine } from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, type StateMachineSpec } from './model.ts';
import { StatesError, type TaskTokens } from './sfn-callbacks.ts';
import { LOCAL_HEARTBEAT_KEY, LOCAL_TIMEOUT_KEY, MAX_LIBRARY_TIMEOUT_S, type PreparedMachine, type StateInfo } from './sfn-definition.ts';
import type { ExecutionRecord, ExecutionStore } from './sfn-executions.ts';
import { MAX_HISTORY_EVENTS } from './sfn-executions.ts';
import { appendHistory, historyEventsOf, type LibraryEvent } from './sfn-history.ts';
import { callIntegration, parseResource, type IntegrationDeps } from './sfn-integrations.ts';
import { readJsonPath } from './sfn-json-path.ts';
import { raceAbort, setLongTimeout } from './sfn-timers.ts';
import { serveWait } from './sfn-waits.ts';

export interface MachineEntry {
  spec: StateMachineSpec;
  prepared: PreparedMachine;
  library: StateMachine;
}

export interface RunnerDeps extends IntegrationDeps {
  tokens: TaskTokens;
  store: ExecutionStore;
  log(m: string): void;
}

export interface RunningExecution {
  /** StopExecution: the execution ends ABORTED with this error and cause. */
  stop(error?: string, cause?: string): void;
  /** The local cloud stops: the execution stays RUNNING in the store, to be re-run at the next start. */
  shutdown(): void;
}

type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

const TOKEN_MARKER = `local-cloud-task-token-${randomUUID()}`;
const FAIL_STATE_DEFAULT_CAUSE = 'Execution failed because of a Fail state';

function withToken(value: unknown, token: string): unknown {
  if (typeof value === 'string') return value.split(TOKEN_MARKER).join(token);
  if (Array.isArray(value)) return value.map((v) => withToken(v, token));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withToken(v, token)]));
  return value;
}

/** TimeoutSeconds / HeartbeatSeconds or their *Path, read from the state's input (carried in Parameters, see sfn-definition.ts). */
function seconds(state: Record<string, unknown>, field: 'Timeout' | 'Heartbeat', input: unknown, context: unknown): number | undefined {
  const fixed = state[`${field}Seconds`];
  if (typeof fixed === 'number') return fixed;
  const path = state[`${field}SecondsPath`];
  if (typeof path !== 'string') return undefined;
  const carried = input && typeof input === 'object' ? (input as Record<string, unknown>)[field === 'Timeout' ? LOCAL_TIMEOUT_KEY : LOCAL_HEARTBEAT_KEY] : undefined;
  const v = carried !== undefined ? carried : readJsonPath(path, input, context);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new StatesError('States.Runtime', `${field}SecondsPath ${path} must point to a positive integer`);
  return v;
}

function rejectAt<T>(work: Promise<T>, deadline: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = setLongTimeout(() => reject(new StatesError('States.Timeout', 'Task timed out')), deadline);
    work.then(resolve, reject).finally(cancel);
  });
}

export function launchExecution(machine: MachineEntry, record: ExecutionRecord, deps: RunnerDeps, onClosed: () => void): RunningExecution {
  const controller = new AbortController();
  const signal = controller.signal;
  let stopped: { error?: string; cause?: string } | undefined;
  let shuttingDown = false;
  const context = {
    Execution: {
      Id: record.executionArn,
      Name: record.name,
      RoleArn: `arn:${LOCAL_PARTITION}:iam::${LOCAL_ACCOUNT}:role/${machine.spec.name}-role`,
      // The library sets these in its own copy; `$$` paths the local handlers evaluate read them here.
      Input: JSON.parse(record.input) as never,
      StartTime: new Date(record.startDate).toISOString(),
    },
    StateMachine: { Id: machine.spec.arn, Name: machine.spec.name },
    Task: { Token: TOKEN_MARKER },
  };

  async function serveTask(stateName: string, info: StateInfo, input: unknown): Promise<unknown> {
    const state = info.state;
    if (info.type === 'Wait') {
      return serveWait({ key: `${record.executionArn}|${stateName}|${JSON.stringify(input)}`, state, input, context, signal });
    }
    const resource = String(state.Resource);
    const timeout = seconds(state, 'Timeout', input, context);
    const heartbeat = seconds(state, 'Heartbeat', input, context);
    if (input && typeof input === 'object' && !Array.isArray(input) && (LOCAL_TIMEOUT_KEY in input || LOCAL_HEARTBEAT_KEY in input)) {
      const { [LOCAL_TIMEOUT_KEY]: _t, [LOCAL_HEARTBEAT_KEY]: _h, ...rest } = input as Record<string, unknown>;
      input = rest;
    }
    const r = parseResource(resource);
    if (!r) throw new StatesError('States.Runtime', `Unsupported Task resource ${resource}`);
    const deadline = timeout === undefined ? undefined : Date.now() + timeout * 1000;
    if (r.pattern === 'callback') {
      const { token, outcome } = deps.tokens.issue({ executionArn: record.executionArn, state: info.name, deadline, heartbeatMs: heartbeat && heartbeat * 1000, signal });
      try {
        await raceAbort(callIntegration(resource, r, withToken(input, token), deps), signal);
      } catch (err) {
        deps.tokens.cancel(token, err as Error);
        throw err;
      }
      return await outcome;
    }
    const work = raceAbort(callIntegration(resource, r, input, deps), signal);
    // The library enforces TimeoutSeconds up to its timer limit; longer or path-based ones are ours.
    const ours = deadline !== undefined && ('TimeoutSecondsPath' in state || timeout! > MAX_LIBRARY_TIMEOUT_S);
    return ours ? rejectAt(work, deadline!) : work;
  }

  const handlers: LocalHandlers = {};
  for (const [stateName, info] of machine.prepared.states) {
    if (info.type === 'Task' || info.type === 'Wait') handlers[stateName] = (input) => serveTask(stateName, info, input) as ReturnType<LocalHandlers[string]>;
  }
  const run = machine.library.run(JSON.parse(record.input), { overrides: { taskResourceLocalHandlers: handlers }, context });

  void (async () => {
    for await (const e of run.eventLogs) {
      if (shuttingDown || record.history.length >= MAX_HISTORY_EVENTS) continue;
      appendHistory(record.history, historyEventsOf(e as LibraryEvent, machine.prepared.states));
      deps.store.changed();
    }
  })();

  run.result
    .then((output) => deps.store.finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output) }))
    .catch((err: unknown) => {
      if (shuttingDown) return;
      if (err instanceof ExecutionAbortedError) return deps.store.finish(record, { status: 'ABORTED', ...stopped });
      if (err instanceof ExecutionTimeoutError) return deps.store.finish(record, { status: 'TIMED_OUT', error: 'States.Timeout' });
      const cause = (err instanceof ExecutionError ? err.cause : err) as Error;
      deps.store.finish(record, {
        status: 'FAILED',
        // A Fail state without Error, or SendTaskFailure without one, leaves the error empty, as on AWS.
        error: !cause || cause.name === 'FailStateError' ? undefined : cause.name || undefined,
        cause: cause?.message === FAIL_STATE_DEFAULT_CAUSE ? undefined : String(cause?.message ?? err),
      });
    })
    .finally(() => {
      // Close what the library leaves running: pending tokens, sleeping waits, in-flight integrations.
      controller.abort(new StatesError('States.Runtime', 'The execution has ended'));
      onClosed();
    });

  return {
    stop(error?: string, cause?: string) {
      stopped = { error, cause };
      run.abort();
    },
    shutdown() {
      shuttingDown = true;
      run.abort();
    },
  };
}
