import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedExperts } from './seed-experts.ts';

/**
 * The demo province of DESIGN section 9, seeded through the product's own API (the same calls an
 * operator makes), so the seed exercises onboarding, the catalogue, authorization and the audit log.
 * Runs on a fresh state only; re-running is harmless (Idempotency-Key on every create).
 */
interface DemoCounty { code: string; name: string; nameEn: string; city: string; operatorSub: string }
interface DemoItem { suffix: string; tenant?: string; [field: string]: unknown }
interface DemoOwner { tenant: string; uscc: string; [field: string]: unknown }

export interface SeedTarget {
  cityCode: string;
  provinceCode: string;
  apiUrl: string;
}

type Token = (claims: { role: 'operator' | 'province-admin'; tenant: string; sub: string }) => Promise<string>;

async function call(url: string, token: string, method: string, body: unknown, key: string): Promise<number> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  if (res.status >= 400 && res.status !== 409) throw new Error(`seed ${method} ${url} → ${res.status} ${await res.text()}`);
  return res.status;
}

export async function seedDemo(repoRoot: string, targets: SeedTarget[], token: Token, log: (m: string) => void): Promise<void> {
  const seed = JSON.parse(readFileSync(join(repoRoot, 'config/demo-seed.json'), 'utf8')) as { counties: DemoCounty[]; owners: DemoOwner[] };
  const catalog = JSON.parse(readFileSync(join(repoRoot, 'config/demo-catalog.json'), 'utf8')) as { cityItems: DemoItem[]; countyItems: DemoItem[] };
  for (const target of targets) {
    const admin = await token({ role: 'province-admin', tenant: target.provinceCode, sub: `seed-admin-${target.provinceCode}` });
    const cityOperator = await token({ role: 'operator', tenant: target.cityCode, sub: `op-${target.cityCode}` });
    for (const county of seed.counties.filter((c) => c.city === target.cityCode)) {
      await call(`${target.apiUrl}/v1/tenants`, admin, 'POST', {
        code: county.code, name: county.name, nameEn: county.nameEn, parent: county.city,
        operator: { username: county.operatorSub, name: `${county.name}超市管理员` },
      }, `seed-tenant-${county.code}`);
    }
    for (const { suffix, tenant: _t, ...fields } of catalog.cityItems) {
      void _t;
      const code = `ZJ-${target.cityCode}-${suffix}`;
      await call(`${target.apiUrl}/v1/tenants/${target.cityCode}/service-items`, cityOperator, 'POST', { code, ...fields }, `seed-item-${code}`);
    }
    for (const { suffix, tenant, ...fields } of catalog.countyItems) {
      const county = seed.counties.find((c) => c.code === tenant && c.city === target.cityCode);
      if (!county) continue;
      const countyOperator = await token({ role: 'operator', tenant: county.code, sub: county.operatorSub });
      const code = `ZJ-${county.code}-${suffix}`;
      await call(`${target.apiUrl}/v1/tenants/${county.code}/service-items`, countyOperator, 'POST', { code, ...fields }, `seed-item-${code}`);
    }
    for (const { tenant, ...owner } of seed.owners) {
      const county = seed.counties.find((c) => c.code === tenant && c.city === target.cityCode);
      if (!county) continue;
      const countyOperator = await token({ role: 'operator', tenant: county.code, sub: county.operatorSub });
      await call(`${target.apiUrl}/v1/tenants/${county.code}/owners`, countyOperator, 'POST', owner, `seed-owner-${owner.uscc}`);
    }
    log(`seeded ${target.cityCode}: ${seed.counties.filter((c) => c.city === target.cityCode).length} counties, ${catalog.cityItems.length} city items`);
    log(`seeded ${target.cityCode}: ${await seedExperts(repoRoot, target, cityOperator, call)} experts (评审专家库)`);
  }
}
