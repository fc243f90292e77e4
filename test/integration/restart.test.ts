// Strategy: "data kept between runs" — a second local cloud on its own ports and state folder is
// started, given a record, stopped the way a developer stops it (SIGTERM, as Ctrl-C), and started again
// without --reset: the record, its audit chain and the seed are all still there (and not seeded twice);
// then --reset starts clean. Skipped against LocalStack (it is the local cloud's own promise).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemBody, localCloudOnly } from './helpers.ts';

jest.setTimeout(180_000);

const PORT = 4640;
const API = 'http://localhost:3140';
const stateDir = mkdtempSync(join(tmpdir(), 'ism-restart-'));

async function start(...flags: string[]): Promise<ChildProcess> {
  const child = spawn('node_modules/.bin/tsx', ['lib/local-cloud/main.ts', '--port', String(PORT), '--api-port', '3140', '--state-dir', stateDir, '--no-demo-projects', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${out}`)), 120_000);
    child.stdout!.on('data', () => out.includes('local cloud ready') && (clearTimeout(timer), resolve()));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${out}`))));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function token(): Promise<string> {
  const r = await fetch(`http://localhost:${PORT}/_local/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'operator', tenant: '445203', sub: 'op-445203' }) });
  return ((await r.json()) as { token: string }).token;
}

const count = async () => ((await (await fetch(`${API}/v1/tenants/445203/service-items?status=all&limit=200`)).json()) as { items: { code: string }[] }).items.map((i) => i.code);

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('the local cloud keeps its data between runs', () => {
  localCloudOnly()('a record made before a stop is there after a start, and --reset starts clean', async () => {
    let cloud = await start('--reset');
    const seeded = await count();
    const created = await fetch(`${API}/v1/tenants/445203/service-items`, {
      method: 'POST', headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' }, body: JSON.stringify(itemBody('ZJ-445203-0777')),
    });
    expect(created.status).toBe(201);
    await stop(cloud);

    cloud = await start();
    expect((await count()).sort()).toEqual([...seeded, 'ZJ-445203-0777'].sort()); // kept, and not seeded twice
    const chain = await fetch(`${API}/v1/tenants/445203/audit/service-item/ZJ-445203-0777`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(((await chain.json()) as { verification: { verified: boolean } }).verification.verified).toBe(true);
    await stop(cloud);

    cloud = await start('--reset');
    expect(await count()).not.toContain('ZJ-445203-0777');
    await stop(cloud);
  });
});
