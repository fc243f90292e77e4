/**
 * Supervision API (监管): the inspector roster (执法检查人员名录库), 双随机、一公开 spot checks and red flags (风险预警).
 * Trigger: API Gateway routes of functions/supervision/routes.ts.
 *
 * Rosters and spot checks are run by the operators and regulators of the tenant (or of its city, or the province);
 * a spot check, once planned, is public (一公开): its commitment at once, its draw and results when they happen.
 * Every change is one transaction with its audit entry (entities `inspector`, `spot-check`). Red flags are computed
 * on request from the stored projects (domain/red-flags.ts); nothing is stored.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { authorize, type Permission } from '#shared/auth/authorize.ts';
import { actorOf, type Caller } from '#shared/auth/caller.ts';
import { USCC_CHARSET } from '#shared/codes/uscc.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import type { Tenant } from '#shared/tenancy/tenant.ts';
import { itemKey } from '#functions/agencies/domain/offered-item.ts';
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { visibleItems } from '#functions/catalog/visible-items.ts';
import { commitmentOf, newSeed } from '#functions/procurement/domain/draw/ism-draw-1.ts';
import { effectivePolicy } from '#functions/tenancy/effective-policy.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { creditRowsOf, inspectorStore, projectsForRedFlags, spotCheckStore } from './adapters/supervision-store.ts';
import { changeInspector, inspectorView, newInspectorId, registerInspector, type Inspector } from './domain/inspector.ts';
import { inPeriod, redFlags, redFlagsCsv, RED_FLAG_RULES } from './domain/red-flags.ts';
import { assertMayRun, drawSpotCheck, inspectedIndustries, planSpotCheck, publicSpotCheck, recordResult, scopeIndustries, spotCheckPool, type SpotCheck, type VisibleItems } from './domain/spot-check.ts';
import { verifySpotCheck } from './domain/verify-spot-check.ts';
import { supervisionRoutes } from './routes.ts';

const province = () => requireEnv(ENV.provinceCode);
const MAX_STORED_BYTES = 380_000;

/** Rosters and spot checks belong to a city or a county (the province's offices act through them). */
async function localTenant(caller: Caller, permission: Permission, code: string): Promise<Tenant> {
  const tenant = await authorize(caller, permission, code, tenantStore);
  if (tenant.level === 'province') throw problems.forbidden({ zh: '检查人员名录库和抽查由市或县区建立', en: 'rosters and spot checks are kept by a city or a county' });
  return tenant;
}

async function commitInspector(caller: Caller, inspector: Inspector, action: string, reason?: string): Promise<void> {
  const uow = new UnitOfWork(actorOf(caller));
  inspectorStore.stage(uow, inspector);
  await uow.audit(inspector.tenant, 'inspector', inspector.id, action, { ...(reason ? { reason } : {}), inspector }, { newChain: inspector.version === 1 });
  await uow.commit();
}

async function commitSpotCheck(caller: Caller, check: SpotCheck, action: string, data: unknown, extra?: (uow: UnitOfWork) => void): Promise<void> {
  const uow = new UnitOfWork(actorOf(caller));
  spotCheckStore.stage(uow, check);
  extra?.(uow);
  await uow.audit(check.tenant, 'spot-check', check.id, action, data, { newChain: check.version === 1 });
  await uow.commit();
}

/** What the tenant's catalogue shows (its own items and, for a county, its city's), by item key, with the industry. */
async function visibleIndustries(tenant: string): Promise<VisibleItems> {
  return new Map((await visibleItems(tenant)).filter((i) => i.status !== 'retired').map((i) => [itemKey(i), { industry: i.industry }]));
}

async function loadSpotCheck(tenant: string, id: string): Promise<SpotCheck> {
  const check = await spotCheckStore.get(tenant, id);
  if (!check) throw problems.notFound({ zh: `抽查 ${id}`, en: `Spot check ${id}` });
  return check;
}

const newSpotCheckId = (tenant: string, now: Date) => {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `SC-${tenant}-${day}-${Array.from({ length: 6 }, () => USCC_CHARSET[randomInt(USCC_CHARSET.length)]).join('')}`;
};

const publishedBody = (check: SpotCheck) => {
  const body = publicSpotCheck(check);
  return check.draw ? { ...body, verification: verifySpotCheck(JSON.parse(JSON.stringify(body))) } : body;
};

