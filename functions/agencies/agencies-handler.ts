/**
 * Admitted agencies API (入驻机构). Trigger: API Gateway routes of `agencyRoutes` (functions/agencies/routes.ts).
 * Input: public directory and matching queries, answered from this city's replica of the province's agencies;
 * an agency's change (变更) and extension (延期) requests; reviewers' decisions on them; clearance (清退).
 * Side effects, only in the city that admitted the agency (elsewhere: 409 with the city to go to), one DynamoDB
 * transaction per change: the agency over the version it was read at, its change request, the audit entries
 * (entity `agency`) and an `AgencyChanged` or `AgencyCleared` event carrying the whole record to every city.
 * Idempotency: writes are guarded by the agency's and the request's versions (withConflictRetry re-reads and
 * re-decides); a repeated decision or clearance is refused by state (409).
 */
import { visibleItem } from '#functions/catalog/visible-items.ts';
import { authorize } from '#shared/auth/authorize.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { creditRestrictionOf } from '../procurement/adapters/project-store.ts';
import { calendarOf } from '../tenancy/effective-policy.ts';
import { agencyStore, newChangeRequestId } from './adapters/agency-store.ts';
import { applicationStore } from './adapters/application-store.ts';
import { catalogueFor } from './adapters/offered-item-store.ts';
import { assertManagedHere, knownAgency, stageAgencyChange } from './agency-record.ts';
import { actorOf, assertReviewerOf, auditedChangeRequest, changeRequestView, isClerkOf, reviewerOf } from './application-access.ts';
import {
  type Agency, type AgencyChangeRequest, type ChangeOutcome, clearAgency, recordChangeDecision, requestChange, requestExtension, withdrawChangeRequest,
} from './domain/agency.ts';
import { type CreditRestriction, matchAgencies } from './domain/matching.ts';
import { itemKey } from './domain/offered-item.ts';
import { coveringRegion } from './domain/practice-region.ts';
import { publicProfile } from './domain/public-profile.ts';
import { type QualificationGrade, gradeMeets, validityOn } from './domain/qualification-coverage.ts';
import { reconcileItemSuspensions } from './domain/qualification-expiry.ts';
import { shanghaiDateOf } from './domain/shanghai-dates.ts';
import { agencyRoutes } from './routes.ts';

const province = () => requireEnv(ENV.provinceCode);


const changeRequestNotFound = (id: string) => problems.notFound({ zh: `变更申请 ${id}`, en: `Change request ${id}` });

async function loadChangeRequest(agency: Agency, requestId: string): Promise<AgencyChangeRequest> {
  const request = await agencyStore.changeRequest(agency.province, agency.uscc, requestId);
  if (!request) throw changeRequestNotFound(requestId);
  return request;
}

/** Every agency here that offers the item, matched at the place on the date (the domain gives every reason). */
async function matchItem(params: { tenant: string; code: string }, query: { date?: string; place?: string }) {
  const item = await visibleItem(params.tenant, params.code);
  const place = query.place ?? params.tenant;
  const date = query.date ?? shanghaiDateOf(new Date());
  const offering = (await agencyStore.list(province())).filter((a) => a.serviceItems.some((i) => itemKey(i) === itemKey(item)));
  // 一地失信、全省受限: the RESTRICTION rows the credit context keeps in this city's table (as procurement reads them).
  const restrictions = new Map<string, CreditRestriction>(await Promise.all(offering.map(async (a) => [a.uscc, await creditRestrictionOf(province(), a.uscc)] as const)));
  const matches = matchAgencies(offering, item, place, date, (uscc) => restrictions.get(uscc) ?? { restricted: false });
  return { item: { tenant: item.tenant, code: item.code, name: item.name }, place, date, offering, matches };
}

function directoryFilter(query: { item?: string; region?: string; grade?: QualificationGrade; q?: string; status: string }, today: string) {
  return (a: Agency): boolean => {
    if (query.status === 'admitted' ? a.status === 'cleared' : query.status !== 'all' && a.status !== query.status) return false;
    if (query.item && !a.serviceItems.some((i) => i.code === query.item)) return false;
    if (query.region && !coveringRegion([...a.practiceRegions, ...a.branches.flatMap((b) => b.regions)], query.region)) return false;
    if (query.grade && !a.qualifications.some((q) => validityOn(q, today) === 'valid' && gradeMeets(q.grade, query.grade))) return false;
    if (query.q && !(a.uscc === query.q.toUpperCase() || a.name.includes(query.q))) return false;
    return true;
  };
}

