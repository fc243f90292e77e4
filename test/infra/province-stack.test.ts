// Strategy: build the app once from config/topology.json, synthesize it, and check the province side of
// the event topology and the shape of the app: one ProvinceStack and one CityStack per configured
// province/city, buses addressed by name (no cross-stack reference anywhere, or the province ⇄ city
// references would be a cycle), one fan-out rule per city that excludes that city's own source; then the
// province's own functions: named and told as the province (no city), a read-model worker on the read-model
// queue, and a public read-only API. cdk-nag runs over every stack of the app in cdk-nag.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../lib/app.ts';
import { loadTopology } from '../../lib/config.ts';
import { citySource, FANNED_OUT_TO_CITIES, PROVINCE_READ_MODEL } from '../../lib/constructs/event-types.ts';
import { provinceApiContexts, provinceWorkers } from '../../functions/province/contexts.ts';

// CDK's built-in CloudFormation schema validation (5 s a synthesis) runs in cdk-nag.test.ts and production.test.ts.
process.env.CDK_VALIDATION = 'false';
const outdir = mkdtempSync(join(tmpdir(), 'ism-infra-province-'));
const topology = loadTopology();
const province = topology.provinces[0];
let app: App;
let assembly: CloudAssembly;
let template: Template;

beforeAll(() => {
  app = buildApp({ outdir });
  assembly = app.synth();
  template = Template.fromStack(app.node.findChild(`Ism-Province-${province.code}`) as Stack);
}, 180_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Resource = { Properties: Record<string, any>; DeletionPolicy?: string };
const rules = () => Object.values(template.findResources('AWS::Events::Rule') as Record<string, Resource>);

test('one ProvinceStack per province and one CityStack per city, each city deployed after its province', () => {
  const expected = topology.provinces.flatMap((p) => [`Ism-Province-${p.code}`, ...p.cities.map((c) => `Ism-City-${c.code}`)]);
  expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(expected.sort());
  for (const c of province.cities) {
    const stack = assembly.getStackByName(`Ism-City-${c.code}`);
    expect(stack.dependencies.map((d) => d.id)).toContain(`Ism-Province-${province.code}`);
  }
});

test('no stack imports from another: buses are addressed by ARNs built from their names', () => {
  for (const stack of assembly.stacks) {
    expect(JSON.stringify(stack.template)).not.toContain('Fn::ImportValue');
    expect(Object.keys(stack.template.Outputs ?? {}).some((k) => k.startsWith('ExportsOutput'))).toBe(false);
  }
});

test('stacks are environment-agnostic unless the topology pins an account or region', () => {
  for (const stack of assembly.stacks) expect(stack.environment).toMatchObject({ account: 'unknown-account', region: 'unknown-region' });
});

test('the province bus is ism-province-<code>', () => {
  template.hasResourceProperties('AWS::Events::EventBus', { Name: `ism-province-${province.code}` });
});

test('one fan-out rule per city, excluding the events that came from that city, to that city\'s bus', () => {
  const fanOut = rules().filter((r) => r.Properties.Name.startsWith(`ism-${province.code}-to-city-`));
  expect(fanOut).toHaveLength(province.cities.length);
  for (const c of province.cities) {
    const rule = fanOut.find((r) => r.Properties.Name === `ism-${province.code}-to-city-${c.code}`)!;
    expect(rule.Properties.EventPattern).toEqual({ source: [{ 'anything-but': citySource(c.code) }], 'detail-type': [...FANNED_OUT_TO_CITIES] });
    const [target] = rule.Properties.Targets;
    expect(target.Arn['Fn::Join'][1].at(-1)).toBe(`:event-bus/ism-city-${c.code}`);
    expect(target.RoleArn).toBeDefined();
  }
});

test('award, agency and credit events go to the read-model queue', () => {
  const [readModel] = rules().filter((r) => r.Properties.Name === `ism-${province.code}-read-model`);
  expect(readModel.Properties.EventPattern).toEqual({ 'detail-type': [...PROVINCE_READ_MODEL] });
  expect(readModel.Properties.Targets[0].Arn['Fn::GetAtt'][0]).toMatch(/^ReadModelQueue/);
});

test('every rule target has an explicit retry policy and a dead-letter queue', () => {
  for (const rule of rules()) {
    for (const target of rule.Properties.Targets) {
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) });
      expect(target.DeadLetterConfig).toEqual({ Arn: expect.anything() });
    }
  }
});

