// Strategy: for EVERY route of the CDK app (read from functions/contexts.ts, so a new route without a
// case here fails this test), an operator of 榕城 445202 aims at 揭东 445203's data. Protected routes
// must answer 403 or 404 — never 2xx — and change nothing; public routes may answer, but only with
// public fields. The owner's own operator is then shown to succeed on the same sample, so the test
// cannot pass merely because the sample is broken.
import { apiContexts } from '../../functions/contexts.ts';
import { call, itemBody, JIEDONG, JIEYANG, operatorOf, RONGCHENG } from './helpers.ts';

const intruder = operatorOf(RONGCHENG);
const owner = operatorOf(JIEDONG);
const ITEM = 'ZJ-445203-0101'; // seeded local item of 揭东
const { code: _c, ...itemFields } = itemBody('x');
void _c;

/** 揭东's demo owner, registered in beforeAll: owner ids are random, so its sample paths are getters. */
let OWNER = '';
const ownerFields = { name: '揭阳市揭东区自然资源局', fundingTypes: ['fiscal'], contact: { name: '林工', officePhone: '0663-3210000', mobile: '13800000010' } };

/** schemaOnly: the answer describes fields (the OpenAPI document) rather than holding data. */
interface Sample { path: string; body?: unknown; ownerStatus?: number; publicData?: boolean; schemaOnly?: boolean }
const samples: Record<string, Sample> = {
  getHealth: { path: '/v1/health', publicData: true },
  getOpenApi: { path: '/v1/openapi.json', publicData: true, schemaOnly: true },
  listTenants: { path: '/v1/tenants', publicData: true },
  getTenant: { path: `/v1/tenants/${JIEDONG}`, publicData: true },
  onboardCounty: { path: '/v1/tenants', body: { code: '445222', name: '揭西县', parent: JIEYANG, operator: { username: 'op-445222', name: '管理员' } }, ownerStatus: 403 },
  createAccount: { path: `/v1/tenants/${JIEDONG}/accounts`, body: { username: 'clerk-445203-iso', name: '业主经办人', role: 'owner', phone: '13800000000' }, ownerStatus: 201 },
  listAccounts: { path: `/v1/tenants/${JIEDONG}/accounts`, ownerStatus: 200 },
  listServiceItems: { path: `/v1/tenants/${JIEDONG}/service-items`, publicData: true },
  getServiceItem: { path: `/v1/tenants/${JIEDONG}/service-items/${ITEM}`, publicData: true },
  listServiceItemVersions: { path: `/v1/tenants/${JIEDONG}/service-items/${ITEM}/versions`, publicData: true },
  createServiceItem: { path: `/v1/tenants/${JIEDONG}/service-items`, body: itemBody('ZJ-445203-0801'), ownerStatus: 201 },
  reviseServiceItem: { path: `/v1/tenants/${JIEDONG}/service-items/${ITEM}`, body: { ...itemFields, name: '农村危房改造房屋安全评定（修订）' }, ownerStatus: 200 },
  retireServiceItem: { path: `/v1/tenants/${JIEDONG}/service-items/ZJ-445203-0801`, body: { reason: '测试停用' }, ownerStatus: 200 },
  getPolicy: { path: `/v1/tenants/${JIEDONG}/policy`, publicData: true },
  putPolicy: { path: `/v1/tenants/${JIEDONG}/policy`, body: { registrationWindowWorkingDays: 6 }, ownerStatus: 200 },
  getCalendar: { path: `/v1/tenants/${JIEDONG}/calendar?year=2026`, publicData: true },
  computeDeadline: { path: `/v1/tenants/${JIEDONG}/deadlines?from=2026-11-20T10:00:00%2B08:00&workingDays=2`, publicData: true },
  getAuditChain: { path: `/v1/tenants/${JIEDONG}/audit/service-item/${ITEM}`, ownerStatus: 200 },
  listOwners: { path: `/v1/tenants/${JIEDONG}/owners?status=all`, publicData: true },
  registerOwner: { path: `/v1/tenants/${JIEDONG}/owners`, body: { kind: 'department', uscc: '11445203MB2C00999K', ...ownerFields }, ownerStatus: 201 },
  getOwner: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}`; }, publicData: true },
  getOwnerProfile: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}/profile`; }, ownerStatus: 200 },
  changeOwner: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}`; }, body: { ...ownerFields, fundingTypes: ['fiscal', 'social'] }, ownerStatus: 200 },
  addOwnerClerk: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}/clerks`; }, body: { username: 'clerk-445203-iso-owner', name: '业主经办人' }, ownerStatus: 201 },
  listOwnerClerks: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}/clerks`; }, ownerStatus: 200 },
};

const PRIVATE_FIELDS = ['updatedBy', 'email', 'phone', 'createdBy', 'mobile', 'idNumberMasked', 'statusReason'];
const routes = apiContexts.flatMap((c) => c.routes);

describe('a county cannot read or change another county’s private data — every route', () => {
  beforeAll(async () => {
    OWNER = (await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/owners`, { as: owner, body: { kind: 'department', uscc: '11445203MB2C00888R', ...ownerFields } })).body.id;
  });

  it('has a case for every route', () => {
    expect(routes.map((r) => r.operationId).filter((id) => !samples[id])).toEqual([]);
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const s = samples[route.operationId];
      const before = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/service-items?status=all&limit=200`);
      const r = await call(JIEYANG, route.method, s.path, { as: intruder, body: s.body });
      if (s.publicData) {
        expect(route.auth).toBe('public');
        expect(r.status).toBe(200);
        if (!s.schemaOnly) for (const field of PRIVATE_FIELDS) expect(JSON.stringify(r.body)).not.toContain(`"${field}"`);
        return;
      }
      expect([403, 404]).toContain(r.status);
      expect((await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/service-items?status=all&limit=200`)).body).toEqual(before.body);
      // The same request by the county's own operator is accepted (or, for onboarding, also refused: a county never onboards).
      const mine = await call(JIEYANG, route.method, s.path, { as: owner, body: s.body });
      expect(mine.status).toBe(s.ownerStatus);
    });
  }
});
