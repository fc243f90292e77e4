/**
 * Credit API (信用). Trigger: API Gateway routes of `creditRoutes` (functions/credit/routes.ts).
 * Input: regulators' records; evidence uploads; the agency's objection (异议) and repair (信用修复); the issuing
 * body's and the operator's decisions; public profile (信用脸谱) and lists; the regulators' worklist.
 * Side effects, only in the city that issued the record (elsewhere: 409 naming that city), one DynamoDB transaction
 * per change: the record over the version it was read at, its audit entry (entity `credit-record`), a
 * `CreditRecorded` / `CreditChanged` event carrying the whole record to every city, and the agency's PROFILE and
 * RESTRICTION recomputed (credit-service.ts). Reads recompute the profile from the records (expiry checked on read).
 * Idempotency: creating POSTs honour Idempotency-Key; every change is guarded by the record's version.
 */
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { calendarOf } from '#functions/tenancy/effective-policy.ts';
import { authorize } from '#shared/auth/authorize.ts';
import { actorOf, type Caller } from '#shared/auth/caller.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { DOCUMENT_KINDS } from '#shared/documents/document-kinds.ts';
import { createUpload } from '#shared/documents/presigned-upload.ts';
import { verifyUpload } from '#shared/documents/verify-upload.ts';
import { csvAnswer, toCsv } from '#shared/http/csv.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { creditStore } from './adapters/credit-store.ts';
import { assertIssuedHere, city, computeProfile, creditPolicy, listedAgencies, type ListedAgency, loadRecord, newRecordId, notifyAgency, province, stageRecordChange } from './credit-service.ts';
import {
  type CreditRecord, addEvidence, decideObjection, decideRepair, newRecord, object, openItem, publicRecord, repairOpensAt, requestRepair,
} from './domain/record.ts';
import { creditRoutes } from './routes.ts';

const cityOf = (tenant: string) => `${tenant.slice(0, 4)}00`;
const isAgencyOf = (caller: Caller, uscc: string) => caller.role === 'agency' && caller.agency === uscc;

function recordView(record: CreditRecord, now = new Date()) {
  return { ...publicRecord(record, now), history: record.history.map(({ at, action, from, to, reason }) => ({ at, action, from, to, reason })) };
}

/** Reads, changes and stores a record issued here, re-reading when another writer won. */
async function change(caller: Caller, id: string, decide: (record: CreditRecord, now: Date) => Promise<{ next: CreditRecord; action: string; audit: unknown }>) {
  const stored = await withConflictRetry(async () => {
    const record = await loadRecord(id);
    assertIssuedHere(record);
    const now = new Date();
    const { next, action, audit } = await decide(record, now);
    if (next === record) return record;
    const uow = new UnitOfWork(actorOf(caller), now);
    await stageRecordChange(uow, next, record, action, audit);
    await uow.commit();
    return next;
  });
  await notifyAgency(stored);
  return { body: recordView(stored) };
}

function assertAgency(caller: Caller, record: CreditRecord) {
  if (caller.role === 'public') throw problems.unauthenticated();
  if (!isAgencyOf(caller, record.uscc)) throw problems.forbidden({ zh: '只有该机构本身可以提出异议或申请修复', en: 'only the agency itself objects or applies for repair' });
}

/** Evidence documents the agency named must be confirmed documents it supplied to this record. */
function agencyEvidence(record: CreditRecord, ids: readonly string[]): string[] {
  const known = new Set(record.evidence.filter((e) => e.by === 'agency').map((e) => e.documentId));
  const missing = ids.filter((d) => !known.has(d));
  if (missing.length) {
    throw problems.validation(missing.map((d) => ({ path: 'body.evidence', code: 'credit.evidence-unknown', message: { zh: `证明材料 ${d} 未上传确认`, en: `Evidence ${d} was not uploaded and confirmed` } })));
  }
  return [...ids];
}

async function dueAfter(tenant: string, from: Date, workingDays: number): Promise<string> {
  const { calendar } = await calendarOf(tenant);
  return new Date(Date.parse(calendar.addWorkingDays(from, workingDays).at)).toISOString();
}

async function agencyCredit(uscc: string) {
  const now = new Date();
  const records = await creditStore.records(province(), uscc);
  const { profile } = await computeProfile(uscc, records, now);
  // Evaluations show as the summary (profile.evaluations); each stays readable by its id.
  const visible = records.filter((r) => r.state !== 'withdrawn' && r.state !== 'repaired' && r.source !== 'social')
    .sort((a, b) => b.effectiveAt.localeCompare(a.effectiveAt) || a.id.localeCompare(b.id));
  return { profile, records: visible.map((r) => publicRecord(r, now)) };
}

