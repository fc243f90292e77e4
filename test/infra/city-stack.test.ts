// Strategy: build the whole app once from the repository's own config/topology.json (a sandbox province
// with Cognito), synthesize it (local esbuild bundling, no Docker) and assert on the templates of the city
// stacks with CDK assertions. Routes, workers and event types are read from their single sources
// (functions/contexts.ts, lib/constructs/event-types.ts), so these tests follow them as they grow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { apiContexts, workers } from '../../functions/contexts.ts';
import { ENV } from '../../functions/shared/deployment-env.ts';
import { buildApp } from '../../lib/app.ts';
import { loadTopology } from '../../lib/config.ts';
import { citySource, FORWARDED_TO_PROVINCE, REPLICATED_BY_CITIES } from '../../lib/constructs/event-types.ts';

// CDK's built-in CloudFormation schema validation (5 s a synthesis) runs in cdk-nag.test.ts and production.test.ts.
process.env.CDK_VALIDATION = 'false';
const outdir = mkdtempSync(join(tmpdir(), 'ism-infra-city-'));
const topology = loadTopology();
const province = topology.provinces[0];
const cityCodes = province.cities.map((c) => c.code);
let app: App;
const templates = new Map<string, Template>();
const city = (code: string) => templates.get(code)!;

beforeAll(() => {
  app = buildApp({ outdir });
  app.synth();
  for (const code of cityCodes) templates.set(code, Template.fromStack(app.node.findChild(`Ism-City-${code}`) as Stack));
}, 180_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Resource = { Properties: Record<string, any>; DeletionPolicy?: string };
const resources = (t: Template, type: string) => Object.entries(t.findResources(type) as Record<string, Resource>);

/** A Fn::Join of strings and intrinsics, with each intrinsic replaced by a placeholder. */
const flatten = (value: unknown): string =>
  typeof value === 'string' ? value : (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');

describe.each(cityCodes)('city %s', (code) => {
  test('the table is on-demand, encrypted, point-in-time recoverable, and not deletion-protected in a sandbox', () => {
    city(code).resourceCountIs('AWS::DynamoDB::Table', 1);
    city(code).hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: false,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }] }),
          Match.objectLike({ IndexName: 'gsi2', KeySchema: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }, { AttributeName: 'gsi2sk', KeyType: 'RANGE' }] }),
        ],
      }),
    });
  });

  test('the certificates bucket is write-once: Object Lock in COMPLIANCE mode (sandbox default: 1 day)', () => {
    city(code).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  test('every bucket blocks public access and is encrypted; documents and certificates log their access', () => {
    const buckets = resources(city(code), 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(3);
    for (const [, b] of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(b.Properties.AccessControl).toBeUndefined();
    }
    expect(buckets.filter(([, b]) => b.Properties.LoggingConfiguration)).toHaveLength(2);
    city(code).hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: Match.arrayWith(['POST', 'GET']) })] },
    });
  });

  test('every queue is encrypted; every queue that is not a dead-letter queue has a redrive policy', () => {
    const queues = resources(city(code), 'AWS::SQS::Queue');
    const deadLetterIds = new Set([
      ...queues.flatMap(([, q]) => (q.Properties.RedrivePolicy ? [q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]] : [])),
      ...resources(city(code), 'AWS::Events::Rule').flatMap(([, r]) => r.Properties.Targets.map((t: any) => t.DeadLetterConfig?.Arn['Fn::GetAtt']?.[0])),
    ]);
    for (const [id, q] of queues) {
      expect(q.Properties.SqsManagedSseEnabled).toBe(true);
      if (queues.some(([, other]) => other.Properties.RedrivePolicy?.deadLetterTargetArn['Fn::GetAtt'][0] === id)) {
        expect(q.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
        continue;
      }
      expect({ id, redrive: q.Properties.RedrivePolicy }).toEqual({ id, redrive: { deadLetterTargetArn: expect.anything(), maxReceiveCount: 5 } });
    }
    // Targets dead-letter into a queue that is itself a work queue or a work queue's DLQ.
    for (const id of deadLetterIds) expect(queues.map(([qid]) => qid)).toContain(id);
  });

  test('every queue refuses requests without TLS', () => {
    const queues = resources(city(code), 'AWS::SQS::Queue').map(([id]) => id);
    const guarded = resources(city(code), 'AWS::SQS::QueuePolicy')
      .filter(([, p]) => p.Properties.PolicyDocument.Statement.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'))
      .flatMap(([, p]) => p.Properties.Queues.map((q: any) => q.Ref));
    expect(new Set(guarded)).toEqual(new Set(queues));
  });

  test('every rule target has an explicit retry policy and a dead-letter queue', () => {
    const rules = resources(city(code), 'AWS::Events::Rule');
    expect(rules.length).toBeGreaterThanOrEqual(2);
    for (const [id, rule] of rules) {
      for (const target of rule.Properties.Targets) {
        expect({ id, retry: target.RetryPolicy, dlq: target.DeadLetterConfig }).toEqual({
          id,
          retry: { MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) },
          dlq: { Arn: expect.anything() },
        });
      }
    }
  });

  test('the city bus is ism-city-<code>; the forward rule matches only events that originated here', () => {
    city(code).hasResourceProperties('AWS::Events::EventBus', { Name: `ism-city-${code}` });
    const forward = resources(city(code), 'AWS::Events::Rule').find(([, r]) => r.Properties.Name === `ism-${code}-to-province`)![1];
    expect(forward.Properties.EventPattern).toEqual({ source: [citySource(code)], 'detail-type': [...FORWARDED_TO_PROVINCE] });
    expect(flatten(forward.Properties.Targets[0].Arn)).toBe(`arn:TOKEN:events:TOKEN:TOKEN:event-bus/ism-province-${province.code}`);
    expect(forward.Properties.Targets[0].RoleArn).toBeDefined();
  });

  test('the inbox rule sends the replicated types from any source to the inbox queue', () => {
    const inbox = resources(city(code), 'AWS::Events::Rule').find(([, r]) => r.Properties.Name === `ism-${code}-inbox`)![1];
    expect(inbox.Properties.EventPattern).toEqual({ 'detail-type': [...REPLICATED_BY_CITIES] });
    expect(inbox.Properties.Targets[0].Arn['Fn::GetAtt'][0]).toMatch(/^InboxQueue/);
  });

  test('the HTTP API has exactly one route per RouteSpec of functions/contexts.ts, with its authorization', () => {
    const specs = apiContexts.flatMap((c) => c.routes);
    const routes = resources(city(code), 'AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(specs.map((s) => `${s.method} ${s.path}`).sort());
    const [[authorizerId]] = resources(city(code), 'AWS::ApiGatewayV2::Authorizer');
    for (const spec of specs) {
      const [, route] = routes.find(([, r]) => r.Properties.RouteKey === `${spec.method} ${spec.path}`)!;
      if (spec.auth === 'jwt') expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      else expect(route.Properties).toMatchObject({ AuthorizationType: 'NONE' });
    }
  });

  test('the stage logs access as JSON and throttles; the JWT authorizer trusts the city\'s Cognito user pool', () => {
    city(code).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
    const [[, authorizer]] = resources(city(code), 'AWS::ApiGatewayV2::Authorizer');
    const [[poolId]] = resources(city(code), 'AWS::Cognito::UserPool');
    const [[clientId]] = resources(city(code), 'AWS::Cognito::UserPoolClient');
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.JwtConfiguration.Issuer['Fn::Join'][1]).toEqual(['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: poolId }]);
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
  });

  test('the user pool gives the claims of claims.ts, refuses self sign-up and requires strong passwords', () => {
    city(code).hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
      Schema: Match.arrayWith(['role', 'tenant', 'agency', 'industry'].map((n) => Match.objectLike({ Name: n, AttributeDataType: 'String' }))),
    });
    const [[, client]] = resources(city(code), 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.WriteAttributes.some((a: string) => a.startsWith('custom:'))).toBe(false);
  });

  test('every function runs Node.js 24 on ARM with active tracing, a log group with retention and the deployment env', () => {
    const functions = resources(city(code), 'AWS::Lambda::Function');
    expect(functions.map(([, f]) => f.Properties.FunctionName).sort())
      .toEqual([...apiContexts, ...workers].map((c) => `ism-${code}-${c.name}`).sort());
    const logGroups = Object.fromEntries(resources(city(code), 'AWS::Logs::LogGroup'));
    for (const [, f] of functions) {
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler', TracingConfig: { Mode: 'Active' } });
      expect(logGroups[f.Properties.LoggingConfig.LogGroup.Ref].Properties.RetentionInDays).toBe(7);
      const env = f.Properties.Environment.Variables;
      // ELICENCE_URL only where the province has an e-licence gateway (test/infra/local-issuer.test.ts sets one);
      // the certificate key and the public API URL only with `certificateKey` access (test/infra/certificate-key.test.ts).
      const conditional: string[] = [ENV.elicenceUrl, ENV.regulatorFeedUrl, ENV.certificateKeyId, ENV.publicApiUrl, ENV.provinceCities];
      for (const name of Object.values(ENV).filter((n) => !conditional.includes(n))) expect(env).toHaveProperty(name);
      expect(env).not.toHaveProperty(ENV.elicenceUrl);
      expect(env).not.toHaveProperty(ENV.regulatorFeedUrl); // set only with the context ism:regulatorFeedUrl (the local cloud's fake feed)
      expect(env).toMatchObject({ CITY_CODE: code, REPLICA_SCOPE: code, PROVINCE_CODE: province.code, DEPLOYMENT_KIND: 'sandbox', NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_METRICS_NAMESPACE: 'ism' });
      expect(flatten(env.TIMELINE_STATE_MACHINE_ARN)).toBe(`arn:TOKEN:states:TOKEN:TOKEN:stateMachine:ism-${code}-timeline`);
    }
  });

  test('no function role uses an AWS managed policy', () => {
    for (const [, role] of resources(city(code), 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('each worker has its trigger: a schedule rule, or an SQS event source reporting batch item failures', () => {
    const rules = resources(city(code), 'AWS::Events::Rule');
    const mappings = resources(city(code), 'AWS::Lambda::EventSourceMapping');
    for (const w of workers) {
      if (w.trigger.kind === 'schedule') {
        const expression = w.trigger.expression;
        expect(rules.some(([, r]) => r.Properties.Name === `ism-${code}-${w.name}-schedule` && r.Properties.ScheduleExpression === expression)).toBe(true);
      }
    }
    expect(mappings).toHaveLength(workers.filter((w) => w.trigger.kind === 'queue').length);
    for (const [, m] of mappings) expect(m.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  test('the timeline is a traced, fully logged Standard state machine with a waitForTaskToken state that times out to an outcome', () => {
    const [[, machine]] = resources(city(code), 'AWS::StepFunctions::StateMachine');
    expect(machine.Properties).toMatchObject({
      StateMachineName: `ism-${code}-timeline`,
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
    });
    const definition = JSON.parse(flatten(machine.Properties.DefinitionString));
    expect(definition.StartAt).toBe('Published');
    expect(definition.States.WaitForClose).toMatchObject({ Type: 'Wait', TimestampPath: '$.t.waitUntil' });
    const callbacks = Object.entries<any>(definition.States).filter(([, s]) => String(s.Resource).endsWith('.waitForTaskToken'));
    expect(callbacks.map(([name]) => name).sort()).toEqual(['AwaitChoice', 'AwaitCompletion', 'AwaitContract', 'AwaitEvaluation', 'AwaitObjectionDecision', 'AwaitScores']);
    for (const [, callback] of callbacks) {
      expect(JSON.stringify(callback)).toContain('$$.Task.Token');
      expect(callback.TimeoutSecondsPath).toBe('$.t.timeoutSeconds');
      expect(callback.Catch[0]).toMatchObject({ ErrorEquals: ['States.Timeout'] });
    }
    expect(definition.States.Evaluated.Type).toBe('Succeed');
  });

  test('everything is tagged with its province and city', () => {
    for (const [, f] of resources(city(code), 'AWS::Lambda::Function')) {
      expect(f.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'ism:province', Value: province.code }, { Key: 'ism:city', Value: code }]));
    }
    city(code).hasResourceProperties('AWS::DynamoDB::Table', { Tags: Match.arrayWith([{ Key: 'ism:city', Value: code }]) });
  });
});
