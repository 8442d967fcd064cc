/**
 * use-regex, rewrite-target, app-root, x-forwarded-prefix.
 *
 * nginx semantics (nginx-semantics.md §3): one Ingress with use-regex or an effective
 * rewrite-target switches every location of its host to `~* "^<path>"`; rewrite-target replaces the
 * WHOLE path (`rewrite "(?i)<path>" <target> break`), `$N` being the path regex groups; app-root is a
 * server-level `if ($uri = /) { return 302 <app-root>; }`.
 * The engine builds the routes from the intents; this rule validates values and regexes.
 */
import { checkRe2, captureReferences, nginxLocationRegex, nginxRewriteSubstitution } from './regex.js';
import { defineNginxRule, ingressHosts, ingressPaths, k, key, readBool, report, show } from './common.js';

/** ingress-nginx RegexPathWithCapture: letters, digits, - . _ ~ / : $ */
const PATH_WITH_CAPTURE = /^[-._~a-zA-Z0-9/:$]*$/;

function hostList(hosts: string[]): string {
  return hosts.length ? hosts.join(', ') : 'the catch-all host';
}

export default defineNginxRule({
  meta: {
    id: 'nginx/rewrite',
    controller: 'ingress-nginx',
    description: 'Regex paths, whole-path rewrites, app-root redirect and X-Forwarded-Prefix.',
    keys: [
      key(
        'app-root',
        'full',
        "VirtualService.http[] {match.uri.exact: '/', redirect: {uri, redirectCode: 302}}",
        'Converted host-wide as nginx does; Envoy keeps the query string on the redirect, nginx drops it.',
        { docs: 'rewrite' },
      ),
      key(
        'rewrite-target',
        'full',
        'VirtualService.http[].rewrite.uriRegexRewrite (Istio >= 1.19)',
        'Converted as a whole-path regex rewrite; check the host-wide regex switch it causes and any PCRE-only path regex.',
        { docs: 'rewrite' },
      ),
      key(
        'use-regex',
        'full',
        'VirtualService.http[].match[].uri.regex',
        "Every path of the host becomes a case-insensitive RE2 regex '(?i)^<path>.*' in nginx order; rewrite PCRE-only constructs by hand.",
        { docs: 'use-regex' },
      ),
      key(
        'x-forwarded-prefix',
        'partial',
        'VirtualService.http[].headers.request.set[X-Forwarded-Prefix]',
        'Only set where rewrite-target rewrites (as in nginx); values with $N captures cannot be expressed (static header values).',
        { docs: 'x-forwarded-prefix-header' },
      ),
    ],
  },
  create(ctx) {
    const paths = ingressPaths(ctx);
    const hosts = ingressHosts(ctx);
    const useRegex = readBool(ctx, 'use-regex', false);
    const targetRaw = ctx.get(k('rewrite-target'));

    // --- rewrite-target
    let rewriteEffective = false;
    if (targetRaw !== undefined) {
      if (!PATH_WITH_CAPTURE.test(targetRaw)) {
        report(ctx, 'rewrite-target', 'error', `"${show(targetRaw)}" has characters ingress-nginx's annotation validation rejects (allowed: letters, digits, - . _ ~ / : $); the rewrite had no effect`, {
          advice: 'Fix the value; a query string cannot be part of the target.',
        });
      } else if (targetRaw === '') {
        report(ctx, 'rewrite-target', 'ignored', 'empty rewrite-target: no rewrite (nginx default)');
      } else if (paths.length > 0 && paths.every((p) => p.path === targetRaw && (p.pathType === 'Exact' || p.path.endsWith('/')))) {
        // (A Prefix path is expanded to `<path>/` first, which then differs from the target: that
        // case is a real rewrite of `<path>/…` to `<path>`, handled below.)
        report(ctx, 'rewrite-target', 'ignored', `rewrite-target equals the path "${targetRaw}": a no-op in nginx, and it does not switch the host to regex matching`);
      } else {
        rewriteEffective = true;
        const vars = [...targetRaw.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => `$${m[1]}`);
        if (vars.length) {
          report(ctx, 'rewrite-target', 'unsupported', `"${show(targetRaw)}" uses nginx variable(s) ${[...new Set(vars)].join(', ')}, which Envoy's regex rewrite cannot expand; no rewrite was emitted`, {
            advice: 'Replace the variables with capture groups ($1…) or a literal path.',
            tags: ['regex'],
          });
          rewriteEffective = false;
        }
      }
      // nginx's `rewrite` directive answers a replacement that starts with http:// or https:// with
      // a redirect (302 for `rewrite … break`), the request arguments appended, instead of proxying.
      if (rewriteEffective && /^https?:\/\//.test(targetRaw)) {
        const refs = captureReferences(targetRaw);
        ctx.intents.regexPaths = { key: k('rewrite-target'), caseInsensitive: true };
        if (refs.length) {
          report(ctx, 'rewrite-target', 'unsupported', `"${show(targetRaw)}" is an absolute URL with capture references: nginx answers the paths of host ${hostList(hosts)} with a 302 redirect to that URL built from the path's captures, which Istio's redirect cannot build; the paths are proxied without it (every path of the host still switches to case-insensitive regex matching, as in nginx)`, {
            advice: 'Use one redirect per path (permanent-redirect or temporal-redirect with a literal URL), or keep the redirect in the backend.',
            tags: ['regex'],
          });
        } else {
          ctx.intents.rewriteTarget = { key: k('rewrite-target'), target: targetRaw };
          report(ctx, 'rewrite-target', 'converted', `"${targetRaw}" is an absolute URL: nginx's rewrite answers the paths of host ${hostList(hosts)} (and, on a host this Ingress created, unmatched paths) with a 302 redirect to it, query string appended; converted to redirect {redirectCode: 302} routes; every path of the host switches to case-insensitive regex matching, as in nginx`, { tags: ['regex'] });
        }
        rewriteEffective = false;
      }
      if (rewriteEffective) {
        const refs = captureReferences(targetRaw);
        const bad: string[] = [];
        const missing: string[] = [];
        const samples: string[] = [];
        for (const p of paths) {
          if (p.path === targetRaw) continue;
          const pattern = nginxLocationRegex(p.path);
          const c = checkRe2(pattern);
          if (!c.ok) {
            bad.push(`"${p.path}" (${c.reason})`);
            continue;
          }
          const over = refs.filter((r) => r > c.groups);
          if (over.length) missing.push(`"${p.path}" has ${c.groups} group(s) but the target uses ${over.map((r) => `$${r}`).join(', ')}`);
          if (samples.length < 2) samples.push(`{match: "${pattern}", rewrite: "${nginxRewriteSubstitution(targetRaw, c.groups)}"}`);
        }
        ctx.intents.rewriteTarget = { key: k('rewrite-target'), target: targetRaw };
        ctx.intents.regexPaths = { key: k('rewrite-target'), caseInsensitive: true };
        const where = `host ${hostList(hosts)}`;
        const base = `whole request path replaced with "${targetRaw}" like nginx's rewrite … break (query string kept): rewrite.uriRegexRewrite ${samples.join(', ')}${paths.length > 2 ? ', …' : ''}; every path of ${where} (all Ingresses) switches to case-insensitive regex matching, as in nginx`;
        if (bad.length) {
          report(ctx, 'rewrite-target', 'unsupported', `path regex ${bad.join('; ')} cannot be compiled by RE2, so neither the route nor its rewrite can be emitted; other paths: ${base}`, {
            advice: 'Rewrite the path regex without PCRE-only constructs.',
            tags: ['regex'],
          });
        } else if (missing.length) {
          report(ctx, 'rewrite-target', 'partial', `${base}; ${missing.join('; ')}: nginx substitutes an empty string, the rewrite drops the reference the same way`, {
            advice: 'Check the capture groups of the path against the target.',
            tags: ['regex'],
          });
        } else {
          report(ctx, 'rewrite-target', 'converted', base, { tags: ['regex'] });
        }
      }
    }

    // --- use-regex
    if (useRegex !== undefined && ctx.get(k('use-regex')) !== undefined) {
      const raw = ctx.get(k('use-regex'))!;
      const valid = raw === 'true' || raw === 'false' || ['1', 't', 'T', 'TRUE', 'True', '0', 'f', 'F', 'FALSE', 'False'].includes(raw);
      if (useRegex) {
        ctx.intents.regexPaths = { key: k('use-regex'), caseInsensitive: true };
        const bad: string[] = [];
        for (const p of paths) {
          const c = checkRe2(nginxLocationRegex(p.path));
          if (!c.ok) bad.push(`"${p.path}": ${c.reason}`);
        }
        const base = `paths match as case-insensitive, start-anchored regexes "(?i)^<path>.*" in nginx's order (longest path string first); every path of host ${hostList(hosts)} (all Ingresses, Exact and Prefix too) switches the same way, as in nginx`;
        if (bad.length) {
          report(ctx, 'use-regex', 'unsupported', `${bad.join('; ')}: RE2 cannot compile it, so no route is emitted for that path; ${base}`, {
            advice: 'Rewrite the path regex without PCRE-only constructs (look-around, back-references, possessive/atomic groups).',
            tags: ['regex'],
          });
        } else {
          report(ctx, 'use-regex', 'converted', base, { tags: ['regex'] });
        }
      } else if (valid) {
        report(
          ctx,
          'use-regex',
          rewriteEffective ? 'ignored' : 'converted',
          rewriteEffective
            ? 'use-regex "false" has no effect: rewrite-target already switches the host to regex matching'
            : 'paths are matched literally (nginx default), unless another Ingress of the same host turns regex matching on',
        );
      }
    }

    // --- app-root
    const appRoot = ctx.get(k('app-root'));
    if (appRoot !== undefined) {
      if (!appRoot.startsWith('/') || !PATH_WITH_CAPTURE.test(appRoot) || appRoot.startsWith('//')) {
        report(ctx, 'app-root', 'error', `"${show(appRoot)}" is not a path starting with "/" made of letters, digits, - . _ ~ / : $; ingress-nginx rejects it and does not redirect`, {
          advice: 'Use an absolute path such as /app.',
        });
      } else {
        ctx.intents.appRoot = { key: k('app-root'), path: appRoot, code: 302 };
        report(
          ctx,
          'app-root',
          'partial',
          `requests for exactly "/" on host ${hostList(hosts)} get a 302 redirect to "${appRoot}" (first route of the host, host-wide as in nginx); difference: Envoy keeps the request's query string, nginx drops it`,
        );
      }
    }

    // --- x-forwarded-prefix
    const xfp = ctx.get(k('x-forwarded-prefix'));
    if (xfp !== undefined) {
      if (!rewriteEffective) {
        report(ctx, 'x-forwarded-prefix', 'ignored', 'no effect without an effective rewrite-target: nginx only sets X-Forwarded-Prefix inside its rewrite');
      } else if (!PATH_WITH_CAPTURE.test(xfp)) {
        report(ctx, 'x-forwarded-prefix', 'error', `"${show(xfp)}" has characters ingress-nginx's validation rejects; the header was not set`);
      } else if (/\$\d/.test(xfp)) {
        report(ctx, 'x-forwarded-prefix', 'unsupported', `"${xfp}" uses capture groups; Istio header values are static, so X-Forwarded-Prefix is not set`, {
          advice: 'Set a literal prefix, or have the application derive it.',
        });
      } else {
        ctx.intents.routePatches.push({ key: k('x-forwarded-prefix'), patch: { headers: { request: { set: { 'X-Forwarded-Prefix': xfp } } } } });
        report(ctx, 'x-forwarded-prefix', 'converted', `X-Forwarded-Prefix: ${xfp} set on the rewritten routes (headers.request.set)`);
      }
    }
  },
});
