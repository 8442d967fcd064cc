import { describe, expect, it } from 'vitest';
import { controllerFromClassController, decideOwner } from '../../src/read/ownership.js';
import type { IngressClass } from '../../src/model/ingress.js';
import { read } from './helpers.js';

const cls = (name: string, controller: string, isDefault = false): IngressClass => ({ name, controller, isDefault, source: { file: 'c.yaml', line: 1 } });
const classes = (...c: IngressClass[]) => new Map(c.map((x) => [x.name, x]));
const ann = (o: Record<string, string> = {}) => new Map(Object.entries(o));

describe('controllerFromClassController', () => {
  it.each([
    ['k8s.io/ingress-nginx', 'ingress-nginx'],
    ['nginx.org/ingress-controller', 'nginx-inc'],
    ['projectcontour.io/ingress-controller', 'contour'],
    ['projectcontour.io/contour', 'contour'],
    ['haproxy.org/ingress-controller', 'haproxytech'],
    ['haproxy.org/ingress-controller/haproxy', 'haproxytech'],
    ['haproxy-ingress.github.io/controller', 'haproxy-ingress'],
    ['haproxy-ingress.github.io/controller/internal', 'haproxy-ingress'],
    ['istio.io/ingress-controller', 'istio'],
    ['ingress.k8s.aws/alb', 'other'],
    ['k8s.io/ingress-nginx-extra', 'other'],
  ])('%s -> %s', (controller, id) => {
    expect(controllerFromClassController(controller)).toBe(id);
  });
});

describe('decideOwner: rules in order', () => {
  it('--controller wins over everything', () => {
    expect(decideOwner({ ingressClassName: 'nginx', annotations: ann() }, classes(cls('nginx', 'k8s.io/ingress-nginx')), 'contour')).toEqual({
      className: 'nginx',
      controller: 'contour',
      reason: 'forced by --controller contour',
    });
  });

  it('spec.ingressClassName resolved through the IngressClass (NGINX Inc and ingress-nginx share the name nginx)', () => {
    expect(decideOwner({ ingressClassName: 'nginx', annotations: ann({ 'nginx.ingress.kubernetes.io/x': '1' }) }, classes(cls('nginx', 'nginx.org/ingress-controller')))).toEqual({
      className: 'nginx',
      controller: 'nginx-inc',
      reason: 'spec.ingressClassName nginx: IngressClass nginx has spec.controller nginx.org/ingress-controller',
    });
  });

  it('the legacy annotation naming an IngressClass', () => {
    expect(decideOwner({ annotations: ann({ 'kubernetes.io/ingress.class': 'public' }) }, classes(cls('public', 'haproxy-ingress.github.io/controller')))).toEqual({
      className: 'public',
      controller: 'haproxy-ingress',
      reason: 'annotation kubernetes.io/ingress.class=public: IngressClass public has spec.controller haproxy-ingress.github.io/controller',
    });
  });

  it('projectcontour.io/ingress.class is read before kubernetes.io/ingress.class', () => {
    const o = decideOwner({ annotations: ann({ 'projectcontour.io/ingress.class': 'c1', 'kubernetes.io/ingress.class': 'nginx' }) }, classes(cls('c1', 'projectcontour.io/ingress-controller'), cls('nginx', 'k8s.io/ingress-nginx')));
    expect(o).toMatchObject({ className: 'c1', controller: 'contour' });
  });

  it('the default IngressClass when no class is given, and only then', () => {
    const cs = classes(cls('main', 'haproxy.org/ingress-controller/haproxy', true), cls('other', 'k8s.io/ingress-nginx'));
    expect(decideOwner({ annotations: ann() }, cs)).toEqual({
      className: 'main',
      controller: 'haproxytech',
      reason: 'no class set: IngressClass main is marked default (ingressclass.kubernetes.io/is-default-class) and has spec.controller haproxy.org/ingress-controller/haproxy',
    });
    // a class that names no IngressClass does not fall back to the default
    expect(decideOwner({ ingressClassName: 'missing', annotations: ann() }, cs).controller).toBe('unknown');
  });

  it('annotation prefixes when nothing else decides', () => {
    const cases: [string, string][] = [
      ['nginx.ingress.kubernetes.io/rewrite-target', 'ingress-nginx'],
      ['nginx.org/rewrites', 'nginx-inc'],
      ['nginx.com/jwt-key', 'nginx-inc'],
      ['projectcontour.io/response-timeout', 'contour'],
      ['haproxy.org/path-rewrite', 'haproxytech'],
      ['haproxy-ingress.github.io/ssl-redirect', 'haproxy-ingress'],
    ];
    for (const [key, id] of cases) {
      const o = decideOwner({ annotations: ann({ [key]: 'x' }) }, classes());
      expect(o.controller).toBe(id);
      expect(o.reason).toBe(`guessed from annotations under ${key.slice(0, key.indexOf('/') + 1)}`);
    }
  });

  it('prefixes beat the well-known class name (an nginx-class Ingress with nginx.org annotations is NGINX Inc)', () => {
    expect(decideOwner({ ingressClassName: 'nginx', annotations: ann({ 'nginx.org/rewrites': 'x' }) }, classes())).toEqual({
      className: 'nginx',
      controller: 'nginx-inc',
      reason: 'class nginx has no IngressClass in the input; guessed from annotations under nginx.org/',
    });
  });

  it('well-known class names, saying that NGINX Inc also uses nginx', () => {
    expect(decideOwner({ annotations: ann({ 'kubernetes.io/ingress.class': 'nginx' }) }, classes())).toEqual({
      className: 'nginx',
      controller: 'ingress-nginx',
      reason: 'class name nginx is the default of ingress-nginx; NGINX Inc (nginx.org) uses the same name: pass --controller nginx-inc if that is the controller',
    });
    expect(decideOwner({ ingressClassName: 'contour', annotations: ann() }, classes()).controller).toBe('contour');
    expect(decideOwner({ ingressClassName: 'haproxy', annotations: ann() }, classes()).controller).toBe('haproxytech');
    expect(decideOwner({ annotations: ann({ 'kubernetes.io/ingress.class': 'haproxy' }) }, classes()).controller).toBe('haproxy-ingress');
    expect(decideOwner({ ingressClassName: 'alb', annotations: ann() }, classes()).controller).toBe('other');
  });

  it('mixed prefixes fall through to the class name, and say so', () => {
    const o = decideOwner({ ingressClassName: 'nginx', annotations: ann({ 'nginx.org/a': '1', 'nginx.ingress.kubernetes.io/b': '2' }) }, classes());
    expect(o.controller).toBe('ingress-nginx');
    expect(o.reason).toMatch(/^annotations of several controllers \(ingress-nginx, nginx-inc\); class name nginx/);
  });

  it('unknown otherwise', () => {
    expect(decideOwner({ annotations: ann({ 'example.com/x': '1' }) }, classes())).toEqual({
      controller: 'unknown',
      reason: 'no class, no default IngressClass and no controller-specific annotations; pass --controller to choose',
    });
    expect(decideOwner({ ingressClassName: 'custom', annotations: ann() }, classes())).toEqual({
      className: 'custom',
      controller: 'unknown',
      reason: 'class custom has no IngressClass in the input and is not a well-known class name; pass --controller to choose',
    });
    expect(decideOwner({ annotations: ann() }, classes(cls('a', 'x', true), cls('b', 'y', true))).reason).toBe(
      'several IngressClasses are marked default (a, b); pass --controller to choose',
    );
  });
});

