/** Exit codes, documented in README and `--help`. */
export const EXIT = {
  ok: 0,
  /** A gate failed: --fail-on reached, verify found unexplained differences, diff found differences. */
  gate: 1,
  /** Bad input or usage. Valid objects were still processed. */
  usage: 2,
  input: 2,
  /** A bug (including generated output that failed schema validation). */
  internal: 3,
} as const;
