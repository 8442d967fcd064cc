/** Verdicts: what one finding, and so one Ingress, means for the migration. */
import type { Finding } from '../model/findings.js';
import { REVIEW_TAGS, VERDICTS, type Reason, type Verdict } from './model.js';

/**
 * blocked: the finding cannot be ported (unsupported) or the input is wrong (error).
 * review: ported with a stated difference (partial), or ported but needing a person
 * (EnvoyFilter, behaviour change, conflict, wildcard widening, secret copy, mesh config, snippet).
 * ready: converted exactly, or ignored because it means nothing for Istio.
 */
export function findingVerdict(f: Pick<Finding, 'level' | 'tags'>): Verdict {
  // Controller-wide defaults Istio lacks (e.g. ingress-nginx's 1m body limit) concern every
  // Ingress of that controller alike: listed and counted, but they do not set the verdict.
  if (f.tags?.includes('controller-default')) return 'ready';
  if (f.level === 'unsupported' || f.level === 'error') return 'blocked';
  if (f.level === 'partial') return 'review';
  if (f.tags?.some((t) => REVIEW_TAGS.includes(t))) return 'review';
  return 'ready';
}

export function verdictRank(v: Verdict): number {
  return VERDICTS.indexOf(v);
}

/** The worst verdict among the reasons; ready when there is none. */
export function worstVerdict(reasons: readonly Pick<Reason, 'verdict'>[]): Verdict {
  let worst: Verdict = 'ready';
  for (const r of reasons) if (verdictRank(r.verdict) < verdictRank(worst)) worst = r.verdict;
  return worst;
}

export function compareReasons(a: Reason, b: Reason): number {
  return (
    verdictRank(a.verdict) - verdictRank(b.verdict) ||
    cmp(a.key, b.key) ||
    a.location.line - b.location.line ||
    cmp(a.message, b.message)
  );
}

/** Code-unit order: locale-independent, so the same input gives the same bytes everywhere. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
