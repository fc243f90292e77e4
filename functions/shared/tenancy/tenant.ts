/**
 * Tenants are administrative divisions named by their GB/T 2260 six-digit codes: the province
 * (440000 广东省), its cities (445200 揭阳市) and counties (445203 揭东区). A city stack knows its city
 * and province from its deployment; counties are onboarded at run time and stored in its table.
 */
export type TenantLevel = 'province' | 'city' | 'county';

export interface Tenant {
  code: string;
  name: string;
  nameEn?: string;
  level: TenantLevel;
  /** Code of the tenant above (county → city → province); absent for a province. */
  parent?: string;
  province: string;
  /** Sandbox tenants (training, demos, tests) may accelerate time; production tenants cannot. */
  sandbox: boolean;
  status: 'active' | 'suspended';
  onboardedAt?: string;
}

export interface TenantDirectory {
  get(code: string): Promise<Tenant | undefined>;
}

const CODE = /^\d{6}$/;

export function isDivisionCode(code: string): boolean {
  return CODE.test(code) && !code.startsWith('00');
}

/** The level GB/T 2260 implies: xx0000 province, xxxx00 city (地级), otherwise county (县级). */
export function impliedLevel(code: string): TenantLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** GB/T 2260 nests by prefix: a county's first four digits are its city's, a city's first two its province's. */
export function isInside(child: string, parent: string): boolean {
  const parentLevel = impliedLevel(parent);
  if (parentLevel === 'province') return child !== parent && child.slice(0, 2) === parent.slice(0, 2);
  if (parentLevel === 'city') return child !== parent && child.slice(0, 4) === parent.slice(0, 4);
  return false;
}

/** The tenant and its ancestors, nearest first; empty when the tenant is unknown. */
export async function tenantChain(code: string, directory: TenantDirectory): Promise<Tenant[]> {
  const chain: Tenant[] = [];
  let next: string | undefined = code;
  while (next && chain.length < 3) {
    const tenant = await directory.get(next);
    if (!tenant) break;
    chain.push(tenant);
    next = tenant.parent;
  }
  return chain;
}
