/** Headless Debian chromium through playwright-core, for the HTML report checks. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `skip` when the browser is absent and INGRESS2ISTIO_SKIP_BROWSER=1; throws a clear error when it is absent otherwise. */
export function browserAvailability(path = CHROMIUM, env: NodeJS.ProcessEnv = process.env): 'present' | 'skip' {
  if (existsSync(path)) return 'present';
  if (env.INGRESS2ISTIO_SKIP_BROWSER === '1') return 'skip';
  throw new Error(
    `${path} not found: the HTML audit report test needs Debian's chromium. Install it with .ci/install-chromium.sh, or set INGRESS2ISTIO_SKIP_BROWSER=1 to skip this test.`,
  );
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
