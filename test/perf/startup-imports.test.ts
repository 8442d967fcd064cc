/**
 * `--help` and `--version` must stay fast (a kubectl plugin runs many times a day): the modules
 * loaded before a command runs are only the CLI shell (commander, the command registrations, option
 * parsing). Every command imports its work lazily, inside its action. This follows the static
 * (non-type) imports from src/cli/main.ts with the TypeScript parser; dynamic import() is lazy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../helpers/shared.js';

/** Specifiers a file loads when it is loaded (type-only imports and exports are erased). */
export function runtimeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const c = st.importClause;
      if (c?.isTypeOnly) continue;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const onlyTypes = c !== undefined && !c.name && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly);
      if (!onlyTypes) out.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && !st.isTypeOnly) {
      out.push(st.moduleSpecifier.text);
    }
  }
  return out;
}

function startupGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) {
        const ts = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        visit(existsSync(ts) ? ts : resolve(dirname(file), spec));
      } else packages.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => relative(REPO_DIR, f)).sort(), packages: [...packages].sort() };
}

describe('start-up imports', () => {
  const graph = startupGraph(join(REPO_DIR, 'src/cli/main.ts'));

  it('the parser sees value imports and skips type-only ones', () => {
    const probe = runtimeImports(join(REPO_DIR, 'src/cli/input.ts'));
    expect(probe).toContain('./commander.js');
    expect(probe).toContain('../model/options.js');
    expect(probe).not.toContain('commander'); // `import type { Command } from 'commander'`
    expect(probe).not.toContain('../read/types.js'); // `import type`
    expect(probe).not.toContain('../model/ingress.js'); // `import type`
  });

  it('imports no package as an ES module, only Node built-ins', () => {
    // A CommonJS package imported from ESM goes through Node's CJS-to-ESM translation, which
    // alone cost ~40 ms of start-up when commander was imported that way.
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(graph.packages.filter((p) => !builtins.has(p))).toEqual([]);
  });

  it('requires commander, and nothing else, through createRequire in src/cli/commander.ts', () => {
    expect(graph.files).toContain('src/cli/commander.ts');
    const text = readFileSync(join(REPO_DIR, 'src/cli/commander.ts'), 'utf8');
    expect([...text.matchAll(/\bload\('([^']+)'\)/g)].map((m) => m[1])).toEqual(['commander']);
    const others = graph.files.filter((f) => f !== 'src/cli/commander.ts' && /\b(require|createRequire)\(/.test(readFileSync(join(REPO_DIR, f), 'utf8')));
    expect(others).toEqual([]);
  });

  it('loads only the CLI shell: no reader, engine, rules, emitter, validator, renderer, cluster client or verifier', () => {
    const heavy = graph.files.filter((f) => !/^src\/cli\//.test(f) && f !== 'src/model/options.ts');
    expect(heavy).toEqual([]);
    expect(graph.files).toContain('src/cli/commands/convert.ts');
  });
});

describe('convert-path imports', () => {
  it('convert, verify and diff load no rule module statically: rules/load.ts imports the needed controllers', () => {
    for (const entry of ['src/cli/run-convert.ts', 'src/verify/run.ts', 'src/diff/run.ts']) {
      const { files } = startupGraph(join(REPO_DIR, entry));
      if (entry !== 'src/verify/run.ts') expect(files).toContain('rules/load.ts'); // verify imports its work lazily
      // The rules of a controller (rules/<vendor>/*) and the whole catalog (rules/index.ts) stay unloaded.
      expect(files.filter((f) => /^rules\/(?!load\.ts$|registry\.ts$|types\.ts$)/.test(f))).toEqual([]);
    }
  });
});
