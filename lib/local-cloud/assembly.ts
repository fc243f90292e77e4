import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolve, type ResourceNames } from './intrinsics.ts';
import { arn, LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION, type CloudModel, type HttpApiSpec, type RuleSpec } from './model.ts';

/**
 * Reads a cloud assembly (the output of `cdk synth`) into the local cloud's model: every table,
 * bucket, queue, bus, rule, state machine, function, event source mapping and HTTP route, with the
 * physical names the local cloud assigns (deterministic, so data kept between runs still matches).
 */
interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
}
interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, unknown>;
}

const LOCAL_TYPES = new Set([
  'AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::Events::EventBus', 'AWS::Events::Rule', 'AWS::StepFunctions::StateMachine',
  'AWS::Lambda::Function', 'AWS::Lambda::EventSourceMapping', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGatewayV2::Route',
  'AWS::KMS::Key', 'AWS::KMS::Alias',
]);

/** Physical name a resource gets when the template does not name it, as CloudFormation would make one. */
function generatedName(stack: string, logicalId: string, max = 64, lower = false): string {
  const name = `${stack}-${logicalId}`.slice(0, max);
  return lower ? name.toLowerCase().replace(/[^a-z0-9.-]/g, '-') : name;
}

/** `<stack>.assets.json`: asset hash → folder in the cloud assembly. */
function assetsOf(outdir: string, stack: string): Record<string, string> {
  try {
    const manifest = JSON.parse(readFileSync(join(outdir, `${stack}.assets.json`), 'utf8')) as { files?: Record<string, { source: { path: string } }> };
    return Object.fromEntries(Object.entries(manifest.files ?? {}).map(([hash, f]) => [hash, f.source.path]));
  } catch {
    return {};
  }
}

export interface AssemblyOptions {
  outdir: string;
  /** e.g. http://localhost:4566 — queue URLs are built on it. */
  endpoint: string;
  /** Port of each HTTP API, by `<stack>/<logicalId>`, for ApiEndpoint attributes. */
  apiUrl?: (stack: string, logicalId: string) => string;
}

