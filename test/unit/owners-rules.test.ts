// Strategy: the owner registry's rules are pure functions; each test states one rule (kinds and their
// codes, funding defaults, one owner per code, versions, disabling with a reason, clerks bound to one
// owner, search over what the caller may see) and checks it on a demo owner of 揭东 445203.
import { DomainError } from '#shared/http/problems.ts';
import { isClerkOf, planClerk } from '../../functions/owners/domain/clerk.ts';
import { NewOwner, OwnerChanges, type NewOrganisationOwner, type NewPersonOwner, type Owner } from '../../functions/owners/domain/owner.ts';
import { changeAction, changeOwner, matchesOwnerFilter, newOwnerId, ownerMayBuyWith, registerOwner } from '../../functions/owners/domain/owner-rules.ts';
import { publicOwnerView } from '../../functions/owners/domain/owner-views.ts';

const AT = '2026-11-20T10:00:00+08:00';
const ID = 'OWN-445203-0000000A';
const department = NewOwner.parse({
  kind: 'department', name: '揭阳市揭东区住房和城乡建设局', uscc: '11445203MB2C12348F', address: '揭阳市揭东区曲溪街道',
  contact: { name: '李工', officePhone: '0663-3212345', mobile: '13800000001', email: 'zjj@example.gov.cn' },
}) as NewOrganisationOwner;
const person = NewOwner.parse({ kind: 'person', name: '陈晓明', idNumber: '445203199001011236', contact: { name: '陈晓明', mobile: '13900000002' } }) as NewPersonOwner;

function failure(f: () => unknown): { code: string; errors?: { path: string; code: string }[] } {
  try {
    f();
  } catch (error) {
    return { code: (error as DomainError).code, errors: (error as DomainError).errors?.map(({ path, code }) => ({ path, code })) };
  }
  return { code: 'none' };
}

describe('registering an owner', () => {
  const v1 = registerOwner('445203', ID, department, undefined, 'op-445203', AT);

  it('creates version 1, active, with fiscal funds by default for a department', () => {
    expect(v1).toMatchObject({ id: ID, tenant: '445203', kind: 'department', uscc: '11445203MB2C12348F', fundingTypes: ['fiscal'], status: 'active', version: 1, updatedBy: 'op-445203' });
  });
  it('defaults a company and a person to social funds, and keeps what the form says otherwise', () => {
    const company = NewOwner.parse({ kind: 'company', name: '揭东城投', uscc: '91445203MA4U000017', contact: { name: '王', officePhone: '0663-3000000' } }) as NewOrganisationOwner;
    expect(registerOwner('445203', ID, company, undefined, 'op', AT).fundingTypes).toEqual(['social']);
    expect(registerOwner('445203', ID, { ...company, fundingTypes: ['fiscal', 'social', 'fiscal'] }, undefined, 'op', AT).fundingTypes).toEqual(['fiscal', 'social']);
  });
  it('stores a person\'s ID number masked, never whole', () => {
    const owner = registerOwner('445203', ID, person, undefined, 'op', AT);
    expect(owner.idNumberMasked).toBe('445203********1236');
    expect(JSON.stringify(owner)).not.toContain('445203199001011236');
    expect(owner).not.toHaveProperty('idNumber');
    expect(owner.fundingTypes).toEqual(['social']);
  });
  it('refuses a code of the wrong registration authority for the kind (GB 32100 §4.1)', () => {
    expect(failure(() => registerOwner('445203', ID, { ...department, uscc: '91445203MA4U000017' }, undefined, 'op', AT)))
      .toEqual({ code: 'request.invalid', errors: [{ path: 'body.uscc', code: 'owner.uscc-kind-mismatch' }] });
    expect(failure(() => registerOwner('445203', ID, { ...department, kind: 'company' }, undefined, 'op', AT)).errors?.[0].code).toBe('owner.uscc-kind-mismatch');
  });
  it('refuses fiscal funds for a person, an organisation without an office phone, a person without any phone — all at once', () => {
    expect(failure(() => registerOwner('445203', ID, { ...person, fundingTypes: ['fiscal'], contact: { name: '陈' } }, undefined, 'op', AT)).errors)
      .toEqual([{ path: 'body.fundingTypes', code: 'owner.person-fiscal' }, { path: 'body.contact.mobile', code: 'owner.contact-required' }]);
    expect(failure(() => registerOwner('445203', ID, { ...department, contact: { name: '李工', mobile: '13800000001' } }, undefined, 'op', AT)).errors)
      .toEqual([{ path: 'body.contact.officePhone', code: 'owner.office-phone-required' }]);
  });
  it('refuses a second owner with the same code in the tenant (409, naming the first)', () => {
    const f = failure(() => registerOwner('445203', 'OWN-445203-0000000B', department, ID, 'op', AT));
    expect(f.code).toBe('owner.exists');
  });
  it('the schema refuses an unknown kind, a missing field, a person with a code and an organisation with an ID number', () => {
    const paths = (v: unknown) => NewOwner.safeParse(v).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ ...department, kind: 'cooperative' })).toEqual(['kind']);
    const { name: _n, ...noName } = department;
    void _n;
    expect(paths(noName)).toEqual(['name']);
    expect(paths({ ...person, uscc: '11445203MB2C12348F' })).toEqual(['']);
    expect(paths({ ...department, idNumber: '445203199001011236' })).toEqual(['']);
  });
  it('makes ids of the tenant and 8 base-32 characters', () => {
    expect(newOwnerId('445203', new Uint8Array([0, 0, 0, 0, 10]))).toBe('OWN-445203-0000000A');
    expect(newOwnerId('445203', new Uint8Array([255, 255, 255, 255, 255]))).toBe('OWN-445203-ZZZZZZZZ');
  });
});

