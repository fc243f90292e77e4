// Strategy: four projects run end to end through the local cloud in a county of their own (潮阳, 汕头; sandbox, one
// day per 4 seconds) — random with contract and evaluation, a 流标 (one registrant of three needed), lowest price with
// sealed quotes, and 直购 (direct purchase) — then EVERY OCDS package the API serves for them (the feed page by page
// from before the first one, and each project's record) is validated against the official OCDS 1.1.5 schemas read
// from ../shared/reference (ajv + ajv-formats; the release schema registered under its public URL, offline). Without
// that folder the validation test is skipped and says so. Content is checked against what the scenario did; the
// CSV downloads too.
import { OCDS_SCHEMAS_MISSING, ocdsSchemas, schemaErrors } from '#test/support/ocds-schema.ts';
import { call, eventually, SHANTOU } from './helpers.ts';
import { accelerate, onboardCounty, ownerClerk } from './procurement-fixtures.ts';
import { directPurchaseConfirmed, failedAtClose, lowestPriceConfirmed, randomToEvaluation } from './disclosure-fixtures.ts';

jest.setTimeout(240_000);
const city = SHANTOU;
const tenant = '440512'; // 濠江区 (a county no other test file onboards: the integration files share one local cloud)
const base = `/v1/tenants/${tenant}/projects`;
const ocid = (id: string) => `ocds-ism000-${id}`;
const started = new Date().toISOString();

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ids: { random?: string; failed?: string; price?: string; direct?: string } = {};
const winners: { random?: string; price?: string; direct?: string } = {};

/** The project's record once the projector has written the stage `stage`. */
async function recordWith(id: string, stage: string): Promise<Body> {
  return eventually(async () => {
    const r = await call(city, 'GET', `/v1/ocds/records/${ocid(id)}`);
    return r.status === 200 && r.body.records[0].releases.some((x: Body) => x.id === `${id}-${stage}`) ? r.body : undefined;
  }, 30_000);
}

/** Every page of the feed from `since`, following the cursor. */
async function feed(since: string, limit = 5): Promise<Body[]> {
  const pages: Body[] = [];
  let next: string | undefined = `/v1/ocds/releases?since=${encodeURIComponent(since)}&limit=${limit}`;
  while (next) {
    const r: { status: number; body: Body } = await call(city, 'GET', next);
    if (r.status === 204) break;
    expect(r.status).toBe(200);
    pages.push(r.body);
    next = r.body.nextCursor ? `/v1/ocds/releases?since=${encodeURIComponent(since)}&limit=${limit}&cursor=${r.body.nextCursor}` : undefined;
  }
  return pages;
}

let records: Record<string, Body> = {};
let pages: Body[] = [];

beforeAll(async () => {
  await onboardCounty(city, tenant, '濠江区');
  await accelerate(city, tenant, 21_600);
  const owner = await ownerClerk(city, tenant);
  const [random, failed, price, direct] = await Promise.all([randomToEvaluation(city, tenant, owner), failedAtClose(city, tenant, owner), lowestPriceConfirmed(city, tenant, owner), directPurchaseConfirmed(city, tenant)]);
  Object.assign(ids, { random: random.id, failed: failed.id, price: price.id, direct: direct.id });
  Object.assign(winners, { random: random.winner, price: price.winner, direct: direct.winner });
  records = {
    random: await recordWith(ids.random!, 'evaluation'),
    failed: await recordWith(ids.failed!, 'close'),
    price: await recordWith(ids.price!, 'confirm-1'),
    direct: await recordWith(ids.direct!, 'confirm-1'),
  };
  pages = await feed(started);
});

