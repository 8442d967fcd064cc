/**
 * A tiny JSON Schema checker for the keywords docs/audit-schema.json uses: type, properties,
 * required, additionalProperties, items, enum, const, minimum, $ref (local). Anything else in a
 * schema is an error, so the schema cannot silently use a keyword this checker ignores.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set(['$schema', '$id', '$defs', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'minimum', '$ref']);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
  let cur: unknown = root;
  for (const part of ref.slice(2).split('/')) cur = (cur as Record<string, unknown>)[part];
  if (!cur || typeof cur !== 'object') throw new Error(`unresolved $ref ${ref}`);
  return cur as Schema;
}

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const check = (schema: Schema, v: unknown, path: string) => {
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`schema keyword ${k} not supported (at ${path})`);
    if (typeof schema.$ref === 'string') {
      check(resolve(root, schema.$ref), v, path);
      return;
    }
    if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(v)) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) errors.push(`${path}: ${JSON.stringify(v)} not in enum`);
    const t = typeOf(v);
    if (typeof schema.type === 'string') {
      const ok = schema.type === t || (schema.type === 'number' && t === 'integer');
      if (!ok) {
        errors.push(`${path}: expected ${schema.type}, got ${t}`);
        return;
      }
    }
    if (typeof schema.minimum === 'number' && typeof v === 'number' && v < schema.minimum) errors.push(`${path}: ${v} < ${schema.minimum}`);
    if (t === 'object') {
      const obj = v as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) errors.push(`${path}: missing ${r}`);
      for (const [k, val] of Object.entries(obj)) {
        if (props[k]) check(props[k], val, `${path}.${k}`);
        else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${k}`);
        else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') check(schema.additionalProperties as Schema, val, `${path}.${k}`);
      }
    }
    if (t === 'array' && schema.items) (v as unknown[]).forEach((item, i) => check(schema.items as Schema, item, `${path}[${i}]`));
  };
  check(root, value, '$');
  return errors;
}
