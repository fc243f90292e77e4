/**
 * The service integrations a synthesized Task state may name in `Resource`, performed against the
 * local runtime with the output shapes Step Functions gives them, so that the ResultSelector /
 * OutputPath CDK generated (e.g. LambdaInvoke's `$.Payload`) select the same values locally.
 * Errors carry AWS's names: a function's own `errorType` for Lambda, `<Service>.<Exception>` for the
 * others, so Retry/Catch on the synthesized names behave as deployed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { PutEventsEntry } from './model.ts';
import { StatesError } from './sfn-callbacks.ts';
import { LOCAL_WAIT_RESOURCE } from './sfn-definition.ts';

export type TaskPattern = 'request-response' | 'callback' | 'sync' | 'sync:2';

export interface TaskResource {
  /** `lambda` for a bare function ARN, else the service of `arn:aws:states:::<service>:<action>`. */
  service: string;
  action: string;
  pattern: TaskPattern;
}

export interface FinishedExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
}

export interface IntegrationDeps {
  invokeFunction(nameOrArn: string, payload: unknown): Promise<unknown>;
  sendToQueue(queueArnOrUrl: string, body: string, o?: { messageGroupId?: string }): Promise<void>;
  /** The local EventBridge also returns per-entry results; the LocalRuntime contract only `failed`. */
  putEvents(entries: PutEventsEntry[]): Promise<{ failed: number; entries?: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[] }>;
  startExecution(stateMachineArn: string, input: string, name?: string): Promise<{ executionArn: string; startDate: Date }>;
  waitForExecution(executionArn: string): Promise<FinishedExecution>;
  dynamodb?(): DynamoDBClient;
}

const SERVICE_RESOURCE = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)(?:\.(sync:2|sync|waitForTaskToken))?$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(?::[^:]+)?$/;

export function parseResource(resource: string): TaskResource | undefined {
  if (resource === LOCAL_WAIT_RESOURCE) return { service: 'local', action: 'wait', pattern: 'request-response' };
  if (FUNCTION_ARN.test(resource)) return { service: 'lambda', action: 'function', pattern: 'request-response' };
  const m = SERVICE_RESOURCE.exec(resource);
  if (!m) return undefined;
  const suffix = m[3];
  const pattern: TaskPattern = suffix === 'waitForTaskToken' ? 'callback' : suffix === 'sync' ? 'sync' : suffix === 'sync:2' ? 'sync:2' : 'request-response';
  return { service: m[1], action: m[2], pattern };
}

type Params = Record<string, unknown>;
const asString = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The service's error code: the local emulators' `type`, an SDK exception's `name`. */
function errorCode(err: unknown, fallback: string): string {
  const e = err as { type?: string; name?: string };
  return e.type ?? (e.name && e.name !== 'Error' ? e.name : fallback);
}

/** Runs the integration once; for `.waitForTaskToken` the caller waits for the callback afterwards. */
export async function callIntegration(resource: string, r: TaskResource, input: unknown, deps: IntegrationDeps): Promise<unknown> {
  const p = (input ?? {}) as Params;
  switch (`${r.service}:${r.action}`) {
    case 'lambda:function':
      return await invoke(deps, resource, input);
    case 'lambda:invoke':
      return await lambdaInvoke(deps, p);
    case 'sqs:sendMessage':
      return await sqsSendMessage(deps, p);
    case 'events:putEvents':
      return await eventsPutEvents(deps, p);
    case 'dynamodb:putItem':
    case 'dynamodb:getItem':
    case 'dynamodb:updateItem':
    case 'dynamodb:deleteItem':
      return await dynamodb(deps, r.action, p);
    case 'states:startExecution':
      return await statesStartExecution(deps, r.pattern, p);
    default:
      throw new StatesError('States.Runtime', `The local cloud does not emulate the Task resource ${resource}`);
  }
}

async function invoke(deps: IntegrationDeps, fn: string, payload: unknown): Promise<unknown> {
  try {
    return (await deps.invokeFunction(fn, payload)) ?? null;
  } catch (err) {
    const e = err as { errorType?: string; errorMessage?: string; stackTrace?: string[]; name?: string; message?: string };
    const type = e.errorType ?? e.name ?? 'Error';
    // Failures of the Lambda service itself (not of the function) are `Lambda.<Exception>` on AWS.
    const name = /^(ResourceNotFound|Service|TooManyRequests|RequestEntityTooLarge|InvalidParameterValue)Exception$/.test(type) ? `Lambda.${type}` : type;
    throw new StatesError(name, JSON.stringify({ errorMessage: e.errorMessage ?? e.message ?? '', errorType: type, trace: e.stackTrace ?? [] }));
  }
}

