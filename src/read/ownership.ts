/**
 * Which controller owns an Ingress. The same annotation key means different things to different
 * controllers, so this is decided before any annotation is interpreted. Rules, first match wins:
 *   1. `--controller`
 *   2. `spec.ingressClassName` naming an IngressClass of the input: its `spec.controller`
 *   3. the class annotation (`projectcontour.io/ingress.class`, `kubernetes.io/ingress.class`)
 *      naming an IngressClass of the input
 *   4. no class at all: the IngressClass marked default
 *   5. annotation prefixes (only one controller family present)
 *   6. well-known class names (`nginx`, `contour`, `haproxy`, ...)
 *   7. unknown
 * Contour never reads IngressClass.spec.controller (it matches class names only); its usual
 * controller strings are still mapped to it in rule 2, since that is how clusters label Contour's class.
 */
import type { ControllerId, IngressClass, Ownership } from '../model/ingress.js';

export const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const CONTOUR_CLASS_ANNOTATION = 'projectcontour.io/ingress.class';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** Map an IngressClass `spec.controller` string to a controller id. */
export function controllerFromClassController(controller: string): ControllerId {
  if (controller === 'k8s.io/ingress-nginx') return 'ingress-nginx';
  if (controller === 'nginx.org/ingress-controller') return 'nginx-inc';
  if (controller.startsWith('projectcontour.io/')) return 'contour';
  if (controller === 'haproxy.org/ingress-controller' || controller.startsWith('haproxy.org/ingress-controller/')) return 'haproxytech';
  if (controller === 'haproxy-ingress.github.io/controller' || controller.startsWith('haproxy-ingress.github.io/controller/')) return 'haproxy-ingress';
  if (controller === 'istio.io/ingress-controller') return 'istio';
  return 'other';
}

/** Annotation key prefixes that only one controller family reads. */
const PREFIXES: readonly [string, ControllerId][] = [
  ['nginx.ingress.kubernetes.io/', 'ingress-nginx'],
  ['nginx.org/', 'nginx-inc'],
  ['nginx.com/', 'nginx-inc'],
  ['projectcontour.io/', 'contour'],
  ['haproxy.org/', 'haproxytech'],
  ['haproxy-ingress.github.io/', 'haproxy-ingress'],
];

/** Class names with a conventional owner, and why. */
const WELL_KNOWN_CLASSES: Record<string, { controller: ControllerId; note: string }> = {
  nginx: {
    controller: 'ingress-nginx',
    note: 'class name nginx is the default of ingress-nginx; NGINX Inc (nginx.org) uses the same name: pass --controller nginx-inc if that is the controller',
  },
  contour: { controller: 'contour', note: 'class name contour is the default of Contour' },
  istio: { controller: 'istio', note: 'class name istio is served by Istio itself' },
  alb: { controller: 'other', note: 'class name alb belongs to the AWS Load Balancer Controller' },
  gce: { controller: 'other', note: 'class name gce belongs to the GKE Ingress controller' },
  'gce-internal': { controller: 'other', note: 'class name gce-internal belongs to the GKE Ingress controller' },
  traefik: { controller: 'other', note: 'class name traefik belongs to Traefik' },
  'azure/application-gateway': { controller: 'other', note: 'class name azure/application-gateway belongs to the Azure Application Gateway controller' },
  kong: { controller: 'other', note: 'class name kong belongs to Kong' },
};

export interface OwnershipInput {
  ingressClassName?: string;
  /** Annotation keys and values (after any prefix renaming). */
  annotations: ReadonlyMap<string, string>;
}

const CLASS_ANNOTATIONS = [CONTOUR_CLASS_ANNOTATION, CLASS_ANNOTATION] as const;

/** The class an Ingress asks for: annotation (Contour's, then the legacy one), else the spec field. */
export function annotationClass(annotations: ReadonlyMap<string, string>): { key: string; value: string } | undefined {
  for (const key of CLASS_ANNOTATIONS) {
    const value = annotations.get(key);
    if (value !== undefined && value !== '') return { key, value };
  }
  return undefined;
}

/**
 * Everything decideOwner reads of one Ingress, as a string: for the same IngressClasses and
 * `--controller`, Ingresses with the same key get the same Ownership (so a run can decide it once
 * per key). The class field, the class annotation, and the controller prefixes of the annotation
 * keys in the order first seen.
 */
export function ownershipKey(input: OwnershipInput): string {
  const ann = annotationClass(input.annotations);
  let prefixes = '';
  for (const key of input.annotations.keys()) {
    for (let i = 0; i < PREFIXES.length; i++) {
      if (key.startsWith(PREFIXES[i]![0]) && key !== CONTOUR_CLASS_ANNOTATION && !prefixes.includes(String(i))) prefixes += i;
    }
  }
  // The class field's length delimits it (any character may be in it); the annotation key is one of two constants.
  const spec = input.ingressClassName === undefined ? '-' : `${input.ingressClassName.length}=${input.ingressClassName}`;
  return ann ? `${prefixes}\u0000${spec}\u0000${ann.key}\u0000${ann.value}` : `${prefixes}\u0000${spec}`;
}

