/** Documentation links of Contour's annotations. */
export const INGRESS_DOCS = 'https://projectcontour.io/docs/main/config/annotations/#contour-specific-ingress-annotations';
export const SERVICE_DOCS = 'https://projectcontour.io/docs/main/config/annotations/#contour-specific-service-annotations';
export const STANDARD_DOCS = 'https://projectcontour.io/docs/main/config/annotations/#standard-kubernetes-ingress-annotations';
export const CLASS_DOCS = 'https://projectcontour.io/docs/main/config/annotations/#ingress-class';
export const LEGACY_DOCS = 'https://projectcontour.io/docs/v1.10.0/config/annotations/';
