/**
 * Tests call the engine (convert, runRules) without a rule set: load the whole catalog, which
 * registers it as the default set (rules/registry.ts), as audit does. The CLI's convert, verify and
 * diff load only the controllers they need and pass them explicitly.
 */
import '../../rules/index.js';
