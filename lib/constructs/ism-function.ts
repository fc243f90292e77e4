import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, type ICommandHooks, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionAccess } from '../../functions/contexts.ts';
import { ENV, type EnvName } from '../../functions/shared/deployment-env.ts';
import { CERTIFICATE_FONT_FILES, CERTIFICATE_FONT_PACKAGE } from '../../functions/certificates/adapters/certificate-fonts.ts';
import { repoRoot } from '../config.ts';
import { CertificateKey } from './certificate-key.ts';
import { DocumentBuckets } from './document-buckets.ts';

/**
 * What a function of a stack may be given access to, and the names it is told: a city's (CityDeployment) or
 * the province's (no city: its functions are `ism-<province>-<name>` and keep their replicas under the province
 * code, see `deploymentScope`). What a deployment lacks, a function cannot be granted (synthesis fails).
 */
export interface FunctionDeployment {
  cityCode?: string;
  cityName?: string;
  provinceCode: string;
  provinceName: string;
  sandbox: boolean;
  removalPolicy: RemovalPolicy;
  logRetention: logs.RetentionDays;
  table: dynamodb.ITable;
  documents?: s3.IBucket;
  certificates?: s3.IBucket;
  bus?: events.IEventBus;
  /** Built from the state machine's name, not referenced: the timeline invokes functions that start it. */
  timelineArn?: string;
  notifications?: sqs.IQueue;
  userPool?: cognito.IUserPool;
  /** The province's e-licence gateway, when it has one (config `elicenceUrl`). */
  elicenceUrl?: string;
  /** The city's certificate signing key (certificate-key.ts), for functions with `certificateKey` access. */
  certificateKey?: kms.IKey;
  /** Public base URL of the city's API (may be a token resolved at synthesis): where certificates are verified. */
  publicApiUrl?: string;
  /** Further variables of functions/shared/deployment-env.ts every function of the stack is told. */
  environment?: Partial<Record<EnvName, string>>;
}

/** What a function of a city stack may be given access to, and the names it is told about. */
export interface CityDeployment extends FunctionDeployment {
  cityCode: string;
  cityName: string;
  documents: s3.IBucket;
  certificates: s3.IBucket;
  bus: events.IEventBus;
  timelineArn: string;
  notifications: sqs.IQueue;
}

/**
 * Whose functions these are: the city, or the province for the province stack. Functions are named
 * `ism-<scope>-<name>`, and a replica marks the events it applied under it (REPLICA_SCOPE, apply-once.ts).
 */
export const deploymentScope = (d: FunctionDeployment): string => d.cityCode ?? d.provinceCode;

export interface IsmFunctionProps {
  /** Context or worker name (kebab-case): the function is `ism-<scope>-<name>` (deploymentScope). */
  name: string;
  /** Handler file relative to the repository root; exports `handler`. */
  entry: string;
  access: FunctionAccess;
  deployment: FunctionDeployment;
  description?: string;
  memoryMb?: number;
  /** @default 10 seconds: API Gateway gives up at 30 s and a user should not wait longer anyway */
  timeout?: Duration;
}

/**
 * THE function construct: every Lambda function of the product is one of these, so that none repeats
 * the defaults (Node.js 24 on ARM, ESM bundle built by local esbuild, source maps, X-Ray, a log group
 * with retention, Powertools settings, the deployment environment of functions/shared/deployment-env.ts)
 * and each gets exactly the access its FunctionAccess declares, through a role of its own.
 */
