import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/build.js';
import { renderAudit } from '../../src/audit/index.js';
import { renderHtml } from '../../src/audit/render/html.js';
import { renderMarkdown } from '../../src/audit/render/markdown.js';
import { artifactUri, renderSarif } from '../../src/audit/render/sarif.js';
import { renderText } from '../../src/audit/render/text.js';
import { ingressTexts } from '../../src/audit/texts.js';
import { REPO_DIR } from '../helpers/shared.js';
import { validate } from './json-schema.js';
import { checkSarif } from './sarif-structure.js';
import { result, rules, XSS } from './fixtures.js';

const N = 'nginx.ingress.kubernetes.io/';
const report = () => buildAudit({ result: result(), rules, gatewayNamespace: 'istio-system', toolVersion: '9.9.9' });

describe('terminal', () => {
  it('prints the summary, the table and the actions', () => {
    const lines = renderText(report(), { color: false }).split('\n');
    expect(lines[0]).toBe('ingress2istio audit: 3 Ingresses in 2 namespaces');
    expect(lines[1]).toBe('  verdicts: 1 blocked, 1 review, 1 ready');
    expect(lines[2]).toBe('  findings: 3 converted, 2 partial, 2 unsupported, 2 ignored, 0 error');
    expect(lines[3]).toBe('  annotation keys: 7 (2 full, 1 partial, 2 none, 0 not-applicable, 1 unknown, 1 other)');
    expect(lines).toContain('VERDICT  INGRESS       CONTROLLER     CLASS    REASONS  FIRST REASON');
    expect(lines).toContain(`blocked  shop/api      ingress-nginx  nginx    3        ${N}configuration-snippet (unsupported) manifests/shop.yaml:8`);
    expect(lines).toContain('ready    pay/checkout  contour        contour  0        -');
    expect(lines).toContain(`    review  ${N}rewrite-targt manifests/shop.yaml:9 [unknown-key]: unknown annotation key: not in the catalog of any controller ingress2istio knows; did you mean ${N}rewrite-target?`);
    expect(lines).toContain('  projectcontour.io/response-timeout (contour) on shop/web owned by ingress-nginx at manifests/shop.yaml:46');
    expect(lines).toContain('  Copy TLS secrets to namespace istio-system (2)');
    // The snippet's own indentation, under a 6-space margin.
    expect(lines).toContain('            numTrustedProxies: 1');
    expect(lines.join('\n')).not.toContain('\u001b');
  });

  it('colours verdicts only when asked', () => {
    const text = renderText(report(), { color: true });
    expect(text).toContain('\u001b[31mblocked\u001b[39m');
    expect(text).toContain('\u001b[32m1 ready\u001b[39m');
  });

  it('never sends control characters from the input to the terminal', () => {
    const r = report();
    r.ingresses[0]!.reasons[0]!.message = 'evil \u001b]0;pwned\u0007 title';
    const text = renderText(r, { color: false });
    expect(text).toContain('evil \\x1b]0;pwned\\x07 title');
    expect(text).not.toContain('\u001b');
  });
});

describe('markdown', () => {
  it('renders summary, Ingress table, inventory and actions', () => {
    const md = renderMarkdown(report());
    const lines = md.split('\n');
    expect(lines[0]).toBe('# ingress2istio audit');
    expect(lines).toContain('| 3 | 2 | 1 | 1 | 1 | 7 | 1 | 0 |');
    expect(lines).toContain('| **blocked** | `shop/api` | ingress-nginx | nginx | manifests/shop.yaml:1 | 3 |');
    expect(lines).toContain(`- **blocked** \`${N}server-snippet\` at manifests/shop.yaml:7 (snippet): raw nginx configuration cannot be converted`);
    expect(lines).toContain('| `projectcontour.io/response-timeout` | 2 | known | partial | pay/checkout, shop/web |');
    expect(lines).toContain(`| \`${N}rewrite-targt\` | \`${N}rewrite-target\` | shop/api at manifests/shop.yaml:9 |`);
    expect(lines).toContain('### Copy TLS secrets to namespace `istio-system`');
    expect(lines).toContain('```sh');
    expect(md.endsWith('\n')).toBe(true);
    expect(md).not.toMatch(/\n\n\n/);
  });

  it('keeps hostile values inside code fences or escaped', () => {
    const md = renderMarkdown(report());
    // The XSS payload only appears inside a fenced block, never as live markup.
    const outside = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
    expect(outside).not.toContain('<img');
    expect(outside).not.toContain('<script');
    expect(md).toContain(`\`\`\`\n${XSS}\n\`\`\``);
    const r = report();
    r.ingresses[0]!.reasons[0]!.message = 'a | b <b>bold</b> `tick`';
    const md2 = renderMarkdown(r);
    expect(md2).toContain('a \\| b &lt;b&gt;bold&lt;/b&gt; \\`tick\\`');
  });
});

