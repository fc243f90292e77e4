/**
 * Tenant policy and calendar API. Trigger: routes of functions/tenancy/policy-routes.ts.
 * PUT validates the override against the effective policy of the level above (bounds and directions of
 * domain/policy/policy-rules.ts) and stores a new version with its audit entry; a province policy is
 * also published (TenantPolicyChanged) so that every city of the province applies it.
 */
import { authorize } from '#shared/auth/authorize.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { policyStore } from './adapters/policy-store.ts';
import { NATIONAL_HOLIDAY_YEARS, createWorkingDayCalendar } from './domain/calendar/index.ts';
import { validatePolicyOverride } from './domain/policy/index.ts';
import { calendarOf, effectivePolicy, parentPolicy, type TenantPolicyView } from './effective-policy.ts';
import { policyRoutes } from './policy-routes.ts';

function view(v: TenantPolicyView) {
  return {
    tenant: v.tenant.code, level: v.tenant.level, effective: v.policy, sources: v.sources, chain: v.chain, problems: v.problems,
    ...(v.own ? { own: { override: v.own.override, version: v.own.version, updatedAt: v.own.updatedAt } } : {}),
  };
}

export const handler = httpHandler(policyRoutes, {
  async getPolicy({ params }) {
    return { body: view(await effectivePolicy(params.tenant)) };
  },

  async putPolicy({ params, body, caller }) {
    const tenant = await authorize(caller, 'policy.write', params.tenant, tenantStore);
    if (tenant.level === 'province' && caller.role !== 'province-admin') {
      throw problems.forbidden({ zh: '全省策略只能由省级管理员设置', en: 'only a province-admin sets the province policy' });
    }
    const found = validatePolicyOverride(body, await parentPolicy(tenant), { sandbox: tenant.sandbox, level: tenant.level });
    if (found.length > 0) throw problems.validation(found.map((p) => ({ ...p, path: `body.${p.path}` })));
    await withConflictRetry(async () => {
      const current = await policyStore.get(tenant.code);
      const uow = new UnitOfWork({ sub: caller.sub, role: caller.role, tenant: caller.tenant });
      const stored = { tenant: tenant.code, override: body as Record<string, unknown>, version: (current?.version ?? 0) + 1, updatedAt: uow.at, updatedBy: caller.sub };
      policyStore.stage(uow, stored);
      await uow.audit(tenant.code, 'policy', tenant.code, 'policy.changed', { version: stored.version, override: stored.override });
      uow.event('TenantPolicyChanged', tenant.code, { level: tenant.level, policy: stored });
      await uow.commit();
    });
    return { body: view(await effectivePolicy(tenant.code)) };
  },

  async getCalendar({ params, query }) {
    const { calendar } = await calendarOf(params.tenant);
    const national = NATIONAL_HOLIDAY_YEARS.find((y) => y.year === query.year);
    const days = [];
    for (let d = new Date(Date.UTC(query.year, 0, 1)); d.getUTCFullYear() === query.year; d.setUTCDate(d.getUTCDate() + 1)) {
      const info = calendar.describeDay(d.toISOString().slice(0, 10));
      if (info.kind !== 'weekday' && info.kind !== 'weekend') days.push(info);
    }
    return {
      body: {
        tenant: params.tenant, year: query.year, version: calendar.version, nationalVersion: createWorkingDayCalendar().version,
        provisional: calendar.isProvisional(`${query.year}-06-30`),
        source: national?.source ?? null,
        note: national ? undefined : '该年度放假安排尚未公布：仅按周末与法定固定日期节假日推算（临时） / Not yet announced: weekends and fixed-date statutory holidays only (provisional)',
        days,
      },
    };
  },

  async computeDeadline({ params, query }) {
    if (!(await tenantStore.get(params.tenant))) throw problems.tenantNotFound(params.tenant);
    const { calendar } = await calendarOf(params.tenant);
    return { body: calendar.addWorkingDays(query.from, query.workingDays) };
  },
});