export class IsmFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: IsmFunctionProps) {
    super(scope, id);
    const d = props.deployment;
    const root = repoRoot();

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: d.logRetention, removalPolicy: d.removalPolicy });
    // A role of its own instead of AWSLambdaBasicExecutionRole: writes to its own log group only.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      functionName: `ism-${deploymentScope(d)}-${props.name}`,
      description: props.description,
      entry: join(root, props.entry),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      projectRoot: root,
      depsLockFilePath: join(root, 'package-lock.json'),
      environment: { ...this.environment(props), NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        charset: Charset.UTF8,
        tsconfig: join(root, 'tsconfig.json'),
        // The runtime ships the AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
        // Lets CommonJS dependencies bundled into the ES module still call require().
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
        // Functions that render certificates carry the Chinese font beside the handler (`fonts/`).
        ...(props.access.certificateKey === 'sign' ? { commandHooks: certificateFontHooks() } : {}),
      },
    });
    this.grant(props.access, d);
  }

  private environment(props: IsmFunctionProps): Record<string, string> {
    const d = props.deployment;
    const named: Partial<Record<EnvName, string | undefined>> = {
      [ENV.tableName]: d.table.tableName,
      [ENV.documentsBucket]: d.documents?.bucketName,
      [ENV.certificatesBucket]: d.certificates?.bucketName,
      [ENV.eventBusName]: d.bus?.eventBusName,
      [ENV.timelineStateMachineArn]: d.timelineArn,
      [ENV.notificationsQueueUrl]: d.notifications?.queueUrl,
      [ENV.cityCode]: d.cityCode,
      [ENV.cityName]: d.cityName,
      [ENV.provinceCode]: d.provinceCode,
      [ENV.provinceName]: d.provinceName,
      [ENV.replicaScope]: deploymentScope(d),
      [ENV.deploymentKind]: d.sandbox ? 'sandbox' : 'production',
      [ENV.userPoolId]: d.userPool?.userPoolId,
      [ENV.elicenceUrl]: d.elicenceUrl,
      ...d.environment,
    };
    const env: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: props.name,
      POWERTOOLS_METRICS_NAMESPACE: 'ism',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    for (const [name, value] of Object.entries(named)) if (value !== undefined) env[name] = value;
    if (props.access.certificateKey) {
      if (!d.certificateKey || !d.publicApiUrl) throw new Error(`${props.name}: certificateKey access needs the stack's certificate key and public API URL`);
      env[ENV.certificateKeyId] = d.certificateKey.keyArn;
      env[ENV.publicApiUrl] = d.publicApiUrl;
    }
    return env;
  }

  /** Least privilege from the declaration; each wildcard left is acknowledged for cdk-nag with its reason. */
  private grant(access: FunctionAccess, d: FunctionDeployment) {
    const wildcard = (finding: string, reason: string) => Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    const anyResource = ['xray:PutTraceSegments and xray:PutTelemetryRecords (tracing Active) support no resource-level permission.'];

    if (access.table) {
      if (access.table === 'write') d.table.grantReadWriteData(this.role);
      else d.table.grantReadData(this.role);
      const cfn = d.table.node.defaultChild as dynamodb.CfnTable;
      wildcard(`Resource::<${Stack.of(cfn).getLogicalId(cfn)}.Arn>/index/*`,
        'Queries use the global secondary indexes of the city table (<table>/index/*), which belong to that table only.');
    }
    for (const [kind, bucket] of [['documents', d.documents], ['certificates', d.certificates]] as const) {
      const level = access[kind];
      if (!level) continue;
      if (!bucket) throw new Error(`${this.node.id}: ${kind} access, but its stack has no ${kind} bucket`);
      const actions = ['s3:GetObject', 's3:GetObjectVersion'];
      // Certificates are write-once (Object Lock): no delete, even where the lock would refuse it anyway.
      // A refused upload is removed by version: the documents bucket is versioned, a plain delete would only hide it.
      if (level === 'write') actions.push('s3:PutObject', ...(kind === 'documents' ? ['s3:DeleteObject', 's3:DeleteObjectVersion'] : []));
      this.role.addToPolicy(new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects('*')] }));
      wildcard(DocumentBuckets.objectsFinding(bucket),
        `Objects of the city's ${kind} bucket (<bucket>/*): keys are made of tenant code and id at run time.`);
    }
    const needs = <T>(resource: T | undefined, what: string): T => {
      if (resource === undefined) throw new Error(`${this.node.id}: ${what} access, but its stack has none`);
      return resource;
    };
    if (access.publishEvents) needs(d.bus, 'publishEvents (an event bus)').grantPutEventsTo(this.role);
    if (access.startTimeline) {
      const timelineArn = needs(d.timelineArn, 'startTimeline (a timeline)');
      this.role.addToPolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [timelineArn] }));
    }
    if (access.timelineCallbacks) {
      // SendTask* take a task token, not an ARN: the Service Authorization Reference lists no resource
      // type for them, so a policy scoped to the state machine would never match (aws/aws-cdk#26401).
      this.role.addToPolicy(new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: ['*'],
      }));
      anyResource.push('states:SendTaskSuccess/Failure/Heartbeat support no resource-level permission; the task token is the capability.');
    }
    if (access.sendNotifications) needs(d.notifications, 'sendNotifications (a notifications queue)').grantSendMessages(this.role);
    if (access.certificateKey && d.certificateKey) {
      this.role.addToPolicy(new iam.PolicyStatement({ actions: CertificateKey.actions(access.certificateKey), resources: [d.certificateKey.keyArn] }));
    }
    if (access.manageUsers && d.userPool) {
      this.role.addToPolicy(new iam.PolicyStatement({
        actions: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser'],
        resources: [d.userPool.userPoolArn],
      }));
    }
    wildcard('Resource::*', anyResource.join(' '));
  }
}

/** Copies the certificate font files from their npm package into the bundle's `fonts/` (read at run time, not bundled). */
function certificateFontHooks(): ICommandHooks {
  const packageDir = dirname(dirname(createRequire(join(repoRoot(), 'package.json')).resolve(CERTIFICATE_FONT_PACKAGE)));
  const files = Object.values(CERTIFICATE_FONT_FILES).map((f) => `"${join(packageDir, 'fonts', f)}"`).join(' ');
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [`mkdir -p "${outputDir}/fonts"`, `cp ${files} "${outputDir}/fonts/"`],
  };
}
