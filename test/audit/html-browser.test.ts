import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/build.js';
import { renderHtml } from '../../src/audit/render/html.js';
import { ingressTexts } from '../../src/audit/texts.js';
import { browserAvailability, launch } from './browser.js';
import { result, rules, XSS } from './fixtures.js';

// Fails with a clear message when chromium is missing, unless INGRESS2ISTIO_SKIP_BROWSER=1.
const availability = browserAvailability();

describe('browser availability', () => {
  it('fails clearly without chromium, unless INGRESS2ISTIO_SKIP_BROWSER=1', () => {
    expect(() => browserAvailability('/nonexistent/chromium', {})).toThrow(/\/nonexistent\/chromium not found: .*install-chromium\.sh.*INGRESS2ISTIO_SKIP_BROWSER=1/);
    expect(browserAvailability('/nonexistent/chromium', { INGRESS2ISTIO_SKIP_BROWSER: '1' })).toBe('skip');
  });
});

describe.skipIf(availability === 'skip')('HTML report in headless chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  const external: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'i2i-audit-html-'));
    const r = result();
    const report = buildAudit({ result: r, rules, gatewayNamespace: 'istio-system', toolVersion: '9.9.9' });
    const file = join(dir, 'audit.html');
    writeFileSync(file, renderHtml(report, { texts: ingressTexts(report, r) }));
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (req) => {
      if (!req.url().startsWith('file:') && !req.url().startsWith('data:')) external.push(req.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const column = (table: string, col: number) =>
    page.$$eval(`#${table} tbody tr`, (rows, c) => rows.filter((r) => !(r as HTMLElement).hidden).map((r) => (r as HTMLTableRowElement).cells[c]!.textContent!.trim()), col);

  it('draws the three charts as inline SVG with the right values', async () => {
    const bars = (id: string) => page.$$eval(`#${id} svg g.bar`, (gs) => gs.map((g) => `${g.getAttribute('data-label')}=${g.getAttribute('data-value')}`));
    expect(await bars('chart-verdicts')).toEqual(['blocked=1', 'review=1', 'ready=1']);
    expect(await bars('chart-support')).toEqual(['full=2', 'partial=1', 'none=2', 'not-applicable=0', 'unknown=1', 'other=1']);
    expect(await bars('chart-namespaces')).toEqual(['pay=1', 'shop=2']);
    // The rectangles are really drawn (non-zero width for non-zero values).
    const width = await page.$eval('#chart-verdicts g.bar[data-label="blocked"] rect', (r) => (r as SVGRectElement).getBBox().width);
    expect(width).toBeGreaterThan(0);
  });

  it('has the tables, worst verdict first', async () => {
    expect(await column('tbl-ingresses', 2)).toEqual(['api', 'web', 'checkout']);
    expect(await page.$$eval('#tbl-annotations tbody tr', (r) => r.length)).toBe(7);
    expect(await page.$$eval('#tbl-findings tbody tr', (r) => r.length)).toBe(9);
  });

  it('sorts a table by a clicked column, both ways', async () => {
    await page.click('#tbl-ingresses th:nth-child(3)'); // Name
    expect(await column('tbl-ingresses', 2)).toEqual(['api', 'checkout', 'web']);
    expect(await page.getAttribute('#tbl-ingresses th:nth-child(3)', 'aria-sort')).toBe('ascending');
    await page.click('#tbl-ingresses th:nth-child(3)');
    expect(await column('tbl-ingresses', 2)).toEqual(['web', 'checkout', 'api']);
    await page.click('#tbl-annotations th:nth-child(2)'); // Count, numeric
    await page.click('#tbl-annotations th:nth-child(2)');
    expect((await column('tbl-annotations', 0))[0]).toBe('projectcontour.io/response-timeout');
    await page.click('#tbl-ingresses th:nth-child(1)'); // Verdict: severity order
    expect(await column('tbl-ingresses', 0)).toEqual(['blocked', 'review', 'ready']);
  });

  it('filters a table by the typed text', async () => {
    await page.fill('input.filter[data-table="tbl-ingresses"]', 'contour');
    expect(await column('tbl-ingresses', 2)).toEqual(['checkout']);
    await page.fill('input.filter[data-table="tbl-ingresses"]', '');
    expect(await column('tbl-ingresses', 2)).toHaveLength(3);
    await page.fill('input.filter[data-table="tbl-annotations"]', 'snippet');
    expect(await column('tbl-annotations', 0)).toEqual(['nginx.ingress.kubernetes.io/configuration-snippet', 'nginx.ingress.kubernetes.io/server-snippet']);
  });

  it('shows each Ingress with its source YAML beside the generated Istio YAML', async () => {
    const details = page.locator('details#ing-1');
    expect(await details.getAttribute('open')).toBeNull();
    // The Ingress link opens its view.
    await page.click('#tbl-ingresses a:text-is("api")');
    await page.waitForFunction(() => (document.getElementById('ing-1') as HTMLDetailsElement).open);
    expect(await details.locator('pre.source').textContent()).toContain('nginx.ingress.kubernetes.io/rewrite-target: /$1');
    expect(await details.locator('pre.istio').textContent()).toContain('name: api-example-com');
  });

  it('runs none of the hostile annotation value, and shows it as text', async () => {
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.$$eval('img', (i) => i.length)).toBe(0);
    expect(await page.$$eval('script', (s) => s.length)).toBe(1);
    const shown = await page.$$eval('pre', (ps) => ps.map((p) => p.textContent));
    expect(shown.some((t) => t!.includes(XSS))).toBe(true);
    expect(dialogs).toEqual([]);
  });

  it('loads nothing from the network', () => {
    expect(external).toEqual([]);
  });

  it('takes a screenshot (into a temp folder)', async () => {
    await page.fill('input.filter[data-table="tbl-annotations"]', '');
    const png = join(dir, 'audit.png');
    await page.screenshot({ path: png, fullPage: false });
    expect(statSync(png).size).toBeGreaterThan(5000);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});
