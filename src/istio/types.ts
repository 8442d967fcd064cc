/**
 * Istio API types used by the engine and the rules.
 * Spec types are generated from the pinned CRDs (src/istio/generated/types.ts, `npm run gen:istio`);
 * this module adds the object envelope the generated file does not describe.
 */
export type * from './generated/types.js';
import type {
  AuthorizationPolicySpec,
  DestinationRuleSpec,
  EnvoyConfigObjectMatch,
  EnvoyConfigObjectPatch,
  EnvoyFilterSpec as GeneratedEnvoyFilterSpec,
  GatewaySpec,
  VirtualServiceSpec,
} from './generated/types.js';

/**
 * The generated EnvoyFilterSpec with `configPatches[].match.context` widened to string: rule modules
 * keep shared match objects in constants where the literal widens (rules/nginx/envoyfilter.ts).
 * Not a bug; the validator still checks the enum. Drop once those constants are typed.
 */
export interface EnvoyFilterSpec extends Omit<GeneratedEnvoyFilterSpec, 'configPatches'> {
  configPatches?: Array<Omit<EnvoyConfigObjectPatch, 'match'> & { match?: Omit<EnvoyConfigObjectMatch, 'context'> & { context?: string } }>;
}

export type IstioKind = 'Gateway' | 'VirtualService' | 'DestinationRule' | 'AuthorizationPolicy' | 'EnvoyFilter';

/** The ObjectMeta fields we emit; name and namespace are always set on our output. */
export interface ObjectMeta {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface IstioResource<K extends IstioKind = IstioKind, S = unknown> {
  apiVersion: string;
  kind: K;
  metadata: ObjectMeta;
  spec: S;
}

export type Gateway = IstioResource<'Gateway', GatewaySpec>;
export type VirtualService = IstioResource<'VirtualService', VirtualServiceSpec>;
export type DestinationRule = IstioResource<'DestinationRule', DestinationRuleSpec>;
export type AuthorizationPolicy = IstioResource<'AuthorizationPolicy', AuthorizationPolicySpec>;
export type EnvoyFilter = IstioResource<'EnvoyFilter', EnvoyFilterSpec>;
