import type { ControllerId } from './ingress.js';

export type IstioApiVersion = 'v1' | 'v1beta1' | 'v1alpha3';

export interface ConvertOptions {
  /** Namespace of the gateway workload and of the generated Gateway (TLS secrets must live here). */
  gatewayNamespace: string;
  gatewayName: string;
  gatewaySelector: Record<string, string>;
  apiVersion: IstioApiVersion;
  /** Convert only Ingresses of this class. */
  ingressClass?: string;
  /** Force the owning controller of every Ingress. */
  controller?: ControllerId;
  /** Emit EnvoyFilters for features that need them; when false, report instead. */
  envoyFilters: boolean;
  /** Data of the ingress-nginx controller ConfigMap (global defaults). */
  nginxConfig: Record<string, string>;
  /** ingress-nginx `--annotations-prefix`. */
  nginxAnnotationPrefix: string;
  clusterDomain: string;
}

export function defaultOptions(overrides: Partial<ConvertOptions> = {}): ConvertOptions {
  return {
    gatewayNamespace: 'istio-system',
    gatewayName: 'ingress2istio',
    gatewaySelector: { istio: 'ingressgateway' },
    apiVersion: 'v1',
    envoyFilters: true,
    nginxConfig: {},
    nginxAnnotationPrefix: 'nginx.ingress.kubernetes.io',
    clusterDomain: 'cluster.local',
    ...overrides,
  };
}
