/** verify over samples/ and each file of the shared real-world corpus: no unexplained difference. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/engine/convert.js';
import { defaultOptions } from '../../src/model/options.js';
import { readInputs } from '../../src/read/index.js';
import { verify } from '../../src/verify/index.js';
import { describeOutcome, describeRequest } from '../../src/verify/request.js';
import { corpusFiles, REPO_DIR } from '../helpers/shared.js';

async function unexplained(paths: string[]): Promise<string[]> {
  const input = await readInputs(paths);
  const result = convert(input, defaultOptions());
  const report = verify(input, result.resources, result.findings);
  return report.differences
    .filter((d) => d.explainedBy.length === 0)
    .map((d) => `${describeRequest(d.request)}: ${describeOutcome(d.old)} → ${describeOutcome(d.new)}`);
}

describe('verify on real manifests', () => {
  it('samples/', async () => {
    expect(await unexplained([join(REPO_DIR, 'samples')])).toEqual([]);
  });
  it('each corpus file', async () => {
    const failures: string[] = [];
    for (const f of corpusFiles()) for (const d of await unexplained([f])) failures.push(`${f}: ${d}`);
    expect(failures).toEqual([]);
  });
  // The whole corpus at once puts hostless Ingresses next to TLS hosts: Istio would merge a `*`
  // VirtualService into every host of a server admitting its namespace; the engine keeps the
  // catch-all in the gateway namespace so that cannot happen.
  it('the whole corpus at once', async () => {
    expect(await unexplained(corpusFiles())).toEqual([]);
  });
});