test('every queue that is not a dead-letter queue has a redrive policy', () => {
  const queues = Object.entries(template.findResources('AWS::SQS::Queue') as Record<string, Resource>);
  const dlqs = new Set(queues.flatMap(([, q]) => (q.Properties.RedrivePolicy ? [q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]] : [])));
  for (const [id, q] of queues) {
    expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    if (!dlqs.has(id)) expect(q.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: expect.anything(), maxReceiveCount: 5 });
  }
});

test('the read-model table is encrypted and point-in-time recoverable; tagged with its province', () => {
  template.hasResourceProperties('AWS::DynamoDB::Table', {
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    SSESpecification: { SSEEnabled: true },
    DeletionProtectionEnabled: false,
    Tags: Match.arrayWith([{ Key: 'ism:province', Value: province.code }]),
  });
});

// The province's functions (functions/province/contexts.ts): the read-model worker and the public API.
type Fn = { Properties: { FunctionName: string; Environment: { Variables: Record<string, unknown> }; Role: { 'Fn::GetAtt': [string, string] } } };
const functions = () => Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Fn>);
const fnNamed = (name: string) => functions().find(([, f]) => f.Properties.FunctionName === name)!;

test('the province\'s functions are ism-<province>-<name>, told the province, its table and cities — and no city', () => {
  const names = functions().map(([, f]) => f.Properties.FunctionName).sort();
  expect(names).toEqual([...provinceApiContexts.map((c) => c.name), ...provinceWorkers.map((w) => w.name)].map((n) => `ism-${province.code}-${n}`).sort());
  for (const [, f] of functions()) {
    const env = f.Properties.Environment.Variables;
    expect(env).toMatchObject({ PROVINCE_CODE: province.code, PROVINCE_NAME: province.name, REPLICA_SCOPE: province.code });
    expect(JSON.parse(env.PROVINCE_CITIES as string)).toEqual(province.cities.map((c) => ({ code: c.code, name: c.name })));
    expect((env.TABLE_NAME as { Ref: string }).Ref).toMatch(/^ReadModelsTable/);
    for (const absent of ['CITY_CODE', 'CITY_NAME', 'EVENT_BUS_NAME', 'DOCUMENTS_BUCKET', 'CERTIFICATES_BUCKET', 'TIMELINE_STATE_MACHINE_ARN', 'NOTIFICATIONS_QUEUE_URL']) {
      expect(env).not.toHaveProperty(absent);
    }
  }
});

test('the read-model worker consumes the read-model queue, reporting partial batch failures', () => {
  const [id] = fnNamed(`ism-${province.code}-read-model`);
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    FunctionName: { Ref: id }, EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReadModelQueue'), 'Arn'] }, FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  expect(Object.keys(template.findResources('AWS::Lambda::EventSourceMapping'))).toHaveLength(1);
});

test('the API is public and read-only: GET routes only, no authorizer, one per route of the province contexts', () => {
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, { Properties: { RouteKey: string; AuthorizationType: string } }>);
  expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(provinceApiContexts.flatMap((c) => c.routes.map((r) => `${r.method} ${r.path}`)).sort());
  for (const r of routes) expect(r.Properties).toMatchObject({ RouteKey: expect.stringMatching(/^GET /), AuthorizationType: 'NONE' });
  template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
});

test('API functions may only read the table; the worker writes it; nobody publishes events', () => {
  const policies = Object.entries(template.findResources('AWS::IAM::Policy') as Record<string, { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] }; Roles: { Ref: string }[] } }>);
  const actionsOf = (fnName: string) => {
    const role = fnNamed(fnName)[1].Properties.Role['Fn::GetAtt'][0];
    return policies.filter(([, p]) => p.Properties.Roles.some((r) => r.Ref === role)).flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
  };
  for (const c of provinceApiContexts) {
    const actions = actionsOf(`ism-${province.code}-${c.name}`);
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('events:'))).toEqual([]);
  }
  expect(actionsOf(`ism-${province.code}-read-model`)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
});