/** The single IngressClass marked default, or why there is none. */
export function defaultClass(classes: ReadonlyMap<string, IngressClass>): { cls?: IngressClass; several?: string[] } {
  const defaults = [...classes.values()].filter((c) => c.isDefault).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (defaults.length === 1) return { cls: defaults[0] };
  if (defaults.length > 1) return { several: defaults.map((c) => c.name) };
  return {};
}

/** Class name used by `--ingress-class`: spec field, else annotation, else the default IngressClass. */
export function effectiveClassName(input: OwnershipInput, classes: ReadonlyMap<string, IngressClass>): string | undefined {
  return input.ingressClassName ?? annotationClass(input.annotations)?.value ?? defaultClass(classes).cls?.name;
}

/**
 * Who owns an Ingress, and why. The normalizer asks once per distinct `ownershipKey` of a run and
 * shares the answer between the Ingresses that look the same to this function.
 */
export function decideOwner(input: OwnershipInput, classes: ReadonlyMap<string, IngressClass>, forced?: ControllerId): Ownership {
  const specClass = input.ingressClassName;
  const ann = annotationClass(input.annotations);
  const className = specClass ?? ann?.value;
  const base = className !== undefined ? { className } : {};
  const conflict =
    specClass !== undefined && ann !== undefined && ann.value !== specClass
      ? `; note: annotation ${ann.key}=${ann.value} disagrees with spec.ingressClassName ${specClass} (Contour, NGINX Inc and haproxy-ingress let the annotation win)`
      : '';

  if (forced) return { ...base, controller: forced, reason: `forced by --controller ${forced}` };

  if (specClass !== undefined) {
    const cls = classes.get(specClass);
    if (cls) {
      return { ...base, controller: controllerFromClassController(cls.controller), reason: `spec.ingressClassName ${specClass}: IngressClass ${specClass} has spec.controller ${cls.controller}${conflict}` };
    }
  }
  if (ann) {
    const cls = classes.get(ann.value);
    if (cls) {
      return { className: ann.value, controller: controllerFromClassController(cls.controller), reason: `annotation ${ann.key}=${ann.value}: IngressClass ${ann.value} has spec.controller ${cls.controller}` };
    }
  }
  if (specClass === undefined && ann === undefined) {
    const def = defaultClass(classes);
    if (def.cls) {
      return {
        className: def.cls.name,
        controller: controllerFromClassController(def.cls.controller),
        reason: `no class set: IngressClass ${def.cls.name} is marked default (${DEFAULT_CLASS_ANNOTATION}) and has spec.controller ${def.cls.controller}`,
      };
    }
  }

  const families = new Set<ControllerId>();
  const seenPrefixes: string[] = [];
  for (const key of input.annotations.keys()) {
    for (const [prefix, id] of PREFIXES) {
      if (key.startsWith(prefix) && key !== CONTOUR_CLASS_ANNOTATION) {
        if (!families.has(id)) seenPrefixes.push(prefix);
        families.add(id);
      }
    }
  }
  const classNote = className !== undefined ? `class ${className} has no IngressClass in the input; ` : '';
  if (ann?.key === CONTOUR_CLASS_ANNOTATION) families.add('contour');
  if (families.size === 1) {
    const [id] = [...families];
    const why = seenPrefixes.length ? `annotations under ${seenPrefixes.join(', ')}` : `annotation ${CONTOUR_CLASS_ANNOTATION}`;
    return { ...base, controller: id, reason: `${classNote}guessed from ${why}${conflict}` };
  }
  const mixed = families.size > 1 ? `annotations of several controllers (${[...families].sort().join(', ')}); ` : '';

  if (className !== undefined) {
    const known = WELL_KNOWN_CLASSES[className];
    if (known) return { ...base, controller: known.controller, reason: `${mixed}${known.note}${conflict}` };
    if (className === 'haproxy') {
      // Both HAProxy controllers default to class haproxy: haproxytech (>= 3.2) reads only the spec
      // field, haproxy-ingress reads the annotation.
      return specClass === 'haproxy'
        ? { ...base, controller: 'haproxytech', reason: `${mixed}spec.ingressClassName haproxy without an IngressClass: the haproxytech Helm chart's default class (haproxy-ingress also uses the name haproxy; pass --controller haproxy-ingress if that is the controller)${conflict}` }
        : { ...base, controller: 'haproxy-ingress', reason: `${mixed}annotation ${ann?.key}=haproxy: haproxy-ingress's default class (haproxytech >= 3.2 ignores the annotation)${conflict}` };
    }
  }
  const sev = specClass === undefined && ann === undefined ? defaultClass(classes).several : undefined;
  const why = sev
    ? `several IngressClasses are marked default (${sev.join(', ')})`
    : className !== undefined
      ? `class ${className} has no IngressClass in the input and is not a well-known class name`
      : 'no class, no default IngressClass and no controller-specific annotations';
  return { ...base, controller: 'unknown', reason: `${mixed}${why}; pass --controller to choose${conflict}` };
}
