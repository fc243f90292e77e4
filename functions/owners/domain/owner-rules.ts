import { maskIdNumber } from '#shared/codes/resident-id-number.ts';
import { registeredByEstablishmentOffice } from '#shared/codes/uscc.ts';
import { problems, type FieldProblem } from '#shared/http/problems.ts';
import { isOrganisation, OWNER_KIND_ZH, type FundingType, type NewOwner, type Owner, type OwnerChanges, type OwnerKind } from './owner.ts';

/**
 * Owner registry rules (项目业主库). Every change is a new version; records are disabled, never deleted
 * (a past purchase must keep naming who bought it). Funding types matter downstream: fiscal funds below
 * the tender limit must buy through the supermarket with the methods tenant policy allows (DESIGN §10).
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `OWN-<tenant>-<8 × base 32>` from 5 random bytes; a collision is caught by the write's condition. */
export function newOwnerId(tenant: string, random: Uint8Array): string {
  if (random.length < 5) throw new Error('newOwnerId needs 5 random bytes');
  let bits = 0n;
  for (const byte of random.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 8; i++) out = CROCKFORD[Number((bits >> BigInt(5 * i)) & 31n)] + out;
  return `OWN-${tenant}-${out}`;
}

/** What an owner funds its purchases with, when the form leaves it out. */
export function defaultFundingTypes(kind: OwnerKind): FundingType[] {
  return kind === 'department' || kind === 'public-institution' ? ['fiscal'] : ['social'];
}

const problem = (path: string, code: string, zh: string, en: string): FieldProblem => ({ path: `body.${path}`, code, message: { zh, en } });