async function listed(filter: (p: { restricted: boolean; blacklisted: boolean }) => boolean, query: { limit: number; cursor?: string }) {
  const page = pageOf(await listedAgencies(filter), query.limit, query.cursor);
  return { ...page, items: page.items.map(listedView) };
}

const listedView = ({ profile: p, name }: ListedAgency) => ({
  uscc: p.uscc, ...(name ? { name } : {}), score: p.score, grade: p.grade, level: p.level, measures: p.restriction.measures,
  ...(p.restriction.reason ? { reason: p.restriction.reason } : {}), ...(p.restriction.until ? { until: p.restriction.until } : {}),
});

/** The public lists as a spreadsheet: the same rows and fields as the JSON lists, all of them. */
async function listedCsv(filter: (p: { restricted: boolean; blacklisted: boolean }) => boolean, filename: string) {
  const rows = (await listedAgencies(filter)).map(listedView);
  const csv = toCsv(['统一社会信用代码', '机构名称', '信用分', '信用等级', '失信等级', '限制原因', '限制期限至', '惩戒措施'],
    rows.map((r) => [r.uscc, r.name, r.score, r.grade, r.level, r.reason, r.until, r.measures.join('；')]));
  return csvAnswer(csv, `${filename}-${province()}.csv`);
}

export const handler = httpHandler(creditRoutes, {
  async createCreditRecord({ body, caller }) {
    if (caller.role === 'public') throw problems.unauthenticated();
    const tenant = body.tenant ?? caller.tenant;
    if (!tenant) throw problems.forbidden({ zh: '账号没有所属租户', en: 'the account has no tenant' });
    await authorize(caller, 'credit.record', tenant, tenantStore);
    if (cityOf(tenant) !== city()) {
      throw problems.conflict('credit.issue-elsewhere', `租户 ${tenant} 的信用记录请在 ${cityOf(tenant)} 作出`, `Records of tenant ${tenant} are made in city ${cityOf(tenant)}`, { city: cityOf(tenant) });
    }
    const agency = await agencyStore.get(province(), body.uscc);
    if (!agency) throw problems.notFound({ zh: `入驻机构 ${body.uscc}`, en: `Admitted agency ${body.uscc}` });
    const now = new Date();
    const record = newRecord({
      id: newRecordId(body.uscc), province: province(), uscc: body.uscc, agencyName: agency.name, source: 'regulator', kind: body.kind, facts: body.facts,
      ...(body.basis ? { basis: body.basis } : {}), ...(body.effectiveAt ? { effectiveAt: new Date(body.effectiveAt).toISOString() } : {}),
      issuedBy: { tenant, city: city(), sub: caller.sub, role: caller.role },
    }, await creditPolicy(), now);
    const uow = new UnitOfWork(actorOf(caller), now);
    await stageRecordChange(uow, record, undefined, 'credit.recorded', record);
    await uow.commit();
    await notifyAgency(record);
    return { body: recordView(record) };
  },

  async getCreditRecord({ params }) {
    return { body: recordView(await loadRecord(params.id)) };
  },

  async requestCreditEvidenceUpload({ params, body, caller }) {
    const record = await loadRecord(params.id);
    assertIssuedHere(record);
    const by = await evidenceParty(caller, record);
    const presigned = await createUpload({ bucket: requireEnv(ENV.documentsBucket), tenant: record.issuedBy.tenant, owner: { kind: 'credit-record', id: record.id }, ...body });
    const uow = new UnitOfWork(actorOf(caller));
    creditStore.stageDocument(uow, record.province, record.uscc, record.id, {
      documentId: presigned.documentId, key: presigned.key, kind: body.kind, sha256: body.sha256.toLowerCase(), size: body.size, contentType: body.contentType, ...(body.filename ? { filename: body.filename } : {}), by,
    });
    await uow.commit();
    return { body: presigned };
  },

  async confirmCreditEvidence({ params, caller }) {
    const first = await loadRecord(params.id);
    assertIssuedHere(first);
    const by = await evidenceParty(caller, first);
    const doc = await creditStore.document(first.province, first.uscc, first.id, params.documentId);
    if (!doc || doc.by !== by) throw problems.notFound({ zh: `证明材料 ${params.documentId}`, en: `Evidence document ${params.documentId}` });
    const verified = await verifyUpload({ bucket: requireEnv(ENV.documentsBucket), key: doc.key, expected: doc, maxBytes: DOCUMENT_KINDS[doc.kind ?? 'other'].maxBytes });
    return change(caller, params.id, async (record, now) => {
      const evidence = { documentId: doc.documentId, key: doc.key, sha256: verified.sha256, contentType: doc.contentType, size: doc.size, ...(doc.filename ? { filename: doc.filename } : {}), by, at: now.toISOString() };
      return { next: addEvidence(record, evidence, { by: caller.sub, role: caller.role, at: now }), action: 'credit.evidence-added', audit: evidence };
    });
  },

  async objectToCreditRecord({ params, body, caller }) {
    return change(caller, params.id, async (record, now) => {
      assertAgency(caller, record);
      const policy = await creditPolicy();
      const windowEndsAt = await dueAfter(record.issuedBy.tenant, new Date(record.effectiveAt), policy.objectionWindowWorkingDays);
      const decisionDueAt = await dueAfter(record.issuedBy.tenant, now, policy.objectionDecisionWorkingDays);
      const next = object(record, { reason: body.reason, evidence: agencyEvidence(record, body.evidence), windowEndsAt, decisionDueAt }, { by: caller.sub, role: caller.role, at: now });
      return { next, action: 'credit.objected', audit: next.objection };
    });
  },

  async decideCreditObjection({ params, body, caller }) {
    return change(caller, params.id, async (record, now) => {
      await authorize(caller, 'credit.decide-objection', record.issuedBy.tenant, tenantStore);
      const next = decideObjection(record, body, { by: caller.sub, role: caller.role, at: now });
      return { next, action: body.upheld ? 'credit.objection-upheld' : 'credit.objection-rejected', audit: { decision: next.objection?.decision, state: next.state } };
    });
  },

  async requestCreditRepair({ params, body, caller }) {
    return change(caller, params.id, async (record, now) => {
      assertAgency(caller, record);
      const policy = await creditPolicy();
      const decisionDueAt = await dueAfter(record.issuedBy.tenant, now, policy.repairDecisionWorkingDays);
      const next = requestRepair(record, { commitment: body.commitment, evidence: agencyEvidence(record, body.evidence), opensAt: repairOpensAt(record, policy), decisionDueAt }, { by: caller.sub, role: caller.role, at: now });
      return { next, action: 'credit.repair-requested', audit: next.repair };
    });
  },

  async decideCreditRepair({ params, body, caller }) {
    return change(caller, params.id, async (record, now) => {
      await authorize(caller, 'credit.decide-repair', record.issuedBy.tenant, tenantStore);
      const next = decideRepair(record, body, { by: caller.sub, role: caller.role, at: now });
      return { next, action: body.approved ? 'credit.repair-approved' : 'credit.repair-refused', audit: { decision: next.repair?.decision, state: next.state } };
    });
  },

  async getAgencyCredit({ params }) {
    const [{ profile, records }, agency] = await Promise.all([agencyCredit(params.uscc), agencyStore.get(province(), params.uscc)]);
    if (!agency && records.length === 0) throw problems.notFound({ zh: `入驻机构 ${params.uscc}`, en: `Admitted agency ${params.uscc}` });
    return { body: { ...profile, ...(agency ? { name: agency.name } : {}), records } };
  },

  async listRestrictedAgencies({ query }) {
    return { body: await listed((p) => p.restricted, query) };
  },

  async listBlacklistedAgencies({ query }) {
    return { body: await listed((p) => p.blacklisted, query) };
  },

  async downloadRestrictedAgenciesCsv() {
    return listedCsv((p) => p.restricted, 'credit-restricted');
  },

  async downloadBlacklistedAgenciesCsv() {
    return listedCsv((p) => p.blacklisted, 'credit-blacklist');
  },

  async getCreditWorklist({ query, caller }) {
    await authorize(caller, 'credit.worklist', query.tenant, tenantStore);
    const now = new Date();
    const governs = (tenant: string) => tenant === query.tenant || cityOf(tenant) === query.tenant;
    const items = (await creditStore.worklist(city()))
      .filter((r) => governs(r.issuedBy.tenant))
      .flatMap((r) => {
        const open = openItem(r, now);
        return open ? [{ id: r.id, uscc: r.uscc, agencyName: r.agencyName, kind: open.kind, dueAt: open.dueAt, overdue: open.overdue, issuedBy: r.issuedBy.tenant, state: r.state, since: r.updatedAt }] : [];
      })
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    return { body: pageOf(items, query.limit, query.cursor) };
  },
});

/** The issuing body (a regulator or operator governing the issuing tenant) or the agency itself. */
async function evidenceParty(caller: Caller, record: CreditRecord): Promise<'issuer' | 'agency'> {
  if (caller.role === 'public') throw problems.unauthenticated();
  if (isAgencyOf(caller, record.uscc)) return 'agency';
  await authorize(caller, 'credit.record', record.issuedBy.tenant, tenantStore);
  return 'issuer';
}