describe('changing an owner', () => {
  const v1 = registerOwner('445203', ID, department, undefined, 'op-445203', AT);
  const fields = OwnerChanges.parse({ name: v1.name, fundingTypes: ['fiscal', 'social'], contact: v1.contact, address: v1.address });

  it('makes a new version and keeps the identity', () => {
    const v2 = changeOwner(v1, { ...fields, name: '揭阳市揭东区住房和城乡建设局（更名）', expectedVersion: 1 }, 'op2', 'later');
    expect(v2).toMatchObject({ version: 2, id: ID, kind: 'department', uscc: v1.uscc, createdAt: AT, updatedBy: 'op2', fundingTypes: ['fiscal', 'social'] });
    expect(failure(() => changeOwner(v2, { ...fields, expectedVersion: 1 }, 'op', 'x')).code).toBe('owner.version-mismatch');
  });
  it('never changes the kind, the code or the ID number (the schema refuses them)', () => {
    expect(OwnerChanges.safeParse({ ...fields, kind: 'company' }).success).toBe(false);
    expect(OwnerChanges.safeParse({ ...fields, uscc: '11445203MB2C12356A' }).success).toBe(false);
  });
  it('disables with a reason (kept private), re-enables, and refuses a disabling without reason', () => {
    expect(failure(() => changeOwner(v1, { ...fields, status: 'disabled' }, 'op', 'x')).errors).toEqual([{ path: 'body.statusReason', code: 'owner.reason-required' }]);
    const off = changeOwner(v1, { ...fields, status: 'disabled', statusReason: '机构撤并' }, 'op', 'x');
    expect(off).toMatchObject({ status: 'disabled', statusReason: '机构撤并', version: 2 });
    expect(ownerMayBuyWith(off, 'fiscal')).toBe(false);
    const on = changeOwner(off, { ...fields, status: 'active' }, 'op', 'y');
    expect(on.status).toBe('active');
    expect([changeAction(v1, off), changeAction(off, on), changeAction(on, changeOwner(on, fields, 'op', 'z'))]).toEqual(['owner.disabled', 'owner.enabled', 'owner.changed']);
    expect(on).not.toHaveProperty('statusReason');
  });
  it('applies the kind rules to a change, and 404s on a missing owner', () => {
    expect(failure(() => changeOwner(v1, { ...fields, contact: { name: '李工' } }, 'op', 'x')).errors?.[0].code).toBe('owner.office-phone-required');
    expect(failure(() => changeOwner(undefined, fields, 'op', 'x')).code).toBe('resource.not-found');
  });
  it('tells procurement which funding an owner buys with', () => {
    expect(ownerMayBuyWith(v1, 'fiscal')).toBe(true);
    expect(ownerMayBuyWith(v1, 'social')).toBe(false);
  });
});

