/**
 * Task tokens for `.waitForTaskToken` states: the gap DESIGN §9 measured in aws-local-stepfunctions
 * (no `$$.Task.Token`, no callback API). A token is issued before the integration runs (a Lambda may
 * call SendTaskSuccess before its own invocation returns), then the state waits for SendTaskSuccess /
 * SendTaskFailure, its TimeoutSeconds (`States.Timeout`) or a missed heartbeat (`States.HeartbeatTimeout`).
 * The API errors are AWS's: `InvalidToken` (not a token), `TaskDoesNotExist` (never issued here, e.g.
 * before a restart) and `TaskTimedOut` (issued, but the task is already closed).
 */
import { randomBytes } from 'node:crypto';
import { AwsApiError } from './sfn-aws-json.ts';
import { setLongTimeout } from './sfn-timers.ts';

export interface PendingTask {
  token: string;
  executionArn: string;
  state: string;
  since: Date;
}

export interface IssueOptions {
  executionArn: string;
  state: string;
  /** Epoch ms after which the task has timed out (TimeoutSeconds from the state's start). */
  deadline?: number;
  heartbeatMs?: number;
  /** Aborted when the execution ends for any reason. */
  signal: AbortSignal;
}

/** An error a Task state fails with; the state's Retry/Catch match on `name`, Cause is `message`. */
export class StatesError extends Error {
  constructor(name: string, cause = '') {
    super(cause);
    this.name = name;
  }
}

const TOKEN_PATTERN = /^sfn1[A-Za-z0-9_-]{64}$/;
// Closed tokens are remembered so a late callback gets TaskTimedOut, not TaskDoesNotExist.
const CLOSED_MEMORY = 10_000;
// When the library enforces TimeoutSeconds itself, its timer must fire first so the state fails with
// the library's own States.Timeout (which `States.TaskFailed` does not match, as on AWS).
const TIMEOUT_GRACE_MS = 25;

interface Entry extends PendingTask {
  deadline?: number;
  settle(outcome: { output: unknown } | { error: Error }): void;
  beat?(): void;
}

export class TaskTokens {
  private readonly pending = new Map<string, Entry>();
  private readonly closed = new Set<string>();

  issue(o: IssueOptions): { token: string; outcome: Promise<unknown> } {
    const token = `sfn1${randomBytes(48).toString('base64url')}`;
    let resolve!: (v: unknown) => void;
    let reject!: (e: Error) => void;
    const outcome = new Promise<unknown>((res, rej) => ((resolve = res), (reject = rej)));
    // Observed later (after the integration call), possibly after it already settled.
    outcome.catch(() => undefined);
    const cancels: (() => void)[] = [];
    const entry: Entry = {
      token,
      executionArn: o.executionArn,
      state: o.state,
      since: new Date(),
      deadline: o.deadline,
      settle: (result) => {
        if (!this.pending.delete(token)) return;
        this.remember(token);
        cancels.forEach((c) => c());
        o.signal.removeEventListener('abort', onAbort);
        if ('error' in result) reject(result.error);
        else resolve(result.output);
      },
    };
    const onAbort = () => entry.settle({ error: o.signal.reason instanceof Error ? o.signal.reason : new StatesError('States.Runtime', 'execution ended') });
    o.signal.addEventListener('abort', onAbort, { once: true });
    if (o.deadline !== undefined) {
      cancels.push(setLongTimeout(() => entry.settle({ error: new StatesError('States.Timeout', 'Task timed out') }), o.deadline + TIMEOUT_GRACE_MS));
    }
    if (o.heartbeatMs !== undefined) {
      let cancelBeat = () => {};
      entry.beat = () => {
        cancelBeat();
        cancelBeat = setLongTimeout(() => entry.settle({ error: new StatesError('States.HeartbeatTimeout', 'Task heartbeat timed out') }), Date.now() + o.heartbeatMs!);
      };
      entry.beat();
      cancels.push(() => cancelBeat());
    }
    this.pending.set(token, entry);
    if (o.signal.aborted) onAbort();
    return { token, outcome };
  }

  succeed(token: unknown, output: unknown): void {
    if (typeof output !== 'string') throw new AwsApiError('ValidationException', "Value null at 'output' failed to satisfy constraint: Member must not be null");
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new AwsApiError('InvalidOutput', 'Invalid State Machine Execution output');
    }
    this.open(token).settle({ output: parsed });
  }

  fail(token: unknown, error?: unknown, cause?: unknown): void {
    // AWS leaves Error empty when the caller gives none; Catch on States.ALL / States.TaskFailed still matches.
    this.open(token).settle({ error: new StatesError(typeof error === 'string' ? error : '', typeof cause === 'string' ? cause : '') });
  }

  heartbeat(token: unknown): void {
    this.open(token).beat?.();
  }

  /** Ends a task whose integration failed before any callback could arrive. */
  cancel(token: string, error: Error): void {
    this.pending.get(token)?.settle({ error });
  }

  list(): PendingTask[] {
    return [...this.pending.values()].map(({ token, executionArn, state, since }) => ({ token, executionArn, state, since }));
  }

  private open(token: unknown): Entry {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new AwsApiError('InvalidToken', 'Invalid Token');
    const entry = this.pending.get(token);
    if (entry && entry.deadline !== undefined && Date.now() >= entry.deadline) {
      entry.settle({ error: new StatesError('States.Timeout', 'Task timed out') });
      throw new AwsApiError('TaskTimedOut', 'Task Timed Out');
    }
    if (entry) return entry;
    if (this.closed.has(token)) throw new AwsApiError('TaskTimedOut', 'Task Timed Out');
    throw new AwsApiError('TaskDoesNotExist', 'Task does not exist anymore');
  }

  private remember(token: string): void {
    this.closed.add(token);
    if (this.closed.size > CLOSED_MEMORY) this.closed.delete(this.closed.values().next().value!);
  }
}