describe('json', () => {
  const schema = JSON.parse(readFileSync(join(REPO_DIR, 'docs/audit-schema.json'), 'utf8')) as Record<string, unknown>;

  it('validates against docs/audit-schema.json', () => {
    const doc = JSON.parse(renderAudit(report(), 'json', { result: result(), color: false }));
    expect(validate(schema, doc)).toEqual([]);
    expect(doc.schemaVersion).toBe('1.0');
    expect(doc.ingresses[0].id).toBe('shop/api');
  });

  it('validates with input errors too, and the checker rejects a broken report', () => {
    const r = buildAudit({ result: result({ errors: [{ source: { file: 'x.yaml', line: 3 }, message: 'bad YAML' }] }), rules, gatewayNamespace: 'istio-system' });
    const doc = JSON.parse(renderAudit(r, 'json', { result: result(), color: false }));
    expect(validate(schema, doc)).toEqual([]);
    doc.ingresses[0].verdict = 'maybe';
    delete doc.summary.verdicts;
    doc.extra = 1;
    expect(validate(schema, doc).sort()).toEqual(['$.ingresses[0].verdict: "maybe" not in enum', '$.summary: missing verdicts', '$: unexpected property extra']);
  });

  it('is byte-identical for the same input', () => {
    const a = renderAudit(report(), 'json', { result: result(), color: false });
    const b = renderAudit(report(), 'json', { result: result(), color: false });
    expect(a).toBe(b);
  });
});

describe('sarif', () => {
  it('follows the SARIF 2.1.0 structure with one result per finding that needs a person', () => {
    const log = JSON.parse(renderSarif(report()));
    expect(checkSarif(log)).toEqual([]);
    const results = log.runs[0].results as Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
    const brief = results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]);
    expect(brief).toEqual([
      ['cert-manager.io/cluster-issuer', 'note', 'manifests/pay.yaml', 7],
      [`${N}configuration-snippet`, 'error', 'manifests/shop.yaml', 8],
      [`${N}server-snippet`, 'error', 'manifests/shop.yaml', 7],
      [`${N}enable-cors`, 'warning', 'manifests/shop.yaml', 45],
      ['projectcontour.io/response-timeout', 'note', 'manifests/shop.yaml', 46],
      ['spec.tls[0].secretName', 'warning', 'manifests/shop.yaml', 52],
      ['spec.rules[0].host', 'warning', 'manifests/shop.yaml', 40],
      [`${N}rewrite-targt`, 'warning', 'manifests/shop.yaml', 9],
    ]);
    expect(log.version).toBe('2.1.0');
  });

  it('the structure check catches a broken log', () => {
    const log = JSON.parse(renderSarif(report()));
    log.runs[0].results[0].level = 'fatal';
    log.runs[0].results[1].ruleIndex = 0;
    log.runs[0].results[2].locations[0].physicalLocation.region.startLine = 0;
    expect(checkSarif(log)).toHaveLength(3);
  });

  it('reports input errors and leaves stdin out of physical locations', () => {
    const r = buildAudit({ result: result({ errors: [{ source: { file: '-', line: 4 }, message: 'bad YAML' }] }), rules, gatewayNamespace: 'istio-system' });
    const log = JSON.parse(renderSarif(r));
    expect(checkSarif(log)).toEqual([]);
    const err = log.runs[0].results.at(-1);
    expect(err).toMatchObject({ ruleId: 'input-error', level: 'error', message: { text: 'bad YAML' }, locations: [] });
  });

  it('makes URIs relative and percent-encoded', () => {
    expect(artifactUri('/repo/k8s/my app.yaml', '/repo')).toBe('k8s/my%20app.yaml');
    expect(artifactUri('/elsewhere/a.yaml', '/repo')).toBe('file:///elsewhere/a.yaml');
    expect(artifactUri('cluster:prod/ns/name')).toBeUndefined();
  });
});

describe('html (static)', () => {
  const html = () => renderHtml(report(), { texts: ingressTexts(report(), result()) });

  it('is one self-contained file: no external resource', () => {
    const h = html();
    expect(h.startsWith('<!doctype html>')).toBe(true);
    expect(h).not.toMatch(/\s(?:src|href)="(?:https?:)?\/\//i);
    expect(h).not.toMatch(/<link\b/i);
    expect(h).toContain("default-src 'none'");
    for (const id of ['chart-verdicts', 'chart-support', 'chart-namespaces', 'tbl-ingresses', 'tbl-annotations', 'tbl-findings']) expect(h).toContain(`id="${id}"`);
  });

  it('escapes hostile annotation values everywhere', () => {
    const h = html();
    expect(h).not.toContain('<img src=x');
    expect(h).not.toContain('<script>window.__xss');
    expect(h).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;&lt;script&gt;window.__xss=2&lt;/script&gt;');
    // Exactly one script element: ours.
    expect(h.match(/<script/g)).toHaveLength(1);
  });

  it('shows the source (re-serialized when no text is known) beside the generated Istio YAML', () => {
    const h = html();
    expect(h).toContain('Source <span class="muted">(re-serialized)</span>');
    expect(h).toContain('kind: VirtualService');
    const texts = ingressTexts(report(), result(), new Map([['pay/checkout', 'apiVersion: networking.k8s.io/v1\nkind: Ingress # original\n']]));
    expect(texts.get('pay/checkout')).toMatchObject({ original: true, source: 'apiVersion: networking.k8s.io/v1\nkind: Ingress # original\n' });
    expect(texts.get('pay/checkout')!.istio).toContain('name: pay-example-com');
    expect(texts.get('shop/api')!.source).toContain(`${N}rewrite-target: /$1`);
  });
});
