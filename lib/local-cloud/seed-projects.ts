/**
 * The live demo (issue 4, item 13): after the local cloud is ready, on a fresh state, the demo agencies are admitted
 * (seed-agencies.ts) and real projects (config/demo-projects.json) are driven through the real API and the real
 * timeline, so that every demo county shows one project in each state — open, failed (流标), awarded (中选公示, with
 * its verifiable ISM-DRAW-1 draw), confirmed (中选确认书 issued) and evaluated.
 *
 * Time. A deadline is computed once, when its period starts, with the county's time accelerator of that moment (a
 * sandbox county's policy `timeAccelerator`), and stored; changing the accelerator later moves no stored deadline.
 * So the demo accelerates a county only while a period must pass quickly, and puts it back to 1 before a period
 * that must stay open for a visitor starts:
 *
 *   1. open       published first, in real time (a window of 5 working days), two agencies registered;
 *   2. accelerator set so that 2 working days last about 8 s; failed, confirmed and evaluated are published
 *      (2 working days) and registered (2, 4 and 4 agencies);
 *   3. once they closed (failed: 流标) and the other two are awarded — their publicity windows computed accelerated —
 *      the accelerator goes back to 1, so that their confirmation (publicity over, seconds later) computes the
 *      contract's due date in real time: confirmed stays confirmed with its certificate;
 *   4. evaluated: the owner uploads the contract, confirms completion and evaluates, as the owner's clerk would;
 *   5. accelerated again: awarded is published and registered (4 agencies), then the accelerator goes back to 1
 *      before its registration closes, so that the award's publicity window is real: it stays awarded for
 *      3 working days (then confirms on its own, as the timeline says).
 *
 * The demo counties are left at timeAccelerator 1 (their own override keeps whatever else it held). Counties run
 * side by side; the whole demo takes about a minute. Progress goes to the log as `[seed] …` lines; the outcome
 * is kept in `<stateDir>/demo.json`, and a state that was seeded is never seeded again (a restart does nothing).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoPdf, type DemoAgency, postToS3, seedAgencies, sha256Hex } from './seed-agencies.ts';
import { type IssueToken, type SeedClaims, type SeedHttp, seedHttp, until } from './seed-http.ts';

export const DEMO_STATES = ['open', 'failed', 'awarded', 'confirmed', 'evaluated'] as const;
export type DemoState = (typeof DEMO_STATES)[number];

interface DemoProjectSpec { tenant: string; state: DemoState; item: string; name: string; budgetFen: number; serviceContent: string }
interface DemoCounty { code: string; name: string; city: string; operatorSub: string }

export interface DemoTarget { cityCode: string; apiUrl: string }

export interface DemoOutcome {
  /** running (or the process was killed while it ran), done, failed, or interrupted (the local cloud stopped during it). */
  status: 'running' | 'done' | 'failed' | 'interrupted';
  startedAt: string;
  finishedAt?: string;
  seconds?: number;
  agencies?: string[];
  /** county → state → project id */
  projects?: Record<string, Partial<Record<DemoState, string>>>;
  errors?: string[];
}

const DEMO_FILE = 'demo.json';
/**
 * How long 2 working days last while a county is accelerated: time enough to register four agencies (the functions
 * are warm by then: the open project, published and registered first, started them), short enough for a quick demo.
 */
const ACCELERATED_TWO_WORKING_DAYS_MS = 8_000;
const OPEN_WINDOW_WORKING_DAYS = 5;
const DRIVEN_WINDOW_WORKING_DAYS = 2;
const REGISTRANTS: Record<DemoState, number> = { open: 2, failed: 2, awarded: 4, confirmed: 4, evaluated: 4 };

export function readDemoOutcome(stateDir: string): DemoOutcome | undefined {
  const file = join(stateDir, DEMO_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoOutcome) : undefined;
}

const ms = (instant: string) => Date.parse(instant);