describe('ownership through the readers', () => {
  it('uses IngressClasses from anywhere in the input, also after the Ingress', () => {
    const set = read(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a}
spec:
  ingressClassName: web
  defaultBackend: {service: {name: s, port: {number: 80}}}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: web}
spec: {controller: projectcontour.io/ingress-controller}
`);
    expect(set.ingresses[0].owner).toEqual({
      className: 'web',
      controller: 'contour',
      reason: 'spec.ingressClassName web: IngressClass web has spec.controller projectcontour.io/ingress-controller',
    });
  });

  it('decides each Ingress by its own class and annotations, also when decisions are shared within a run', () => {
    const ing = (name: string, meta: string, spec = '') =>
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n${meta}spec:\n${spec}  defaultBackend: {service: {name: s, port: {number: 80}}}\n---\n`;
    const set = read(
      ing('a', '  annotations: {nginx.org/a: "1"}\n') +
        ing('b', '  annotations: {nginx.org/a: "1", nginx.ingress.kubernetes.io/b: "1"}\n') +
        ing('c', '  annotations: {nginx.ingress.kubernetes.io/b: "1", nginx.org/a: "1"}\n') +
        ing('d', '  annotations: {nginx.org/x: "2"}\n') +
        ing('e', '  annotations: {nginx.com/a: "1", nginx.org/a: "1"}\n') +
        ing('f', '  annotations: {nginx.org/a: "1"}\n', '  ingressClassName: nginx\n') +
        ing('g', '  annotations: {nginx.org/a: "1", kubernetes.io/ingress.class: contour}\n'),
    );
    const owners = Object.fromEntries(set.ingresses.map((i) => [i.name, `${i.owner.controller}: ${i.owner.reason}`]));
    expect(owners).toEqual({
      a: 'nginx-inc: guessed from annotations under nginx.org/',
      b: 'unknown: annotations of several controllers (ingress-nginx, nginx-inc); no class, no default IngressClass and no controller-specific annotations; pass --controller to choose',
      c: 'unknown: annotations of several controllers (ingress-nginx, nginx-inc); no class, no default IngressClass and no controller-specific annotations; pass --controller to choose',
      d: 'nginx-inc: guessed from annotations under nginx.org/',
      e: 'nginx-inc: guessed from annotations under nginx.com/',
      f: 'nginx-inc: class nginx has no IngressClass in the input; guessed from annotations under nginx.org/',
      g: 'nginx-inc: class contour has no IngressClass in the input; guessed from annotations under nginx.org/',
    });
    expect(set.ingresses[0].owner).toBe(set.ingresses[3].owner);
  });

  it('--controller is applied to every Ingress', () => {
    const set = read('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\nspec:\n  defaultBackend: {service: {name: s, port: {number: 80}}}\n', { controller: 'haproxytech' });
    expect(set.ingresses[0].owner).toEqual({ controller: 'haproxytech', reason: 'forced by --controller haproxytech' });
  });
});
