/**
 * Value checks the Kubernetes API server applies to Ingresses (pkg/apis/networking/validation and
 * apimachinery's validation helpers), plus detection of unrendered templates and placeholders.
 * Each returns a message, or undefined when the value is fine.
 */

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

const MAYBE_PLACEHOLDER = /[{$<]|__/;

/** Unrendered Helm/Go templates and common placeholder styles, named for the message. */
export function placeholderIn(value: string): string | undefined {
  if (!MAYBE_PLACEHOLDER.test(value)) return undefined;
  const helm = /\{\{.*?\}\}/.exec(value);
  if (helm) return `unrendered Helm template ${helm[0]}: render the chart first (helm template)`;
  if (value.includes('{{')) return `unrendered Helm template (${JSON.stringify(value)}): render the chart first (helm template)`;
  const dunder = /__[A-Za-z0-9_]*[A-Za-z0-9]__/.exec(value);
  if (dunder) return `placeholder ${dunder[0]} was never replaced`;
  const env = /\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)/.exec(value);
  if (env) return `placeholder ${env[0]} was never substituted`;
  const angle = /<[^<>\s]+>/.exec(value);
  if (angle) return `placeholder ${angle[0]} was never replaced`;
  return undefined;
}

/** Ingress rule host: DNS-1123 subdomain, `*.` only as the whole first label, not an IP address. */
export function hostProblem(host: string): string | undefined {
  const ph = placeholderIn(host);
  if (ph) return ph;
  if (IPV4.test(host) || host.includes(':')) {
    return IPV4.test(host) || /^[0-9a-fA-F:.]+$/.test(host)
      ? `host ${JSON.stringify(host)} must be a DNS name, not an IP address`
      : `host ${JSON.stringify(host)} must not contain a port or scheme`;
  }
  if (host.length > 253) return `host ${JSON.stringify(host)} is longer than 253 characters`;
  if (host.includes('*')) {
    if (!host.startsWith('*.') || !DNS1123_SUBDOMAIN.test(host.slice(2))) {
      return `host ${JSON.stringify(host)} is not a valid wildcard DNS name: "*" may only be the whole first label, as in "*.example.com"`;
    }
    return undefined;
  }
  if (!DNS1123_SUBDOMAIN.test(host)) {
    const hint = host !== host.toLowerCase() ? ' (use lower case)' : host.endsWith('.') ? ' (no trailing dot)' : '';
    return `host ${JSON.stringify(host)} is not a valid DNS-1123 name${hint}`;
  }
  return undefined;
}

/** TLS host: same rules as rule hosts (the API server does not check for IPs there, but no Gateway could serve one). */
export function tlsHostProblem(host: string): string | undefined {
  return hostProblem(host);
}

/** Service names are DNS-1035 labels. */
export function serviceNameProblem(name: string): string | undefined {
  const ph = placeholderIn(name);
  if (ph) return ph;
  if (name.length > 63 || !DNS1035_LABEL.test(name)) {
    return `service name ${JSON.stringify(name)} is not a valid DNS-1035 label (lower case letters, digits and "-", starting with a letter, at most 63 characters)`;
  }
  return undefined;
}

/** IANA service name, as Kubernetes requires for port names. */
export function portNameProblem(name: string): string | undefined {
  const ph = placeholderIn(name);
  if (ph) return ph;
  if (/^[0-9]+$/.test(name)) return `port name ${JSON.stringify(name)} must contain a letter (a quoted number is a port name, not a port number)`;
  if (name.length > 15) return `port name ${JSON.stringify(name)} is longer than 15 characters`;
  if (!/^[-a-z0-9]+$/.test(name) || !/[a-z]/.test(name) || name.startsWith('-') || name.endsWith('-') || name.includes('--')) {
    return `port name ${JSON.stringify(name)} is not a valid IANA service name (lower case letters, digits and single "-")`;
  }
  return undefined;
}

export function portNumberProblem(value: unknown, what: string): string | undefined {
  if (typeof value === 'string') return `${what} must be an integer, got the string ${JSON.stringify(value)}`;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${what} must be an integer, got ${JSON.stringify(value)}`;
  if (value < 1 || value > 65535) return `${what} ${value} is out of range (1-65535)`;
  return undefined;
}

/** Sequences the API server rejects in Exact and Prefix paths. */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

export function pathProblem(path: string, pathType: string): string | undefined {
  const ph = placeholderIn(path);
  if (ph) return ph;
  if (!path.startsWith('/')) return `path ${JSON.stringify(path)} must start with "/"`;
  if (pathType === 'Exact' || pathType === 'Prefix') {
    for (const s of INVALID_PATH_SEQUENCES) if (path.includes(s)) return `path ${JSON.stringify(path)} must not contain ${JSON.stringify(s)} with pathType ${pathType}`;
    for (const s of INVALID_PATH_SUFFIXES) if (path.endsWith(s)) return `path ${JSON.stringify(path)} must not end with ${JSON.stringify(s)} with pathType ${pathType}`;
  }
  return undefined;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v === 'string' ? 'the string' : `a ${typeof v}`} ${JSON.stringify(v)}`;
}
