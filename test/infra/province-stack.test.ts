// Strategy: build the app once from config/topology.json, synthesize it, and check the province side of
// the event topology and the shape of the app: one ProvinceStack and one CityStack per configured
// province/city, buses addressed by name (no cross-stack reference anywhere, or the province ⇄ city
// references would be a cycle), one fan-out rule per city that excludes that city's own source.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../lib/app.ts';
import { loadTopology } from '../../lib/config.ts';
import { citySource, FANNED_OUT_TO_CITIES, PROVINCE_READ_MODEL } from '../../lib/constructs/event-types.ts';

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