/** Rules that depend on the kind; all are reported at once, as field problems. */
export function kindProblems(kind: OwnerKind, uscc: string | undefined, fields: { fundingTypes: FundingType[]; contact: Owner['contact'] }): FieldProblem[] {
  const found: FieldProblem[] = [];
  if (uscc !== undefined && (kind === 'department' || kind === 'public-institution') && !registeredByEstablishmentOffice(uscc)) {
    found.push(problem('uscc', 'owner.uscc-kind-mismatch',
      `${OWNER_KIND_ZH[kind]}的统一社会信用代码由机构编制部门赋码，应以 1 开头`,
      `a ${kind} is registered by the establishment office: its code starts with 1 (GB 32100-2015 §4.1)`));
  }
  if (uscc !== undefined && kind === 'company' && registeredByEstablishmentOffice(uscc)) {
    found.push(problem('uscc', 'owner.uscc-kind-mismatch', '以 1 开头的代码属于机关或事业单位，不是企业', 'a code starting with 1 belongs to a government organ or public institution, not a company'));
  }
  // A natural person has no budget: fiscal funds are spent by the department that holds them.
  if (kind === 'person' && fields.fundingTypes.includes('fiscal')) {
    found.push(problem('fundingTypes', 'owner.person-fiscal', '个人业主不使用财政资金（财政资金项目由预算单位作为业主）', 'a person does not spend fiscal funds; the budget unit is the owner of a fiscal project'));
  }
  if (isOrganisation(kind) && !fields.contact.officePhone) {
    found.push(problem('contact.officePhone', 'owner.office-phone-required', '单位须提供办公电话（对外公开的联系方式）', 'an organisation gives an office phone: it is its public contact'));
  }
  if (!isOrganisation(kind) && !fields.contact.officePhone && !fields.contact.mobile) {
    found.push(problem('contact.mobile', 'owner.contact-required', '个人业主须提供手机或电话', 'a person gives a mobile or a phone number'));
  }
  return found;
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * Registers an owner. `sameCode` is the owner already registered in this tenant under the same
 * 统一社会信用代码, if any: one organisation is one owner per tenant.
 */
export function registerOwner(tenant: string, id: string, input: NewOwner, sameCode: string | undefined, actor: string, at: string): Owner {
  const fundingTypes = unique(input.fundingTypes ?? defaultFundingTypes(input.kind));
  const uscc = input.kind === 'person' ? undefined : input.uscc;
  const found = kindProblems(input.kind, uscc, { fundingTypes, contact: input.contact });
  if (found.length > 0) throw problems.validation(found);
  if (sameCode) {
    throw problems.conflict('owner.exists', `统一社会信用代码 ${uscc} 已登记为本租户的项目业主 ${sameCode}`, `An owner with code ${uscc} is already registered in this tenant: ${sameCode}`, { ownerId: sameCode });
  }
  const identity = input.kind === 'person' ? { idNumberMasked: maskIdNumber(input.idNumber) } : { uscc };
  return {
    id, tenant, kind: input.kind, name: input.name, ...identity, fundingTypes,
    ...(input.address ? { address: input.address } : {}), contact: input.contact,
    status: 'active', version: 1, createdAt: at, updatedAt: at, updatedBy: actor,
  };
}

/** A change: the mutable fields as a whole, a new version; disabling needs a reason. */
export function changeOwner(current: Owner | undefined, changes: OwnerChanges, actor: string, at: string): Owner {
  if (!current) throw problems.notFound({ zh: '项目业主', en: 'Owner' });
  const { expectedVersion, status = current.status, statusReason, fundingTypes, address, ...rest } = changes;
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw problems.conflict('owner.version-mismatch', `业主信息已被他人修改（当前版本 ${current.version}），请刷新后重试`, `The owner changed meanwhile (current version ${current.version}); reload and retry`, { version: current.version });
  }
  const found = kindProblems(current.kind, current.uscc, { fundingTypes, contact: rest.contact });
  if (status === 'disabled' && current.status !== 'disabled' && !statusReason) {
    found.push(problem('statusReason', 'owner.reason-required', '停用须说明理由', 'disabling needs a reason'));
  }
  if (found.length > 0) throw problems.validation(found);
  const { address: _a, statusReason: _r, ...kept } = current;
  void _a; void _r;
  return {
    ...kept, ...rest, fundingTypes: unique(fundingTypes),
    ...(address ? { address } : {}),
    status,
    ...(status === 'disabled' ? { statusReason: statusReason ?? current.statusReason } : {}),
    version: current.version + 1, updatedAt: at, updatedBy: actor,
  };
}

/** The audit action of a change: a status change is named as such, so the chain reads as a history. */
export function changeAction(before: Owner, after: Owner): 'owner.changed' | 'owner.disabled' | 'owner.enabled' {
  if (before.status === after.status) return 'owner.changed';
  return after.status === 'disabled' ? 'owner.disabled' : 'owner.enabled';
}

/** For procurement: may this owner start a purchase paid with this funding? */
export function ownerMayBuyWith(owner: Owner, funding: FundingType): boolean {
  return owner.status === 'active' && owner.fundingTypes.includes(funding);
}

export interface OwnerFilter {
  q?: string;
  kind?: OwnerKind;
  fundingType?: FundingType;
  status?: 'active' | 'disabled' | 'all';
}

/**
 * Directory search. It runs over the view the caller is given (the public view for the public), so a
 * search can never confirm a hidden value — e.g. a person's full name behind the masked one.
 */
export function matchesOwnerFilter(view: { kind: OwnerKind; name: string; uscc?: string; fundingTypes: FundingType[]; status: Owner['status'] }, f: OwnerFilter): boolean {
  const status = f.status ?? 'active';
  if (status !== 'all' && view.status !== status) return false;
  if (f.kind && view.kind !== f.kind) return false;
  if (f.fundingType && !view.fundingTypes.includes(f.fundingType)) return false;
  if (f.q) {
    const q = f.q.trim().toLowerCase();
    if (!view.name.toLowerCase().includes(q) && view.uscc !== q.toUpperCase()) return false;
  }
  return true;
}
