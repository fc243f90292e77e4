/**
 * Operator CLI for tenants (runs against the local cloud by default, or any deployed city API).
 *   npm run tenant -- onboard --code 445224 --name 惠来县 --city 445200 --operator op-445224 --operator-name 张三 [--name-en Huilai] [--sandbox]
 *   npm run tenant -- list --city 445200
 * Options: --api <city API URL> (default: found at <endpoint>/_local/apis), --token <JWT> (or env ISM_TOKEN;
 * locally a province-admin token is minted), --endpoint <local cloud> (default env ISM_LOCAL_ENDPOINT or
 * http://localhost:4566), --idempotency-key <key> (default derived from the code, so a retry is safe).
 */
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    code: { type: 'string' }, name: { type: 'string' }, 'name-en': { type: 'string' }, city: { type: 'string' },
    operator: { type: 'string' }, 'operator-name': { type: 'string' }, 'operator-email': { type: 'string' }, 'operator-phone': { type: 'string' },
    sandbox: { type: 'boolean' }, api: { type: 'string' }, token: { type: 'string' }, endpoint: { type: 'string' },
    'idempotency-key': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  },
});

const usage = `usage:
  npm run tenant -- onboard --code <county code> --name <名称> --city <city code> --operator <username> --operator-name <姓名> [--name-en <name>] [--sandbox] [--operator-email <e>] [--operator-phone <p>]
  npm run tenant -- list --city <city code>
options: --api <URL> --token <JWT> --endpoint <local cloud URL>`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const endpoint = values.endpoint ?? process.env.ISM_LOCAL_ENDPOINT ?? 'http://localhost:4566';

async function apiFor(city: string): Promise<string> {
  if (values.api) return values.api.replace(/\/$/, '');
  const res = await fetch(`${endpoint}/_local/apis`).catch(() => fail(`the local cloud does not answer at ${endpoint}; start it with \`npm start\` or pass --api`));
  const apis = (await res.json()) as { city?: string; url: string }[];
  return apis.find((a) => a.city === city)?.url ?? fail(`no API for city ${city} at ${endpoint}/_local/apis`);
}

async function tokenFor(province: string): Promise<string> {
  const given = values.token ?? process.env.ISM_TOKEN;
  if (given) return given;
  const res = await fetch(`${endpoint}/_local/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'province-admin', tenant: province, sub: 'tenant-cli' }) })
    .catch(() => fail('no --token given and the local issuer is not reachable'));
  if (!res.ok) fail(`local issuer refused: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function main() {
  const command = positionals[0];
  if (values.help || !command) return console.log(usage);
  const city = values.city ?? fail(`--city is required\n${usage}`);
  const api = await apiFor(city);
  if (command === 'list') {
    const res = await fetch(`${api}/v1/tenants`);
    const { items } = (await res.json()) as { items: { code: string; name: string; level: string; sandbox: boolean }[] };
    for (const t of items) console.log(`${t.code}  ${t.level.padEnd(8)} ${t.name}${t.sandbox ? '  (sandbox)' : ''}`);
    return;
  }
  if (command !== 'onboard') fail(`unknown command ${command}\n${usage}`);
  const code = values.code ?? fail('--code is required');
  const body = {
    code, name: values.name ?? fail('--name is required'), nameEn: values['name-en'], parent: city, sandbox: values.sandbox,
    operator: { username: values.operator ?? fail('--operator is required'), name: values['operator-name'] ?? fail('--operator-name is required'), email: values['operator-email'], phone: values['operator-phone'] },
  };
  const res = await fetch(`${api}/v1/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor(`${city.slice(0, 2)}0000`)}`, 'content-type': 'application/json', 'idempotency-key': values['idempotency-key'] ?? `tenant-cli-onboard-${code}` },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!res.ok) fail(`onboarding refused (${res.status} ${answer.code}): ${answer.message?.zh ?? ''} / ${answer.message?.en ?? ''}\n${JSON.stringify(answer.errors ?? [], null, 2)}`);
  console.log(`onboarded ${answer.tenant.code} ${answer.tenant.name} under ${city}; first operator: ${answer.operator.username} (subject ${answer.operator.subject})`);
  console.log(`locally, a token for that operator: npm run -s token -- --role operator --tenant ${answer.tenant.code} --sub ${answer.operator.subject}`);
}

await main();
