// Strategy: the app's contexts do not (yet) use every kind of FunctionAccess, so this file builds one
// bare stack with the city's resources and two IsmFunctions over the same small handler (one esbuild
// bundle): `everything` declares every access, `nothing` declares none. It checks the least-privilege
// grants statement by statement, and runs cdk-nag on the stack: every wildcard a grant leaves is
// acknowledged precisely, and nothing else is reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataTable } from '../../lib/constructs/data-table.ts';
import { DocumentBuckets } from '../../lib/constructs/document-buckets.ts';
import { Identity } from '../../lib/constructs/identity.ts';
import { type CityDeployment, IsmFunction } from '../../lib/constructs/ism-function.ts';
import { Timeline } from '../../lib/constructs/timeline.ts';
import { WorkQueue } from '../../lib/constructs/work-queue.ts';

const outdir = mkdtempSync(join(tmpdir(), 'ism-infra-fn-'));
let stack: Stack;
let template: Template;
const everything = { table: 'write', documents: 'write', certificates: 'write', publishEvents: true, startTimeline: true, timelineCallbacks: true, sendNotifications: true, manageUsers: true } as const;

beforeAll(() => {
  stack = new Stack(new App({ outdir }), 'Functions');
  const retained = { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false };
  const identity = new Identity(stack, 'Identity', { config: { kind: 'cognito' }, cityCode: '445200', ...retained });
  const buckets = new DocumentBuckets(stack, 'Buckets', { removalPolicy: RemovalPolicy.DESTROY, certificateRetention: { days: 1 }, corsOrigins: ['*'], accessLogDays: 30 });
  const deployment: CityDeployment = {
    cityCode: '445200', cityName: '揭阳市', provinceCode: '440000', provinceName: '广东省', sandbox: true,
    removalPolicy: RemovalPolicy.DESTROY, logRetention: RetentionDays.ONE_WEEK,
    table: new DataTable(stack, 'Data', retained).table,
    documents: buckets.documents,
    certificates: buckets.certificates,
    bus: new events.EventBus(stack, 'Bus', { eventBusName: 'ism-city-445200' }),
    timelineArn: Timeline.arnFor(stack, '445200'),
    notifications: new WorkQueue(stack, 'Notifications').queue,
    userPool: identity.userPool,
  };
  new IsmFunction(stack, 'everything', { name: 'everything', entry: 'functions/platform/handler.ts', access: everything, deployment });
  new IsmFunction(stack, 'nothing', { name: 'nothing', entry: 'functions/platform/handler.ts', access: {}, deployment });
  template = Template.fromStack(stack);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
function statements(fn: string): Statement[] {
  const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith(`${fn}Role`));
  return policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actions = (fn: string) => statements(fn).flatMap((s) => [s.Action].flat()).sort();

test('a function that declares nothing may write its own logs and traces, nothing else', () => {
  expect(actions('nothing')).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort());
});

test('every declared access becomes its grant, scoped to the city\'s own resources', () => {
  const granted = actions('everything');
  for (const action of [
    'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:GetItem',
    's3:GetObject', 's3:PutObject', 's3:DeleteObject',
    'events:PutEvents', 'states:StartExecution',
    'states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat',
    'sqs:SendMessage', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser',
  ]) expect(granted).toContain(action);
  expect(granted.filter((a) => a.includes('*'))).toEqual([]);
});

test('certificates are never deletable; SendTask* are the only grant on every resource besides X-Ray', () => {
  const certificates = statements('everything').filter((s) => JSON.stringify(s.Resource).includes('BucketsCertificates'));
  expect(certificates.flatMap((s) => [s.Action].flat()).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject']);
  const onAnything = statements('everything').filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat()).sort();
  expect(onAnything).toEqual(['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
});

test('the Cognito pool id reaches the function environment', () => {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((f) => f.Properties.FunctionName === 'ism-445200-everything')!;
  expect(fn.Properties.Environment.Variables.USER_POOL_ID).toEqual({ Ref: expect.stringMatching(/^IdentityUsers/) });
});

test('cdk-nag AwsSolutions: the wildcards left are acknowledged finding by finding, nothing else is reported', () => {
  expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
});
