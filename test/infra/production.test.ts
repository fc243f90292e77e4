// Strategy: write a production topology to a temp file (two provinces: one with Cognito, env-agnostic;
// one with its unified identity platform 统一身份认证 as OIDC issuer, pinned to an account and a China
// region), build the app from it once through `topologyPath`, and assert what production changes:
// data is retained and deletion-protected, certificates are locked for 15 years, logs kept a year, and the
// JWT authorizer trusts the configured issuer. cdk-nag must stay clean here too (a finding fails synth).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../lib/app.ts';

const dir = mkdtempSync(join(tmpdir(), 'ism-infra-production-'));
const topologyPath = join(dir, 'topology.json');
const issuer = 'https://sso.gxzf.example.gov.cn/oidc';
writeFileSync(topologyPath, JSON.stringify({
  provinces: [
    { code: '440000', name: '广东省', sandbox: false, identity: { kind: 'cognito' }, cities: [{ code: '445200', name: '揭阳市' }] },
    {
      code: '450000', name: '广西壮族自治区', sandbox: false, account: '123456789012', region: 'cn-northwest-1',
      identity: { kind: 'oidc', issuer, audience: ['ism-portal'] },
      portalOrigins: ['https://zjcs.gxzf.example.gov.cn'],
      cities: [{ code: '450100', name: '南宁市' }],
    },
  ],
}));

let app: App;
const stacks = new Map<string, Stack>();
const templates = new Map<string, Template>();
const template = (id: string) => templates.get(id)!;

beforeAll(() => {
  app = buildApp({ outdir: join(dir, 'cdk.out'), topologyPath });
  app.synth();
  for (const id of ['Ism-Province-440000', 'Ism-City-445200', 'Ism-Province-450000', 'Ism-City-450100']) {
    stacks.set(id, app.node.findChild(id) as Stack);
    templates.set(id, Template.fromStack(stacks.get(id)!));
  }
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['445200', '450100'])('production city %s', (code) => {
  const city = () => template(`Ism-City-${code}`);

  test('the table is retained and deletion-protected', () => {
    city().hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    });
  });

  test('certificates are locked in COMPLIANCE mode for 15 years; buckets are retained', () => {
    city().hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 15 } } },
    });
    for (const bucket of Object.values(city().findResources('AWS::S3::Bucket'))) expect(bucket.DeletionPolicy).toBe('Retain');
  });

  test('logs are kept a year and the functions know they run in production', () => {
    for (const group of Object.values(city().findResources('AWS::Logs::LogGroup'))) expect(group.Properties.RetentionInDays).toBe(365);
    for (const fn of Object.values(city().findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables.DEPLOYMENT_KIND).toBe('production');
    }
  });
});

test('the province read-model table is retained and deletion-protected', () => {
  template('Ism-Province-440000').hasResource('AWS::DynamoDB::Table', {
    DeletionPolicy: 'Retain',
    Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
  });
});

test('a Cognito province gets a deletion-protected user pool', () => {
  template('Ism-City-445200').hasResource('AWS::Cognito::UserPool', {
    DeletionPolicy: 'Retain',
    Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
  });
});

test('a province with its own identity platform: the JWT authorizer trusts that issuer, and no user pool is made', () => {
  const city = template('Ism-City-450100');
  city.resourceCountIs('AWS::Cognito::UserPool', 0);
  city.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { JwtConfiguration: { Issuer: issuer, Audience: ['ism-portal'] } });
  for (const fn of Object.values(city.findResources('AWS::Lambda::Function'))) {
    expect(fn.Properties.Environment.Variables.USER_POOL_ID).toBeUndefined();
  }
  city.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://zjcs.gxzf.example.gov.cn'] }) });
});

test('a province pinned to an account and region deploys its stacks there', () => {
  expect(stacks.get('Ism-City-450100')!.region).toBe('cn-northwest-1');
  expect(stacks.get('Ism-Province-450000')!.account).toBe('123456789012');
});

test('cdk-nag AwsSolutions: no error and no warning left in any stack', () => {
  for (const [id, stack] of stacks) {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect({ id, violations }).toEqual({ id, violations: [] });
  }
});
