/**
 * Converts ingress-nginx Ingress specs with the default options and gives what engine tests check:
 * the result, the VirtualService of a host, the outcome of one request through the Istio model, and verify's unexplained
 * differences against the nginx model.
 */
import { convert } from '../../src/engine/convert.js';
import type { VirtualService } from '../../src/istio/types.js';
import { defaultOptions } from '../../src/model/options.js';
import { verify } from '../../src/verify/index.js';
import { IstioModel } from '../../src/verify/istio-model.js';
import { describeOutcome, makeRequest, type Request } from '../../src/verify/request.js';
import { ing, inputSet, type IngSpec } from './build.js';

export function runNginx(specs: IngSpec[]) {
  const input = inputSet(specs.map((s) => ing(s)));
  const result = convert(input, defaultOptions());
  const mesh = new IstioModel(result.resources, input.services);
  const outcome = (r: Partial<Request> & { host: string; path: string }) => describeOutcome(mesh.evaluate(makeRequest(r)).outcome);
  const unexplained = verify(input, result.resources, result.findings).differences.filter((d) => d.explainedBy.length === 0);
  /** The VirtualService of a host (its first `hosts` entry). */
  const vsOf = (host: string) => result.resources.find((r) => r.kind === 'VirtualService' && (r as VirtualService).spec.hosts?.[0] === host) as VirtualService;
  return { result, outcome, unexplained, vsOf };
}
