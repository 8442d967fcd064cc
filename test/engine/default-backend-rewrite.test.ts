/**
 * ingress-nginx's root location of a host carries the annotations of the Ingress that created the
 * host (createServers → locationApplyAnnotations), so its rewrite-target also rewrites what the
 * Ingress's spec.defaultBackend receives: `rewrite "(?i)/" <target> break;` replaces the whole
 * path (query kept); a target equal to the location path `/` is no rewrite.
 */
import { describe, expect, it } from 'vitest';
import type { IngSpec } from '../verify/build.js';
import { runNginx } from '../verify/run-nginx.js';

const run = runNginx;

const web = (target: string): IngSpec => ({
  name: 'web',
  host: 'a.test',
  ann: { 'rewrite-target': target, 'ssl-redirect': 'false' },
  paths: [{ path: '/api', svc: 'api' }],
  defaultBackend: { svc: 'fallback' },
});

describe('rewrite-target on the default backend of a host', () => {
  it('a literal target replaces every unmatched path', () => {
    const { outcome, unexplained } = run([web('/new')]);
    expect(outcome({ host: 'a.test', path: '/other/x?q=1' })).toBe('backend default/fallback:80 path /new?q=1');
    expect(outcome({ host: 'a.test', path: '/' })).toBe('backend default/fallback:80 path /new');
    expect(outcome({ host: 'a.test', path: '/API/v1' })).toBe('backend default/api:80 path /new');
    expect(unexplained).toEqual([]);
  });

  it('capture references expand to nothing (the root regex has no group)', () => {
    const { outcome, unexplained } = run([web('/$2')]);
    expect(outcome({ host: 'a.test', path: '/other/x' })).toBe('backend default/fallback:80 path /');
    expect(unexplained).toEqual([]);
  });

  it('a target of `/` equals the root location path: no rewrite there', () => {
    const { outcome, unexplained } = run([web('/')]);
    expect(outcome({ host: 'a.test', path: '/other/x' })).toBe('backend default/fallback:80 path /other/x');
    expect(outcome({ host: 'a.test', path: '/api/x' })).toBe('backend default/api:80 path /');
    expect(unexplained).toEqual([]);
  });
});
