import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionList } from '../../../shared/resources/functions';

/**
 * A value that a module computes at import by calling something (`const X = f(…)`,
 * `new Set(…)`, a zod schema) stays in every bundle that imports the module, used or not,
 * unless the call is annotated `/* @__PURE__ *\/`: esbuild cannot know that the call has no
 * side effects. Such a value costs its function's cold start twice, in bytes to compile and
 * in the work of building it, and it keeps alive everything it references (a schema keeps
 * zod's constructors, a factory call its module). This bundles every function as the stack
 * does, without minifying, and refuses a top-level binding of kippu's code that is computed
 * by a call and that nothing else in the bundle refers to.
 */
const ROOT = join(__dirname, '..', '..', '..');

/** esbuild's unminified output starts each module with a `// <path>` line. */
const MODULE_MARKER = /^\/\/ ((?:shared|functions|node_modules)\/\S+)$/;
const DECLARATION = /^(?:var|let|const) ([A-Za-z0-9_$]+) = (.*)$/;
const FUNCTION_VALUE = /^(?:\/\* @__PURE__ \*\/|(?:async )?(?:\([^)]*\)|[A-Za-z0-9_$]+) =>|(?:async )?function\b|class\b)/;

const unusedComputedBindings = (text: string): string[] => {
  const spread = text.replaceAll('...', '   ');
  const found: string[] = [];
  let module = '';
  for (const line of text.split('\n')) {
    const marker = MODULE_MARKER.exec(line);
    if (marker?.[1] !== undefined) {
      module = marker[1];
      continue;
    }
    if (!module.startsWith('shared/')) continue;
    const declaration = DECLARATION.exec(line);
    const [, name, value] = declaration ?? [];
    if (name === undefined || value === undefined || FUNCTION_VALUE.test(value) || !/[(]|\bnew /.test(value)) continue;
    const uses = spread.match(new RegExp(`(?<![A-Za-z0-9_$.])${name.replaceAll('$', '\\$')}(?![A-Za-z0-9_$])`, 'g'));
    if ((uses?.length ?? 0) <= 1) found.push(`${module}: ${name}`);
  }
  return found;
};

describe('the function bundles', () => {
  it('keep no value of kippu computed at import that nothing uses', { timeout: 120_000 }, async () => {
    // Prepare
    const bundles = await Promise.all(
      functionList.map(async (definition) => {
        const result = await build({
          entryPoints: [join(ROOT, 'functions', definition.name, 'handler.ts')],
          bundle: true,
          write: false,
          outfile: join(ROOT, '.bundle-retention', `${definition.name}.mjs`),
          platform: 'node',
          format: 'esm',
          target: 'node20',
          mainFields: ['module', 'main'],
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
      'var handler = (event) => used.parse(event);',
      '// node_modules/lib/index.js',
      'var other = make();',
    ].join('\n');

    // Act
    const retained = unusedComputedBindings(text);

    // Assess
    expect(retained).toEqual(['shared/example.ts: unused']);
  });
});
