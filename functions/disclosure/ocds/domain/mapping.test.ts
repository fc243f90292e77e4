import { POOL } from '#functions/procurement/domain/award/test-fixtures.ts';
import { transition } from '#functions/procurement/domain/project/lifecycle.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';
import { DEADLINE, publishedProject } from '#functions/procurement/domain/project/test-fixtures.ts';
import { OCDS_SCHEMAS_MISSING, ocdsSchemas, schemaErrors } from '#test/support/ocds-schema.ts';
import { compileReleases } from './compile.ts';
import { evaluatedProject } from './test-fixtures.ts';
import { clean, ocidOf, PLACEHOLDER_OCID_PREFIX, projectIdOfOcid, releasesOf, servedRelease, type MappingContext } from './mapping.ts';

const ctx: MappingContext = {
  tenant: { code: '431222', name: '沅陵县' },
  owner: { id: 'owner-1', name: '沅陵县发展和改革局', uscc: '11431222MB2C00101M' },
  agencyNames: Object.fromEntries(POOL.map((c, i) => [c, `测试中介${i + 1}号`])),
  serviceType: 'assessment',
};
const BASE = 'https://api.example.gov.cn';

const served = (p: Project) => releasesOf(p, ctx).map((r) => servedRelease(clean(r.release), ocidOf(PLACEHOLDER_OCID_PREFIX, p.id), BASE));

