#!/usr/bin/env node
// Regenerates docs/audit-screenshot.png: the audit HTML report of samples/, opened in headless
// Debian chromium. Run explicitly (`npm run screenshot`, after a build); tests never write it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'docs/audit-screenshot.png');
const chromiumPath = '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`${chromiumPath} not found; install it with .ci/install-chromium.sh`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'i2i-screenshot-'));
const html = join(dir, 'audit.html');
try {
  try {
    execFileSync(process.execPath, [join(repo, 'dist/src/cli/main.js'), 'audit', 'samples/', '--format', 'html', '-o', html], { cwd: repo, stdio: 'inherit' });
  } catch (e) {
    // Exit 1 (a gate) or 2 (input errors) still writes the report.
    if (!existsSync(html)) throw e;
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(pathToFileURL(html).href);
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
