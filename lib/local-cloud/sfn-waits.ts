/**
 * Wait states, served by the local cloud instead of the library (see sfn-definition.ts): the library
 * sleeps with one Node timer, which fires after 1 ms when the wait is longer than 24.8 days — a
 * contract deadline a month ahead would pass at once. Here the wait sleeps with chained timers until
 * its `Seconds`, `Timestamp`, `SecondsPath` or `TimestampPath`, as AWS does (no busy loop: one timer).
 */
import { StatesError } from './sfn-callbacks.ts';
import { readJsonPath } from './sfn-json-path.ts';
import { sleepUntil } from './sfn-timers.ts';

// Same pattern the library and AWS accept for Timestamp fields (RFC 3339 with an offset or Z).
const RFC3339 = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Deadlines of `Seconds` waits in progress, so a re-armed wait (past 24.8 days) keeps its deadline. */
const secondsDeadlines = new Map<string, number>();

function fail(message: string): never {
  // AWS fails the execution with States.Runtime for a path that does not yield a valid value.
  throw new StatesError('States.Runtime', message);
}

function timestamp(value: unknown, field: string): number {
  if (typeof value !== 'string' || !RFC3339.test(value)) fail(`${field} must be an RFC 3339 timestamp, got ${JSON.stringify(value)}`);
  return new Date(value).getTime();
}

function seconds(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(`${field} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return value * 1000;
}

/** When the wait ends (epoch ms). `input` is the state's effective input (after InputPath). */
export function waitDeadline(state: Record<string, unknown>, input: unknown, context: unknown, now = Date.now()): number {
  if (state.Timestamp !== undefined) return timestamp(state.Timestamp, 'Timestamp');
  if (typeof state.TimestampPath === 'string') return timestamp(readJsonPath(state.TimestampPath, input, context), 'TimestampPath');
  if (state.Seconds !== undefined) return now + seconds(state.Seconds, 'Seconds');
  if (typeof state.SecondsPath === 'string') return now + seconds(readJsonPath(state.SecondsPath, input, context), 'SecondsPath');
  fail('Wait state has no Seconds, Timestamp, SecondsPath or TimestampPath');
}

/** Sleeps until the wait's deadline and returns the input unchanged (the Wait's output before OutputPath). */
export async function serveWait(
  o: { key: string; state: Record<string, unknown>; input: unknown; context: unknown; signal: AbortSignal },
): Promise<unknown> {
  const relative = o.state.Seconds !== undefined || o.state.SecondsPath !== undefined;
  const due = (relative && secondsDeadlines.get(o.key)) || waitDeadline(o.state, o.input, o.context);
  if (relative) secondsDeadlines.set(o.key, due);
  try {
    await sleepUntil(due, o.signal);
  } finally {
    if (relative && Date.now() >= due) secondsDeadlines.delete(o.key);
    if (o.signal.aborted) secondsDeadlines.delete(o.key);
  }
  return o.input;
}
