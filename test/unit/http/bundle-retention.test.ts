import { join } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { functionList } from '../../../shared/resources/functions';

/**
 * A value that a module computes at import by calling something (`const X = f(…)`,
 * `new Set(…)`, a zod schema, a table of `route(…)` calls) stays in every bundle that imports
 * the module, used or not, unless the call is annotated `/* @__PURE__ *\/`: esbuild cannot
 * know that the call has no side effects. Such a value costs its function's cold start twice,
 * in bytes to compile and in the work of building it, and it keeps alive everything it
 * references (a schema keeps zod's constructors, a factory call its module). This bundles
 * every function's own code as the stack does (its packages left out, not minified) and
 * refuses a top-level binding of kippu's code whose value calls something at import and that
 * nothing else in the bundle refers to. shared/pure.ts and shared/zod.ts give the annotated
 * forms.
 */
const ROOT = join(__dirname, '..', '..', '..');

/** esbuild's unminified output starts each module with a `// <path>` line. */
const MODULE_MARKER = /^\/\/ ((?:shared|functions|node_modules)\/\S+)$/gm;

const isAnnotatedPure = (node: ts.Node, text: string): boolean =>
  text.slice(node.getFullStart(), node.getStart()).includes('@__PURE__');

/** Whether evaluating the expression calls something that is not annotated pure (function bodies are not evaluated). */
const callsAtImport = (node: ts.Node, text: string): boolean => {
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
  if (
    (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) &&
    !isAnnotatedPure(node, text)
  )
    return true;
  return ts.forEachChild(node, (child) => callsAtImport(child, text)) ?? false;
};

/** How often each name is referred to (declarations, property names and member names aside). */
const referenceCounts = (source: ts.SourceFile): Map<string, number> => {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent) || ts.isMethodDeclaration(parent)) &&
          parent.name === node);
      if (!isName) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return counts;
};

const unusedComputedBindings = (text: string): string[] => {
  const source = ts.createSourceFile('bundle.mjs', text, ts.ScriptTarget.ES2022, true);
  const markers = [...text.matchAll(MODULE_MARKER)].map((marker) => ({ at: marker.index, module: marker[1] ?? '' }));
  const moduleAt = (position: number): string => markers.filter((marker) => marker.at <= position).at(-1)?.module ?? '';
  const references = referenceCounts(source);
  return source.statements.flatMap((statement) => {
    if (!ts.isVariableStatement(statement)) return [];
    const module = moduleAt(statement.getStart());
    if (!module.startsWith('shared/')) return [];
    return statement.declarationList.declarations.flatMap((declaration) => {
      const value = declaration.initializer;
      if (!ts.isIdentifier(declaration.name) || value === undefined || !callsAtImport(value, text)) return [];
      return (references.get(declaration.name.text) ?? 0) === 0 ? [`${module}: ${declaration.name.text}`] : [];
    });
  });
};

describe('the function bundles', () => {
  it('keep no value of kippu computed at import that nothing uses', { timeout: 120_000 }, async () => {
    // Prepare
    const bundles = await Promise.all(
      functionList.map(async (definition) => {
        const result = await build({
          entryPoints: [join(ROOT, 'functions', definition.name, 'handler.ts')],
          bundle: true,
          packages: 'external',
          write: false,
          outfile: join(ROOT, '.bundle-retention', `${definition.name}.mjs`),
          platform: 'node',
          format: 'esm',
          target: 'node20',
          logLevel: 'silent',
        });
        return { name: definition.name, text: result.outputFiles[0]?.text ?? '' };
      }),
    );

    // Act
    const retained = bundles.flatMap(({ name, text }) => unusedComputedBindings(text).map((binding) => `${name}: ${binding}`));

    // Assess
    expect(bundles.length).toBe(functionList.length);
    expect(bundles.every(({ text }) => text.includes('// shared/http/'))).toBe(true);
    expect(retained).toEqual([]);
  });

  it('are read by a check that finds such a value', () => {
    // Prepare
    const text = [
      '// shared/example.ts',
      'var unused = buildSchema({ id: 1 });',
      'var used = buildSchema({ id: 2 });',
      'var pure = /* @__PURE__ */ buildSchema({ id: 3 });',
      'var LIMIT = A * 1e3;',
      'var key = { alias: (stage) => `alias/${stage}`, pattern: /^(a)$/ };',
      'var table = [',
      '  /* @__PURE__ */ entry("a"),',
      '  entry("b"),',
      '];',
      'var handler = (event) => used.parse(event) + other.table;',
      '// shared/resources/unused.ts',
      '// node_modules/lib/index.js',
      'var other = make();',
    ].join('\n');

    // Act
    const retained = unusedComputedBindings(text);

    // Assess
    expect(retained).toEqual(['shared/example.ts: unused', 'shared/example.ts: table']);
  });
});
