import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../infra/constructs/paths';
import { buildOpenApiDocument } from '../../../shared/http/openapi';

/**
 * Every problem code the API declares (each answer's `x-problem-codes` in the document it
 * serves) is named in README.md or a docs/*.md page, where its area says when it is answered:
 * a client meeting a code finds it in the docs (probe AL D2 found fifteen named nowhere).
 */
interface Operation {
  readonly responses: Record<string, { readonly 'x-problem-codes'?: readonly string[] }>;
}

const read = (path: string): string => readFileSync(join(PROJECT_ROOT, path), 'utf8');
const docs = [
  read('README.md'),
  ...readdirSync(join(PROJECT_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => read(join('docs', name))),
].join('\n');

const declaredCodes = (): string[] => {
  const document = buildOpenApiDocument('https://kippu.test') as unknown as {
    paths: Record<string, Record<string, Operation>>;
  };
  const codes = Object.values(document.paths)
    .flatMap((item) => Object.values(item))
    .flatMap((operation) => Object.values(operation.responses))
    .flatMap((response) => response['x-problem-codes'] ?? []);
  return [...new Set(codes)].sort();
};

describe('the problem codes of the API', () => {
  it('are each named in README.md or docs/*.md', () => {
    // Prepare
    const codes = declaredCodes();

    // Act
    const undocumented = codes.filter((code) => !new RegExp(`(?<![A-Z_])${code}(?![A-Z_])`).test(docs));

    // Assess
    expect(codes.length).toBeGreaterThan(100);
    expect(undocumented).toEqual([]);
  });
});