export const handler = httpHandler(agencyRoutes, {
  async listAgencies({ query }) {
    const agencies = (await agencyStore.list(province()))
      .filter(directoryFilter(query, shanghaiDateOf(new Date())))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.uscc.localeCompare(b.uscc));
    const page = pageOf(agencies, query.limit, query.cursor);
    return { body: { ...page, items: page.items.map(publicProfile) } };
  },

  async getAgency({ params }) {
    return { body: publicProfile(await knownAgency(params.uscc)) };
  },

  async changeAgency({ params, body, caller }) {
    if (caller.role === 'public') throw problems.unauthenticated();
    if (!isClerkOf(caller, params.uscc)) throw problems.forbidden({ zh: '只有机构本身可以申请变更或延期', en: 'only the agency itself requests changes and extensions' });
    const result = await withConflictRetry(async () => {
      const agency = await knownAgency(params.uscc);
      assertManagedHere(agency);
      const application = await applicationStore.get(agency.applicationId);
      const refs = [...agency.serviceItems, ...(body.kind === 'change' ? (body.changes.serviceItems ?? []) : [])];
      const [{ calendar, view }, catalogue, documents] = await Promise.all([
        calendarOf(agency.admittedIn), catalogueFor(refs), application ? applicationStore.acceptedDocumentIds(application) : [],
      ]);
      const ctx = { at: new Date(), by: caller.sub, requestId: newChangeRequestId(), catalogue, calendar, policy: view.policy, documents };
      const outcome: ChangeOutcome = body.kind === 'change'
        ? requestChange(agency, body.changes, ctx)
        : { ...requestExtension(agency, body.extension, ctx), applied: [], pendingReview: ['qualifications'] };
      const { request } = outcome;
      const uow = new UnitOfWork(actorOf(caller));
      if (outcome.agency !== agency) await stageAgencyChange(uow, outcome.agency, agency.version, 'agency.changed', 'AgencyChanged', { applied: outcome.applied, pendingChangeId: outcome.agency.pendingChangeId, agency: outcome.agency });
      if (request) {
        agencyStore.stageChangeRequest(uow, agency.province, request);
        await uow.audit(agency.admittedIn, 'agency', agency.uscc, `agency.${request.kind}-requested`, auditedChangeRequest(request));
      }
      if (outcome.agency !== agency || request) await uow.commit();
      return { ...outcome, request };
    });
    return { body: { agency: result.agency, applied: result.applied, pendingReview: result.pendingReview, request: result.request && changeRequestView(result.request) } };
  },

  async getAgencyChangeRequest({ params, caller }) {
    const agency = await knownAgency(params.uscc);
    if (caller.role === 'public') throw problems.unauthenticated();
    assertManagedHere(agency);
    const clerk = isClerkOf(caller, agency.uscc);
    if (!clerk) {
      await authorize(caller, 'agency.read-application', agency.admittedIn, tenantStore);
      if (caller.role === 'agency') throw changeRequestNotFound(params.requestId);
    }
    const request = await loadChangeRequest(agency, params.requestId);
    // A regulator reads only the requests that concern its industries.
    if (!clerk) await assertReviewerOf(caller, agency.admittedIn, request.review);
    return { body: changeRequestView(request) };
  },

  async reviewAgencyChangeRequest({ params, body, caller }) {
    const result = await withConflictRetry(async () => {
      const agency = await knownAgency(params.uscc);
      // Another city knows the agency only as a replica, and not the tenant that admitted it: point there first.
      assertManagedHere(agency);
      await authorize(caller, 'agency.review', agency.admittedIn, tenantStore);
      const request = await loadChangeRequest(agency, params.requestId);
      const at = new Date();
      const decided = recordChangeDecision(request, agency, reviewerOf(caller), { ...body, at });
      let next = decided.agency;
      // An approved certificate change can lift the suspensions an expired certificate caused.
      if (decided.request.status === 'approved' && request.changes.qualifications) {
        next = reconcileItemSuspensions(next, shanghaiDateOf(at), await catalogueFor(next.serviceItems), at, caller.sub).agency;
      }
      const uow = new UnitOfWork(actorOf(caller));
      agencyStore.stageChangeRequest(uow, agency.province, decided.request);
      await uow.audit(agency.admittedIn, 'agency', agency.uscc, 'agency.change-reviewed', { requestId: request.id, decision: decided.request.review.decisions.at(-1), status: decided.request.status });
      if (next !== agency) await stageAgencyChange(uow, next, agency.version, `agency.change-${decided.request.status}`, 'AgencyChanged');
      await uow.commit();
      return { request: decided.request, agency: next };
    });
    return { body: { request: changeRequestView(result.request), agency: publicProfile(result.agency) } };
  },

  async clearAgency({ params, body, caller }) {
    const cleared = await withConflictRetry(async () => {
      const agency = await knownAgency(params.uscc);
      assertManagedHere(agency);
      await authorize(caller, 'agency.clear', agency.admittedIn, tenantStore);
      const at = new Date();
      const next = clearAgency(agency, body.reason, { kind: 'operator', sub: caller.sub }, at);
      const uow = new UnitOfWork(actorOf(caller));
      await stageAgencyChange(uow, next, agency.version, 'agency.cleared', 'AgencyCleared');
      if (agency.pendingChangeId) {
        // 清退 is final: a pending change or extension is dropped with it.
        const request = await agencyStore.changeRequest(agency.province, agency.uscc, agency.pendingChangeId);
        if (request?.status === 'pending') agencyStore.stageChangeRequest(uow, agency.province, withdrawChangeRequest(request, next, { at, by: caller.sub }).request);
      }
      await uow.commit();
      return next;
    });
    return { body: publicProfile(cleared) };
  },

  async listQualifiedAgencies({ params, query }) {
    const { matches, offering: _o, ...about } = await matchItem(params, query);
    void _o;
    const page = pageOf(matches.qualified, query.limit, query.cursor);
    return { body: { ...about, ...page, items: page.items.map(publicProfile) } };
  },

  async listAgencyMatches({ params, query, caller }) {
    await authorize(caller, 'agency.match-reasons', params.tenant, tenantStore);
    const { matches, offering, ...about } = await matchItem(params, query);
    const reasons = new Map(matches.notQualified.map((n) => [n.uscc, n.reasons]));
    const rows = [...offering]
      .sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0))
      .map((a) => ({ uscc: a.uscc, name: a.name, status: a.status, qualifies: !reasons.has(a.uscc), reasons: reasons.get(a.uscc) ?? [] }));
    return { body: { ...about, ...pageOf(rows, query.limit, query.cursor) } };
  },
});
