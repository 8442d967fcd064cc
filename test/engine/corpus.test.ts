import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { convert } from '../../src/engine/convert.js';
import { print } from '../../src/emit/print.js';
import { validateAll } from '../../src/istio/validate.js';
import type { Gateway, VirtualService } from '../../src/istio/types.js';
import { defaultOptions } from '../../src/model/options.js';
import { readInputs } from '../../src/read/index.js';
import { corpusFiles, REPO_DIR } from '../helpers/shared.js';

async function run(paths: string[], overrides = {}) {
  const input = await readInputs(paths);
  return convert(input, defaultOptions(overrides));
}

describe('samples', () => {
  it('the Istio in Action example: Gateway with an HTTP 80 server for the host, VirtualService to apigateway:8080', async () => {
    const res = await run([join(REPO_DIR, 'samples/istioinaction-apiserver.yaml')]);
    const gw = res.resources.find((r) => r.kind === 'Gateway') as Gateway;
    expect(gw.spec.servers).toEqual([{ port: { number: 80, name: 'http-istioinaction', protocol: 'HTTP' }, hosts: ['istioinaction/apiserver.istioinaction.io'] }]);
    const vs = res.resources.find((r) => r.kind === 'VirtualService') as VirtualService;
    expect(vs.metadata.namespace).toBe('istioinaction');
    expect(vs.spec.hosts).toEqual(['apiserver.istioinaction.io']);
    expect(vs.spec.gateways).toEqual(['istio-system/ingress2istio']);
    expect(vs.spec.http).toEqual([
      {
        name: 'istioinaction.apiserver:/',
        match: [{ uri: { prefix: '/' } }],
        route: [{ destination: { host: 'apigateway.istioinaction.svc.cluster.local', port: { number: 8080 } } }],
      },
    ]);
    expect(res.errors).toEqual([]);
  });

  it('all samples convert without input errors into valid Istio objects', async () => {
    const res = await run([join(REPO_DIR, 'samples')]);
    expect(res.errors).toEqual([]);
    expect(res.resources.length).toBeGreaterThan(2);
    expect(validateAll(res.resources)).toEqual([]);
  });
});

describe('real corpus', () => {
  const files = corpusFiles();
  it('has files to test', () => {
    expect(files.length).toBeGreaterThan(50);
  });
  for (const file of files) {
    const name = file.split('/').pop()!;
    it(`${name}: converts without crashing into valid, deterministic output with a finding per annotation`, async () => {
      const a = await run([file]);
      const b = await run([file]);
      expect(print(a.resources, 'yaml')).toBe(print(b.resources, 'yaml'));
      expect(JSON.stringify(a.findings)).toBe(JSON.stringify(b.findings));
      expect(validateAll(a.resources)).toEqual([]);
      for (const ing of a.ingresses) {
        for (const ann of ing.annotations) {
          const hit = a.findings.some((f) => f.ingress.namespace === ing.namespace && f.ingress.name === ing.name && f.key === ann.key);
          expect(hit, `${ing.namespace}/${ing.name} ${ann.key} has no finding`).toBe(true);
        }
      }
      for (const e of a.errors) {
        expect(e.source.file).toBe(file);
        expect(e.source.line).toBeGreaterThan(0);
      }
    });
  }
  it('the whole corpus at once is valid too (merging across files)', async () => {
    const res = await run(files);
    expect(validateAll(res.resources)).toEqual([]);
  });
});
