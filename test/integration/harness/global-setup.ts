/**
 * Starts the local cloud once for the integration suite, from a fresh state, exactly as `npm start`
 * does (a child process running lib/local-cloud/main.ts), on ports that do not collide with a
 * developer's running `npm start`. Against real LocalStack instead: set AWS_ENDPOINT_URL and
 * ISM_API_URLS (see README "Running against LocalStack"); then nothing is started here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.ISM_TEST_PORT ?? 4610);
const API_PORT = Number(process.env.ISM_TEST_API_PORT ?? 3110);

export default async function globalSetup(): Promise<void> {
  if (process.env.AWS_ENDPOINT_URL && process.env.ISM_API_URLS) {
    process.env.ISM_TEST_ENDPOINT = process.env.AWS_ENDPOINT_URL;
    process.env.ISM_TEST_TARGET = 'external';
    return;
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'ism-it-'));
  const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['lib/local-cloud/main.ts', '--reset', '--port', String(PORT), '--api-port', String(API_PORT), '--state-dir', stateDir, '--no-demo-projects'], {
    cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env }, detached: false,
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  (globalThis as Record<string, unknown>).__ISM_LOCAL_CLOUD__ = child;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not start within 120 s:\n${output}`)), 120_000);
    const check = () => {
      if (output.includes('local cloud ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited with ${code}:\n${output}`));
    });
  });
  const apis = (await (await fetch(`http://localhost:${PORT}/_local/apis`)).json()) as { city?: string; province?: string; url: string }[];
  process.env.ISM_TEST_ENDPOINT = `http://localhost:${PORT}`;
  process.env.ISM_TEST_TARGET = 'local-cloud';
  process.env.ISM_TEST_STATE_DIR = stateDir;
  // The cities' APIs, and the province's by its code (call(PROVINCE, …)).
  process.env.ISM_API_URLS = JSON.stringify(Object.fromEntries(apis.filter((a) => a.city ?? a.province).map((a) => [a.city ?? a.province, a.url])));
}
