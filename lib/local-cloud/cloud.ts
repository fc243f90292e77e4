import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { readAssembly } from './assembly.ts';
import { startDynamoDb } from './dynamodb.ts';
import { createEventBridge } from './events.ts';
import { Gateway } from './gateway.ts';
import { startHttpApis } from './http-api.ts';
import { createKms } from './kms.ts';
import { createLambdaRuntime } from './lambda.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER_PATH, LOCAL_REGION, type CloudModel, type PutEventsEntry } from './model.ts';
import { createFakeElicence, FAKE_ELICENCE_PATH } from './elicence.ts';
import { createFakeRegulatorFeed, FAKE_REGULATOR_FEED_PATH } from './regulator-feed.ts';
import { createFaultInjector } from './faults.ts';
import { createLocalIssuer } from './oidc.ts';
import { startS3 } from './s3.ts';
import { seedDemo } from './seed.ts';
import { type DemoOutcome, readDemoOutcome, seedDemoProjects } from './seed-projects.ts';
import { createSqs } from './sqs.ts';
import { createStepFunctions } from './stepfunctions.ts';

export interface LocalCloudOptions {
  repoRoot: string;
  stateDir: string;
  port: number;
  apiPort: number;
  reset: boolean;
  seed: boolean;
  /** With `seed`: after ready, admit the demo agencies and drive the demo projects in the background (seed-projects.ts). */
  demoProjects?: boolean;
  verbose: boolean;
  log: (line: string) => void;
}

export interface ApiListing { stack: string; apiId: string; name: string; url: string; port: number; routes: number; city?: string; province?: string }

export interface LocalCloud {
  endpoint: string;
  model: CloudModel;
  apis: ApiListing[];
  timings: Record<string, number>;
  issueToken: Awaited<ReturnType<typeof createLocalIssuer>>['issueToken'];
  /** The demo projects being driven in the background (a fresh state with the demo on); never rejects. */
  demo?: Promise<DemoOutcome>;
  stop(): Promise<void>;
}

/** Stable API order: the cities in topology order, then the provinces (so 揭阳 is :3000, 汕头 :3001). */
function stackOrder(repoRoot: string): string[] {
  const topology = JSON.parse(readFileSync(join(repoRoot, 'config/topology.json'), 'utf8')) as { provinces: { code: string; cities: { code: string }[] }[] };
  return [...topology.provinces.flatMap((p) => p.cities.map((c) => `Ism-City-${c.code}`)), ...topology.provinces.map((p) => `Ism-Province-${p.code}`)];
}

