/**
 * One copy of each repeated string and string list for the life of one conversion.
 *
 * At 100k Ingresses the findings repeat the same messages, keys, advice and tag lists hundreds of
 * thousands of times, and the routes the same destination hosts. Each was built by a template
 * literal, which V8 keeps as a tree of concatenation nodes (32 bytes per `${}` piece) rather than
 * one string; a kept copy per finding made up about a fifth of the heap at the end of conversion.
 * Strings are immutable, so sharing one copy changes nothing in the output.
 */

import type { HTTPRedirect, HTTPRoute } from '../istio/types.js';

type Destination = NonNullable<HTTPRoute['route']>[number]['destination'];

let touched = 0;

/**
 * The same string, flat: reading a character makes V8 flatten a concatenated string in place, and
 * the next minor collection drops its concatenation nodes. For strings that are kept but seldom
 * repeated (route names), where a shared copy would cost more than it saves.
 */
export function flat(s: string): string {
  // The read goes to a module variable so that an optimizing compiler cannot drop it as unused.
  touched ^= s.charCodeAt(0);
  return s;
}

const NONE: readonly string[] = Object.freeze([]);

export class Interner {
  private readonly strings = new Map<string, string>();
  /** Lists of one string, by that string; longer lists by their JSON text (unambiguous). */
  private readonly singles = new Map<string, readonly string[]>();
  private readonly lists = new Map<string, readonly string[]>();

  /** Route destinations by host, then port number (-1: none). */
  private readonly destinations = new Map<string, Map<number, Destination>>();
  private readonly routeLists = new Map<Destination, NonNullable<HTTPRoute['route']>>();
  private readonly redirects = new Map<string, HTTPRedirect>();

  /**
   * A shared, frozen destination `{host, port: {number}}` (or `{host}`). Hundreds of thousands of
   * routes at 100k Ingresses go to far fewer Services; the printer writes shared objects out in
   * full, and a frozen object throws if anything tried to change it for one route only.
   */
  destination(host: string, port?: number): Destination {
    let byPort = this.destinations.get(host);
    if (!byPort) this.destinations.set(host, (byPort = new Map()));
    const k = port ?? -1;
    let d = byPort.get(k);
    if (!d) {
      d = Object.freeze(port === undefined ? { host } : { host, port: Object.freeze({ number: port }) }) as Destination;
      byPort.set(k, d);
    }
    return d;
  }

  /** A shared, frozen `[{destination}]` (the route list of a route with one destination). */
  routeTo(destination: Destination): NonNullable<HTTPRoute['route']> {
    let list = this.routeLists.get(destination);
    if (!list) {
      list = Object.freeze([Object.freeze({ destination })]) as unknown as NonNullable<HTTPRoute['route']>;
      this.routeLists.set(destination, list);
    }
    return list;
  }

  /** A shared, frozen HTTPS redirect `{scheme: 'https', port?, redirectCode}`. */
  httpsRedirect(redirectCode: number, port?: number): HTTPRedirect {
    const key = port === undefined ? `${redirectCode}` : `${redirectCode}:${port}`;
    let r = this.redirects.get(key);
    if (!r) {
      r = Object.freeze(port !== undefined ? { scheme: 'https', port, redirectCode } : { scheme: 'https', redirectCode }) as HTTPRedirect;
      this.redirects.set(key, r);
    }
    return r;
  }

  /** The shared copy of `s` (flat). */
  str(s: string): string {
    const kept = this.strings.get(s);
    if (kept !== undefined) return kept;
    flat(s);
    this.strings.set(s, s);
    return s;
  }

  /**
   * A shared, frozen copy of a list of strings (same items in the same order). Callers that would
   * have copied a list to keep it get this instead; nothing modifies these lists in place (a
   * frozen list throws if something tries).
   */
  list(items: readonly string[]): string[] {
    if (!items.length) return NONE as string[];
    const byId = items.length === 1 ? this.singles : this.lists;
    const id = items.length === 1 ? items[0]! : JSON.stringify(items);
    let kept = byId.get(id);
    if (!kept) {
      kept = Object.freeze(items.map((s) => this.str(s)));
      byId.set(items.length === 1 ? kept[0]! : id, kept);
    }
    return kept as string[];
  }
}
