import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

/** Read the `data` of a ConfigMap file (the ingress-nginx controller's global settings). */
export async function readNginxConfigMap(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, 'utf8');
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as { kind?: string; data?: Record<string, unknown> } | null;
    if (obj && obj.kind === 'ConfigMap') {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(obj.data ?? {})) out[k] = String(v);
      return out;
    }
  }
  throw new Error(`${file}: no ConfigMap found`);
}
