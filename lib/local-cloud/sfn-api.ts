/**
 * The Step Functions API (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.<Operation>`) over the local
 * executions: what the product's functions, the AWS CLI and the tests call. Error codes and the
 * StartExecution idempotency rule are AWS's.
 */
import { LOCAL_ACCOUNT, LOCAL_PARTITION, type StateMachineSpec } from './model.ts';
import { AwsApiError, epochSeconds, paginate, requireString, type Operation } from './sfn-aws-json.ts';
import type { TaskTokens } from './sfn-callbacks.ts';
import type { ExecutionRecord, ExecutionStore } from './sfn-executions.ts';
import { wireEvent } from './sfn-history.ts';

export interface SfnApiContext {
  machines(): StateMachineSpec[];
  machine(arn: string): StateMachineSpec;
  store: ExecutionStore;
  tokens: TaskTokens;
  /** Machines are "created" when the local cloud starts. */
  creationDate: Date;
  start(stateMachineArn: string, input: string | undefined, name: string | undefined): { executionArn: string; startDate: Date };
  stop(executionArn: string, error?: string, cause?: string): void;
}

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

function summary(r: ExecutionRecord) {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: epochSeconds(r.startDate),
    ...(r.stopDate !== undefined && { stopDate: epochSeconds(r.stopDate) }),
  };
}

export function sfnOperations(ctx: SfnApiContext): Record<string, Operation> {
  const execution = (input: Record<string, unknown>) => {
    const arn = requireString(input, 'executionArn');
    const r = ctx.store.get(arn);
    if (!r) throw new AwsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return r;
  };
  const describeMachine = (m: StateMachineSpec) => ({
    stateMachineArn: m.arn,
    name: m.name,
    status: 'ACTIVE',
    definition: JSON.stringify(m.definition),
    roleArn: `arn:${LOCAL_PARTITION}:iam::${LOCAL_ACCOUNT}:role/${m.name}-role`,
    type: m.type,
    creationDate: epochSeconds(ctx.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  });

  return {
    ListStateMachines: (input) => {
      const all = ctx.machines().map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: epochSeconds(ctx.creationDate) }));
      const { page, nextToken } = paginate(all, input.maxResults, input.nextToken);
      return { stateMachines: page, nextToken };
    },
    DescribeStateMachine: (input) => describeMachine(ctx.machine(requireString(input, 'stateMachineArn'))),
    DescribeStateMachineForExecution: (input) => describeMachine(ctx.machine(execution(input).stateMachineArn)),
    StartExecution: (input) => {
      const started = ctx.start(requireString(input, 'stateMachineArn'), input.input as string | undefined, input.name as string | undefined);
      return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
    },
    DescribeExecution: (input) => {
      const r = execution(input);
      return {
        ...summary(r),
        input: r.input,
        inputDetails: { included: true },
        ...(r.output !== undefined && { output: r.output, outputDetails: { included: true } }),
        ...(r.error !== undefined && { error: r.error }),
        ...(r.cause !== undefined && { cause: r.cause }),
      };
    },
    ListExecutions: (input) => {
      const machineArn = requireString(input, 'stateMachineArn');
      ctx.machine(machineArn);
      const status = input.statusFilter as string | undefined;
      if (status !== undefined && !STATUSES.includes(status)) throw new AwsApiError('ValidationException', `Invalid statusFilter ${status}`);
      const { page, nextToken } = paginate(ctx.store.list(machineArn, status).map(summary), input.maxResults, input.nextToken);
      return { executions: page, nextToken };
    },
    StopExecution: (input) => {
      const r = execution(input);
      if (r.status === 'RUNNING') ctx.stop(r.executionArn, input.error as string | undefined, input.cause as string | undefined);
      return { stopDate: epochSeconds(r.stopDate ?? Date.now()) };
    },
    GetExecutionHistory: (input) => {
      const r = execution(input);
      const withData = input.includeExecutionData !== false;
      let events = r.history.map(wireEvent);
      if (!withData) events = events.map(stripData);
      if (input.reverseOrder === true) events = events.reverse();
      const { page, nextToken } = paginate(events, input.maxResults, input.nextToken, 1000);
      return { events: page, nextToken };
    },
    SendTaskSuccess: (input) => (ctx.tokens.succeed(requireString(input, 'taskToken'), input.output), {}),
    SendTaskFailure: (input) => (ctx.tokens.fail(requireString(input, 'taskToken'), input.error, input.cause), {}),
    SendTaskHeartbeat: (input) => (ctx.tokens.heartbeat(requireString(input, 'taskToken')), {}),
  };
}

/** `includeExecutionData: false` drops inputs and outputs from the details. */
function stripData(e: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k.endsWith('EventDetails') && v && typeof v === 'object') {
      const { input: _i, output: _o, ...rest } = v as Record<string, unknown>;
      out[k] = rest;
    } else out[k] = v;
  }
  return out;
}