/** `arn:aws:states:::lambda:invoke`: the Lambda Invoke response, with the function's result in Payload. */
async function lambdaInvoke(deps: IntegrationDeps, p: Params): Promise<unknown> {
  const fn = String(p.FunctionName);
  const metadata = (status: number) => ({
    SdkHttpMetadata: { HttpStatusCode: status, HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST' } },
    SdkResponseMetadata: { RequestId: randomUUID() },
  });
  if (p.InvocationType === 'Event') {
    // Asynchronous invocation: accepted (202) and not awaited, as Lambda does.
    void deps.invokeFunction(fn, p.Payload ?? {}).catch(() => undefined);
    return { ...metadata(202), Payload: '', StatusCode: 202 };
  }
  const payload = await invoke(deps, fn, p.Payload ?? {});
  return { ExecutedVersion: '$LATEST', Payload: payload, ...metadata(200), StatusCode: 200 };
}

async function sqsSendMessage(deps: IntegrationDeps, p: Params): Promise<unknown> {
  const body = asString(p.MessageBody);
  try {
    await deps.sendToQueue(String(p.QueueUrl), body, { messageGroupId: p.MessageGroupId as string | undefined });
  } catch (err) {
    throw new StatesError(`SQS.${errorCode(err, 'AmazonSQSException')}`, (err as Error).message);
  }
  return { MD5OfMessageBody: createHash('md5').update(body).digest('hex'), MessageId: randomUUID() };
}

async function eventsPutEvents(deps: IntegrationDeps, p: Params): Promise<unknown> {
  const entries = ((p.Entries as Params[]) ?? []).map(
    (e): PutEventsEntry => ({
      EventBusName: e.EventBusName as string | undefined,
      Source: String(e.Source),
      DetailType: String(e.DetailType),
      Detail: asString(e.Detail ?? {}),
      Resources: e.Resources as string[] | undefined,
    }),
  );
  const { failed, entries: results } = await deps.putEvents(entries);
  const result = { Entries: results ?? entries.map(() => ({ EventId: randomUUID() })), FailedEntryCount: failed };
  // The optimized integration fails the state when any entry was refused.
  if (failed > 0) throw new StatesError('EventBridge.FailedEntry', JSON.stringify(result));
  return result;
}

async function dynamodb(deps: IntegrationDeps, action: string, p: Params): Promise<unknown> {
  const client = deps.dynamodb?.();
  if (!client) throw new StatesError('DynamoDB.AmazonDynamoDBException', 'No local DynamoDB endpoint configured');
  // The optimized integration passes Parameters through as the API request (DynamoDB JSON).
  const request = p as never;
  const commands = {
    putItem: () => new PutItemCommand(request),
    getItem: () => new GetItemCommand(request),
    updateItem: () => new UpdateItemCommand(request),
    deleteItem: () => new DeleteItemCommand(request),
  } as const;
  try {
    const { $metadata: _, ...out } = await client.send(commands[action as keyof typeof commands]() as PutItemCommand);
    return out;
  } catch (err) {
    throw new StatesError(`DynamoDB.${errorCode(err, 'AmazonDynamoDBException')}`, (err as Error).message);
  }
}

async function statesStartExecution(deps: IntegrationDeps, pattern: TaskPattern, p: Params): Promise<unknown> {
  const input = p.Input === undefined ? '{}' : asString(p.Input);
  let started: { executionArn: string; startDate: Date };
  try {
    started = await deps.startExecution(String(p.StateMachineArn), input, p.Name as string | undefined);
  } catch (err) {
    // The integration reports the API's errors as the Java SDK names them.
    throw new StatesError(`StepFunctions.${errorCode(err, 'AWSStepFunctions')}Exception`, (err as Error).message);
  }
  if (pattern !== 'sync' && pattern !== 'sync:2') {
    return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
  }
  const done = await deps.waitForExecution(started.executionArn);
  const parse = (s?: string) => (pattern === 'sync:2' && s !== undefined ? JSON.parse(s) : s);
  const description = {
    ExecutionArn: done.executionArn,
    Input: parse(done.input),
    InputDetails: { Included: true },
    Name: done.name,
    Output: parse(done.output),
    OutputDetails: { Included: true },
    StartDate: done.startDate,
    StateMachineArn: done.stateMachineArn,
    Status: done.status,
    StopDate: done.stopDate,
    ...(done.error !== undefined && { Error: done.error }),
    ...(done.cause !== undefined && { Cause: done.cause }),
  };
  if (done.status !== 'SUCCEEDED') throw new StatesError('States.TaskFailed', JSON.stringify(description));
  return description;
}
