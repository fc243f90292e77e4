// Strategy: a citizen's visit in headless Chromium with JavaScript switched OFF (the portal must work without it),
// against the local cloud and the scenario of scenario.ts: the home page → the project's award → the draw verified on
// the server → the certificate verified (from the project page and by number through the form) → the winner's credit
// profile (信用脸谱) → the credit lists → the statistics. Then the home page at a phone's viewport, with JavaScript on,
// must not scroll sideways. Every step asserts there was no console error, no failed request and no answer ≥ 400;
// screenshots are saved to test-artifacts/browser/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiOf, call } from '../integration/helpers.ts';
import { launch, type Problems, shot, watch } from './browser.ts';
import { type BrowserScenario, browserScenario } from './scenario.ts';

jest.setTimeout(180_000);

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: Problems;
let s: BrowserScenario;

beforeAll(async () => {
  s = await browserScenario();
  browser = await launch();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN', baseURL: apiOf(s.city) });
  page = await context.newPage();
  problems = watch(page);
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  const seen = { console: problems.console.splice(0), failed: problems.failed.splice(0) };
  expect(seen).toEqual({ console: [], failed: [] });
});

const h1 = () => page.locator('h1').textContent();

describe('a citizen, without JavaScript', () => {
  it('opens the home page and finds the project among the latest results', async () => {
    await page.goto('/');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('#results + div').textContent()).toContain(s.awarded.name);
    await shot(page, '01-home');
    await page.locator('#results + div').getByRole('link', { name: s.awarded.name }).click();
    expect(await h1()).toBe(s.awarded.name);
    const text = await page.locator('main').textContent();
    expect(text).toContain('中选公示');
    expect(text).toContain('随机选取记录（ISM-DRAW-1）');
    expect(text).toContain(s.awarded.certificateNo);
    expect(text).toContain('服务评价');
    await shot(page, '02-project-award');
  });

  it('verifies the draw: the server recomputes ISM-DRAW-1 and every check passes', async () => {
    await page.getByRole('button', { name: '复核选取过程' }).click();
    expect(page.url()).toContain(`/projects/${s.awarded.id}/draw-verification`);
    expect(await h1()).toBe('选取过程复核');
    expect(await page.locator('p.ok').first().textContent()).toContain('复核通过');
    expect(await page.locator('td.bad').count()).toBe(0);
    expect(await page.locator('td.ok').count()).toBeGreaterThanOrEqual(8);
    await shot(page, '03-draw-verification');
    await page.goBack();
  });

  it('verifies the certificate from the project page and by its number', async () => {
    await page.getByRole('link', { name: '验证中选确认书' }).click();
    expect(page.url()).toContain(`/v1/certificates/${s.awarded.certificateNo}/verification`);
    expect(await page.locator('.badge').textContent()).toContain('有效');
    await shot(page, '04-certificate-verification');
    await page.goto('/portal/certificates');
    await page.getByLabel('确认书编号').fill(s.awarded.certificateNo);
    await page.getByRole('button', { name: '验证' }).click();
    expect(await page.locator('.badge').textContent()).toContain('有效');
    expect(await page.locator('main, body').first().textContent()).toContain(s.awarded.name);
  });

  it('browses the winner\'s public profile and credit profile (信用脸谱), then the credit lists', async () => {
    await page.goto(`/portal/tenants/${s.tenant}/projects/${s.awarded.id}`);
    await page.locator('h2:has-text("中选公示") + table').getByRole('link').first().click();
    expect(page.url()).toContain(`/portal/agencies/${s.awarded.winner}`);
    const text = await page.locator('main').textContent();
    // The same 信用脸谱 as the credit API answers (the score from its one evaluation).
    const credit = await call(s.city, 'GET', `/v1/agencies/${s.awarded.winner}/credit`);
    expect(credit.status).toBe(200);
    expect(text).toContain('信用脸谱');
    expect(text).toMatch(new RegExp(`信用等级\\s*${credit.body.grade}`));
    expect(text).toContain(`${Number(credit.body.score).toFixed(2)}（满分 100）`);
    expect(text).toContain('共 1 次评价');
    await shot(page, '05-agency-credit');
    await page.getByRole('link', { name: '信用信息', exact: true }).click();
    expect(await page.locator(`main a[href="/portal/agencies/${s.restricted}"]`).count()).toBe(1);
    await page.goto(`/portal/agencies/${s.restricted}`);
    expect(await page.locator('main').textContent()).toContain('节能评估报告数据失实（浏览器测试）');
    await shot(page, '06-credit-lists');
  });

  it('sees the 流标 notice and opens the statistics', async () => {
    await page.goto(`/portal/tenants/${s.tenant}/projects?status=failed`);
    await page.getByRole('link', { name: s.failed.name }).click();
    expect(await page.locator('main').textContent()).toContain('流标公告');
    await page.getByRole('link', { name: '统计分析' }).click();
    expect(await h1()).toContain('统计分析');
    await shot(page, '07-statistics');
  });
});

describe('at a phone\'s viewport', () => {
  it('reads the home page and a project without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', baseURL: apiOf(s.city) });
    const p = await phone.newPage();
    const seen = watch(p);
    for (const [path, name] of [['/', '08-phone-home'], [`/portal/tenants/${s.tenant}/projects/${s.awarded.id}`, '09-phone-project']]) {
      await p.goto(path);
      const overflow = await p.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await shot(p, name);
    }
    expect(seen).toEqual({ console: [], failed: [] });
    await phone.close();
  });
});
