/**
 * Fault injection for the local cloud: make a function's invocations fail, as if its Lambda runtime had
 * failed, whoever invokes it (an SQS event source, an EventBridge target, Step Functions, the HTTP API). This
 * is how a developer or a test sees what the cloud does with a failing consumer — retries, the dead-letter
 * queue after maxReceiveCount, the redrive — without touching `functions/`.
 *
 *   POST   /_local/faults  { "function": "<name or its suffix>", "failures": N | "always" }  → 201 the faults set
 *   GET    /_local/faults                                                               → 200 the faults set
 *   DELETE /_local/faults[?function=<name or suffix>]                                   → 200 what was cleared
 *
 * `function` selects every function whose name is it or ends with it (`ism-440500-inbox`, `440500-inbox`;
 * `inbox` selects every city's inbox). `failures: N` fails the next N invocations of each selected function
 * (then the fault is gone); `"always"` fails them until the fault is cleared. Each injected failure is counted
 * (`injected`) and logged. Faults live in memory only: a restart clears them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { sendJson } from './gateway.ts';
import type { ControlRoute } from './oidc.ts';

export const FAULTS_PATH = '/_local/faults';

/** What the failed invocation reports, in the shape of a Lambda function error. */
export interface InjectedError { errorType: string; errorMessage: string }

export interface Fault {
  function: string;
  /** Failures still to inject, or "always". */
  failures: number | 'always';
  /** Invocations failed by this fault so far. */
  injected: number;
  since: string;
}

export interface FaultInjector {
  /** The error the current invocation of `functionName` must fail with, if a fault is set (counted down). */
  take(functionName: string): InjectedError | undefined;
  /** Sets (or replaces) the fault of every function `selector` selects; throws when it selects none. */
  set(selector: string, failures: number | 'always'): Fault[];
  /** Clears the faults of the selected functions, or all; returns what was cleared. */
  clear(selector?: string): Fault[];
  list(): Fault[];
  controlRoutes: ControlRoute[];
}

const FaultRequest = z.object({
  function: z.string().min(1),
  failures: z.union([z.number().int().min(1).max(1_000_000), z.literal('always')]),
}).strict();

export function createFaultInjector(opts: { functionNames: string[]; log?: (m: string) => void }): FaultInjector {
  const faults = new Map<string, Fault>();
  const log = opts.log ?? (() => {});
  const selected = (selector: string) => opts.functionNames.filter((n) => n === selector || n.endsWith(selector));
  // In the order of the functions (the assembly's), whatever order they were set in.
  const snapshot = () => opts.functionNames.filter((n) => faults.has(n)).map((n) => ({ ...faults.get(n)! }));

  function take(functionName: string): InjectedError | undefined {
    const fault = faults.get(functionName);
    if (!fault) return undefined;
    fault.injected++;
    if (fault.failures !== 'always' && --fault.failures === 0) faults.delete(functionName);
    const left = fault.failures === 'always' ? 'until cleared' : `${fault.failures} more`;
    log(`${functionName}: invocation failed by an injected fault (${fault.injected} so far, ${left})`);
    return { errorType: 'LocalCloud.InjectedFault', errorMessage: `Injected fault (${FAULTS_PATH}): ${functionName} fails ${left}` };
  }

  function set(selector: string, failures: number | 'always'): Fault[] {
    const names = selected(selector);
    if (!names.length) throw new Error(`no function named ${selector} or ending with it`);
    const since = new Date().toISOString();
    for (const name of names) faults.set(name, { function: name, failures, injected: 0, since });
    log(`fault set: ${names.join(', ')} fail ${failures === 'always' ? 'until cleared' : `${failures} time(s)`}`);
    return names.map((n) => ({ ...faults.get(n)! }));
  }

  function clear(selector?: string): Fault[] {
    const names = selector === undefined ? [...faults.keys()] : selected(selector).filter((n) => faults.has(n));
    const cleared = names.map((n) => faults.get(n)!);
    for (const n of names) faults.delete(n);
    if (cleared.length) log(`fault cleared: ${names.join(', ')}`);
    return cleared;
  }

  const exact = (url: URL, res: ServerResponse) => {
    if (url.pathname === FAULTS_PATH || url.pathname === `${FAULTS_PATH}/`) return true;
    sendJson(res, 404, { message: `No local route for ${url.pathname}` });
    return false;
  };
  const post = async (_req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL) => {
    if (!exact(url, res)) return;
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { message: 'the body must be JSON: { "function": "<name or suffix>", "failures": N | "always" }' });
    }
    const request = FaultRequest.safeParse(input);
    if (!request.success) return sendJson(res, 400, { message: 'function (a name or suffix) and failures (a positive integer or "always") are required' });
    try {
      sendJson(res, 201, { faults: set(request.data.function, request.data.failures) });
    } catch (error) {
      sendJson(res, 404, { message: (error as Error).message });
    }
  };
  const get = async (_req: IncomingMessage, res: ServerResponse, _body: Buffer, url: URL) => {
    if (exact(url, res)) sendJson(res, 200, { faults: snapshot() });
  };
  const del = async (_req: IncomingMessage, res: ServerResponse, _body: Buffer, url: URL) => {
    if (exact(url, res)) sendJson(res, 200, { cleared: clear(url.searchParams.get('function') ?? undefined) });
  };

  return {
    take, set, clear, list: snapshot,
    controlRoutes: [
      { method: 'POST', path: FAULTS_PATH, handle: post },
      { method: 'GET', path: FAULTS_PATH, handle: get },
      { method: 'DELETE', path: FAULTS_PATH, handle: del },
    ],
  };
}