describe('OCDS open data for the end-to-end scenarios', () => {
  const schemas = ocdsSchemas();
  (schemas ? it : it.skip)(schemas ? 'every package served validates against the official OCDS 1.1.5 schemas' : OCDS_SCHEMAS_MISSING, () => {
    expect(pages.length).toBeGreaterThan(1); // several pages: the cursor was followed
    for (const [i, page] of pages.entries()) expect({ page: i, errors: schemaErrors(schemas!.releasePackage, page) }).toEqual({ page: i, errors: [] });
    for (const [name, record] of Object.entries(records)) expect({ name, errors: schemaErrors(schemas!.recordPackage, record) }).toEqual({ name, errors: [] });
  });
  if (!schemas) it('reports that the OCDS schemas were not found', () => { console.warn(OCDS_SCHEMAS_MISSING); });

  it('the feed holds every stage of the four projects once, ordered by release date', () => {
    const releases = pages.flatMap((p) => p.releases as Body[]);
    const ours = releases.filter((r) => Object.values(ids).some((id) => r.ocid === ocid(id!)));
    expect(new Set(ours.map((r) => r.id)).size).toBe(ours.length);
    const dates = releases.map((r) => Date.parse(r.date));
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    const stagesOf = (id: string) => ours.filter((r) => r.ocid === ocid(id)).map((r) => r.id.slice(id.length + 1));
    expect(stagesOf(ids.random!)).toEqual(['tender', 'close', 'award-1', 'confirm-1', 'contract', 'implementation', 'evaluation']);
    expect(stagesOf(ids.failed!)).toEqual(['tender', 'close']);
    expect(stagesOf(ids.price!)).toEqual(['tender', 'close', 'award-1', 'confirm-1']);
    expect(stagesOf(ids.direct!)).toEqual(['tender', 'close', 'award-1', 'confirm-1']);
    // A later `since` returns only what is dated after it.
    const cut = ours.find((r) => r.id.endsWith('-contract'))!.date;
    expect(releases.filter((r) => Date.parse(r.date) > Date.parse(cut)).every((r) => Date.parse(r.date) > Date.parse(cut))).toBe(true);
  });

  it('random: ISM-DRAW-1 in awardCriteriaDetails with the commitment, the winner active, the contract and the evaluation', async () => {
    const compiled = records.random.records[0].compiledRelease;
    const project = (await call(city, 'GET', `${base}/${ids.random}`)).body;
    expect(compiled.tender).toMatchObject({ procurementMethod: 'open', procurementMethodDetails: '多选一·随机选取', status: 'complete', numberOfTenderers: 4, value: { amount: 50_000, currency: 'CNY' } });
    expect(compiled.tender.awardCriteriaDetails).toContain(project.draw.commitment);
    expect(compiled.tender.awardCriteriaDetails).toContain(`/v1/tenants/${tenant}/projects/${ids.random}/draw`);
    expect(compiled.awards).toEqual([expect.objectContaining({ status: 'active', suppliers: [expect.objectContaining({ id: `CN-USCC-${winners.random}` })] })]);
    expect(compiled.awards[0].documents.map((d: Body) => d.documentType)).toEqual(expect.arrayContaining(['awardNotice', 'x_selectionCertificate']));
    expect(compiled.contracts[0]).toMatchObject({ status: 'terminated', value: { amount: 42_000, currency: 'CNY' } });
    expect(compiled.contracts[0].implementation.milestones.map((m: Body) => m.title)).toEqual(['服务完成', '服务评价']);
    const roles = new Map((compiled.parties as Body[]).map((p) => [p.id, p.roles]));
    expect([...roles.values()].flat()).toEqual(expect.arrayContaining(['buyer', 'procuringEntity', 'tenderer', 'supplier']));
    expect(compiled.buyer.id).toMatch(/^CN-USCC-|^ISM-OWNER-/);
    // Links are absolute under the API that served them.
    expect(compiled.tender.documents[0].url).toMatch(new RegExp(`^http://localhost:\\d+/v1/tenants/${tenant}/projects/`));
  });

  it('流标: the close release says unsuccessful, with one tenderer and no award', () => {
    const compiled = records.failed.records[0].compiledRelease;
    expect(compiled.tender).toMatchObject({ status: 'unsuccessful', numberOfTenderers: 1 });
    expect(compiled.awards).toBeUndefined();
  });

  it('lowest price: priceOnly, the lowest opened quote as the award value; 直购: procurementMethod direct', () => {
    const price = records.price.records[0].compiledRelease;
    expect(price.tender).toMatchObject({ awardCriteria: 'priceOnly', minValue: { amount: 20_000, currency: 'CNY' } });
    expect(price.awards[0]).toMatchObject({ status: 'active', value: { amount: 30_000, currency: 'CNY' }, suppliers: [expect.objectContaining({ id: `CN-USCC-${winners.price}` })] });
    const direct = records.direct.records[0].compiledRelease;
    expect(direct.tender).toMatchObject({ procurementMethod: 'direct', procurementMethodDetails: '直购·直接选取' });
    expect(direct.awards[0].suppliers[0].id).toBe(`CN-USCC-${winners.direct}`);
  });

  it('an unknown ocid is 404; the record says nothing private', async () => {
    expect((await call(city, 'GET', `/v1/ocds/records/ocds-ism000-${tenant}-20260101-ZZZZZZ`)).status).toBe(404);
    expect((await call(city, 'GET', `/v1/ocds/records/ocds-other-${ids.random}`)).status).toBe(404);
    const text = JSON.stringify(records);
    for (const secret of ['pendingTask', 'token', 'phone', 'idNumber', 'salt']) expect(text).not.toContain(`"${secret}`);
  });

  it('CSV downloads: UTF-8 with BOM, one line per project; awards of the period', async () => {
    const res = await fetch(`${process.env.ISM_API_URLS ? JSON.parse(process.env.ISM_API_URLS)[city] : ''}/v1/tenants/${tenant}/projects.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toContain('项目编号,ocid,项目名称,状态');
    for (const id of Object.values(ids)) expect(lines.some((l) => l.startsWith(`${id},`))).toBe(true);
    expect(lines.find((l) => l.startsWith(`${ids.failed},`))).toContain('流标');
    // The summaries are written by the projector right after the releases: wait for the last one.
    const expected = [ids.random, ids.price, ids.direct].sort();
    const rows = await eventually(async () => {
      const awards = await call(city, 'GET', `/v1/awards.csv?tenant=${tenant}`);
      expect(awards.status).toBe(200);
      const found = String(awards.body).trim().split('\r\n').slice(1).map((r) => r.split(',')[0]).sort();
      return JSON.stringify(found) === JSON.stringify(expected) ? found : undefined;
    }, 20_000);
    expect(rows).toEqual(expected);
  });
});