/** One county's five projects, in the order of the module comment; `ids` receives state → project id as they are published. */
async function driveCounty(http: SeedHttp, apiUrl: string, county: DemoCounty, specs: DemoProjectSpec[], agencies: DemoAgency[], ids: Partial<Record<DemoState, string>>, log: (m: string) => void): Promise<void> {
  const t = county.code;
  const operator: SeedClaims = { role: 'operator', tenant: t, sub: county.operatorSub };
  const spec = (state: DemoState) => {
    const found = specs.find((s) => s.state === state);
    if (!found) throw new Error(`config/demo-projects.json has no ${state} project for ${t}`);
    return found;
  };

  // The county's demo owner, and a clerk of it (the owner's person who submits purchase requests and contracts).
  const owners = await http.expect(200, apiUrl, 'GET', `/v1/tenants/${t}/owners`);
  const ownerId = owners.body.items[0]?.id as string | undefined;
  if (!ownerId) throw new Error(`no demo owner in ${t}`);
  const added = await http.expect(201, apiUrl, 'POST', `/v1/tenants/${t}/owners/${ownerId}/clerks`, { as: operator, body: { username: `demo-clerk-${t}`, name: '演示经办人' }, key: `demo-clerk-${t}` });
  const owner: SeedClaims = { role: 'owner', tenant: t, sub: added.body.subject };

  // The county's own policy override: only timeAccelerator is changed, the rest is put back as it was.
  const policy = await http.expect(200, apiUrl, 'GET', `/v1/tenants/${t}/policy`);
  const override = (policy.body.own?.override ?? {}) as Record<string, unknown>;
  let accelerator = policy.body.effective.timeAccelerator as number;
  const accelerate = async (n: number, client = http) => {
    if (n === accelerator) return;
    await client.expect(200, apiUrl, 'PUT', `/v1/tenants/${t}/policy`, { as: operator, body: { ...override, timeAccelerator: n } });
    accelerator = n;
  };
  /** The accelerator that makes 2 working days from now last about ACCELERATED_TWO_WORKING_DAYS_MS (the county's calendar). */
  const fast = async () => {
    const from = new Date().toISOString();
    const deadline = await http.expect(200, apiUrl, 'GET', `/v1/tenants/${t}/deadlines?from=${encodeURIComponent(from)}&workingDays=${DRIVEN_WINDOW_WORKING_DAYS}`);
    return Math.max(1, Math.min(86_400, Math.floor((ms(deadline.body.at) - ms(from)) / ACCELERATED_TWO_WORKING_DAYS_MS)));
  };

  const publish = async (s: DemoProjectSpec, windowWorkingDays: number) => {
    const body = {
      name: s.name, serviceItem: { tenant: county.city, code: `ZJ-${county.city}-${s.item}` }, ownerId, fundingType: 'fiscal', budgetFen: s.budgetFen,
      serviceContent: s.serviceContent, selectionMethod: 'random', registrationWindowWorkingDays: windowWorkingDays,
    };
    const submitted = await http.expect(201, apiUrl, 'POST', `/v1/tenants/${t}/projects`, { as: owner, body, key: `demo-project-${t}-${s.state}` });
    const id = submitted.body.id as string;
    const approved = await http.expect(200, apiUrl, 'POST', `/v1/tenants/${t}/projects/${id}/review`, { as: operator, body: { decision: 'approve' } });
    if (approved.body.status !== 'published') throw new Error(`${id}: approved but ${approved.body.status}`);
    return { id, closesAt: approved.body.registration.closesAt as string };
  };
  /** Agencies offering the item register, a different first one for each project so that the winners vary. */
  const register = async (s: DemoProjectSpec, project: { id: string; closesAt: string }) => {
    const offering = agencies.filter((a) => a.items.includes(s.item));
    const shift = DEMO_STATES.indexOf(s.state) % Math.max(1, offering.length);
    const chosen = [...offering.slice(shift), ...offering.slice(0, shift)].slice(0, REGISTRANTS[s.state]);
    if (chosen.length < REGISTRANTS[s.state]) throw new Error(`${t}: only ${chosen.length} demo agencies offer ${s.item}`);
    // The server's clock decides: a registration after the deadline is refused, and the refusal stops the demo.
    await Promise.all(chosen.map((a) => http.expect(201, apiUrl, 'POST', `/v1/tenants/${t}/projects/${project.id}/registrations`, { as: a.clerk, body: {} })));
  };
  const record = async (id: string) => (await http.expect(200, apiUrl, 'GET', `/v1/tenants/${t}/projects/${id}/record`, { as: operator })).body;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const when = (id: string, what: string, holds: (p: any) => boolean, timeoutMs = 120_000) =>
    until(async () => {
      const p = await record(id);
      return holds(p) ? p : undefined;
    }, `${id} ${what}`, http.signal, timeoutMs);
  const currentRound = (p: { award: { rounds: { publicity: { dueAt: string; accelerated?: unknown } }[] } }) => p.award.rounds.at(-1)!;

  try {
    await driveStates();
  } finally {
    // Whatever happened (the local cloud stopping included: it waits for this), the county is not left accelerated.
    if (accelerator !== 1) await accelerate(1, http.detached()).catch((e: Error) => log(`${t}: could not put timeAccelerator back to 1: ${e.message}`));
  }
  log(`${t}: ${DEMO_STATES.length} demo projects (${DEMO_STATES.join(', ')})`);

  async function driveStates() {
    // 1. Open, in real time.
    await accelerate(1);
    const open = await publish(spec('open'), OPEN_WINDOW_WORKING_DAYS);
    await register(spec('open'), open);
    ids.open = open.id;

    // 2. Failed, confirmed and evaluated, accelerated.
    const speed = await fast();
    log(`${t}: timeAccelerator ${speed} while the timeline runs (${DRIVEN_WINDOW_WORKING_DAYS} working days ≈ ${ACCELERATED_TWO_WORKING_DAYS_MS / 1000} s)`);
    await accelerate(speed);
    const [failed, confirmed, evaluated] = await Promise.all((['failed', 'confirmed', 'evaluated'] as const).map(async (state) => {
      const project = await publish(spec(state), DRIVEN_WINDOW_WORKING_DAYS);
      await register(spec(state), project);
      return project;
    }));
    ids.failed = failed.id;
    ids.confirmed = confirmed.id;
    ids.evaluated = evaluated.id;

    // 3. Closed: failed fails (流标), the other two are awarded with accelerated publicity; then real time again.
    await Promise.all([
      when(failed.id, 'failed (流标)', (p) => p.status === 'failed'),
      when(confirmed.id, 'awarded', (p) => p.status === 'awarded'),
      when(evaluated.id, 'awarded', (p) => p.status === 'awarded'),
    ]);
    await accelerate(1);
    const stillInPublicity = currentRound(await record(confirmed.id)).publicity.dueAt;
    if (Date.now() >= ms(stillInPublicity)) log(`${t}: warning — ${confirmed.id}'s publicity ended before the accelerator was back to 1: its contract period is accelerated too`);
    const [confirmedProject] = await Promise.all([
      when(confirmed.id, 'confirmed with a certificate', (p) => p.status === 'confirmed' && Boolean(p.award?.certificate?.certificateNo)),
      when(evaluated.id, 'confirmed', (p) => p.status !== 'awarded'),
    ]);
    if (confirmedProject.award.contract?.due?.accelerated) log(`${t}: warning — ${confirmed.id}'s contract period was computed accelerated`);

    // 4. Evaluated: contract (a PDF through the presigned POST, checked by size, type and SHA-256), completion, evaluation.
    await when(evaluated.id, 'waiting for the contract', (p) => p.status === 'confirmed' && p.waitingFor?.step === 'await-contract');
    const base = `/v1/tenants/${t}/projects/${evaluated.id}`;
    const pdf = await demoPdf(`contract ${evaluated.id}`);
    const upload = await http.expect(201, apiUrl, 'POST', `${base}/contract/upload`, { as: owner, body: { sha256: sha256Hex(pdf), sizeBytes: pdf.length, contentType: 'application/pdf', filename: '服务合同.pdf' } });
    await postToS3(upload.body, pdf, 'contract.pdf', http.signal);
    const amountFen = Math.round(spec('evaluated').budgetFen * 0.92 / 100) * 100;
    await http.expect(200, apiUrl, 'POST', `${base}/contract`, { as: owner, body: { documentId: upload.body.documentId, amountFen } });
    await when(evaluated.id, 'waiting for completion', (p) => p.waitingFor?.step === 'await-completion');
    await http.expect(200, apiUrl, 'POST', `${base}/completion`, { as: owner, body: { note: '已按合同约定提交成果并通过验收' } });
    await when(evaluated.id, 'waiting for the evaluation', (p) => p.waitingFor?.step === 'await-evaluation');
    await http.expect(200, apiUrl, 'POST', `${base}/evaluation`, { as: owner, body: { quality: 5, attitude: 5, feeReasonableness: 4, comment: '报告质量好，按时完成，沟通顺畅' } });
    await when(evaluated.id, 'evaluated', (p) => p.status === 'evaluated');

    // 5. Awarded: a quick window, then real time before it closes, so that its publicity lasts 3 real working days.
    await accelerate(await fast());
    const awarded = await publish(spec('awarded'), DRIVEN_WINDOW_WORKING_DAYS);
    ids.awarded = awarded.id;
    await register(spec('awarded'), awarded);
    await accelerate(1);
    if (Date.now() >= ms(awarded.closesAt)) log(`${t}: warning — ${awarded.id} closed before the accelerator was back to 1: its publicity is accelerated too`);
    const awardedProject = await when(awarded.id, 'awarded', (p) => p.status === 'awarded');
    if (currentRound(awardedProject).publicity.accelerated) log(`${t}: warning — ${awarded.id}'s publicity was computed accelerated`);
  }
}

