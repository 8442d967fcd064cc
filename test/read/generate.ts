/** Seedless, deterministic generator of realistic Ingress manifests for reader measurements. */
export function generateIngresses(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(`---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-${i}
  namespace: team-${i % 50}
  labels:
    app: app-${i}
  annotations:
    kubernetes.io/ingress.class: nginx
    nginx.ingress.kubernetes.io/rewrite-target: /$2
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
    nginx.ingress.kubernetes.io/enable-cors: "true"
spec:
  tls:
  - hosts:
    - host-${i}.example.com
    secretName: tls-${i}
  rules:
  - host: host-${i}.example.com
    http:
      paths:
      - path: /api(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service:
            name: api-${i % 100}
            port:
              number: 8080
      - path: /static
        pathType: Prefix
        backend:
          service:
            name: static-${i % 100}
            port:
              name: http
      - path: /healthz
        pathType: Exact
        backend:
          service:
            name: health
            port:
              number: 80
  - host: "*.wild-${i}.example.org"
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web-${i % 100}
            port:
              number: 80
`);
  }
  return parts.join('');
}
