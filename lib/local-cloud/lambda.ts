/**
 * Local Lambda: every synthesized function runs isolated, as on Lambda, in its own worker thread (a
 * "sandbox") with its own `process.env`, module state and log file. The sandbox starts on the first
 * invoke (cold start) and stays warm; a timeout or a crash recycles it, as Lambda replaces a sandbox it
 * had to stop. The worker bootstrap is lambda-worker.mjs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { arn as arnOf, type FunctionSpec } from './model.ts';

export interface LambdaRuntimeOptions {
  functions: FunctionSpec[];
  /** AWS_ENDPOINT_URL, AWS_REGION, dummy credentials: what every sandbox gets before the function's own environment. */
  baseEnv: Record<string, string>;
  /** `<logDir>/<functionName>.log` receives each function's stdout and stderr. */
  logDir: string;
  log?(message: string): void;
  /** Echo function output to `log` too (prefixed with the function name). */
  verbose?: boolean;
  /** Defaults to `<cwd>/lib/local-cloud/lambda-worker.mjs`. */
  workerFile?: string;
  /** Injected faults (faults.ts): an invocation it answers for fails with that error, before reaching the sandbox. */
  faults?: { take(functionName: string): { errorType: string; errorMessage: string } | undefined };
}

export interface LambdaFunctionStats {
  name: string;
  invocations: number;
  errors: number;
  /** A warm sandbox exists. */
  started: boolean;
}

export interface LambdaRuntime {
  /** Synchronous (RequestResponse) invoke by name, ARN or `name:qualifier`; resolves with the parsed result. */
  invoke(nameOrArn: string, event: unknown): Promise<unknown>;
  stop(): Promise<void>;
  stats(): LambdaFunctionStats[];
}

/** A failed invocation, carrying what Lambda returns in the payload of a `FunctionError: Unhandled` response. */
export class LambdaInvokeError extends Error {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace: string[];
  constructor(
    readonly functionName: string,
    error: { errorType: string; errorMessage: string; stackTrace?: string[] },
  ) {
    super(error.errorMessage);
    this.name = 'LambdaInvokeError';
    this.errorType = error.errorType;
    this.errorMessage = error.errorMessage;
    this.stackTrace = error.stackTrace ?? [];
  }
}

// Lambda's synchronous invocation limit, request and response alike (6 MB).
const PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Sandbox {
  worker: Worker;
  pending: Map<number, Pending>;
  /** No new invocations; terminated once the in-flight ones settle. */
  retired: boolean;
  exiting?: Promise<void>;
  exited?: boolean;
}

interface FunctionState {
  spec: FunctionSpec;
  sandbox?: Sandbox;
  logFile?: WriteStream;
  invocations: number;
  errors: number;
}

