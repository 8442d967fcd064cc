/** Small Ingress manifests for CLI and robustness tests (one rule, path `/` Prefix → Service web:80). */
export interface IngressYamlOptions {
  name: string;
  namespace: string;
  host: string;
  /** Annotation lines, already indented by four spaces, each ending in a newline. */
  annotations?: string;
  /** Adds a `tls` entry for the host with this secret. */
  tlsSecret?: string;
}

export function ingressYaml(o: IngressYamlOptions): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${o.name}
  namespace: ${o.namespace}
${o.annotations ? `  annotations:\n${o.annotations}` : ''}spec:
  ingressClassName: nginx
${o.tlsSecret ? `  tls:\n  - hosts: [${o.host}]\n    secretName: ${o.tlsSecret}\n` : ''}  rules:
  - host: ${o.host}
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
`;
}
