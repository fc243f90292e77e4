// Strategy: build the app once the way the local cloud does (lib/local-cloud/cloud.ts), with the context
// `ism:localIssuer` set and `ism:localAudience` left to its default, and check that every city's JWT
// authorizer then trusts that external issuer instead of Cognito: the local cloud runs exactly what was
// synthesized, with its own issuer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LOCAL_AUDIENCE, LOCAL_ISSUER_PATH } from '../../lib/local-cloud/model.ts';
import { buildApp } from '../../lib/app.ts';
import { loadTopology } from '../../lib/config.ts';

// CDK's built-in CloudFormation schema validation (5 s a synthesis) runs in cdk-nag.test.ts and production.test.ts.
process.env.CDK_VALIDATION = 'false';
const outdir = mkdtempSync(join(tmpdir(), 'ism-infra-local-'));
const issuer = `http://localhost:4566${LOCAL_ISSUER_PATH}`;
const cityCodes = loadTopology().provinces.flatMap((p) => p.cities.map((c) => c.code));
let app: App;

beforeAll(() => {
  app = buildApp({ outdir, context: { 'ism:localIssuer': issuer, 'ism:elicenceUrl': 'http://localhost:4566/_local/elicence' } });
  app.synth();
}, 180_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe.each(cityCodes)('city %s with ism:localIssuer', (code) => {
  const template = () => Template.fromStack(app.node.findChild(`Ism-City-${code}`) as Stack);

  test('the JWT authorizer trusts the local issuer with the local audience', () => {
    template().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: issuer, Audience: [LOCAL_AUDIENCE] },
    });
  });

  test('every function is told the e-licence gateway the local cloud gives it', () => {
    const functions = Object.values(Template.fromStack(app.node.findChild('Ism-City-445200') as Stack).findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(0);
    for (const f of functions) expect(f.Properties.Environment.Variables.ELICENCE_URL).toBe('http://localhost:4566/_local/elicence');
  });

  test('no Cognito user pool is made and no function is told of one', () => {
    template().resourceCountIs('AWS::Cognito::UserPool', 0);
    for (const fn of Object.values(template().findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables.USER_POOL_ID).toBeUndefined();
    }
  });

  test('the stack outputs the issuer and audience the functions and scripts can read', () => {
    template().hasOutput('JwtIssuer', { Value: issuer });
    template().hasOutput('JwtAudience', { Value: LOCAL_AUDIENCE });
  });
});
