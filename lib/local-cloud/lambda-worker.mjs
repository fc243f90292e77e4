/**
 * Bootstrap of one local Lambda sandbox (one worker thread per function, started by lambda.ts).
 *
 * Plain JavaScript on purpose: the worker loads the synthesized bundle (cdk.out/asset.<hash>/index.mjs)
 * with Node's own loader, exactly as the Lambda Node.js runtime does, so no TypeScript loader is needed.
 *
 * What it emulates of the Lambda Node.js runtime:
 *  - the init phase: the handler module is imported once, before the first invocation is served;
 *    an import error fails every invocation of this sandbox (Runtime.ImportModuleError & co.);
 *  - the handler string `dir/file.export.path` resolved as the runtime does (module up to the first dot);
 *  - the `context` object, `_X_AMZN_TRACE_ID` per invocation, JSON (de)serialisation of event and result;
 *  - errors reported as `{ errorType, errorMessage, stackTrace }`.
 * Unlike Lambda, one sandbox serves concurrent invocations (the product's handlers are async), which keeps
 * a 1,000-request benchmark on one thread per function instead of 1,000 workers.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const { codeDir, handler, functionName, functionVersion, memoryLimitInMB, logGroupName, logStreamName } = workerData;

/** The shape Lambda reports a failed invocation in. */
function toLambdaError(err, fallbackType = 'Error') {
  if (err instanceof Error) {
    return {
      errorType: err.name && err.name !== 'Error' ? err.name : (err.constructor?.name ?? fallbackType),
      errorMessage: err.message,
      stackTrace: typeof err.stack === 'string' ? err.stack.split('\n') : [],
    };
  }
  // `throw 'text'` is reported by the Node runtime with the value's type as errorType.
  return { errorType: typeof err, errorMessage: String(err), stackTrace: [] };
}

function namedError(name, message, cause) {
  const error = new Error(message, cause ? { cause } : undefined);
  error.name = name;
  if (cause?.stack) error.stack = `${name}: ${message}\n${cause.stack}`;
  return error;
}

/** `src/api/index.handler` → module `src/api/index`, export path `handler` (the runtime splits at the first dot of the last segment). */
function splitHandler(handlerString) {
  const slash = handlerString.lastIndexOf('/');
  const dir = slash >= 0 ? handlerString.slice(0, slash + 1) : '';
  const last = handlerString.slice(slash + 1);
  const dot = last.indexOf('.');
  if (dot <= 0 || dot === last.length - 1) throw namedError('Runtime.MalformedHandlerName', `Bad handler ${handlerString}`);
  return { module: dir + last.slice(0, dot), exportPath: last.slice(dot + 1).split('.') };
}

async function loadHandler() {
  const { module, exportPath } = splitHandler(handler);
  const base = path.resolve(codeDir, module);
  // Same probing order as the Node.js runtime.
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => existsSync(f));
  const where = `function ${functionName}: handler '${handler}'`;
  if (!file) throw namedError('Runtime.ImportModuleError', `${where}: cannot find module ${base}.{js,mjs,cjs}`);
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    const type = err instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError'
      : err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND' ? 'Runtime.ImportModuleError'
      : (err?.name ?? 'Error');
    throw namedError(type, `${where}: importing ${file} failed: ${err?.message ?? err}`, err);
  }
  const resolve = (root) => exportPath.reduce((value, key) => (value == null ? undefined : value[key]), root);
  const fn = resolve(mod) ?? resolve(mod.default);
  if (typeof fn !== 'function') throw namedError('Runtime.HandlerNotFound', `${where}: ${path.basename(file)} has no exported function ${exportPath.join('.')}`);
  return fn;
}

function traceId() {
  const now = Math.floor(Date.now() / 1000).toString(16);
  // Sampled=0: tracing libraries see a Lambda trace header but send nothing (no X-Ray daemon locally).
  return `Root=1-${now}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

async function invoke(fn, message) {
  const { id, requestId, payload, deadline, invokedFunctionArn } = message;
  const started = performance.now();
  process.env._X_AMZN_TRACE_ID = traceId();
  process.stdout.write(`START RequestId: ${requestId} Version: ${functionVersion}\n`);
  const context = {
    awsRequestId: requestId,
    functionName,
    functionVersion,
    invokedFunctionArn,
    memoryLimitInMB: String(memoryLimitInMB),
    logGroupName,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let reply;
  try {
    // Node.js 24 runtimes support async (promise) handlers only; a plain return value is accepted too.
    const result = await fn(JSON.parse(payload), context);
    let out;
    try {
      out = JSON.stringify(result === undefined ? null : result);
    } catch (err) {
      throw namedError('Runtime.MarshalError', `Unable to stringify response body: ${err?.message ?? err}`);
    }
    reply = { type: 'result', id, ok: true, payload: out };
  } catch (err) {
    const error = toLambdaError(err);
    process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(error)}\n`);
    reply = { type: 'result', id, ok: false, error };
  }
  const ms = (performance.now() - started).toFixed(2);
  process.stdout.write(`END RequestId: ${requestId}\nREPORT RequestId: ${requestId}\tDuration: ${ms} ms\tMemory Size: ${memoryLimitInMB} MB\n`);
  parentPort.postMessage(reply);
}

// An unhandled rejection crashes the Lambda runtime with this error type; the parent sees the worker die.
process.on('unhandledRejection', (reason) => {
  throw namedError('Runtime.UnhandledPromiseRejection', reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
});

const ready = loadHandler().then(
  (fn) => {
    parentPort.postMessage({ type: 'ready' });
    return fn;
  },
  (err) => {
    parentPort.postMessage({ type: 'init-error', error: toLambdaError(err) });
    return undefined;
  },
);

parentPort.on('message', (message) => {
  // Exiting from inside (rather than being terminated) flushes what the function wrote to stdout/stderr.
  if (message.type === 'shutdown') process.exit(0);
  else ready.then((fn) => fn && invoke(fn, message));
});
