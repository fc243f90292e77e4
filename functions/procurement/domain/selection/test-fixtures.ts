/** Shared by the selection tests: a seed, a project id, six well-formed codes (GB 32100 shape) and a shuffle. */
export const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
export const PROJECT_ID = '445200-2026-0001';
export const A = '12440600MB2C07549J';
export const B = '91110000600037341L';
export const C = '91440500MA4UHY7B1W';
export const D = '91445200MA4W3K2L9P';
export const E = '91445202MA51XQ0D4G';
export const F = '91350100M000100Y43';
export const CONTEXT = { seed: SEED, projectId: PROJECT_ID };

/** Fisher–Yates driven by a list of random naturals (fast-check supplies them). */
export function shuffled<T>(items: readonly T[], rnd: number[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (rnd[i] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
