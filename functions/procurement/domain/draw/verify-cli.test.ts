/**
 * Strategy: run the standalone verifier as a user would (`tsx bin/verify-draw.ts`, a child process, no network)
 * on a good transcript file, the same on stdin, a tampered copy (one ranking swap), a tampered seed, and garbage;
 * assert the exit status and the last line. tsx is resolved from node_modules, not fetched.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drawRanking } from './ism-draw-1.ts';

const ROOT = resolve(__dirname, '../../../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const VERIFIER = join(ROOT, 'bin', 'verify-draw.ts');
const transcript = drawRanking({
  seed: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  projectId: '445200-2026-0001',
  pool: ['91445202MA51XQ0D4G', '91445200MA4W3K2L9P', '12440600MB2C07549J', '91440500MA4UHY7B1W', '91110000600037341L'],
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'verify-draw-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  const r = spawnSync(TSX, [VERIFIER, ...args], { input, encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, verdict: lines[lines.length - 1], stdout: r.stdout, stderr: r.stderr };
}
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

describe('bin/verify-draw.ts', () => {
  it('a good transcript: every check ok, VALID, exit 0', () => {
    const r = run([file('good.json', transcript)]);
    expect(r.status).toBe(0);
    expect(r.verdict).toBe('VALID');
    expect(r.stdout).toContain('ok    ranking = pool ordered by HMAC-SHA256(key, code)');
    expect(r.stdout).not.toContain('FAIL');
  }, 60_000);

  it('reads stdin with "-", and accepts the API body { transcript, verification }', () => {
    const r = run(['-'], JSON.stringify({ transcript, verification: { valid: true } }));
    expect(r.status).toBe(0);
    expect(r.verdict).toBe('VALID');
  }, 60_000);

  it('a tampered ranking (winner swapped with the runner-up): INVALID, exit 1, names the check', () => {
    const { ranking } = transcript;
    const r = run([file('swapped.json', { ...transcript, ranking: [ranking[1], ranking[0], ...ranking.slice(2)] })]);
    expect(r.status).toBe(1);
    expect(r.verdict).toBe('INVALID');
    expect(r.stdout).toContain('FAIL  ranking = pool ordered by HMAC-SHA256(key, code)');
  }, 60_000);

  it('a tampered seed (one hex digit): INVALID, exit 1', () => {
    const seed = `${transcript.seed.slice(0, -1)}e`;
    const r = run([file('seed.json', { ...transcript, seed })]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL  commitment = SHA-256(seed)');
  }, 60_000);

  it('no argument or unreadable JSON: exit 2 with a message on stderr', () => {
    expect(run([]).status).toBe(2);
    const r = run(['-'], '{not json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot read a JSON transcript');
  }, 60_000);
});