describe('OCDS mapping', () => {
  it('one release per stage, dated when the stage happened, with stable ids', () => {
    const p = evaluatedProject();
    const releases = releasesOf(p, ctx);
    expect(releases.map((r) => r.stage)).toEqual(['tender', 'close', 'award-1', 'award-2', 'confirm-2', 'contract', 'implementation', 'evaluation']);
    expect(releases.map((r) => r.id)).toEqual(releasesOf(p, ctx).map((r) => r.id));
    expect(new Set(releases.map((r) => r.id)).size).toBe(releases.length);
    expect(releases[0]).toMatchObject({ id: `${p.id}-tender`, date: p.publishedAt, tag: ['planning', 'tender'] });
    const dates = releases.map((r) => Date.parse(r.date));
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
  });

  it('the tender: method in Chinese, ISM-DRAW-1 with its commitment and the transcript link, budget in yuan, parties with roles', () => {
    const [tender] = served(evaluatedProject());
    const t = tender.tender as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(t).toMatchObject({ procurementMethod: 'open', procurementMethodDetails: '多选一·随机选取', status: 'active', value: { amount: 30_000, currency: 'CNY' }, mainProcurementCategory: 'services' });
    expect(t.awardCriteria).toBeUndefined();
    expect(t.awardCriteriaDetails).toContain('ISM-DRAW-1');
    expect(t.awardCriteriaDetails).toContain('c'.repeat(64));
    expect(t.awardCriteriaDetails).toContain('/draw');
    expect(t.tenderPeriod.endDate).toBe(DEADLINE);
    const parties = tender.parties as { id: string; roles: string[] }[];
    expect(parties.map((x) => x.roles)).toEqual([['buyer'], ['procuringEntity']]);
    expect(tender.buyer).toEqual({ id: 'CN-USCC-11431222MB2C00101M', name: '沅陵县发展和改革局' });
    expect((t.documents[0].url as string).startsWith(`${BASE}/v1/tenants/431222/projects/`)).toBe(true);
  });

  it('price methods: lowest price is priceOnly; average price has details only; best value is ratedCriteria', () => {
    const tenderOf = (over: Record<string, unknown>) => releasesOf(publishedProject(over), ctx)[0].release.tender as Record<string, unknown>;
    expect(tenderOf({ selectionMethod: 'lowest-price' })).toMatchObject({ awardCriteria: 'priceOnly', minValue: { amount: 10_000, currency: 'CNY' } });
    const avg = tenderOf({ selectionMethod: 'average-price' });
    expect(avg.awardCriteria).toBeUndefined();
    expect(avg.awardCriteriaDetails).toContain('均价选取');
    expect(tenderOf({ selectionMethod: 'best-value', bestValueWeights: { price: 40, qualification: 20, evaluation: 20, credit: 20 } })).toMatchObject({ awardCriteria: 'ratedCriteria' });
  });

  it('awards: the substituted winner is cancelled, the confirmed one active with its certificate; contract and evaluation follow', () => {
    const p = evaluatedProject();
    const compiled = compileReleases(ocidOf(PLACEHOLDER_OCID_PREFIX, p.id), served(p));
    const awards = compiled.awards as { id: string; status: string; documents: { documentType: string }[] }[];
    expect(awards.map((a) => a.status)).toEqual(['cancelled', 'active']);
    expect(awards[1].documents.map((d) => d.documentType)).toContain('x_selectionCertificate');
    expect(compiled.tender).toMatchObject({ status: 'complete', numberOfTenderers: 4 });
    const contracts = compiled.contracts as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(contracts).toHaveLength(1);
    expect(contracts[0]).toMatchObject({ status: 'terminated', value: { amount: 28_000, currency: 'CNY' }, awardID: awards[1].id });
    expect(contracts[0].implementation.milestones.map((m: { title: string }) => m.title)).toEqual(['服务完成', '服务评价']);
    const roles = new Map((compiled.parties as { id: string; roles: string[] }[]).map((x) => [x.id, x.roles]));
    expect(roles.get(`CN-USCC-${POOL[0]}`)).toEqual(expect.arrayContaining(['tenderer']));
  });

  it('流标 at close: the close release says unsuccessful; no award', () => {
    const published = publishedProject({ selectionMethod: 'random', priceFloorFen: undefined });
    const closed = transition(published, 'close', { at: DEADLINE });
    const failed = transition(closed, 'fail', { at: DEADLINE, reasons: [{ zh: '合格报名不足', en: 'too few' }] }, { closing: { closedAt: DEADLINE, pool: [POOL[0]], poolHash: 'x'.repeat(64), excluded: [{ code: POOL[1], reasons: [{ code: 'credit', zh: '信用受限', en: 'restricted' }] }], minEligible: 3 } });
    const releases = releasesOf(failed, ctx);
    expect(releases.map((r) => r.stage)).toEqual(['tender', 'close']);
    expect(releases[1].release.tender).toMatchObject({ status: 'unsuccessful', numberOfTenderers: 2 });
  });

  it('ocids carry the prefix; the project id comes back out of it', () => {
    expect(ocidOf('ocds-ism000', '445202-20261121-K7Q2M9')).toBe('ocds-ism000-445202-20261121-K7Q2M9');
    expect(projectIdOfOcid('ocds-ism000', 'ocds-ism000-445202-20261121-K7Q2M9')).toBe('445202-20261121-K7Q2M9');
    expect(projectIdOfOcid('ocds-ism000', 'ocds-abc123-445202-20261121-K7Q2M9')).toBeUndefined();
  });

  const schemas = ocdsSchemas();
  (schemas ? it : it.skip)(schemas ? 'every release and the compiled release validate against the official release schema' : OCDS_SCHEMAS_MISSING, () => {
    const p = evaluatedProject();
    const releases = served(p);
    for (const r of releases) expect({ id: r.id, errors: schemaErrors(schemas!.release, r) }).toEqual({ id: r.id, errors: [] });
    const compiled = compileReleases(ocidOf(PLACEHOLDER_OCID_PREFIX, p.id), releases);
    expect(schemaErrors(schemas!.release, compiled)).toEqual([]);
    const pkg = { uri: `${BASE}/v1/ocds/releases`, version: '1.1', publishedDate: '2026-04-13T10:00:00+08:00', publisher: { name: '揭阳市网上中介服务超市' }, releases };
    expect(schemaErrors(schemas!.releasePackage, pkg)).toEqual([]);
    const record = { uri: `${BASE}/v1/ocds/records/x`, version: '1.1', publishedDate: '2026-04-13T10:00:00+08:00', publisher: { name: 'x' }, records: [{ ocid: compiled.ocid, releases, compiledRelease: compiled }] };
    expect(schemaErrors(schemas!.recordPackage, record)).toEqual([]);
    // The validator is not a rubber stamp: a closed-codelist value outside the list is refused.
    expect(schemaErrors(schemas!.release, { ...releases[0], tender: { id: 'x', status: 'awarded' } }).length).toBeGreaterThan(0);
  });
  if (!schemas) it('says plainly that OCDS schema validation was skipped', () => { console.warn(OCDS_SCHEMAS_MISSING); });
});
