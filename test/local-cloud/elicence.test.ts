// Strategy: the product's e-licence adapter (functions/agencies/adapters/elicence.ts) against the local
// cloud's fake e-licence service, mounted on a Gateway on a random port exactly as the local cloud
// mounts it: one test per status the adapter can report, from the demo data of config/demo-licences.json.
// The failure paths (unreachable, 5xx, slow, malformed) use tiny servers of their own and assert that
// the adapter answers `unknown` with a reason, retries once where a retry can help, and never throws.
// The demo data itself is checked too: every USCC's check characters, every type a catalogue type.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { httpElicence, elicenceFromEnv } from '../../functions/agencies/adapters/elicence.ts';
import { createFakeElicence, type DemoLicence } from '../../lib/local-cloud/elicence.ts';
import { Gateway } from '../../lib/local-cloud/gateway.ts';

jest.setTimeout(20_000);

const repoRoot = path.resolve(__dirname, '../..');
const fake = createFakeElicence({ repoRoot });
let gateway: Gateway;
let base: string;

beforeAll(async () => {
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  for (const r of fake.controlRoutes) gateway.control(r.method, r.path, r.handle);
  await gateway.listen();
  base = `http://127.0.0.1:${gateway.port}${fake.basePath}`;
});
afterAll(() => gateway.close());

const licence = (agency: string, type: string): DemoLicence => {
  const found = fake.licences.find((l) => l.agency === agency && l.type === type);
  if (!found) throw new Error(`no demo licence ${agency} ${type}`);
  return found;
};
const ask = (l: Pick<DemoLicence, 'type' | 'number' | 'holderUscc'>) => httpElicence(base).verify({ type: l.type, number: l.number, holderUscc: l.holderUscc });

describe('every status, from the demo licences', () => {
  test('valid: the record\'s dates, grade, issuer and holder, with when and where it was checked', async () => {
    const l = licence('汕头市潮海测绘工程有限公司', '测绘资质');
    const before = Date.now();
    const result = await ask(l);
    expect(result).toEqual({
      status: 'valid', validFrom: '2025-12-31', validTo: '2030-12-30', grade: '乙级', issuer: '广东省自然资源厅', holderName: '汕头市潮海测绘工程有限公司',
      checkedAt: expect.any(String), source: base,
    });
    expect(Date.parse(result.checkedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  test('expired: in the record, past its validTo', async () => {
    expect(await ask(licence('广东揭东粤信地质工程有限公司', '地质灾害防治'))).toMatchObject({ status: 'expired', validTo: '2024-06-30', grade: '乙级' });
  });

  test('revoked: with the authority\'s reason', async () => {
    expect(await ask(licence('汕头市龙湖区卫安消防技术服务有限公司', '消防技术服务机构'))).toMatchObject({
      status: 'revoked', issuer: '广东省消防救援总队', reason: expect.stringContaining('撤销'),
    });
  });

  test('unknown: a number the authority never issued, or a known number under another type', async () => {
    expect(await ask({ type: '测绘资质', number: '乙测资字44509999', holderUscc: '91440500MA4UQ8HDXM' })).toEqual({ status: 'unknown', checkedAt: expect.any(String), source: base });
    expect((await ask({ ...licence('汕头市潮海测绘工程有限公司', '测绘资质'), type: '地质灾害防治' })).status).toBe('unknown');
  });

  test('mismatch: a real number claimed by another agency, and nothing of the real holder\'s record is revealed', async () => {
    const theirs = licence('汕头市潮海测绘工程有限公司', '测绘资质');
    const result = await ask({ ...theirs, holderUscc: '91445200MA4W3K7RX7' });
    expect(result).toEqual({ status: 'mismatch', checkedAt: expect.any(String), source: base });
  });

  test('the query is normalised (spaces, lower-case USCC) before it is sent', async () => {
    const l = licence('揭阳市绿源环境科技有限公司', '水土保持方案编制');
    expect((await ask({ type: ` ${l.type}`, number: `${l.number} `, holderUscc: l.holderUscc.toLowerCase() })).status).toBe('valid');
  });

  test('the fake refuses a malformed request (400) and lists its records with their status today', async () => {
    const bad = await fetch(`${base}/licences/verify`, { method: 'POST', body: '{"type":"测绘资质"}' });
    expect(bad.status).toBe(400);
    const listed = (await (await fetch(`${base}/licences`)).json()) as { number: string; status: string }[];
    expect(new Set(listed.map((l) => l.status))).toEqual(new Set(['valid', 'expired', 'revoked']));
  });
});

describe('a gateway that cannot answer: unknown with the reason, never a thrown error', () => {
  async function server(handler: http.RequestListener): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
    let hits = 0;
    const s = http.createServer((req, res) => {
      hits++;
      handler(req, res);
    });
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
      hits: () => hits,
      close: () => new Promise((resolve) => { s.closeAllConnections(); s.close(() => resolve()); }),
    };
  }
  const query = { type: '测绘资质', number: '乙测资字44503127', holderUscc: '91440500MA4UQ8HDXM' };

  test('an unreachable URL (nothing listens): unknown after one retry', async () => {
    const closed = await server(() => undefined);
    const url = closed.url;
    await closed.close();
    const result = await httpElicence(url, { retryDelayMs: 10 }).verify(query);
    expect(result).toMatchObject({ status: 'unknown', source: url, reason: expect.stringMatching(/^e-licence gateway unreachable \(ECONNREFUSED\)$/) });
  });

  test('a 503 is retried once, then unknown; a 400 is not retried', async () => {
    const down = await server((_req, res) => res.writeHead(503).end());
    expect(await httpElicence(down.url, { retryDelayMs: 10 }).verify(query)).toMatchObject({ status: 'unknown', reason: 'e-licence gateway answered HTTP 503' });
    expect(down.hits()).toBe(2);
    await down.close();
    const refusing = await server((_req, res) => res.writeHead(400).end('{}'));
    expect(await httpElicence(refusing.url).verify(query)).toMatchObject({ status: 'unknown', reason: 'e-licence gateway answered HTTP 400' });
    expect(refusing.hits()).toBe(1);
    await refusing.close();
  });

  test('a transient 502 followed by an answer: the retry gets the answer', async () => {
    let calls = 0;
    const flaky = await server((_req, res) => {
      if (calls++ === 0) return void res.writeHead(502).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'valid', validTo: '2030-12-30' }));
    });
    expect(await httpElicence(flaky.url, { retryDelayMs: 10 }).verify(query)).toMatchObject({ status: 'valid', validTo: '2030-12-30' });
    await flaky.close();
  });

  test('a gateway slower than the timeout: unknown after two attempts', async () => {
    const slow = await server(() => undefined); // never answers
    try {
      const started = Date.now();
      const result = await httpElicence(slow.url, { timeoutMs: 150, retryDelayMs: 10 }).verify(query);
      expect(result).toMatchObject({ status: 'unknown', reason: 'e-licence gateway no answer within 150 ms' });
      expect(slow.hits()).toBe(2);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await slow.close();
    }
  });

  test('an answer in another format or not JSON: unknown, not retried', async () => {
    const odd = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'VALID' })));
    expect(await httpElicence(odd.url).verify(query)).toMatchObject({ status: 'unknown', reason: 'e-licence gateway answered in an unexpected format' });
    expect(odd.hits()).toBe(1);
    await odd.close();
    const html = await server((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>维护中</html>'));
    expect(await httpElicence(html.url).verify(query)).toMatchObject({ status: 'unknown', reason: 'e-licence gateway answered with a body that is not JSON' });
    await html.close();
  });

  test('an incomplete query is unknown without asking; no ELICENCE_URL means unknown with that reason', async () => {
    expect(await httpElicence('http://192.0.2.1').verify({ ...query, number: ' ' })).toMatchObject({ status: 'unknown', reason: expect.stringContaining('incomplete') });
    const saved = process.env.ELICENCE_URL;
    delete process.env.ELICENCE_URL;
    expect(await elicenceFromEnv().verify(query)).toMatchObject({ status: 'unknown', source: 'none', reason: expect.stringContaining('ELICENCE_URL') });
    process.env.ELICENCE_URL = base;
    expect((await elicenceFromEnv().verify(query)).status).toBe('valid');
    if (saved === undefined) delete process.env.ELICENCE_URL;
    else process.env.ELICENCE_URL = saved;
  });
});

