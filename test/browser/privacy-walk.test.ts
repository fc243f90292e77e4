// Strategy: crawl EVERY page reachable from the home page over the scenario's data (scenario.ts: agencies whose records
// hold ID numbers and mobiles, an awarded and evaluated project, a 流标, a sealed-quote project still open) and the
// demo seed's catalogue and agencies, following every same-origin link and GET form, the JSON and verification pages
// the portal links to included. Each answer must be 200 and show no private data (test/support/privacy-scan.ts:
// resident ID numbers, mobile numbers, non-public document links, the open project's quotes, salts and commitments).
// Each portal page must also keep its accessible structure: lang zh-CN, a skip link, one h1, headings that never skip
// a level, a label for every field, no script and no external asset. The detector itself is unit-tested on a page that
// holds each kind of data (test/unit/privacy-scan.test.ts), so this walk can fail.
import { findPrivateData } from '#test/support/privacy-scan.ts';
import { apiOf } from '../integration/helpers.ts';
import { type BrowserScenario, browserScenario } from './scenario.ts';

jest.setTimeout(300_000);

const MAX_PAGES = 2_000;
/** The OpenAPI document describes fields (it holds no data), and PDFs are binary: neither is scanned. */
const NOT_SCANNED = [/^\/v1\/openapi\.json$/, /\.pdf$/];

function links(page: string): string[] {
  const out: string[] = [];
  for (const m of page.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)) out.push(m[1]);
  for (const m of page.matchAll(/<form\b[^>]*\bmethod="get"[^>]*\baction="([^"]+)"/g)) out.push(m[1]);
  return out.map((h) => h.replace(/&amp;/g, '&')).filter((h) => h.startsWith('/') && !h.startsWith('//')).map((h) => h.split('#')[0]).filter(Boolean);
}

/** Accessibility structure a page must keep (the checks a screen reader user depends on first). */
function structureProblems(page: string): string[] {
  const problems: string[] = [];
  if (!/<html lang="zh-CN">/.test(page)) problems.push('html lang is not zh-CN');
  if (!/<a class="skip" href="#main">/.test(page)) problems.push('no skip link');
  const levels = [...page.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
  if (levels.filter((l) => l === 1).length !== 1 || levels[0] !== 1) problems.push(`h1 count/order: ${levels.join(',')}`);
  levels.forEach((l, i) => { if (i > 0 && l > levels[i - 1] + 1) problems.push(`heading jumps from h${levels[i - 1]} to h${l}`); });
  for (const m of page.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)) if (!page.includes(`<label for="${m[1]}"`)) problems.push(`field #${m[1]} has no label`);
  if ((page.match(/<(?:input|select|textarea)\b/g) ?? []).length !== [...page.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="/g)].length) problems.push('a field without id (and so without label)');
  if (/<script\b/i.test(page)) problems.push('has a script');
  if (/\b(?:src|href)="https?:/.test(page)) problems.push('links an external asset or site');
  return problems;
}

let s: BrowserScenario;
beforeAll(async () => {
  s = await browserScenario();
});

describe('privacy walk over every public page reachable from the home page', () => {
  it('finds no ID number, mobile number, private document link or sealed quote, and every page answers and keeps its structure', async () => {
    const base = apiOf(s.city);
    const queue = ['/'];
    const seen = new Set(queue);
    const failures: { path: string; problem: string }[] = [];
    let portalPages = 0;
    while (queue.length) {
      const path = queue.shift()!;
      const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' }, redirect: 'follow' });
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 200) failures.push({ path, problem: `status ${res.status}` });
      if (NOT_SCANNED.some((p) => p.test(path))) continue;
      const text = await res.text();
      for (const f of findPrivateData(text, s.secrets)) failures.push({ path, problem: `${f.kind}: ${f.value}` });
      if (!type.startsWith('text/html')) continue;
      const portal = path === '/' || path.startsWith('/portal/');
      if (portal) {
        portalPages++;
        expect(res.headers.get('cache-control')).toMatch(/^(public, max-age=\d+|no-store)$/);
        for (const problem of structureProblems(text)) failures.push({ path, problem });
        for (const link of links(text)) {
          if (seen.has(link) || seen.size >= MAX_PAGES) continue;
          seen.add(link);
          queue.push(link);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(seen.size).toBeLessThan(MAX_PAGES);
    // The walk reached what it is meant to judge: the open sealed-quote project, the awarded one, its agency pages.
    expect([...seen]).toEqual(expect.arrayContaining([
      `/portal/tenants/${s.open.tenant}/projects/${s.open.id}`, `/portal/tenants/${s.tenant}/projects/${s.awarded.id}`,
      `/portal/tenants/${s.tenant}/projects/${s.awarded.id}/draw-verification`, `/portal/agencies/${s.awarded.winner}`,
      `/v1/certificates/${s.awarded.certificateNo}/verification`,
    ]));
    expect(portalPages).toBeGreaterThan(20);
  });
});
