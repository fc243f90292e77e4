// Strategy: write tiny ESM/CJS bundles to a temporary code folder, as `cdk synth` writes assets, describe
// them with FunctionSpecs and drive the local Lambda runtime through its public `invoke`: each test asserts
// what a Lambda caller would observe (result, error payload, environment, isolation), never timing.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLambdaRuntime, LambdaInvokeError, parseFunctionRef, type LambdaRuntime } from '../../lib/local-cloud/lambda.ts';
import { arn, type FunctionSpec } from '../../lib/local-cloud/model.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ism-lambda-'));
const logDir = path.join(root, 'logs');

function asset(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const echo = asset('echo', {
  'index.mjs': `
    let calls = 0;
    export const handler = async (e, ctx) => ({
      calls: ++calls, x: process.env.X, e, fn: ctx.functionName, arn: ctx.invokedFunctionArn, requestId: ctx.awsRequestId,
      remaining: ctx.getRemainingTimeInMillis(), memory: ctx.memoryLimitInMB, stream: ctx.logStreamName,
      lambdaEnv: { name: process.env.AWS_LAMBDA_FUNCTION_NAME, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        root: process.env.LAMBDA_TASK_ROOT, exec: process.env.AWS_EXECUTION_ENV, tz: process.env.TZ, endpoint: process.env.AWS_ENDPOINT_URL, trace: process.env._X_AMZN_TRACE_ID },
      sourceMaps: process.sourceMapsEnabled,
    });
    export const logs = async (e) => { console.log('hello from', e.who); console.error('oops'); return null; };
  `,
});
const behaviours = asset('behaviours', {
  'index.mjs': `
    class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }
    let active = 0;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    export const fail = async () => { throw new ValidationError('tenant code must have 6 digits'); };
    export const slow = async (e) => { await sleep(e.ms); return 'done'; };
    export const overlap = async () => { active++; const seen = active; await sleep(30); active--; return seen; };
    export const crash = async () => { setTimeout(() => Promise.reject(new Error('background boom')), 1); await sleep(1000); return 'unreachable'; };
    export const nothing = async () => undefined;
  `,
});
const nested = asset('nested', { 'src/api/app.cjs': `exports.main = async () => 'from cjs';` });
const broken = asset('broken', { 'index.mjs': `throw new Error('TABLE_NAME is not set');` });

function fn(name: string, codeDir: string, handler: string, extra: Partial<FunctionSpec> = {}): FunctionSpec {
  return { stack: 'Test', logicalId: name, name, arn: arn.function(name), codeDir, handler, runtime: 'nodejs24.x', timeoutSeconds: 10, memoryMb: 256, environment: {}, ...extra };
}

const functions: FunctionSpec[] = [
  fn('city-a', echo, 'index.handler', { environment: { X: 'a', NODE_OPTIONS: '--enable-source-maps --max-old-space-size=100' } }),
  fn('city-b', echo, 'index.handler', { environment: { X: 'b' } }),
  fn('logs', echo, 'index.logs'),
  fn('fail', behaviours, 'index.fail'),
  fn('slow', behaviours, 'index.slow', { timeoutSeconds: 1 }),
  fn('overlap', behaviours, 'index.overlap'),
  fn('crash', behaviours, 'index.crash'),
  fn('nothing', behaviours, 'index.nothing'),
  fn('nested', nested, 'src/api/app.main'),
  fn('broken', broken, 'index.handler'),
  fn('missing-file', echo, 'absent.handler'),
  fn('missing-export', echo, 'index.nope'),
];

let runtime: LambdaRuntime;
const messages: string[] = [];
beforeAll(() => {
  runtime = createLambdaRuntime({
    functions,
    baseEnv: { AWS_ENDPOINT_URL: 'http://localhost:4566', AWS_REGION: 'cn-northwest-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    logDir,
    log: (m) => messages.push(m),
  });
});
afterAll(async () => {
  await runtime.stop();
  rmSync(root, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<LambdaInvokeError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(LambdaInvokeError);
    return err as LambdaInvokeError;
  }
  throw new Error('expected the invocation to fail');
}

test('a function gets its event, a Lambda context and the Lambda environment', async () => {
  const out = (await runtime.invoke('city-a', { hello: '世界' })) as Record<string, any>;
  expect(out.e).toEqual({ hello: '世界' });
  expect(out.fn).toBe('city-a');
  expect(out.arn).toBe(arn.function('city-a'));
  expect(out.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(out.remaining).toBeGreaterThan(0);
  expect(out.remaining).toBeLessThanOrEqual(10_000);
  expect(out.memory).toBe('256');
  expect(out.stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  expect(out.lambdaEnv).toEqual({
    name: 'city-a', version: '$LATEST', memory: '256', root: echo, exec: 'AWS_Lambda_nodejs24.x', tz: 'UTC',
    endpoint: 'http://localhost:4566', trace: expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/),
  });
  // --enable-source-maps applies through execArgv; --max-old-space-size cannot and is dropped with a log line.
  expect(out.sourceMaps).toBe(true);
  expect(messages.some((m) => m.includes('--max-old-space-size=100') && m.includes('ignored'))).toBe(true);
});

test('each function is isolated: its own process.env and its own module state', async () => {
  const a1 = (await runtime.invoke('city-a', {})) as Record<string, any>;
  const b1 = (await runtime.invoke('city-b', {})) as Record<string, any>;
  const b2 = (await runtime.invoke('city-b', {})) as Record<string, any>;
  expect([a1.x, b1.x]).toEqual(['a', 'b']);
  expect(b1.calls).toBe(1); // same code as city-a, but a sandbox of its own
  expect(b2.calls).toBe(2); // kept warm between invocations
  expect(process.env.X).toBeUndefined();
});

test('invoke accepts a name, a full ARN, a partial ARN and a qualifier', async () => {
  const viaArn = (await runtime.invoke(arn.function('city-b'), {})) as Record<string, any>;
  const viaQualifier = (await runtime.invoke('city-b:$LATEST', {})) as Record<string, any>;
  const viaPartial = (await runtime.invoke('000000000000:function:city-b', {})) as Record<string, any>;
  expect([viaArn.fn, viaQualifier.fn, viaPartial.fn]).toEqual(['city-b', 'city-b', 'city-b']);
  expect(viaQualifier.arn).toBe(`${arn.function('city-b')}:$LATEST`);
  expect(parseFunctionRef(`${arn.function('f')}:live`)).toEqual({ name: 'f', qualifier: 'live' });
});

test('an unknown function is ResourceNotFoundException', async () => {
  const err = await rejection(runtime.invoke('no-such-function', {}));
  expect(err.errorType).toBe('ResourceNotFoundException');
});

test('a thrown error comes back as Lambda reports it', async () => {
  const err = await rejection(runtime.invoke('fail', {}));
  expect(err.errorType).toBe('ValidationError');
  expect(err.errorMessage).toBe('tenant code must have 6 digits');
  expect(err.stackTrace[0]).toBe('ValidationError: tenant code must have 6 digits');
  expect(runtime.stats().find((s) => s.name === 'fail')).toEqual({ name: 'fail', invocations: 1, errors: 1, started: true });
});

test('undefined results are null, handlers may live in nested CommonJS files', async () => {
  await expect(runtime.invoke('nothing', {})).resolves.toBeNull();
  await expect(runtime.invoke('nested', {})).resolves.toBe('from cjs');
});

test('a function over its timeout fails with "Task timed out" and gets a fresh sandbox', async () => {
  const err = await rejection(runtime.invoke('slow', { ms: 5_000 }));
  expect(err.errorType).toBe('Sandbox.Timedout');
  expect(err.message).toBe('Task timed out after 1.00 seconds');
  await expect(runtime.invoke('slow', { ms: 1 })).resolves.toBe('done');
});

test('init errors fail every invocation and name the function and the file', async () => {
  const thrown = await rejection(runtime.invoke('broken', {}));
  expect(thrown.message).toContain('broken');
  expect(thrown.message).toContain(path.join(broken, 'index.mjs'));
  expect(thrown.message).toContain('TABLE_NAME is not set');
  const again = await rejection(runtime.invoke('broken', {}));
  expect(again.message).toContain('TABLE_NAME is not set');

  const missing = await rejection(runtime.invoke('missing-file', {}));
  expect(missing.errorType).toBe('Runtime.ImportModuleError');
  expect(missing.message).toContain('missing-file');
  expect(missing.message).toContain(path.join(echo, 'absent'));

  const noExport = await rejection(runtime.invoke('missing-export', {}));
  expect(noExport.errorType).toBe('Runtime.HandlerNotFound');
  expect(noExport.message).toContain('nope');
});

test('concurrent invocations are served together by one warm sandbox', async () => {
  const seen = (await Promise.all(Array.from({ length: 50 }, () => runtime.invoke('overlap', {})))) as number[];
  expect(seen).toHaveLength(50);
  expect(Math.max(...seen)).toBeGreaterThan(1);
  expect(runtime.stats().find((s) => s.name === 'overlap')).toMatchObject({ invocations: 50, errors: 0, started: true });
});

test('an unhandled rejection crashes the runtime; the next invocation starts a new one', async () => {
  const err = await rejection(runtime.invoke('crash', {}));
  expect(err.errorType).toBe('Runtime.UnhandledPromiseRejection');
  expect(err.message).toContain('background boom');
  await expect(runtime.invoke('city-a', {})).resolves.toMatchObject({ x: 'a' });
});

test("a function's stdout and stderr go to <logDir>/<name>.log", async () => {
  await runtime.invoke('logs', { who: '揭阳' });
  await runtime.stop(); // flushes the log streams
  const text = readFileSync(path.join(logDir, 'logs.log'), 'utf8');
  expect(text).toContain('hello from 揭阳');
  expect(text).toContain('oops');
  expect(text).toMatch(/REPORT RequestId: [0-9a-f-]{36}/);
  const err = await rejection(runtime.invoke('logs', {}));
  expect(err.errorType).toBe('ServiceException');
});