export function createLambdaRuntime(opts: LambdaRuntimeOptions): LambdaRuntime {
  const log = opts.log ?? ((m: string) => console.log(m));
  const workerFile = opts.workerFile ?? path.resolve(process.cwd(), 'lib/local-cloud/lambda-worker.mjs');
  if (!existsSync(workerFile)) throw new Error(`Lambda worker bootstrap not found at ${workerFile} (run from the repository root)`);
  mkdirSync(opts.logDir, { recursive: true });
  // Lambda runs in UTC. The time zone is process-wide (a worker's env cannot change it), so the whole
  // local cloud switches to UTC: code that wrongly relies on local time fails here as it would on AWS.
  if (process.env.TZ !== 'UTC') process.env.TZ = 'UTC';

  const functions = new Map<string, FunctionState>(opts.functions.map((spec) => [spec.name, { spec, invocations: 0, errors: 0 }]));
  const retiring = new Set<Promise<void>>();
  let sequence = 0;
  let stopped = false;

  /**
   * Ask the sandbox to exit by itself, which flushes its stdout/stderr to the log file; a sandbox stuck in
   * a synchronous loop (a timed-out function) does not answer and is terminated.
   */
  function shutdown(sandbox: Sandbox): Promise<void> {
    sandbox.exiting ??= new Promise<void>((resolve) => {
      if (sandbox.exited) return resolve();
      const timer = setTimeout(() => void sandbox.worker.terminate().then(() => resolve()), 1_000);
      sandbox.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      sandbox.worker.postMessage({ type: 'shutdown' });
    });
    retiring.add(sandbox.exiting);
    void sandbox.exiting.then(() => retiring.delete(sandbox.exiting!));
    return sandbox.exiting;
  }

  function fail(state: FunctionState, pending: Pending, error: LambdaInvokeError) {
    clearTimeout(pending.timer);
    state.errors++;
    pending.reject(error);
  }

  function settle(state: FunctionState, sandbox: Sandbox, id: number) {
    sandbox.pending.delete(id);
    if (sandbox.pending.size > 0) return;
    if (sandbox.retired) void shutdown(sandbox);
    // An idle sandbox must not keep the process alive (a warm Lambda costs nothing either).
    else sandbox.worker.unref();
  }

  /** Take a sandbox out of service; it is terminated now or when its in-flight invocations end. */
  function retire(state: FunctionState, sandbox: Sandbox, failAllWith?: LambdaInvokeError) {
    sandbox.retired = true;
    if (state.sandbox === sandbox) state.sandbox = undefined;
    if (failAllWith) {
      for (const pending of sandbox.pending.values()) fail(state, pending, failAllWith);
      sandbox.pending.clear();
    }
    if (sandbox.pending.size === 0) void shutdown(sandbox);
  }

  function start(state: FunctionState): Sandbox {
    const { spec } = state;
    const streamName = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
    const logGroupName = `/aws/lambda/${spec.name}`;
    const env: Record<string, string> = {
      ...opts.baseEnv,
      ...spec.environment,
      // The variables Lambda itself defines (reserved: a function cannot override them).
      AWS_DEFAULT_REGION: opts.baseEnv.AWS_REGION ?? spec.environment.AWS_REGION ?? '',
      AWS_LAMBDA_FUNCTION_NAME: spec.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: streamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: spec.codeDir,
      _HANDLER: spec.handler,
      TZ: 'UTC',
    };
    if (!env.AWS_DEFAULT_REGION) delete env.AWS_DEFAULT_REGION;
    const workerData = {
      codeDir: spec.codeDir,
      handler: spec.handler,
      functionName: spec.name,
      functionVersion: '$LATEST',
      memoryLimitInMB: spec.memoryMb,
      logGroupName,
      logStreamName: streamName,
    };
    const worker = newWorker(workerFile, env, workerData, spec.environment.NODE_OPTIONS, (m) => log(`lambda ${spec.name}: ${m}`));
    const sandbox: Sandbox = { worker, pending: new Map(), retired: false };
    captureOutput(state, worker);
    const initStarted = Date.now();

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        if (opts.verbose) log(`lambda ${spec.name}: cold start, init ${Date.now() - initStarted} ms`);
      } else if (message.type === 'init-error') {
        log(`lambda ${spec.name}: init failed: ${message.error.errorType}: ${message.error.errorMessage}`);
        retire(state, sandbox, new LambdaInvokeError(spec.name, message.error));
      } else if (message.type === 'result') {
        const pending = sandbox.pending.get(message.id);
        if (!pending) return; // already timed out
        settle(state, sandbox, message.id);
        if (!message.ok) return fail(state, pending, new LambdaInvokeError(spec.name, message.error));
        clearTimeout(pending.timer);
        if (message.payload.length * 3 > PAYLOAD_LIMIT_BYTES && Buffer.byteLength(message.payload) > PAYLOAD_LIMIT_BYTES) {
          return fail(state, pending, new LambdaInvokeError(spec.name, {
            errorType: 'Function.ResponseSizeTooLarge',
            errorMessage: `Response payload size exceeded maximum allowed payload size (${PAYLOAD_LIMIT_BYTES} bytes).`,
          }));
        }
        pending.resolve(JSON.parse(message.payload));
      }
    });
    // An uncaught exception (or unhandled rejection) kills the Lambda runtime and the invocations it served.
    worker.on('error', (err) => {
      log(`lambda ${spec.name}: runtime crashed: ${err.name}: ${err.message}`);
      retire(state, sandbox, new LambdaInvokeError(spec.name, { errorType: err.name || 'Error', errorMessage: err.message, stackTrace: err.stack?.split('\n') }));
    });
    worker.on('exit', (code) => {
      sandbox.exited = true;
      if (sandbox.retired && sandbox.pending.size === 0) return;
      retire(state, sandbox, new LambdaInvokeError(spec.name, { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}` }));
    });
    return sandbox;
  }

  function captureOutput(state: FunctionState, worker: Worker) {
    state.logFile ??= createWriteStream(path.join(opts.logDir, `${state.spec.name}.log`), { flags: 'a' });
    worker.stdout.pipe(state.logFile, { end: false });
    worker.stderr.pipe(state.logFile, { end: false });
    if (!opts.verbose) return;
    const echo = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) log(`[${state.spec.name}] ${line}`);
    };
    worker.stdout.on('data', echo);
    worker.stderr.on('data', echo);
  }

  function invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const { name, qualifier } = parseFunctionRef(nameOrArn);
    const state = functions.get(name);
    if (!state) {
      return Promise.reject(new LambdaInvokeError(name, { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${arnOf.function(name)}` }));
    }
    if (stopped) return Promise.reject(new LambdaInvokeError(name, { errorType: 'ServiceException', errorMessage: 'the local Lambda runtime is stopped' }));
    // Lambda serialises the event as JSON: no Dates, no undefined, no shared references with the caller.
    const payload = event === undefined ? '{}' : JSON.stringify(event);
    state.invocations++;
    if (payload.length * 3 > PAYLOAD_LIMIT_BYTES && Buffer.byteLength(payload) > PAYLOAD_LIMIT_BYTES) {
      state.errors++;
      return Promise.reject(new LambdaInvokeError(name, {
        errorType: 'RequestEntityTooLargeException',
        errorMessage: `Request must be smaller than ${PAYLOAD_LIMIT_BYTES} bytes for the InvokeFunction operation`,
      }));
    }
    const injected = opts.faults?.take(name);
    if (injected) {
      state.errors++;
      return Promise.reject(new LambdaInvokeError(name, injected));
    }
    const sandbox = (state.sandbox ??= start(state));
    const id = ++sequence;
    const requestId = randomUUID();
    const timeoutMs = state.spec.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const pending = sandbox.pending.get(id);
        if (!pending) return;
        sandbox.pending.delete(id);
        log(`lambda ${name}: ${requestId} timed out after ${state.spec.timeoutSeconds} s, recycling its sandbox`);
        fail(state, pending, new LambdaInvokeError(name, {
          errorType: 'Sandbox.Timedout',
          errorMessage: `Task timed out after ${state.spec.timeoutSeconds.toFixed(2)} seconds`,
        }));
        // Lambda freezes and discards a sandbox that timed out; the others in flight here may finish first.
        retire(state, sandbox);
      }, timeoutMs);
      if (sandbox.pending.size === 0) sandbox.worker.ref();
      sandbox.pending.set(id, { resolve, reject, timer });
      sandbox.worker.postMessage({
        type: 'invoke',
        id,
        requestId,
        payload,
        deadline: Date.now() + timeoutMs,
        invokedFunctionArn: arnOf.function(name) + (qualifier ? `:${qualifier}` : ''),
      });
    });
  }

  async function stop() {
    stopped = true;
    const exits: Promise<unknown>[] = [];
    for (const state of functions.values()) {
      const sandbox = state.sandbox;
      if (sandbox) {
        retire(state, sandbox, new LambdaInvokeError(state.spec.name, { errorType: 'ServiceException', errorMessage: 'the local Lambda runtime stopped' }));
        exits.push(shutdown(sandbox));
      }
    }
    await Promise.allSettled([...exits, ...retiring]);
    await Promise.all([...functions.values()].map((s) => s.logFile && new Promise<void>((done) => s.logFile!.end(done))));
  }

  function stats(): LambdaFunctionStats[] {
    return [...functions.values()].map((s) => ({ name: s.spec.name, invocations: s.invocations, errors: s.errors, started: !!s.sandbox }));
  }

  return { invoke, stop, stats };
}

