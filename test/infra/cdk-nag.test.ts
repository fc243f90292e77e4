// Strategy: build and synthesize the app of config/topology.json once. cdk-nag 3 is a CDK policy
// validation plugin (Validations.of(app).addPlugins), not an Aspect: its findings are not annotations but
// violations that fail the synthesis and land in the assembly's validation-report.json. So the checks are:
// the synthesis succeeded with the AwsSolutions pack registered, the report holds no AwsSolutions finding,
// running the pack on each stack finds no error and no warning, and every acknowledgment is narrow
// (one finding of one resource, with a reason) and still needed (it silences a finding that exists).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../lib/app.ts';

const outdir = mkdtempSync(join(tmpdir(), 'ism-infra-nag-'));
let app: App;
let assembly: CloudAssembly;
let stacks: Stack[];

beforeAll(() => {
  app = buildApp({ outdir });
  assembly = app.synth(); // throws ValidationFailed if the pack reports anything not acknowledged
  stacks = app.node.children.filter((c): c is Stack => c instanceof Stack);
}, 180_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

interface Acknowledgment { path: string; id: string; reason: string }
function acknowledgments(scope: IConstruct): Acknowledgment[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))));
}

test('the synthesis ran the AwsSolutions pack and its report has no finding', () => {
  expect(stacks.length).toBeGreaterThanOrEqual(2);
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; violations: unknown[] }[] };
  const nag = report.pluginReports.filter((r) => /AwsSolutions/.test(r.pluginName));
  for (const r of nag) expect(r.violations).toEqual([]);
});

test('AwsSolutions: no unacknowledged error and no unacknowledged warning in any stack', () => {
  for (const stack of stacks) {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    const errors = violations.filter((v) => v.severity === 'error').map((v) => v.ruleName);
    const warnings = violations.filter((v) => v.severity === 'warning').map((v) => v.ruleName);
    expect({ stack: stack.stackName, errors, warnings }).toEqual({ stack: stack.stackName, errors: [], warnings: [] });
    // The v2 way of asserting, kept as a guard should findings ever be reported as annotations again.
    expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  }
});

test('acknowledgments are narrow: per resource, per finding (IAM5), never stack-wide, always with a reason', () => {
  const all = stacks.flatMap(acknowledgments).filter((a) => a.id.startsWith('AwsSolutions-'));
  expect(all.length).toBeGreaterThan(0);
  for (const a of all) {
    expect(stacks.map((s) => s.node.path)).not.toContain(a.path);
    if (a.id.startsWith('AwsSolutions-IAM')) expect(a.id).toMatch(/^AwsSolutions-IAM[45]\[(Resource|Action|Policy)::.+\]$/);
    expect(a.reason.length).toBeGreaterThan(40);
  }
});

test('every acknowledgment silences a finding that exists (none is stale)', () => {
  for (const stack of stacks) {
    // A pack that ignores acknowledgments: what would be reported without them.
    const pack = new AwsSolutionsChecks();
    expect(typeof (pack as unknown as { isAcknowledged: unknown }).isAcknowledged).toBe('function');
    Object.assign(pack, { isAcknowledged: () => false });
    const raw = pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
    for (const a of acknowledgments(stack).filter((x) => x.id.startsWith('AwsSolutions-'))) {
      expect(raw.some((f) => f.startsWith(`${a.id} ${a.path}/`) || f === `${a.id} ${a.path}`)).toBe(true);
    }
  }
});