describe('clerks (经办人)', () => {
  const owner = registerOwner('445203', ID, department, undefined, 'op', AT);
  const input = { username: 'clerk-zjj', name: '黄经办', phone: '13700000003' };

  it('plans an account of role owner bound to the owner', () => {
    expect(planClerk(owner, input, 'clerk-zjj', undefined, 'op', AT)).toMatchObject({ role: 'owner', ownerId: ID, tenant: '445203', subject: 'clerk-zjj', status: 'active' });
  });
  it('refuses an existing account, a disabled owner and a missing one', () => {
    const existing = planClerk(owner, input, 'clerk-zjj', undefined, 'op', AT);
    expect(failure(() => planClerk(owner, input, 'clerk-zjj', existing, 'op', AT)).code).toBe('account.exists');
    expect(failure(() => planClerk({ ...owner, status: 'disabled' }, input, 's', undefined, 'op', AT)).code).toBe('owner.disabled');
    expect(failure(() => planClerk(undefined, input, 's', undefined, 'op', AT)).code).toBe('resource.not-found');
  });
  it('is a clerk of its own owner only, while active, and an unbound owner-role account is nobody\'s clerk', () => {
    const clerk = planClerk(owner, input, 'clerk-zjj', undefined, 'op', AT);
    expect(isClerkOf(clerk, owner)).toBe(true);
    expect(isClerkOf(clerk, { ...owner, id: 'OWN-445203-0000000B' })).toBe(false);
    expect(isClerkOf({ ...clerk, tenant: '445202' }, owner)).toBe(false);
    expect(isClerkOf({ ...clerk, status: 'disabled' }, owner)).toBe(false);
    const { ownerId: _o, ...unbound } = clerk;
    void _o;
    expect(isClerkOf(unbound, owner)).toBe(false);
    expect(isClerkOf(undefined, owner)).toBe(false);
  });
});

describe('directory search', () => {
  const dept: Owner = registerOwner('445203', ID, department, undefined, 'op', AT);
  const someone: Owner = registerOwner('445203', 'OWN-445203-0000000C', person, undefined, 'op', AT);

  it('filters by kind, funding type, status, part of the name or a whole code', () => {
    const view = publicOwnerView(dept);
    expect(matchesOwnerFilter(view, { kind: 'department', fundingType: 'fiscal' })).toBe(true);
    expect(matchesOwnerFilter(view, { kind: 'company' })).toBe(false);
    expect(matchesOwnerFilter(view, { q: '住房和城乡' })).toBe(true);
    expect(matchesOwnerFilter(view, { q: '11445203mb2c12348f' })).toBe(true);
    expect(matchesOwnerFilter(view, { q: '11445203' })).toBe(false);
    expect(matchesOwnerFilter({ ...view, status: 'disabled' }, {})).toBe(false);
    expect(matchesOwnerFilter({ ...view, status: 'disabled' }, { status: 'all' })).toBe(true);
  });
  it('cannot find a person by the full name the public view hides', () => {
    expect(matchesOwnerFilter(publicOwnerView(someone), { q: '晓明' })).toBe(false);
    expect(matchesOwnerFilter(publicOwnerView(someone), { q: '陈' })).toBe(true);
  });
});
