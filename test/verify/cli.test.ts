import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/verify/run.js';
import type { VerifyReport } from '../../src/verify/index.js';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.test
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
`;

/** Hand-written Istio objects with a plain string prefix for Prefix /api (so /apix goes to api). */
const BROKEN = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*/shop.test"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.test]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api.shop.svc.cluster.local, port: {number: 8080}}}]
  - route: [{destination: {host: web.shop.svc.cluster.local, port: {number: 80}}}]
`;

let dir: string;
let manifests: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2i-verify-'));
  manifests = join(dir, 'ingress.yaml');
  writeFileSync(manifests, INGRESS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out = { text: '', write(s: string) { out.text += s; return true; } };
  const err = { text: '', write(s: string) { err.text += s; return true; } };
  return { out, err, io: { stdout: out, stderr: err } };
}

describe('ingress2istio verify', () => {
  it('converts with the engine and finds no difference: exit 0', async () => {
    const c = capture();
    const code = await runVerify([manifests], {}, c.io);
    expect(c.err.text).toBe('');
    expect(c.out.text).toMatch(/^verify: \d+ requests, \d+ equal, 0 different \(0 explained by a finding, 0 unexplained\), 0 skipped\n$/);
    expect(code).toBe(0);
  });
  it('--istio with a broken translation: exit 1 and the difference', async () => {
    const istio = join(dir, 'broken.yaml');
    writeFileSync(istio, BROKEN);
    const c = capture();
    const code = await runVerify([manifests], { istio }, c.io);
    expect(code).toBe(1);
    expect(c.out.text).toContain('DIFFERENT  GET http://shop.test/apix\n  ingress-nginx: backend shop/web:80 path /apix\n  istio:         backend shop/api:8080 path /apix  [VirtualService/shop/shop]\n');
  });
  it('--format json', async () => {
    const c = capture();
    await runVerify([manifests], { format: 'json' }, c.io);
    const report = JSON.parse(c.out.text) as VerifyReport;
    expect(report.summary.unexplained).toBe(0);
    expect(report.summary.probes).toBe(report.summary.equal + report.summary.different + report.summary.skipped);
  });
  it('--requests with access-log lines and --host, --no-probes', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, '10.0.0.1 - - [26/Nov/2026:10:00:00 +0000] "GET /api/v1 HTTP/1.1" 200 5 "-" "curl"\nGET shop.test /apix\n');
    const c = capture();
    const code = await runVerify([manifests], { requests: log, host: 'shop.test', probes: false, format: 'json' }, c.io);
    expect(code).toBe(0);
    expect((JSON.parse(c.out.text) as VerifyReport).summary).toMatchObject({ probes: 2, equal: 2 });
  });
  it('unreadable request lines and files are input errors: exit 2', async () => {
    const log = join(dir, 'nohost.log');
    writeFileSync(log, '10.0.0.1 - - [26/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"\n');
    const c = capture();
    expect(await runVerify([manifests], { requests: log }, c.io)).toBe(2);
    expect(c.err.text).toContain(`error: ${log}:1: access-log lines do not record the Host header: pass --host`);
    expect(await runVerify([manifests], { requests: join(dir, 'missing.log') }, capture().io)).toBe(2);
  });
});
