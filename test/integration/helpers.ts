/**
 * What integration tests use to reach the product: the city APIs (from the harness, or ISM_API_URLS
 * when running against LocalStack) and tokens from the local issuer (or ISM_TOKEN_URL).
 */
export const JIEYANG = '445200';
export const SHANTOU = '440500';
export const JIEDONG = '445203';
export const RONGCHENG = '445202';
export const PROVINCE = '440000';

/** Tests of the local cloud's own control routes (/_local/…) do not apply to LocalStack. */
export const localCloudOnly = (): typeof it => (process.env.ISM_TEST_TARGET === 'external' ? it.skip : it);

export const endpoint = () => process.env.ISM_TEST_ENDPOINT ?? 'http://localhost:4566';
export const apiOf = (city: string) => {
  const urls = JSON.parse(process.env.ISM_API_URLS ?? '{}') as Record<string, string>;
  if (!urls[city]) throw new Error(`no API URL for ${city}: is the harness running?`);
  return urls[city];
};

export interface Claims { role: string; tenant?: string; agency?: string; sub?: string; industry?: string }

const tokens = new Map<string, string>();
export async function token(claims: Claims): Promise<string> {
  const key = JSON.stringify(claims);
  if (!tokens.has(key)) {
    const res = await fetch(process.env.ISM_TOKEN_URL ?? `${endpoint()}/_local/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: key });
    if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
    tokens.set(key, ((await res.json()) as { token: string }).token);
  }
  return tokens.get(key)!;
}

export interface Answer<T = any> { status: number; body: T; headers: Headers } // eslint-disable-line @typescript-eslint/no-explicit-any

export async function call<T = any>(city: string, method: string, path: string, opts: { as?: Claims; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.as) headers.authorization = `Bearer ${await token(opts.as)}`;
  if (opts.body !== undefined || opts.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${apiOf(city)}${path}`, { method, headers, body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export const operatorOf = (tenant: string): Claims => ({ role: 'operator', tenant, sub: `op-${tenant}` });

/** A catalogue item body that passes validation; `code` must be unique per test. */
export function itemBody(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code, name: '测试事项：建设工程规划条件核实测绘', serviceType: 'other', legalBasis: ['《中华人民共和国城乡规划法》第四十五条'],
    approvalItem: { name: '建设工程规划条件核实' }, department: { name: '自然资源局' }, industry: 'surveying',
    qualificationRequirements: [{ type: '测绘资质', minGrade: '乙级' }], serviceTimeLimitWorkingDays: 10,
    fee: { pricing: 'market', standard: '市场调节价' }, fundingTypes: ['fiscal'], ...overrides,
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
