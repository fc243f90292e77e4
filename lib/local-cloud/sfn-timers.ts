/**
 * Timers that survive long delays. Node's setTimeout holds at most 2^31-1 ms (24.8 days); a longer
 * delay fires after 1 ms with a TimeoutOverflowWarning. A procurement timeline waits weeks (publicity
 * windows, contract deadlines), so every wait in the local cloud goes through these helpers, which
 * chain shorter timers instead.
 */

/** Longest delay one Node timer holds. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Runs `fn` at `dueMs` (epoch ms), however far ahead; returns a cancel function. */
export function setLongTimeout(fn: () => void, dueMs: number, unref = false): () => void {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = () => {
    if (cancelled) return;
    const left = dueMs - Date.now();
    if (left <= 0) return fn();
    timer = setTimeout(left > MAX_TIMER_MS ? arm : fn, Math.min(left, MAX_TIMER_MS));
    if (unref) timer.unref();
  };
  arm();
  return () => {
    cancelled = true;
    if (timer) clearTimeout(timer);
  };
}

/** Resolves at `dueMs` (epoch ms); rejects with the signal's reason when the execution is aborted. */
export function sleepUntil(dueMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal!.reason);
    };
    const cancel = setLongTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, dueMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `work`, or rejects with `onAbort()` as soon as the signal fires (the work is left to finish alone). */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