type LambdaErrorPayload = { errorType: string; errorMessage: string; stackTrace?: string[] };
type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: LambdaErrorPayload }
  | { type: 'result'; id: number; ok: true; payload: string }
  | { type: 'result'; id: number; ok: false; error: LambdaErrorPayload };

/** `name`, `name:qualifier`, `123456789012:function:name[:q]` or a full function ARN, as the Invoke API accepts. */
export function parseFunctionRef(ref: string): { name: string; qualifier?: string } {
  const parts = ref.split(':');
  const at = parts.indexOf('function');
  const [name, qualifier] = at >= 0 ? parts.slice(at + 1) : parts;
  return qualifier ? { name, qualifier } : { name };
}

/**
 * A worker cannot take NODE_OPTIONS from its env (it is read once per process); the options that are
 * per-thread (e.g. --enable-source-maps, as the CDK's NodejsFunction sets) go to `execArgv`. Process-wide
 * ones (V8 flags, --max-old-space-size, ...) are refused by Node with ERR_WORKER_INVALID_EXEC_ARGV: they
 * are dropped, with one log line, and the function runs without them.
 */
function newWorker(file: string, env: Record<string, string>, workerData: unknown, nodeOptions: string | undefined, log: (m: string) => void): Worker {
  let execArgv = (nodeOptions ?? '').split(/\s+/).filter((o) => o.startsWith('-'));
  const create = () => new Worker(file, { env, workerData, execArgv, stdout: true, stderr: true });
  try {
    return create();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
    const invalid = (err as Error).message.split(':').slice(1).join(':').trim().split(/[\s,]+/);
    execArgv = execArgv.filter((o) => !invalid.includes(o));
    log(`NODE_OPTIONS ${invalid.join(' ')} cannot apply to a worker thread; ignored`);
    return create();
  }
}
