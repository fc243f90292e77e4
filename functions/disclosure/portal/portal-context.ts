import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { problems } from '#shared/http/problems.ts';
import { deploymentTenants, tenantStore } from '#shared/tenancy/tenant-store.ts';
import type { Tenant } from '#shared/tenancy/tenant.ts';
import type { Html } from './html.ts';

/** What a page handler returns: the layout adds the frame; `cacheSeconds` becomes Cache-Control (public pages). */
export interface PortalPage {
  title: string;
  body: Html;
  /** 0 → no-store (answers that change with each request, such as a verification). */
  cacheSeconds: number;
  status?: number;
}

export const province = () => requireEnv(ENV.provinceCode);

export function city(): { code: string; name: string } {
  const { city: c } = deploymentTenants();
  return { code: c.code, name: c.name };
}

/** The tenants this city's supermarket serves: the city itself and its onboarded counties. */
export async function cityTenants(): Promise<Tenant[]> {
  const { city: c } = deploymentTenants();
  const counties = await tenantStore.listCounties();
  return [c, ...counties.sort((a, b) => a.code.localeCompare(b.code))];
}

/** A tenant of this city, or 404: the portal shows only what this city's stack holds. */
export async function cityTenant(code: string): Promise<Tenant> {
  const tenant = /^\d{6}$/.test(code) ? await tenantStore.get(code) : undefined;
  const c = city();
  if (!tenant || (tenant.code !== c.code && tenant.parent !== c.code)) throw problems.tenantNotFound(code);
  return tenant;
}

/** Names of admitted agencies by 统一社会信用代码 (a code with no agency here shows as itself). */
export async function agencyNames(codes: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const found = await Promise.all(unique.map((c) => agencyStore.get(province(), c)));
  return new Map(unique.map((c, i) => [c, found[i]?.name ?? c]));
}