/** The tenant and, for a city, its counties: a city office supervises its counties' supermarkets too. */
async function supervisedTenants(tenant: Tenant): Promise<string[]> {
  if (tenant.level !== 'city') return [tenant.code];
  const counties = (await tenantStore.listCounties()).filter((t) => t.parent === tenant.code).map((t) => t.code);
  return [tenant.code, ...counties];
}

export const handler = httpHandler(supervisionRoutes, {
  async registerInspector({ params, body, caller }) {
    const tenant = await localTenant(caller, 'inspector.manage', params.tenant);
    const inspector = await withConflictRetry(async () => {
      const registered = registerInspector(tenant.code, newInspectorId(tenant.code, randomBytes(8)), body, caller.sub, new Date().toISOString());
      await commitInspector(caller, registered, 'inspector.registered');
      return registered;
    });
    return { status: 201, body: inspectorView(inspector), headers: { location: `/v1/tenants/${inspector.tenant}/inspectors/${inspector.id}` } };
  },

  async listInspectors({ params, query, caller }) {
    await authorize(caller, 'inspector.manage', params.tenant, tenantStore);
    const all = (await inspectorStore.list(params.tenant)).filter((i) => query.status === 'all' || i.status === query.status)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    return { body: pageOf(all.map(inspectorView), query.limit, query.cursor) };
  },

  async getInspector({ params, caller }) {
    await authorize(caller, 'inspector.manage', params.tenant, tenantStore);
    const inspector = await inspectorStore.get(params.tenant, params.id);
    if (!inspector) throw problems.notFound({ zh: `执法检查人员 ${params.id}`, en: `Inspector ${params.id}` });
    return { body: inspectorView(inspector) };
  },

  async changeInspector({ params, body, caller }) {
    await authorize(caller, 'inspector.manage', params.tenant, tenantStore);
    const inspector = await withConflictRetry(async () => {
      const current = await inspectorStore.get(params.tenant, params.id);
      const changed = changeInspector(current, body, caller.sub, new Date().toISOString());
      await commitInspector(caller, changed, current!.status === changed.status ? 'inspector.changed' : `inspector.${changed.status === 'suspended' ? 'suspended' : 'reactivated'}`, body.reason);
      return changed;
    });
    return { body: inspectorView(inspector) };
  },

  async planSpotCheck({ params, body, caller }) {
    const tenant = await localTenant(caller, 'spot-check.manage', params.tenant);
    const visible = await visibleIndustries(tenant.code);
    scopeIndustries(body.scope, visible); // refuses items the tenant's catalogue does not show
    assertMayRun(caller, body.scope, visible);
    const now = new Date();
    const seed = newSeed();
    const check = await withConflictRetry(async () => {
      const planned = planSpotCheck(newSpotCheckId(tenant.code, now), tenant.code, body, commitmentOf(seed), caller.sub, now.toISOString());
      await commitSpotCheck(caller, planned, 'spot-check.planned', { plan: publicSpotCheck(planned) }, (uow) => spotCheckStore.stageSeed(uow, tenant.code, planned.id, seed, planned.commitment));
      return planned;
    });
    return { status: 201, body: publishedBody(check), headers: { location: `/v1/tenants/${check.tenant}/spot-checks/${check.id}` } };
  },

  async listSpotChecks({ params, query }) {
    if (!(await tenantStore.get(params.tenant))) throw problems.tenantNotFound(params.tenant);
    const checks = (await spotCheckStore.list(params.tenant)).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .map((c) => ({ id: c.id, name: c.name, status: c.status, scope: c.scope, sampleSize: c.sampleSize, commitment: c.commitment, createdAt: c.createdAt, drawnAt: c.draw?.drawnAt, results: c.results.length }));
    return { body: pageOf(checks, query.limit, query.cursor) };
  },

  async getSpotCheck({ params }) {
    if (!(await tenantStore.get(params.tenant))) throw problems.tenantNotFound(params.tenant);
    return { body: publishedBody(await loadSpotCheck(params.tenant, params.id)) };
  },

  async drawSpotCheck({ params, caller }) {
    const tenant = await localTenant(caller, 'spot-check.manage', params.tenant);
    // 市级统筹: a county sends its own inspectors and its city's (as a county draws scorers from its city's experts).
    const rosters = tenant.level === 'county' && tenant.parent ? [tenant.code, tenant.parent] : [tenant.code];
    const drawn = await withConflictRetry(async () => {
      const plan = await loadSpotCheck(params.tenant, params.id);
      if (plan.status !== 'planned') throw problems.conflict('spot-check.already-drawn', '本次抽查已经抽取', 'This spot check has already been drawn', { status: plan.status });
      const seed = await spotCheckStore.seed(params.tenant, params.id);
      if (!seed) throw problems.internal();
      const now = new Date();
      const [agencies, visible, inspectors] = await Promise.all([agencyStore.list(province()), visibleIndustries(params.tenant), Promise.all(rosters.map((r) => inspectorStore.list(r))).then((lists) => lists.flat())]);
      assertMayRun(caller, plan.scope, visible);
      // Credit rows only for the agencies in scope: two reads each, not two per agency of the province.
      const inScope = agencies.filter((a) => inspectedIndustries(a, plan.scope, params.tenant, visible).length > 0);
      const credit = new Map(await Promise.all(inScope.map(async (a) => [a.uscc, await creditRowsOf(province(), a.uscc)] as const)));
      const { pool, excluded } = spotCheckPool(inScope, plan.scope, params.tenant, visible, (uscc) => credit.get(uscc) ?? {}, now.getTime());
      const next = drawSpotCheck(plan, { seed, pool, excluded, inspectors, at: now.toISOString(), by: caller.sub });
      // One DynamoDB item holds the frozen pools (400 KB at most): measured 347 KB for 1,000 agencies, 200 drawn, 30 inspectors.
      if (Buffer.byteLength(JSON.stringify(next)) > MAX_STORED_BYTES) {
        throw problems.conflict('spot-check.too-large', `抽查范围过大（${pool.length} 家机构、抽取 ${next.draw!.assignments.length} 家），请按行业或事项拆分`, `The spot check is too large to store (${pool.length} agencies, ${next.draw!.assignments.length} drawn): split it by industry or item`);
      }
      await commitSpotCheck(caller, next, 'spot-check.drawn', {
        poolHash: next.draw!.poolHash, pool: next.draw!.pool.map((m) => `${m.code}*${m.weight}`),
        drawn: next.draw!.assignments.map((a) => ({ agency: a.agency, inspectors: a.inspectors.map((i) => i.id), excludedInspectors: a.excludedInspectors })),
      });
      return next;
    });
    return { body: publishedBody(drawn) };
  },

  async recordSpotCheckResult({ params, body, caller }) {
    await localTenant(caller, 'spot-check.manage', params.tenant);
    const next = await withConflictRetry(async () => {
      const plan = await loadSpotCheck(params.tenant, params.id);
      if (caller.role === 'regulator') assertMayRun(caller, plan.scope, await visibleIndustries(params.tenant));
      const recorded = recordResult(plan, body, caller.sub, new Date().toISOString());
      await commitSpotCheck(caller, recorded, 'spot-check.result-published', { result: body });
      return recorded;
    });
    return { body: publishedBody(next) };
  },

  async listRedFlags({ params, query, caller }) {
    const tenant = await authorize(caller, 'red-flags.read', params.tenant, tenantStore);
    const codes = await supervisedTenants(tenant);
    const policies = new Map<string, TenantPolicy>(await Promise.all(codes.map(async (c) => [c, (await effectivePolicy(c)).policy] as const)));
    const projects = inPeriod((await Promise.all(codes.map((c) => projectsForRedFlags(c)))).flat(), query.from, query.to);
    const flags = redFlags(projects, (t) => policies.get(t)!, Date.now(), query.rule ? [query.rule] : RED_FLAG_RULES);
    if (query.format === 'csv') {
      return { binary: { contentType: 'text/csv; charset=utf-8', data: Buffer.from(redFlagsCsv(flags), 'utf8') }, headers: { 'content-disposition': `attachment; filename="red-flags-${params.tenant}.csv"` } };
    }
    return { body: { tenant: params.tenant, tenants: codes, from: query.from, to: query.to, projects: projects.length, count: flags.length, items: flags } };
  },
});
