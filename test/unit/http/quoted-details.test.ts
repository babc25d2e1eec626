import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../../shared/errors';

/**
 * README, API conventions: an id or other value the caller sent is quoted in a problem's
 * `detail` (`quoted`, shared/errors.ts), JSON-escaped, so a sentence's own full stop never reads
 * as part of it. test/e2e/not-found-details.test.ts holds every 404 and 403 to it over HTTP; the
 * 409 and 422 refusals need a state each to be reached, so this reads the source instead: every
 * template that becomes the detail of a 409 or 422 (a `new DomainError` of such a code, or a
 * helper that builds one from a detail or a field message) interpolates an id or a period only
 * through `quoted` (or `quotedList`).
 */
const ROOT = join(import.meta.dirname, '../../../shared');

/** Helpers whose string arguments end up in a 409/422 problem's detail or a field's message. */
const DETAIL_BUILDERS = new Set(['legError', 'keyReused', 'invalid', 'requireSameRequest', 'rowProblem']);

/**
 * An interpolated id: `x.id`, `somethingId`, `somethingIds`, a period, a ticket a ticket moved to,
 * or a caller's reference (a top-up's, which is also the id of the flow that owns its transfer);
 * `x ?? 'fallback'` is judged by `x`.
 */
const ID_EXPRESSION = /(^|\.)(id|ids|\w+Id|\w+Ids|period|firstPeriod|transferredTo|reference)$/;

const sources = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.startsWith('openapi-document') ? [path] : [];
  });

const isRefusalCode = (code: ts.Expression): boolean => {
  if (!ts.isStringLiteralLike(code)) return true;
  const status = (ERROR_STATUS as Record<string, number>)[code.text];
  return status === 409 || status === 422;
};

const calleeName = (node: ts.CallExpression | ts.NewExpression): string | undefined => {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
};

const isQuoting = (expression: ts.Expression): boolean =>
  ts.isCallExpression(expression) && ['quoted', 'quotedList'].includes(calleeName(expression) ?? '');

/** Every unquoted id interpolated in the templates under `node`, as `file:line: expression`. */
const unquotedIds = (file: ts.SourceFile, node: ts.Node, into: string[]): void => {
  if (ts.isTemplateExpression(node)) {
    for (const span of node.templateSpans) {
      const text = span.expression
        .getText(file)
        .replaceAll('?.', '.')
        .replaceAll('!', '')
        .replace(/\s*\?\?.*$/s, '');
      if (!isQuoting(span.expression) && ID_EXPRESSION.test(text)) {
        const { line } = file.getLineAndCharacterOfPosition(span.expression.getStart(file));
        into.push(`${relative(ROOT, file.fileName)}:${line + 1}: \${${span.expression.getText(file)}}`);
      }
    }
  }
  ts.forEachChild(node, (child) => unquotedIds(file, child, into));
};

/** An object literal `{ code, detail }` of a 409 or 422 code (a refusal a helper returns before it is thrown). */
const ofRefusal = (file: ts.SourceFile, node: ts.Node): boolean =>
  ts.isObjectLiteralExpression(node) &&
  node.properties.some(
    (property) =>
      ts.isPropertyAssignment(property) && property.name.getText(file) === 'code' && isRefusalCode(property.initializer),
  );

const refusalDetails = (file: ts.SourceFile): string[] => {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && calleeName(node) === 'DomainError') {
      const [code, detail] = node.arguments ?? [];
      if (code !== undefined && detail !== undefined && isRefusalCode(code)) unquotedIds(file, detail, found);
    } else if (ts.isCallExpression(node) && DETAIL_BUILDERS.has(calleeName(node) ?? '')) {
      for (const argument of node.arguments) unquotedIds(file, argument, found);
    } else if (ts.isPropertyAssignment(node) && node.name.getText(file) === 'detail' && ofRefusal(file, node.parent)) {
      unquotedIds(file, node.initializer, found);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
};

describe('the details of 409 and 422 refusals', () => {
  it('quote every id they name', () => {
    // Act
    const files = sources(ROOT).map((path) =>
      ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true),
    );
    const unquoted = files.flatMap(refusalDetails);

    // Assess
    expect(unquoted).toEqual([]);
  });

  it('are found by the check: an unquoted id in such a detail is reported', () => {
    // Prepare
    const file = ts.createSourceFile(
      'sample.ts',
      [
        "new DomainError('RESERVATION_NOT_ACTIVE', `Reservation ${reservation.id} is over.`);",
        "new DomainError('RESERVATION_NOT_ACTIVE', `Reservation ${quoted(reservation.id)} is over.`);",
        "legError('TRANSFER_NOT_PENDING', `hold ${pendingId} is not due`, position);",
        "new DomainError('RANGE_TOO_LARGE', `Ask for at most ${SLOTS_MAX} slots.`);",
        "new DomainError('TICKET_NOT_FOUND', `No ticket ${ticketId}.`);",
        "legError('TRANSFER_OWNED_BY_FLOW', `belongs to ${flow} ${original.reference ?? '(unknown)'}`, position);",
        "new DomainError('TOPUP_REFERENCE_REUSED', `Reference ${reference} was used.`);",
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );

    // Act
    const unquoted = refusalDetails(file);

    // Assess: the 409s and the ledger's 409 are reported (an owner's reference too, with or without a fallback); a limit, a quoted id and a 404 are not.
    expect(unquoted.map((entry) => entry.replace(/^.*sample\.ts:/, ''))).toEqual([
      '1: ${reservation.id}',
      '3: ${pendingId}',
      "6: ${original.reference ?? '(unknown)'}",
      '7: ${reference}',
    ]);
  });
});
