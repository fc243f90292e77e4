/**
 * Fixtures for the procurement tests: a sandbox county with its clock accelerated (one day per second), an owner's
 * clerk, and admitted agencies. The agencies are written straight into the city table as the agencies context
 * would have admitted them (built by that context's own domain functions): admission has its own tests
 * (agencies.test.ts), and a project needs several admitted agencies in seconds.
 */
import { randomBytes } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { admittedAgency } from '#functions/agencies/domain/test-fixtures.ts';
import { agencyKeys } from '#functions/shared/store/keys.ts';
import { cityTable, dynamoClient, freshUscc } from './agencies-fixtures.ts';
import { call, eventually, operatorOf, PROVINCE, type Claims } from './helpers.ts';

/** 固定资产投资项目节能评估: a city item of every demo city with no qualification requirement, fiscal funds. */
export const ITEM_SUFFIX = '0006';
export const itemOf = (city: string) => ({ tenant: city, code: `ZJ-${city}-${ITEM_SUFFIX}` });

export async function accelerate(city: string, tenant: string, accelerator = 86_400): Promise<void> {
  const res = await call(city, 'PUT', `/v1/tenants/${tenant}/policy`, { as: operatorOf(tenant), body: { timeAccelerator: accelerator } });
  if (res.status !== 200) throw new Error(`policy: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A clerk of the tenant's first seeded owner: the claims to act as the owner, and the owner id. */
export async function ownerClerk(city: string, tenant: string): Promise<{ as: Claims; ownerId: string }> {
  const owners = await call(city, 'GET', `/v1/tenants/${tenant}/owners`);
  const ownerId = owners.body.items[0].id as string;
  const username = `clerk-${randomBytes(4).toString('hex')}`;
  const added = await call(city, 'POST', `/v1/tenants/${tenant}/owners/${ownerId}/clerks`, { as: operatorOf(tenant), body: { username, name: '测试经办' } });
  if (added.status !== 201) throw new Error(`clerk: ${added.status} ${JSON.stringify(added.body)}`);
  return { as: { role: 'owner', tenant, sub: added.body.subject }, ownerId };
}

/** `n` admitted agencies offering the item, practising in `region`, in the city's table. Their clerks' claims. */
export async function admittedAgencies(city: string, admittedIn: string, region: string, n: number): Promise<{ uscc: string; as: Claims }[]> {
  const table = await cityTable(city);
  const out: { uscc: string; as: Claims }[] = [];
  for (let i = 0; i < n; i++) {
    const uscc = freshUscc(admittedIn);
    const base = admittedAgency({ uscc, name: `测试节能咨询有限公司${i + 1}号`, serviceItems: [{ tenant: '445200', code: 'ZJ-445200-0003' }] });
    const agency = { ...base, province: PROVINCE, admittedIn, serviceItems: [{ ...itemOf(city), status: 'active' }], qualifications: [], practiceRegions: [region] };
    const item = { ...agencyKeys.agency(PROVINCE, uscc), ...agencyKeys.directoryIndex(PROVINCE, uscc), ...agencyKeys.admittedByCityIndex(city, uscc), ...agency };
    await dynamoClient().send(new PutItemCommand({ TableName: table, Item: marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) }));
    out.push({ uscc, as: { role: 'agency', tenant: admittedIn, agency: uscc, sub: `clerk-${uscc}` } });
  }
  return out;
}

export function purchaseRequest(city: string, ownerId: string, o: Record<string, unknown> = {}) {
  return {
    name: `节能评估测试项目 ${randomBytes(3).toString('hex')}`, serviceItem: itemOf(city), ownerId, fundingType: 'fiscal', budgetFen: 5_000_000,
    serviceContent: '某产业园区固定资产投资项目节能评估报告编制', selectionMethod: 'random', registrationWindowWorkingDays: 5, ...o,
  };
}

/** Polls the public project until `until` holds (the timeline moves it on its own). */
export async function projectWhen(city: string, tenant: string, id: string, until: (p: Record<string, any>) => boolean, what: string, timeoutMs = 60_000) { // eslint-disable-line @typescript-eslint/no-explicit-any
  let last: unknown;
  try {
    return await eventually(async () => {
      const res = await call(city, 'GET', `/v1/tenants/${tenant}/projects/${id}/record`, { as: operatorOf(tenant) });
      last = res.body;
      return res.status === 200 && until(res.body) ? res.body : undefined;
    }, timeoutMs);
  } catch {
    throw new Error(`never happened: ${what}; the project was ${JSON.stringify(last)?.slice(0, 1500)}`);
  }
}
