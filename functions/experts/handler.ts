/**
 * Expert pool API (评审专家库). Trigger: API Gateway routes of functions/experts/routes.ts.
 * Nothing here is public: an operator of the roster's tenant (or of its city, or the province) adds and changes
 * experts; operators, regulators and the province read the roster (the phone to operators only). Every change is
 * one transaction: the record, its version row and the audit entry (entity `expert`, phone masked, the reason
 * stated). Creation honours Idempotency-Key; changes are guarded by the version they were based on.
 * The scorer draw itself runs in the procurement timeline (domain/scorer-draw.ts over `listActiveExperts`).
 */
import { randomBytes } from 'node:crypto';
import { authorize } from '#shared/auth/authorize.ts';
import { actorOf, type Caller } from '#shared/auth/caller.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { expertStore } from './adapters/expert-store.ts';
import { newExpertId, type Expert } from './domain/expert.ts';
import { auditedExpert, changeAction, changeExpert, registerExpert } from './domain/expert-rules.ts';
import { expertView, matchesExpertFilter } from './domain/expert-views.ts';
import { expertRoutes } from './routes.ts';


async function commitExpert(caller: Caller, expert: Expert, action: string, reason?: string): Promise<void> {
  const uow = new UnitOfWork(actorOf(caller));
  expertStore.stage(uow, expert);
  await uow.audit(expert.tenant, 'expert', expert.id, action, { ...(reason ? { reason } : {}), expert: auditedExpert(expert) });
  await uow.commit();
}

async function readableExpert(caller: Caller, tenant: string, id: string): Promise<Expert> {
  await authorize(caller, 'expert.read', tenant, tenantStore);
  const expert = await expertStore.get(tenant, id);
  if (!expert) throw problems.notFound({ zh: `评审专家 ${id}`, en: `Expert ${id}` });
  return expert;
}

export const handler = httpHandler(expertRoutes, {
  async registerExpert({ params, body, caller }) {
    const tenant = await authorize(caller, 'expert.manage', params.tenant, tenantStore);
    if (tenant.level === 'province') {
      throw problems.forbidden({ zh: '评审专家库由市或县区建立', en: 'expert rosters are kept by a city or a county' });
    }
    // A fresh id on each attempt: a collision (or any lost race) fails the write's condition and is retried.
    const expert = await withConflictRetry(async () => {
      const registered = registerExpert(tenant.code, newExpertId(tenant.code, randomBytes(8)), body, caller.sub, new Date().toISOString());
      await commitExpert(caller, registered, 'expert.registered');
      return registered;
    });
    return { status: 201, body: expertView(expert, caller.role), headers: { location: `/v1/tenants/${expert.tenant}/experts/${expert.id}` } };
  },

  async listExperts({ params, query, caller }) {
    await authorize(caller, 'expert.read', params.tenant, tenantStore);
    const experts = (await expertStore.list(params.tenant)).filter((e) => matchesExpertFilter(e, query))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    return { body: pageOf(experts.map((e) => expertView(e, caller.role)), query.limit, query.cursor) };
  },

  async getExpert({ params, caller }) {
    return { body: expertView(await readableExpert(caller, params.tenant, params.id), caller.role) };
  },

  async changeExpert({ params, body, caller }) {
    await authorize(caller, 'expert.manage', params.tenant, tenantStore);
    const expert = await withConflictRetry(async () => {
      const current = await expertStore.get(params.tenant, params.id);
      const changed = changeExpert(current, body, caller.sub, new Date().toISOString());
      await commitExpert(caller, changed, changeAction(current!, changed), body.reason);
      return changed;
    });
    return { body: expertView(expert, caller.role) };
  },
});
