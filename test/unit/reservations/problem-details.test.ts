import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every problem `detail` is a sentence (capital first letter, closing full stop). The HTTP
 * layer normalizes what reaches it, but a detail should be one where it is written: this
 * reads every `new DomainError(code, detail, …)` of the reservation and revocation modules
 * (domain and adapters) and checks the detail's literal text. A detail that starts with an
 * interpolation cannot be checked here and is refused too: start it with words.
 */
const ROOT = join(__dirname, '..', '..', '..');
const AREAS = [
  { folder: 'shared/domain/reservations', matches: () => true },
  { folder: 'shared/domain/revocations', matches: () => true },
  { folder: 'shared/adapters/aws', matches: (name: string) => /^(reservations|revocations)-/.test(name) },
  { folder: 'shared/adapters/memory', matches: (name: string) => /^(reservations|revocations)\.ts$/.test(name) },
];

interface Detail {
  readonly where: string;
  /** The literal text before the first interpolation, and after the last one. */
  readonly head: string;
  readonly tail: string;
}

const detailsIn = (path: string, text: string): Detail[] => {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  const found: Detail[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && node.expression.getText(source) === 'DomainError') {
      const detail = node.arguments?.[1];
      const where = `${relative(ROOT, path)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
      if (detail !== undefined && (ts.isStringLiteral(detail) || ts.isNoSubstitutionTemplateLiteral(detail))) {
        found.push({ where, head: detail.text, tail: detail.text });
      } else if (detail !== undefined && ts.isTemplateExpression(detail)) {
        found.push({ where, head: detail.head.text, tail: detail.templateSpans.at(-1)?.literal.text ?? '' });
      } else {
        found.push({ where, head: '', tail: '' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

describe('problem details in reservations and revocations', () => {
  it('every DomainError detail is written as a sentence: a capital first letter and a full stop at the end', async () => {
    // Prepare
    const details: Detail[] = [];
    for (const area of AREAS) {
      const names = (await readdir(join(ROOT, area.folder))).filter((name) => name.endsWith('.ts') && area.matches(name));
      for (const name of names) {
        const path = join(ROOT, area.folder, name);
        details.push(...detailsIn(path, await readFile(path, 'utf8')));
      }
    }

    // Act
    const notSentences = details.filter((detail) => !/^[A-Z]/.test(detail.head) || !/[.?!]$/.test(detail.tail));

    // Assess
    expect(details.length).toBeGreaterThan(25);
    expect(notSentences.map((detail) => `${detail.where}: ${detail.head}…${detail.tail}`)).toEqual([]);
  });
});
