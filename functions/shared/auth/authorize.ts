import type { Role } from './claims.ts';
import type { Caller } from './caller.ts';
import { problems } from '../http/problems.ts';
import type { Tenant, TenantDirectory } from '../tenancy/tenant.ts';
import { tenantChain } from '../tenancy/tenant.ts';

/**
 * The one authorization module every handler uses. Two questions, always both:
 *  1. may this role do this action at all (the table below, from DESIGN section 1), and
 *  2. does the caller's tenant cover the target tenant: the same tenant, its city (a city office runs
 *     its counties, 市级统筹), or its province (province-admin). A county never covers another county.
 * A target tenant that does not exist is answered 404 before anything else, so existence of private
 * data is not revealed by a 403.
 */
export const PERMISSIONS = {
  'tenant.onboard': ['operator', 'province-admin'],
  'tenant.read-private': ['operator', 'regulator', 'province-admin'],
  'account.manage': ['operator', 'province-admin'],
  'policy.write': ['operator', 'province-admin'],
  'catalog.write': ['operator', 'province-admin'],
  'audit.read': ['operator', 'regulator', 'province-admin'],
  'owner.register': ['operator', 'province-admin'],
  /** `owner` passes the role check only; the handler then requires the clerk to be bound to that owner. */
  'owner.read-private': ['operator', 'province-admin', 'owner'],
  /** 评审专家库: the roster is run by the operators; who is on it is not public before the scoring ends. */
  'expert.manage': ['operator', 'province-admin'],
  'expert.read': ['operator', 'regulator', 'province-admin'],
  /** 入驻申请: an agency clerk files for its own agency (the handler requires the `agency` claim to be the code). */
  'agency.apply': ['agency'],
  /** `agency` passes the role check only: the handler then requires the application to be its own agency's. */
  'agency.read-application': ['agency', 'operator', 'regulator', 'province-admin'],
  /** 联合审查: the operator of the tenant and the regulators of the industries concerned (the domain assigns the slots). */
  'agency.review': ['operator', 'regulator'],
  /** 清退: an operator governing the tenant that admitted the agency, or the province. */
  'agency.clear': ['operator', 'province-admin'],
  /** Why each agency does or does not qualify for an item (the public sees only who qualifies). */
  'agency.match-reasons': ['operator', 'regulator', 'province-admin'],
  /** An agency's notices (主动推送): operators governing its admitting tenant; the agency reads its own by its claim. */
  'agency.read-notifications': ['operator', 'province-admin'],
  /** 采购申请 and every owner step after it (choice, contract, completion, evaluation): the owner's clerk. */
  'project.submit': ['owner'],
  'project.review': ['operator'],
  /** The whole record: returns, flags, registrations after close. */
  'project.read-private': ['operator', 'regulator', 'province-admin', 'owner'],
  /** Expert scores are entered at the review by the operator (experts hold no accounts). */
  'project.score': ['operator'],
  'project.decide-objection': ['operator', 'regulator'],
  /** 执法检查人员名录库 and 双随机 spot checks: the supermarket office and the industry regulators. */
  'inspector.manage': ['operator', 'regulator', 'province-admin'],
  'spot-check.manage': ['operator', 'regulator', 'province-admin'],
  /** 风险预警: computed over private project data (registrants of closed projects, owners' purchase patterns). */
  'red-flags.read': ['operator', 'regulator', 'province-admin'],
  /** 信用记录 by a regulator or the operator of the issuing tenant; objections decided by the issuing body. */
  'credit.record': ['operator', 'regulator'],
  'credit.decide-objection': ['operator', 'regulator'],
  /** 信用修复 is decided by the operator (issue 5). */
  'credit.decide-repair': ['operator'],
  'credit.worklist': ['operator', 'regulator', 'province-admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** True when the caller's tenant is the target or one of its ancestors. */
export function covers(caller: Caller, chain: Tenant[]): boolean {
  if (!caller.tenant) return false;
  return chain.some((t) => t.code === caller.tenant);
}

/**
 * Throws 401/403/404 or returns the target tenant. `target` is the tenant whose data is touched.
 */
export async function authorize(caller: Caller, permission: Permission, target: string, directory: TenantDirectory): Promise<Tenant> {
  const chain = await tenantChain(target, directory);
  if (chain.length === 0) throw problems.tenantNotFound(target);
  if (caller.role === 'public') throw problems.unauthenticated();
  if (!roleMay(caller.role, permission)) {
    throw problems.forbidden({ zh: `角色 ${caller.role} 不能执行 ${permission}`, en: `role ${caller.role} may not ${permission}` });
  }
  if (!covers(caller, chain)) {
    throw problems.forbidden({ zh: `账号所属租户 ${caller.tenant ?? '无'} 不管辖 ${target}`, en: `tenant ${caller.tenant ?? 'none'} does not govern ${target}` });
  }
  return chain[0];
}
