import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { listByIndex } from '../store/query.ts';
import { dynamo } from '../aws-clients.ts';
import { ENV, requireEnv } from '../deployment-env.ts';
import { tenantKeys } from '../store/keys.ts';
import { tableName, withoutKeys } from '../store/table.ts';
import type { Tenant, TenantDirectory } from './tenant.ts';

/**
 * The tenant registry of this city stack. The province and the city come from the deployment (they
 * exist because the stack exists); counties are records in the table, written by onboarding.
 */
export function deploymentTenants(): { province: Tenant; city: Tenant } {
  const province = deploymentProvince();
  const city: Tenant = { code: requireEnv(ENV.cityCode), name: requireEnv(ENV.cityName), level: 'city', parent: province.code, province: province.code, sandbox: province.sandbox, status: 'active' };
  return { province, city };
}

/** The province of the deployment: every stack has one (the province stack has no city). */
export function deploymentProvince(): Tenant {
  const sandbox = process.env[ENV.deploymentKind] !== 'production';
  return { code: requireEnv(ENV.provinceCode), name: requireEnv(ENV.provinceName), level: 'province', province: requireEnv(ENV.provinceCode), sandbox, status: 'active' };
}

export const tenantStore: TenantDirectory & { listCounties(): Promise<Tenant[]> } = {
  async get(code: string): Promise<Tenant | undefined> {
    if (code === deploymentProvince().code) return deploymentProvince();
    const { city } = deploymentTenants();
    if (code === city.code) return city;
    if (!/^\d{6}$/.test(code)) return undefined;
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: tenantKeys.tenant(code) }))).Item;
    return item ? (withoutKeys(item) as Tenant) : undefined;
  },

  listCounties: () => listByIndex<Tenant>(`${requireEnv(ENV.cityCode)}#TENANTS`),
};
