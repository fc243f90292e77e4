/**
 * A bench's own local cloud (fresh state, no demo projects) on the given ports: started, waited for until ready,
 * pointed at through the harness's variables (ISM_TEST_ENDPOINT, ISM_API_URLS), then stopped and removed.
 * bench/run.ts keeps its own start, because it also times the start itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withBenchCloud<T>(ports: { port: number; apiPort: number }, name: string, run: () => Promise<T>): Promise<T> {
  const stateDir = mkdtempSync(join(tmpdir(), `ism-bench-${name}-`));
  const child = spawn('node_modules/.bin/tsx', ['lib/local-cloud/main.ts', '--reset', '--port', String(ports.port), '--api-port', String(ports.apiPort), '--state-dir', stateDir, '--no-demo-projects'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  try {
    while (!out.includes('local cloud ready')) {
      if (child.exitCode !== null) throw new Error(`local cloud exited:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.env.ISM_TEST_ENDPOINT = `http://localhost:${ports.port}`;
    process.env.ISM_API_URLS = JSON.stringify({ 445200: `http://localhost:${ports.apiPort}`, 440500: `http://localhost:${ports.apiPort + 1}` });
    return await run();
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(stateDir, { recursive: true, force: true });
  }
}
