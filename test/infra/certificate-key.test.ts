// Strategy: the certificate signing key and the `certificateKey` access, in the real city stack (the key, its
// alias, the certificates API's grant and environment) and in a bare stack with two IsmFunctions (`public`,
// `sign`) so that the signing grant and the font bundled beside the handler are checked even before any
// context of the app signs. cdk-nag runs on the bare stack too: the grants must need no acknowledgment.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CERTIFICATE_FONT_FILES } from '../../functions/certificates/adapters/certificate-fonts.ts';
import { buildApp } from '../../lib/app.ts';
import { CertificateKey } from '../../lib/constructs/certificate-key.ts';
import { DataTable } from '../../lib/constructs/data-table.ts';
import { DocumentBuckets } from '../../lib/constructs/document-buckets.ts';
import { type CityDeployment, IsmFunction } from '../../lib/constructs/ism-function.ts';
import { Timeline } from '../../lib/constructs/timeline.ts';
import { WorkQueue } from '../../lib/constructs/work-queue.ts';

const dirs: string[] = [];
const outdir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ism-infra-cert-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Statement = { Action: string | string[]; Resource: unknown };
const actionsOf = (template: Template, rolePrefix: string) => Object.entries(template.findResources('AWS::IAM::Policy'))
  .filter(([id]) => id.startsWith(rolePrefix))
  .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);

describe('the city stack', () => {
  let template: Template;
  beforeAll(() => {
    const app = buildApp({ outdir: outdir() });
    template = Template.fromStack(app.node.findChild('Ism-City-445200') as Stack);
  }, 180_000);

  it('has an asymmetric P-256 signing key with an alias', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PendingWindowInDays: 30 });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/ism-445200-certificates' });
  });

  it('lets the certificates API read the public key, not sign, and tells it the key and its own URL', () => {
    const fn = Object.entries(template.findResources('AWS::Lambda::Function')).find(([, r]) => r.Properties.FunctionName === 'ism-445200-certificates');
    expect(fn).toBeDefined();
    const env = fn![1].Properties.Environment.Variables;
    expect(env.CERTIFICATE_KEY_ID).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CertificateKey/), 'Arn'] });
    expect(env.PUBLIC_API_URL).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'] });
    const kms = actionsOf(template, fn![0].replace(/Function[0-9A-F]{8}$/, 'Role')).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));
    expect(kms).toEqual([expect.objectContaining({ Action: 'kms:GetPublicKey', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CertificateKey/), 'Arn'] } })]);
  });

  it('serves the certificate routes without an authorizer, jwks.json outside /v1 included', () => {
    for (const key of ['GET /v1/certificates/{no}', 'GET /v1/certificates/{no}/verification', 'GET /.well-known/jwks.json']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key, AuthorizationType: 'NONE' });
    }
  });
});

describe('certificateKey access on a bare stack', () => {
  let stack: Stack;
  let template: Template;
  let assembly: string;
  beforeAll(() => {
    const app = new App({ outdir: outdir(), context: { 'aws:cdk:enable-asset-metadata': true } });
    stack = new Stack(app, 'Certificates');
    const buckets = new DocumentBuckets(stack, 'Buckets', { removalPolicy: RemovalPolicy.DESTROY, certificateRetention: { days: 1 }, corsOrigins: ['*'], accessLogDays: 30 });
    const key = new CertificateKey(stack, 'CertificateKey', { cityCode: '445200', removalPolicy: RemovalPolicy.DESTROY });
    const deployment: CityDeployment = {
      cityCode: '445200', cityName: '揭阳市', provinceCode: '440000', provinceName: '广东省', sandbox: true,
      removalPolicy: RemovalPolicy.DESTROY, logRetention: RetentionDays.ONE_WEEK,
      table: new DataTable(stack, 'Data', { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }).table,
      documents: buckets.documents, certificates: buckets.certificates,
      bus: new events.EventBus(stack, 'Bus', { eventBusName: 'ism-city-445200' }),
      timelineArn: Timeline.arnFor(stack, '445200'),
      notifications: new WorkQueue(stack, 'Notifications').queue,
      certificateKey: key.key, publicApiUrl: 'https://api.example.cn',
    };
    new IsmFunction(stack, 'signer', { name: 'signer', entry: 'functions/certificates/handler.ts', access: { certificateKey: 'sign' }, deployment });
    new IsmFunction(stack, 'reader', { name: 'reader', entry: 'functions/certificates/handler.ts', access: { certificateKey: 'public' }, deployment });
    assembly = app.synth().directory;
    template = Template.fromStack(stack);
  }, 180_000);

  it('grants kms:Sign only with `sign`, on the key only', () => {
    const kms = (fn: string) => actionsOf(template, `${fn}Role`).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));
    expect(kms('signer')).toEqual([expect.objectContaining({ Action: ['kms:GetPublicKey', 'kms:Sign'] })]);
    expect(kms('reader')).toEqual([expect.objectContaining({ Action: 'kms:GetPublicKey' })]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'ism-445200-signer',
      Environment: { Variables: Match.objectLike({ CERTIFICATE_KEY_ID: Match.anyValue(), PUBLIC_API_URL: 'https://api.example.cn' }) },
    });
  });

  it('bundles the certificate font beside the handler of a signing function only', () => {
    const assetOf = (name: string) => {
      const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((r) => r.Properties.FunctionName === `ism-445200-${name}`)!;
      return join(assembly, fn.Metadata['aws:asset:path']);
    };
    for (const file of Object.values(CERTIFICATE_FONT_FILES)) {
      expect(statSync(join(assetOf('signer'), 'fonts', file)).size).toBeGreaterThan(5_000_000);
      expect(existsSync(join(assetOf('reader'), 'fonts', file))).toBe(false);
    }
  });

  it('leaves cdk-nag nothing to report: the key and its grants need no acknowledgment', () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(',')}`)).toEqual([]);
  });
});
