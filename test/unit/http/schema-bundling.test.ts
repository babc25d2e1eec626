import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A function bundle keeps only the API schemas its handler uses when every schema an API
 * module builds at import is declared `/* @__PURE__ *\/ z.schema(() => …)` (shared/zod.ts):
 * esbuild drops an unused pure call, and a plain `const X = z.object(…)` is kept in every
 * bundle that imports the module. This reads every top-level declaration of shared/api and
 * refuses one whose value is built by a call without that form.
 */
const ROOT = join(__dirname, '..', '..', '..');
const API = join(ROOT, 'shared', 'api');

const sourceFiles = async (folder: string): Promise<string[]> => {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return Promise.resolve(entry.name.endsWith('.ts') ? [path] : []);
    }),
  );
  return nested.flat();
};

/** Top-level `const` declarations whose value is a call that is not an annotated `z.schema(…)`. */
const eagerDeclarations = (path: string, text: string): string[] => {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const value = declaration.initializer;
      if (value === undefined || !ts.isCallExpression(value)) continue;
      const annotated = text.slice(value.getFullStart(), value.getStart(source)).includes('@__PURE__');
      if (annotated && value.expression.getText(source) === 'z.schema') continue;
      found.push(`${relative(ROOT, path)}: ${declaration.name.getText(source)}`);
    }
  }
  return found;
};

describe('the API modules', () => {
  it('build every schema they declare as an annotated z.schema(() => …), so that bundles drop the unused ones', async () => {
    // Prepare
    const files = await sourceFiles(API);

    // Act
    const eager = (await Promise.all(files.map(async (path) => eagerDeclarations(path, await readFile(path, 'utf8'))))).flat();

    // Assess
    expect(files.length).toBeGreaterThan(10);
    expect(eager).toEqual([]);
  });
});
