import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/read/index.js';
import { CORPUS_DIR, corpusFiles } from '../helpers/shared.js';
import { messages } from './helpers.js';

const corpus = (name: string) => join(CORPUS_DIR, name);

describe('real corpus', () => {
  it.each(corpusFiles().map((f) => [basename(f), f]))('%s reads without throwing, every error and field located', async (_name, file) => {
    const set = await readInputs([file]);
    for (const e of set.errors) {
      expect(e.source.file).toBe(file);
      expect(e.source.line).toBeGreaterThan(0);
    }
    for (const ing of set.ingresses) {
      expect(ing.source.line).toBeGreaterThan(0);
      const sources = [
        ...ing.annotations.map((a) => a.source),
        ...ing.rules.flatMap((r) => [r.source, ...r.paths.flatMap((p) => [p.source, p.backend.source])]),
        ...ing.tls.map((t) => t.source),
        ...(ing.defaultBackend ? [ing.defaultBackend.source] : []),
      ];
      for (const s of sources) {
        expect(s.file).toBe(file);
        expect(s.line).toBeGreaterThanOrEqual(ing.source.line);
      }
    }
  });

  it('MALFORMED Azure guestbook (service without colon): a located error naming the Ingress', async () => {
    const set = await readInputs([corpus('Azure__application-gateway-kubernetes-ingress__docs__examples__guestbook__ing-guestbook-other.yaml')]);
    expect(set.ingresses).toEqual([]);
    expect(messages(set).map((m) => m.slice(m.indexOf('.yaml:') + 6))).toEqual(['15:17: Ingress default/guestbook: invalid YAML: bad indentation of a mapping entry; document skipped']);
  });

  it('MALFORMED GKE gRPC health check: the broken Deployment is reported, the Ingress and Service are still read', async () => {
    const set = await readInputs([corpus('GoogleCloudPlatform__gke-networking-recipes__ingress__single-cluster__ingress-custom-grpc-health-check__grpc-hc-proxy.yaml')]);
    expect(messages(set).map((m) => m.slice(m.indexOf('.yaml:') + 6))).toEqual(['55:6: Deployment default/foo: invalid YAML: bad indentation of a mapping entry; document skipped']);
    expect(set.ingresses.map((i) => [i.name, i.apiVersion, i.source.line])).toEqual([['foo-external', 'networking.k8s.io/v1beta1', 1]]);
    expect(set.services.map((s) => s.name)).toEqual(['foo']);
    expect(set.stats.documents).toBe(4);
  });

  it('UNUSUAL Contour suite mixing Rego with YAML: the Rego documents are reported, the Ingress is read', async () => {
    const set = await readInputs([corpus('projectcontour__contour___integration__testsuite__ingress__001-ingress-tls-wildcard-host.yaml')]);
    expect(set.errors.map((e) => [e.source.line, e.message])).toEqual([
      [20, 'invalid YAML: end of the stream or a document separator is expected; document skipped'],
      [122, 'invalid YAML: end of the stream or a document separator is expected; document skipped'],
    ]);
    expect(set.ingresses.map((i) => [i.name, i.rules[0].host, i.tls[0].hosts])).toEqual([['wildcard-ingress', '*.projectcontour.io', ['*.projectcontour.io']]]);
  });

  it('UNUSUAL trailing tabs (vfarcic go-demo-2) read cleanly', async () => {
    const set = await readInputs([corpus('vfarcic__k8s-specs__aws__go-demo-2.yml')]);
    expect(set.errors).toEqual([]);
    expect(set.ingresses.map((i) => i.name)).toEqual(['go-demo-2']);
    expect(set.stats.kinds).toEqual({ Ingress: 1, Deployment: 2, Service: 2 });
  });

  it('the same Ingress twice in one dump (Contour annotation-change) is a duplicate: the first is kept', async () => {
    const set = await readInputs([corpus('projectcontour__contour__internal__k8s__testdata__ingress-annotation-change.yaml')]);
    expect(set.ingresses).toHaveLength(1);
    expect(messages(set).map((m) => m.slice(m.indexOf('.yaml:') + 6))).toEqual([
      `22:1: Ingress default/echoserver: duplicate Ingress default/echoserver (first at ${corpus('projectcontour__contour__internal__k8s__testdata__ingress-annotation-change.yaml')}:1); this one is ignored`,
    ]);
  });

  it('placeholders in docs examples are named (ingress-nginx oauth example)', async () => {
    const set = await readInputs([corpus('kubernetes__ingress-nginx__docs__examples__auth__oauth-external-auth__dashboard-ingress.yaml')]);
    expect(set.errors.map((e) => [e.source.line, e.field, e.message])).toEqual([
      [11, 'spec.rules[0].host', 'placeholder __INGRESS_HOST__ was never replaced; rule dropped'],
      [28, 'spec.rules[0].host', 'placeholder __INGRESS_HOST__ was never replaced; rule dropped'],
      [37, 'spec.tls[0].hosts[0]', 'placeholder __INGRESS_HOST__ was never replaced; host dropped from the TLS entry'],
      [38, 'spec.tls[0].secretName', 'placeholder __INGRESS_SECRET__ was never replaced; read as written'],
    ]);
    expect(set.ingresses.map((i) => i.name)).toEqual(['external-auth-oauth2', 'oauth2-proxy']);
  });

  it('the whole corpus in one run', async () => {
    const set = await readInputs([CORPUS_DIR]);
    expect(set.stats.files).toBe(corpusFiles().length);
    expect(set.ingresses.length).toBeGreaterThan(90);
    // every Ingress of the corpus found a source line, and ordering is stable across runs
    const again = await readInputs([CORPUS_DIR]);
    expect(again.ingresses.map((i) => `${i.namespace}/${i.name}@${i.source.file}:${i.source.line}`)).toEqual(set.ingresses.map((i) => `${i.namespace}/${i.name}@${i.source.file}:${i.source.line}`));
    expect(JSON.stringify(again.errors)).toBe(JSON.stringify(set.errors));
  });
});