/**
 * Admits the demo agencies, then drives every demo county's projects side by side. Never throws: the outcome (and
 * any error) is logged and written to `<stateDir>/demo.json`. `signal` stops it (the local cloud is stopping).
 */
export async function seedDemoProjects(o: { repoRoot: string; stateDir: string; targets: DemoTarget[]; issueToken: IssueToken; log: (m: string) => void; signal: AbortSignal }): Promise<DemoOutcome> {
  const started = Date.now();
  const outcome: DemoOutcome = { status: 'running', startedAt: new Date(started).toISOString(), projects: {}, errors: [] };
  const save = () => {
    try {
      writeFileSync(join(o.stateDir, DEMO_FILE), JSON.stringify(outcome, null, 2));
    } catch (error) {
      o.log(`could not write ${DEMO_FILE}: ${(error as Error).message}`);
    }
  };
  save();
  const http = seedHttp(o.issueToken, o.signal);
  const cities = new Map(o.targets.map((x) => [x.cityCode, x.apiUrl]));
  try {
    const { counties } = JSON.parse(readFileSync(join(o.repoRoot, 'config/demo-seed.json'), 'utf8')) as { counties: DemoCounty[] };
    const { projects } = JSON.parse(readFileSync(join(o.repoRoot, 'config/demo-projects.json'), 'utf8')) as { projects: DemoProjectSpec[] };
    const agencies = await seedAgencies(o.repoRoot, cities, http);
    outcome.agencies = agencies.map((a) => a.uscc);
    o.log(`${agencies.length} demo agencies admitted (申请即入), listed in ${cities.size} cities; driving the demo projects…`);
    save();
    const results = await Promise.allSettled(counties.filter((c) => cities.has(c.city)).map(async (county) => {
      // Filled in as each project is published, so that a demo that stops half-way says how far it came.
      const ids: Partial<Record<DemoState, string>> = (outcome.projects![county.code] = {});
      await driveCounty(http, cities.get(county.city)!, county, projects.filter((p) => p.tenant === county.code), agencies, ids, o.log);
      save();
    }));
    for (const r of results) if (r.status === 'rejected') outcome.errors!.push((r.reason as Error).message);
  } catch (error) {
    outcome.errors!.push((error as Error).message);
  }
  outcome.status = o.signal.aborted ? 'interrupted' : outcome.errors!.length ? 'failed' : 'done';
  outcome.finishedAt = new Date().toISOString();
  outcome.seconds = Math.round((Date.now() - started) / 100) / 10;
  save();
  if (o.signal.aborted) o.log(`demo projects interrupted after ${outcome.seconds} s (the local cloud is stopping)`);
  else if (outcome.errors!.length) o.log(`demo projects failed after ${outcome.seconds} s: ${outcome.errors!.join(' | ')}`);
  else o.log(`demo ready in ${outcome.seconds} s: ${outcome.agencies!.length} agencies, ${Object.values(outcome.projects!).reduce((n, p) => n + Object.keys(p).length, 0)} projects; demo counties back at timeAccelerator 1 (real time)`);
  return outcome;
}
