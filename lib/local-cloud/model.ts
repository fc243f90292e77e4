/**
 * The local cloud's picture of what was synthesized: every resource the product uses, read from the
 * cloud assembly (cdk.out) by `assembly.ts`, with CloudFormation intrinsics already resolved to the
 * physical names the local cloud gives them. The services (DynamoDB, S3, SQS, EventBridge, Step
 * Functions, Lambda, HTTP API) are built from this model and nothing else, so there is one source of
 * truth: the CDK app.
 */

// A China region and partition, where the product is meant to run (宁夏 region).
export const LOCAL_REGION = 'cn-northwest-1';
export const LOCAL_PARTITION = 'aws-cn';
export const LOCAL_ACCOUNT = '000000000000';

/** Audience of tokens the local issuer mints; the local CDK synth configures the JWT authorizer with it. */
export const LOCAL_AUDIENCE = 'ism-local';
/** Path of the local issuer under the local cloud's endpoint: issuer = `${endpoint}${LOCAL_ISSUER_PATH}`. */
export const LOCAL_ISSUER_PATH = '/_local/oidc';

export interface TableSpec {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes?: { IndexName: string; KeySchema: TableSpec['keySchema']; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }[];
  timeToLiveAttribute?: string;
}

export interface BucketSpec {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
  /** S3 Object Lock default retention: the local S3 front refuses deletes/overwrites of locked objects. */
  objectLock?: { mode: 'COMPLIANCE' | 'GOVERNANCE'; days?: number; years?: number };
  versioned: boolean;
}

export interface QueueSpec {
  stack: string;
  logicalId: string;
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  messageRetentionSeconds: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

export interface EventBusSpec {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
}

export interface RuleTargetSpec {
  id: string;
  /** ARN of an event bus, SQS queue, Lambda function or state machine. */
  arn: string;
  input?: string;
  inputPath?: string;
  inputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  deadLetterArn?: string;
  retryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  sqsMessageGroupId?: string;
}

export interface RuleSpec {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
  /** Bus the rule listens on (name); scheduled rules live on `default`. */
  busName: string;
  eventPattern?: Record<string, unknown>;
  /** `rate(5 minutes)` or `cron(0 1 * * ? *)`, as in CloudFormation. */
  scheduleExpression?: string;
  enabled: boolean;
  targets: RuleTargetSpec[];
}

export interface StateMachineSpec {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
  /** The Amazon States Language definition, intrinsics resolved. */
  definition: Record<string, unknown>;
  type: 'STANDARD' | 'EXPRESS';
}

export interface FunctionSpec {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
  /** Absolute path of the synthesized asset folder (cdk.out/asset.<hash>). */
  codeDir: string;
  /** `index.handler` style. */
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Environment of the function as synthesized, intrinsics resolved. */
  environment: Record<string, string>;
}

export interface EventSourceMappingSpec {
  stack: string;
  logicalId: string;
  functionName: string;
  queueArn: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  enabled: boolean;
}

export interface HttpRouteSpec {
  /** `GET /v1/tenants/{t}` or `$default`. */
  routeKey: string;
  functionName: string;
  authorizationType: 'NONE' | 'JWT';
  authorizer?: { issuer: string; audience: string[] };
}

export interface HttpApiSpec {
  stack: string;
  logicalId: string;
  apiId: string;
  name: string;
  routes: HttpRouteSpec[];
  cors?: Record<string, unknown>;
}

/** A KMS key; the local KMS (kms.ts) emulates the ECC_NIST_P256 signing keys that sign certificates. */
export interface KmsKeySpec {
  stack: string;
  logicalId: string;
  keyId: string;
  arn: string;
  keySpec: string;
  keyUsage: string;
  description?: string;
  /** `alias/...` names pointing at the key (AWS::KMS::Alias). */
  aliases: string[];
}

export interface CloudModel {
  region: string;
  account: string;
  stacks: string[];
  tables: TableSpec[];
  buckets: BucketSpec[];
  queues: QueueSpec[];
  buses: EventBusSpec[];
  rules: RuleSpec[];
  stateMachines: StateMachineSpec[];
  functions: FunctionSpec[];
  eventSourceMappings: EventSourceMappingSpec[];
  httpApis: HttpApiSpec[];
  keys: KmsKeySpec[];
}

/** What every local service may ask of the others; wired together in `main.ts`. */
export interface LocalRuntime {
  readonly model: CloudModel;
  /** e.g. http://localhost:4566 */
  readonly endpoint: string;
  /** Folder kept between runs (git-ignored) unless `--reset`. */
  readonly stateDir: string;
  /** Invoke a function synchronously (RequestResponse); rejects with the function's error. */
  invokeFunction(nameOrArn: string, event: unknown): Promise<unknown>;
  /** Deliver a message to a queue by ARN or URL. */
  sendToQueue(queueArnOrUrl: string, body: string, options?: { messageGroupId?: string; attributes?: Record<string, string> }): Promise<void>;
  /** Put events on a bus (by name or ARN) as EventBridge PutEvents does. */
  putEvents(entries: PutEventsEntry[]): Promise<{ failed: number }>;
  /** Start an execution (by state machine ARN). Same name twice is a no-op returning the first. */
  startExecution(stateMachineArn: string, input: string, name?: string): Promise<{ executionArn: string; startDate: Date }>;
  log(service: string, message: string): void;
}

export interface PutEventsEntry {
  EventBusName?: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Resources?: string[];
  Time?: Date;
}

/** Each emulator registers under the AWS signing name the SDK uses (credential scope). */
export interface AwsServiceHandler {
  /** `dynamodb`, `s3`, `sqs`, `events`, `states`, `lambda` */
  readonly signingName: string;
  handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: Buffer): Promise<void>;
  close?(): Promise<void>;
}

export const arn = {
  table: (name: string) => `arn:${LOCAL_PARTITION}:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`,
  bucket: (name: string) => `arn:${LOCAL_PARTITION}:s3:::${name}`,
  queue: (name: string) => `arn:${LOCAL_PARTITION}:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`,
  bus: (name: string) => `arn:${LOCAL_PARTITION}:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${name}`,
  rule: (bus: string, name: string) => `arn:${LOCAL_PARTITION}:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${bus === 'default' ? '' : bus + '/'}${name}`,
  stateMachine: (name: string) => `arn:${LOCAL_PARTITION}:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`,
  execution: (machine: string, name: string) => `arn:${LOCAL_PARTITION}:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${machine}:${name}`,
  function: (name: string) => `arn:${LOCAL_PARTITION}:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`,
};

/** Last segment of an ARN or URL: the resource's name. */
export function nameFromArn(arnOrUrl: string): string {
  if (arnOrUrl.startsWith('http')) return arnOrUrl.split('/').pop()!;
  const tail = arnOrUrl.split(':').slice(5).join(':');
  return tail.replace(/^(table|event-bus|rule|function|stateMachine)[/:]/, '').split('/').pop()!;
}