describe('the demo data', () => {
  // GB 32100-2015 (position 18) and GB 11714-1997 (position 17), computed independently of the product.
  const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W18 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const W9 = [3, 7, 9, 10, 5, 8, 4, 2];
  const check18 = (u: string) => CHARSET[(31 - ([...u.slice(0, 17)].reduce((s, c, i) => s + CHARSET.indexOf(c) * W18[i], 0) % 31)) % 31];
  const check17 = (u: string) => {
    const r = 11 - ([...u.slice(8, 16)].reduce((s, c, i) => s + parseInt(c, 36) * W9[i], 0) % 11);
    return r === 10 ? 'X' : r === 11 ? '0' : String(r);
  };

  test('every holder\'s USCC carries correct check characters', () => {
    for (const l of fake.licences) {
      expect([l.holderUscc, check17(l.holderUscc), check18(l.holderUscc)]).toEqual([l.holderUscc, l.holderUscc[16], l.holderUscc[17]]);
    }
  });

  test('every type is a qualification type of the demo catalogue; one agency per USCC; valid, expired and revoked all present', () => {
    const catalog = JSON.parse(fs.readFileSync(path.join(repoRoot, 'config/demo-catalog.json'), 'utf8')) as { cityItems: { qualificationRequirements: { type: string }[] }[] };
    const types = new Set(catalog.cityItems.flatMap((i) => i.qualificationRequirements.map((q) => q.type)));
    for (const l of fake.licences) expect(types).toContain(l.type);
    expect(new Set(fake.licences.map((l) => l.type))).toEqual(types);
    const names = new Map<string, string>();
    for (const l of fake.licences) expect(names.set(l.holderUscc, names.get(l.holderUscc) ?? l.agency).get(l.holderUscc)).toBe(l.agency);
  });
});