export function readAssembly(opts: AssemblyOptions): CloudModel {
  const manifest = JSON.parse(readFileSync(join(opts.outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; properties?: { templateFile?: string } }> };
  const stacks = Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([name, a]) => ({ name, template: JSON.parse(readFileSync(join(opts.outdir, a.properties!.templateFile!), 'utf8')) as Template }));

  const model: CloudModel = { region: LOCAL_REGION, account: LOCAL_ACCOUNT, stacks: stacks.map((s) => s.name), tables: [], buckets: [], queues: [], buses: [], rules: [], stateMachines: [], functions: [], eventSourceMappings: [], httpApis: [], keys: [] };
  const exports = new Map<string, string>();

  // Two passes: names first (so Fn::ImportValue and cross-resource refs resolve), then properties.
  const namers = new Map<string, ResourceNames>();
  for (const { name: stack, template } of stacks) {
    const physical = new Map<string, { ref: string; atts: Record<string, string> }>();
    for (const [id, r] of Object.entries(template.Resources)) physical.set(id, physicalOf(stack, id, r, opts));
    const names: ResourceNames = {
      ref: (id) => physical.get(id)?.ref,
      // Attributes the local cloud has no use for resolve to a readable placeholder.
      getAtt: (id, attr) => physical.get(id)?.atts[attr] ?? (physical.has(id) ? `${id}.${attr}` : undefined),
      importValue: (n) => exports.get(n),
      pseudo: { 'AWS::Region': LOCAL_REGION, 'AWS::AccountId': LOCAL_ACCOUNT, 'AWS::Partition': LOCAL_PARTITION, 'AWS::URLSuffix': 'amazonaws.com.cn', 'AWS::StackName': stack, 'AWS::StackId': `arn:${LOCAL_PARTITION}:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${stack}/local` },
      parameters: Object.fromEntries(Object.entries(template.Parameters ?? {}).map(([k, p]) => [k, String(p.Default ?? '')])),
      conditions: {},
    };
    for (const [c, expr] of Object.entries(template.Conditions ?? {})) names.conditions[c] = resolve(expr, names) === true;
    namers.set(stack, names);
    for (const out of Object.values(template.Outputs ?? {})) {
      if (out.Export) exports.set(String(resolve(out.Export.Name, names)), String(resolve(out.Value, names)));
    }
  }

  for (const { name: stack, template } of stacks) {
    const names = namers.get(stack)!;
    const apis = new Map<string, HttpApiSpec>();
    const integrations = new Map<string, string>();
    const authorizers = new Map<string, { issuer: string; audience: string[] }>();
    const routes: { apiId: string; key: string; target: string; authType: string; authorizerId?: string }[] = [];
    const aliases: { name: string; target: string }[] = [];
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Condition && !names.conditions[r.Condition]) continue;
      if (!LOCAL_TYPES.has(r.Type)) continue; // IAM, logs, alarms…: nothing to run locally
      const p = (resolve(r.Properties ?? {}, names) ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      const ref = names.ref(id)!;
      const base = { stack, logicalId: id };
      switch (r.Type) {
        case 'AWS::DynamoDB::Table':
          model.tables.push({ ...base, name: ref, arn: names.getAtt(id, 'Arn')!, keySchema: p.KeySchema, attributeDefinitions: p.AttributeDefinitions, globalSecondaryIndexes: p.GlobalSecondaryIndexes, timeToLiveAttribute: p.TimeToLiveSpecification?.Enabled ? p.TimeToLiveSpecification.AttributeName : undefined });
          break;
        case 'AWS::S3::Bucket': {
          const retention = p.ObjectLockConfiguration?.Rule?.DefaultRetention;
          model.buckets.push({
            ...base, name: ref, arn: names.getAtt(id, 'Arn')!, versioned: p.VersioningConfiguration?.Status === 'Enabled',
            objectLock: p.ObjectLockEnabled ? { mode: retention?.Mode ?? 'COMPLIANCE', days: retention?.Days, years: retention?.Years } : undefined,
          });
          break;
        }
        case 'AWS::SQS::Queue':
          model.queues.push({
            ...base, name: names.getAtt(id, 'QueueName')!, url: ref, arn: names.getAtt(id, 'Arn')!, fifo: p.FifoQueue === true || p.FifoQueue === 'true',
            visibilityTimeoutSeconds: Number(p.VisibilityTimeout ?? 30), messageRetentionSeconds: Number(p.MessageRetentionPeriod ?? 345600),
            redrive: p.RedrivePolicy ? { deadLetterTargetArn: p.RedrivePolicy.deadLetterTargetArn, maxReceiveCount: Number(p.RedrivePolicy.maxReceiveCount) } : undefined,
          });
          break;
        case 'AWS::Events::EventBus':
          model.buses.push({ ...base, name: ref, arn: names.getAtt(id, 'Arn')! });
          break;
        case 'AWS::Events::Rule':
          model.rules.push(ruleOf(base, ref, p));
          break;
        case 'AWS::StepFunctions::StateMachine': {
          let definition = p.Definition ?? JSON.parse(p.DefinitionString);
          if (p.DefinitionSubstitutions) {
            let text = JSON.stringify(definition);
            for (const [k, v] of Object.entries(p.DefinitionSubstitutions as Record<string, string>)) text = text.split('${' + k + '}').join(String(v));
            definition = JSON.parse(text);
          }
          model.stateMachines.push({ ...base, name: names.getAtt(id, 'Name')!, arn: ref, definition, type: p.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD' });
          break;
        }
        case 'AWS::Lambda::Function': {
          // The asset folder: from the asset metadata, else from the stack's asset manifest by the S3 key's hash.
          const key = String((r.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key ?? '');
          const assetPath = (r.Metadata?.['aws:asset:path'] as string | undefined) ?? assetsOf(opts.outdir, stack)[key.replace(/\.zip$/, '')];
          if (!assetPath) break; // inline or container functions (CDK custom resources) have no local asset
          model.functions.push({
            ...base, name: ref, arn: names.getAtt(id, 'Arn')!, codeDir: join(opts.outdir, assetPath), handler: p.Handler, runtime: p.Runtime,
            timeoutSeconds: Number(p.Timeout ?? 3), memoryMb: Number(p.MemorySize ?? 128), environment: Object.fromEntries(Object.entries(p.Environment?.Variables ?? {}).map(([k, v]) => [k, String(v)])),
          });
          break;
        }
        case 'AWS::Lambda::EventSourceMapping':
          if (String(p.EventSourceArn ?? '').includes(':sqs:')) {
            model.eventSourceMappings.push({ ...base, functionName: p.FunctionName, queueArn: p.EventSourceArn, batchSize: Number(p.BatchSize ?? 10), reportBatchItemFailures: (p.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'), enabled: p.Enabled !== false });
          }
          break;
        case 'AWS::ApiGatewayV2::Api':
          apis.set(ref, { ...base, apiId: ref, name: p.Name ?? id, routes: [], cors: p.CorsConfiguration });
          break;
        case 'AWS::ApiGatewayV2::Integration':
          integrations.set(ref, String(p.IntegrationUri));
          break;
        case 'AWS::ApiGatewayV2::Authorizer':
          if (p.AuthorizerType === 'JWT') authorizers.set(ref, { issuer: p.JwtConfiguration.Issuer, audience: p.JwtConfiguration.Audience ?? [] });
          break;
        case 'AWS::KMS::Key':
          model.keys.push({
            ...base, keyId: ref, arn: names.getAtt(id, 'Arn')!, keySpec: p.KeySpec ?? 'SYMMETRIC_DEFAULT', keyUsage: p.KeyUsage ?? 'ENCRYPT_DECRYPT',
            description: p.Description, aliases: [],
          });
          break;
        case 'AWS::KMS::Alias':
          aliases.push({ name: String(p.AliasName), target: String(p.TargetKeyId) });
          break;
        case 'AWS::ApiGatewayV2::Route':
          routes.push({ apiId: p.ApiId, key: p.RouteKey, target: String(p.Target ?? ''), authType: p.AuthorizationType ?? 'NONE', authorizerId: p.AuthorizerId });
          break;
      }
    }
    for (const route of routes) {
      const api = apis.get(route.apiId);
      const uri = integrations.get(route.target.replace(/^integrations\//, ''));
      if (!api || !uri) continue;
      const functionName = uri.split(':function:')[1]?.split(/[:/]/)[0] ?? uri;
      api.routes.push({ routeKey: route.key, functionName, authorizationType: route.authType === 'JWT' ? 'JWT' : 'NONE', authorizer: route.authorizerId ? authorizers.get(route.authorizerId) : undefined });
    }
    model.httpApis.push(...apis.values());
    for (const alias of aliases) model.keys.find((k) => k.stack === stack && (k.keyId === alias.target || k.arn === alias.target))?.aliases.push(alias.name);
  }
  return model;
}

function ruleOf(base: { stack: string; logicalId: string }, name: string, p: Record<string, any>): RuleSpec { // eslint-disable-line @typescript-eslint/no-explicit-any
  const busName = String(p.EventBusName ?? 'default').split('/').pop()!;
  return {
    ...base, name, arn: arn.rule(busName, name), busName, enabled: (p.State ?? 'ENABLED') === 'ENABLED',
    eventPattern: p.EventPattern, scheduleExpression: p.ScheduleExpression,
    targets: (p.Targets ?? []).map((t: Record<string, any>) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
      id: t.Id, arn: t.Arn, input: t.Input, inputPath: t.InputPath, inputTransformer: t.InputTransformer,
      deadLetterArn: t.DeadLetterConfig?.Arn, retryPolicy: t.RetryPolicy, sqsMessageGroupId: t.SqsParameters?.MessageGroupId,
    })),
  };
}

/** Ref and GetAtt values per resource type, as CloudFormation documents them. */
function physicalOf(stack: string, id: string, r: Resource, opts: AssemblyOptions): { ref: string; atts: Record<string, string> } {
  const p = r.Properties ?? {};
  const given = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : undefined);
  switch (r.Type) {
    case 'AWS::DynamoDB::Table': {
      const name = given('TableName') ?? generatedName(stack, id, 255);
      return { ref: name, atts: { Arn: arn.table(name), StreamArn: `${arn.table(name)}/stream/local` } };
    }
    case 'AWS::S3::Bucket': {
      const name = given('BucketName') ?? generatedName(stack, id, 63, true);
      return { ref: name, atts: { Arn: arn.bucket(name), DomainName: `${name}.s3.local`, RegionalDomainName: `${name}.s3.local`, WebsiteURL: `${opts.endpoint}/${name}` } };
    }
    case 'AWS::SQS::Queue': {
      const fifo = p.FifoQueue === true || p.FifoQueue === 'true';
      const name = given('QueueName') ?? `${generatedName(stack, id, fifo ? 75 : 80)}${fifo ? '.fifo' : ''}`;
      const url = `${opts.endpoint}/${LOCAL_ACCOUNT}/${name}`;
      return { ref: url, atts: { Arn: arn.queue(name), QueueName: name, QueueUrl: url } };
    }
    case 'AWS::Events::EventBus': {
      const name = given('Name') ?? generatedName(stack, id);
      return { ref: name, atts: { Arn: arn.bus(name), Name: name } };
    }
    case 'AWS::Events::Rule': {
      const name = given('Name') ?? generatedName(stack, id);
      const bus = String(given('EventBusName') ?? 'default');
      return { ref: name, atts: { Arn: arn.rule(bus, name) } };
    }
    case 'AWS::StepFunctions::StateMachine': {
      const name = given('StateMachineName') ?? generatedName(stack, id, 80);
      return { ref: arn.stateMachine(name), atts: { Arn: arn.stateMachine(name), Name: name } };
    }
    case 'AWS::Lambda::Function': {
      const name = given('FunctionName') ?? generatedName(stack, id, 64);
      return { ref: name, atts: { Arn: arn.function(name) } };
    }
    case 'AWS::ApiGatewayV2::Api': {
      const apiId = `${stack}-${id}`.toLowerCase().replace(/[^a-z0-9]/g, '').slice(-10);
      return { ref: apiId, atts: { ApiEndpoint: opts.apiUrl?.(stack, id) ?? `http://localhost/${apiId}`, ApiId: apiId } };
    }
    case 'AWS::IAM::Role':
      return { ref: generatedName(stack, id), atts: { Arn: `arn:${LOCAL_PARTITION}:iam::${LOCAL_ACCOUNT}:role/${generatedName(stack, id)}`, RoleId: id } };
    case 'AWS::Logs::LogGroup': {
      const name = given('LogGroupName') ?? `/local/${stack}/${id}`;
      return { ref: name, atts: { Arn: `arn:${LOCAL_PARTITION}:logs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:log-group:${name}:*` } };
    }
    case 'AWS::KMS::Key': {
      // KMS names keys by UUID; one made from stack and logical id stays the same across runs (saved keys still
      // match) and differs between two city stacks built from the same construct.
      const h = createHash('sha256').update(`${stack}/${id}`).digest('hex');
      const keyId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
      return { ref: keyId, atts: { Arn: `arn:${LOCAL_PARTITION}:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${keyId}`, KeyId: keyId } };
    }
    case 'AWS::Cognito::UserPool':
      return { ref: `${LOCAL_REGION}_${id.slice(0, 9)}`, atts: { Arn: `arn:${LOCAL_PARTITION}:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${id}`, ProviderName: id, ProviderURL: `https://cognito-idp.${LOCAL_REGION}.amazonaws.com/${id}` } };
    default:
      return { ref: id, atts: { Arn: `arn:${LOCAL_PARTITION}:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}` } };
  }
}
