// Strategy: the live demo of a first `npm start` (issue 4, item 13), as a visitor meets it. A local cloud of its own
// (ports 4690 / 3190, a fresh temporary state, the demo on — the integration suite's cloud runs with
// --no-demo-projects) is started the way `npm start` starts it; once its log says the demo is ready, every demo
// county is read through the public API only: agencies for its items, and one project in each state — open,
// failed, awarded with a draw that verifies, confirmed with a certificate that verifies, evaluated — with the
// periods a visitor must see (registration, publicity, contract) in real time and the county back at accelerator 1.
// Then a restart of the same state seeds nothing more.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(480_000);

const PORT = 4690;
const API_PORT = 3190;
const DAY_MS = 86_400_000;
const stateDir = mkdtempSync(join(tmpdir(), 'ism-demo-'));
const { counties } = JSON.parse(readFileSync('config/demo-seed.json', 'utf8')) as { counties: { code: string; city: string }[] };

let child: ChildProcess | undefined;
let output = '';
let apiOf: (city: string) => string;

/** Starts main.ts and resolves when its output contains `until`; rejects on exit or timeout. */
async function start(flags: string[], until: RegExp, timeoutMs: number): Promise<void> {
  output = '';
  child = spawn('node_modules/.bin/tsx', ['lib/local-cloud/main.ts', '--port', String(PORT), '--api-port', String(API_PORT), '--state-dir', stateDir, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  const c = child;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${until} within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`)), timeoutMs);
    const check = () => {
      if (until.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    c.stdout!.on('data', (d: Buffer) => ((output += d), check()));
    c.stderr!.on('data', (d: Buffer) => (output += d));
    c.once('exit', (code) => (clearTimeout(timer), reject(new Error(`local cloud exited with ${code}:\n${output.slice(-4000)}`))));
  });
  const apis = (await (await fetch(`http://localhost:${PORT}/_local/apis`)).json()) as { city?: string; url: string }[];
  apiOf = (city) => apis.find((a) => a.city === city)!.url;
}

async function stop(): Promise<void> {
  const c = child;
  child = undefined;
  if (!c || c.exitCode !== null) return;
  c.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
    c.once('exit', () => (clearTimeout(timer), resolve()));
    c.kill('SIGTERM');
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get(city: string, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${apiOf(city)}${path}`);
  return { status: res.status, body: await res.json() };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Project = Record<string, any>;
const projectsOf = async (county: { code: string; city: string }): Promise<Project[]> => (await get(county.city, `/v1/tenants/${county.code}/projects?limit=200`)).body.items;

beforeAll(async () => {
  await start(['--reset'], /local cloud ready/, 180_000);
  expect(output).toContain('demo           agencies admitted');
  // The demo runs after ready, in the background.
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/\[seed\] demo ready in/.test(output)) (clearInterval(timer), resolve());
      else if (/\[seed\] demo projects (failed|interrupted)/.test(output) || child?.exitCode !== null) (clearInterval(timer), reject(new Error(`the demo did not finish:\n${output.slice(-4000)}`)));
    }, 200);
    setTimeout(() => (clearInterval(timer), reject(new Error(`no demo within 300 s:\n${output.slice(-4000)}`))), 300_000).unref();
  });
});

afterAll(async () => {
  await stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe.each(counties)('demo county $code', (county) => {
  let projects: Project[];
  const one = (status: string) => {
    const found = projects.filter((p) => p.status === status);
    expect(found).toHaveLength(1);
    return found[0];
  };

  beforeAll(async () => {
    projects = await projectsOf(county);
  });

  it('logged its five projects', () => {
    expect(output).toContain(`[seed] ${county.code}: 5 demo projects (open, failed, awarded, confirmed, evaluated)`);
  });

  it('has at least 4 qualified agencies for two catalogue items, one with no requirement (0006) and one with a licence', async () => {
    const counts: Record<string, number> = {};
    for (const suffix of ['0006', '0001', '0004']) {
      const r = await get(county.city, `/v1/tenants/${county.code}/service-items/ZJ-${county.city}-${suffix}/qualified-agencies?limit=200`);
      expect(r.status).toBe(200);
      counts[suffix] = r.body.items.length;
    }
    expect(counts['0006']).toBeGreaterThanOrEqual(4);
    expect(Math.max(counts['0001'], counts['0004'])).toBeGreaterThanOrEqual(4);
  });

  it('shows one project in each state: open, failed, awarded, confirmed, evaluated', () => {
    expect(projects.map((p) => p.status).sort()).toEqual(['awarded', 'confirmed', 'evaluated', 'failed', 'published']);
  });

  it('keeps the open project open in real time, for days', () => {
    const open = one('published');
    expect(open.registration.accelerated).toBeUndefined();
    expect(Date.parse(open.registration.closesAt) - Date.now()).toBeGreaterThan(DAY_MS);
  });

  it('failed the project with too few registrants (流标)', () => {
    const failed = one('failed');
    expect(failed.closing.pool.length).toBeLessThan(failed.closing.minEligible);
  });

  it('awarded a project whose draw verifies, in a publicity window of real time', async () => {
    const awarded = one('awarded');
    const round = awarded.award.rounds.at(-1);
    expect(round.publicity.accelerated).toBeUndefined();
    expect(Date.parse(round.publicity.dueAt) - Date.now()).toBeGreaterThan(DAY_MS);
    const draw = await get(county.city, `/v1/tenants/${county.code}/projects/${awarded.id}/draw`);
    expect(draw.status).toBe(200);
    expect(draw.body.transcripts[0].verification.valid).toBe(true);
    expect(draw.body.transcripts[0].transcript.ranking[0]).toBe(round.code);
    expect(awarded.closing.pool.length).toBeGreaterThanOrEqual(3);
  });

  it('confirmed a project with a certificate that verifies, its contract due in real time', async () => {
    const confirmed = one('confirmed');
    expect(confirmed.award.contract.due.accelerated).toBeUndefined();
    expect(Date.parse(confirmed.award.contract.due.dueAt) - Date.now()).toBeGreaterThan(DAY_MS);
    const no = confirmed.award.certificate.certificateNo as string;
    const verification = await get(county.city, `/v1/certificates/${no}/verification`);
    expect(verification.body.result).toBe('valid');
  });

  it('evaluated a project after its contract and completion', async () => {
    const evaluated = one('evaluated');
    expect(evaluated.award.contract.signedAt).toEqual(expect.any(String));
    expect(evaluated.evaluation).toMatchObject({ quality: expect.any(Number), attitude: expect.any(Number), feeReasonableness: expect.any(Number) });
    const no = evaluated.award.certificate.certificateNo as string;
    expect((await get(county.city, `/v1/certificates/${no}/verification`)).body.result).toBe('valid');
  });

  it('is back in real time (timeAccelerator 1)', async () => {
    expect((await get(county.city, `/v1/tenants/${county.code}/policy`)).body.effective.timeAccelerator).toBe(1);
  });
});

describe('a restart of the seeded state', () => {
  it('seeds nothing more', async () => {
    const before = Object.fromEntries(await Promise.all(counties.map(async (c) => [c.code, (await projectsOf(c)).map((p) => p.id).sort()] as const)));
    await stop();
    await start([], /local cloud ready/, 180_000);
    expect(output).not.toContain('demo           agencies admitted');
    expect(output).not.toContain('[seed]');
    for (const c of counties) expect((await projectsOf(c)).map((p) => p.id).sort()).toEqual(before[c.code]);
  });
});
