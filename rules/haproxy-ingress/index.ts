import type { Rule } from '../types.js';

/** Rules of this controller, one module per annotation family. */
export const rules: Rule[] = [];
