/** JSON, for CI and scripts. The shape is documented in docs/audit-schema.json (versioned by schemaVersion). */
import type { AuditReport } from '../model.js';

export function renderJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
