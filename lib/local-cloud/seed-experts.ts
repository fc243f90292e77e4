import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The demo expert pools (评审专家库) of config/demo-experts.json: eight experts per demo city on the city's roster
 * (its counties draw from it too), added by the city's operator through the product's own API, so a best-value
 * project can draw its scorers in the demo. Part of seed.ts; `call` is its request helper (Idempotency-Key on
 * every create, so a re-run is harmless).
 */
interface DemoExpert { city: string; phone: string; employerName?: string; [field: string]: unknown }

type Call = (url: string, token: string, method: string, body: unknown, key: string) => Promise<number>;

export async function seedExperts(repoRoot: string, target: { cityCode: string; apiUrl: string }, cityOperatorToken: string, call: Call): Promise<number> {
  const { experts } = JSON.parse(readFileSync(join(repoRoot, 'config/demo-experts.json'), 'utf8')) as { experts: DemoExpert[] };
  const mine = experts.filter((e) => e.city === target.cityCode);
  // employerName is for the file's reader; the API takes the code only.
  for (const { city, employerName: _name, ...expert } of mine) {
    void _name;
    await call(`${target.apiUrl}/v1/tenants/${city}/experts`, cityOperatorToken, 'POST', expert, `seed-expert-${city}-${expert.phone}`);
  }
  return mine.length;
}