export async function startLocalCloud(o: LocalCloudOptions): Promise<LocalCloud> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number) => (timings[name] = Date.now() - since);
  if (o.reset) rmSync(o.stateDir, { recursive: true, force: true });
  mkdirSync(o.stateDir, { recursive: true });
  const endpoint = `http://localhost:${o.port}`;
  const fresh = !existsSync(join(o.stateDir, 'seeded.json'));

  // 1. Synthesize the CDK app in-process, with the local issuer as the cities' external OIDC issuer.
  const outdir = join(o.stateDir, 'cdk.out');
  rmSync(outdir, { recursive: true, force: true });
  // The CloudFormation schema check is the infra tests' job; skipping it here saves ~5 s of every start.
  process.env.CDK_VALIDATION ??= 'false';
  buildApp({
    outdir,
    context: {
      'aws:cdk:enable-asset-metadata': true,
      'ism:localIssuer': `${endpoint}${LOCAL_ISSUER_PATH}`,
      'ism:localAudience': LOCAL_AUDIENCE,
      'ism:elicenceUrl': `${endpoint}${FAKE_ELICENCE_PATH}`,
      'ism:regulatorFeedUrl': `${endpoint}${FAKE_REGULATOR_FEED_PATH}`,
      // The province portal links to each city's API: one per city stack, cities first (checked below).
      'ism:cityUrls': Object.fromEntries(stackOrder(o.repoRoot).flatMap((s, i) => (s.startsWith('Ism-City-') ? [[s.slice(9), `http://localhost:${o.apiPort + i}`]] : []))),
    },
  }).synth();
  // The nodejs24.x runtime provides AWS SDK v3 (so bundles leave @aws-sdk/* external); locally the
  // project's copy stands in for it — only that package scope, so a dependency missing from a bundle
  // still fails here as it would in Lambda.
  mkdirSync(join(outdir, 'node_modules'), { recursive: true });
  symlinkSync(join(o.repoRoot, 'node_modules/@aws-sdk'), join(outdir, 'node_modules/@aws-sdk'), 'dir');
  mark('synth', t0);

  const order = stackOrder(o.repoRoot);
  const apiPorts = new Map<string, number>();
  const preliminary = readAssembly({ outdir, endpoint });
  preliminary.httpApis
    .sort((a, b) => order.indexOf(a.stack) - order.indexOf(b.stack))
    .forEach((api, i) => apiPorts.set(`${api.stack}/${api.logicalId}`, o.apiPort + i));
  for (const [key, port] of apiPorts) {
    const city = /^Ism-City-(\d{6})\//.exec(key)?.[1];
    if (city && port !== o.apiPort + order.indexOf(`Ism-City-${city}`)) throw new Error(`${key} is on port ${port}, not where the province portal links to (ism:cityUrls): one HTTP API per city stack`);
  }
  const model = readAssembly({ outdir, endpoint, apiUrl: (stack, id) => `http://localhost:${apiPorts.get(`${stack}/${id}`)}` });
  model.httpApis.sort((a, b) => order.indexOf(a.stack) - order.indexOf(b.stack));

  // 2. The AWS-compatible services behind one endpoint.
  const gateway = new Gateway({ port: o.port });
  const t1 = Date.now();
  const [dynamodb, s3] = await Promise.all([
    startDynamoDb({ stateDir: o.stateDir, tables: model.tables, reset: o.reset, log: (m) => o.log(`[dynamodb] ${m}`) }),
    startS3({ stateDir: o.stateDir, buckets: model.buckets, reset: o.reset, log: (m) => o.log(`[s3] ${m}`) }),
  ]);
  mark('storage', t1);
  const sqs = createSqs({ stateDir: o.stateDir, queues: model.queues, reset: o.reset, endpoint, log: (m) => o.log(`[sqs] ${m}`) });
  // POST /_local/faults makes a function fail (faults.ts), to watch retries, dead letters and the redrive.
  const faults = createFaultInjector({ functionNames: model.functions.map((f) => f.name), log: (m) => o.log(`[faults] ${m}`) });
  const lambda = createLambdaRuntime({
    functions: model.functions,
    faults,
    logDir: join(o.stateDir, 'logs'),
    verbose: o.verbose,
    log: (m) => o.log(`[lambda] ${m}`),
    baseEnv: {
      AWS_ENDPOINT_URL: endpoint, AWS_REGION: LOCAL_REGION, AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
      // There is no X-Ray daemon locally; the cloud's functions trace through Lambda's active tracing.
      POWERTOOLS_TRACE_ENABLED: 'false',
    },
  });
  let events: ReturnType<typeof createEventBridge> | undefined;
  let sfn: ReturnType<typeof createStepFunctions> | undefined;
  const invokeFunction = (name: string, payload: unknown) => lambda.invoke(name, payload);
  const sendToQueue = (queue: string, body: string, opts?: { messageGroupId?: string; attributes?: Record<string, string> }) => sqs.send(queue, body, opts);
  const putEvents = (entries: PutEventsEntry[]) => events!.putEvents(entries);
  sfn = createStepFunctions({ stateMachines: model.stateMachines, stateDir: o.stateDir, reset: o.reset, invokeFunction, sendToQueue, putEvents, dynamodbEndpoint: dynamodb.endpoint, log: (m) => o.log(`[states] ${m}`) });
  events = createEventBridge({ buses: model.buses, rules: model.rules, invokeFunction, sendToQueue, startExecution: (arn, input) => sfn!.startExecution(arn, input), log: (m) => o.log(`[events] ${m}`) });
  // Certificates are signed by a KMS key in the cloud; here by a local key per synthesized key, kept in the state dir.
  const kms = createKms({ stateDir: o.stateDir, keys: model.keys, log: (m) => o.log(`[kms] ${m}`) });
  for (const service of [dynamodb.service, s3.service, sqs.service, events.service, sfn.service, kms.service]) gateway.register(service);

  // 3. Identity, control routes and the HTTP APIs.
  const issuer = await createLocalIssuer({ stateDir: o.stateDir, endpoint });
  for (const r of issuer.controlRoutes) gateway.control(r.method, r.path, r.handle);
  // The province e-licence gateway (电子证照库), faked with the demo licences of config/demo-licences.json.
  for (const r of createFakeElicence({ repoRoot: o.repoRoot }).controlRoutes) gateway.control(r.method, r.path, r.handle);
  // The regulators' credit feed (行政处罚、失信被执行人), faked with config/demo-regulator-feed.json.
  for (const r of createFakeRegulatorFeed({ repoRoot: o.repoRoot }).controlRoutes) gateway.control(r.method, r.path, r.handle);
  for (const r of faults.controlRoutes) gateway.control(r.method, r.path, r.handle);
  let apis: ApiListing[] = [];
  const sendJson = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body, null, 2));
  };
  gateway.control('GET', '/_local/apis', async (_req, res) => sendJson(res, 200, apis));
  gateway.control('GET', '/_local/health', async (_req, res) => sendJson(res, 200, { status: 'ok', endpoint, apis, timings }));
  gateway.control('GET', '/_local/sfn/tasks', async (_req, res) => sendJson(res, 200, sfn!.pendingTasks()));
  gateway.control('GET', '/_local/functions', async (_req, res) => sendJson(res, 200, lambda.stats()));
  gateway.control('POST', '/_local/rules/', async (_req, res, _body, url) => {
    const name = decodeURIComponent(url.pathname.split('/')[3] ?? '');
    try {
      await events!.triggerRule(name);
      sendJson(res, 202, { triggered: name });
    } catch (error) {
      sendJson(res, 404, { message: `no scheduled rule named ${name}: ${(error as Error).message}` });
    }
  });
  await gateway.listen();
  sqs.startEventSources(model.eventSourceMappings, invokeFunction, (name) => model.functions.find((f) => f.name === name)?.arn ?? name);
  events.startSchedules();
  const started = await startHttpApis({ apis: model.httpApis, basePort: o.apiPort, invoke: invokeFunction, log: (m) => o.log(`[http] ${m}`), accessLog: o.verbose });
  apis = started.listing.map((a) => ({ ...a, city: /^Ism-City-(\d{6})$/.exec(a.stack)?.[1], province: /^Ism-Province-(\d{6})$/.exec(a.stack)?.[1] }));
  writeFileSync(join(o.stateDir, 'apis.json'), JSON.stringify(apis, null, 2));
  mark('services', t1);

  // 4. The demo province, on a fresh state only.
  let demo: Promise<DemoOutcome> | undefined;
  const demoAbort = new AbortController();
  if (o.seed && fresh) {
    const t2 = Date.now();
    const province = JSON.parse(readFileSync(join(o.repoRoot, 'config/topology.json'), 'utf8')).provinces[0].code as string;
    await seedDemo(o.repoRoot, apis.filter((a) => a.city).map((a) => ({ cityCode: a.city!, provinceCode: province, apiUrl: a.url })), (c) => issuer.issueToken(c), (m) => o.log(`[seed] ${m}`));
    writeFileSync(join(o.stateDir, 'seeded.json'), JSON.stringify({ at: new Date().toISOString(), demoProjects: o.demoProjects !== false }));
    mark('seed', t2);
    // The live demo runs after ready, in the background: it takes about a minute of real timeline.
    if (o.demoProjects !== false) {
      demo = seedDemoProjects({
        repoRoot: o.repoRoot, stateDir: o.stateDir, targets: apis.filter((a) => a.city).map((a) => ({ cityCode: a.city!, apiUrl: a.url })),
        issueToken: (c) => issuer.issueToken(c), log: (m) => o.log(`[seed] ${m}`), signal: demoAbort.signal,
      });
    }
  } else if (!fresh && ['running', 'interrupted', 'failed'].includes(readDemoOutcome(o.stateDir)?.status ?? 'done')) {
    o.log(`[seed] the demo projects did not finish when this state was seeded (${join(o.stateDir, 'demo.json')}); a seeded state is not seeded again: npm start -- --reset seeds a fresh demo`);
  }
  mark('total', t0);

  return {
    endpoint, model, apis, timings, issueToken: issuer.issueToken, demo,
    async stop() {
      if (demo) {
        demoAbort.abort(new Error('the local cloud is stopping'));
        await demo.catch(() => undefined);
      }
      await started.stop();
      await events!.stop();
      await sfn!.stop();
      await sqs.stop();
      await lambda.stop();
      await gateway.close();
      await s3.stop();
      await dynamodb.stop();
    },
  };
}
