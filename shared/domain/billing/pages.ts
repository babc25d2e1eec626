import { DomainError } from '../../errors';
import { BILLING_STATEMENT_BYTES_MAX, BILLING_STATEMENT_PAGES_MAX } from '../../limits';
import { canonicalJson, sha256Hex, type CanonicalValue } from './canonical-json';
import { statementPageCsv } from './statement-csv';
import type { PagedStatementBody, StatementBody, StatementPage, StatementPageDocuments, StatementPageRef } from './types';

/**
 * Paged statements (docs/billing.md, "Paged statements"). A statement with more lines than a
 * page holds is served as a document with its totals, `lineCount` and `pages` — one entry per
 * page with its line count and the SHA-256 of the page's canonical JSON and of its CSV — and
 * each page on its own: `{ statementId, page, lines }` in canonical JSON, and a CSV with the
 * statement's columns (header row, the page's lines numbered as in the whole statement, no
 * totals). The statement's JWS signs the document, hence every page digest: one signature
 * covers every line.
 */

/** Whether a statement of these lines is paged: more lines than one page holds. */
export const isPaged = (lineCount: number, pageLines: number): boolean => lineCount > pageLines;

/** The lines cut into pages of `pageLines` (the last one shorter), in order. */
export const splitLines = <Line>(lines: readonly Line[], pageLines: number): Line[][] => {
  const pages: Line[][] = [];
  for (let start = 0; start < lines.length; start += pageLines) pages.push(lines.slice(start, start + pageLines));
  return pages;
};

/** A page's canonical JSON: what its `sha256` in the statement's document is the digest of. */
export const statementPageJson = (page: StatementPage): string => canonicalJson(page as unknown as CanonicalValue);

export interface PagedStatement {
  /** The document to sign (no `lines`; `lineCount` and `pages` instead). */
  readonly document: PagedStatementBody;
  /** Each page's served bytes, page 1 first. */
  readonly pages: readonly StatementPageDocuments[];
}

const tooLarge = (detail: string) => new DomainError('STATEMENT_TOO_LARGE', detail);

/**
 * The pages of a statement and the document that lists them. STATEMENT_TOO_LARGE when it would
 * need more than BILLING_STATEMENT_PAGES_MAX pages or a page could not be served
 * (BILLING_STATEMENT_BYTES_MAX).
 */
export const pageStatement = (body: StatementBody, pageLines: number): PagedStatement => {
  const chunks = splitLines<StatementBody['lines'][number]>(body.lines, pageLines);
  if (chunks.length > BILLING_STATEMENT_PAGES_MAX) throw tooManyPages(pageLines);
  const pages: StatementPageDocuments[] = [];
  const refs: StatementPageRef[] = [];
  chunks.forEach((lines, index) => {
    const made = makePage(body, index + 1, lines, index * pageLines + 1);
    pages.push(made.documents);
    refs.push(made.ref);
  });
  const { lines, ...head } = body;
  const document = { ...head, lineCount: lines.length, pages: refs } as PagedStatementBody;
  return { document, pages };
};

export const tooManyPages = (pageLines: number): DomainError =>
  tooLarge(`The statement would have more than ${BILLING_STATEMENT_PAGES_MAX} pages of ${pageLines} lines.`);

/**
 * One page of a statement: its documents (canonical JSON, CSV with the lines numbered from
 * `firstLine`) and its entry in the statement's document. STATEMENT_TOO_LARGE when the page could
 * not be served (BILLING_STATEMENT_BYTES_MAX).
 */
export const makePage = (
  source: Pick<StatementBody, 'id' | 'period' | 'currency' | 'kind' | 'totals'>,
  page: number,
  lines: readonly StatementBody['lines'][number][],
  firstLine: number,
): { readonly documents: StatementPageDocuments; readonly ref: StatementPageRef } => {
  const json = statementPageJson({ statementId: source.id, page, lines } as StatementPage);
  if (Buffer.byteLength(json, 'utf8') > BILLING_STATEMENT_BYTES_MAX) {
    throw tooLarge(`Page ${page} of the statement would be larger than ${BILLING_STATEMENT_BYTES_MAX} bytes.`);
  }
  const csv = statementPageCsv(source, lines, firstLine);
  return { documents: { json, csv }, ref: { page, lineCount: lines.length, sha256: sha256Hex(json), csvSha256: sha256Hex(csv) } };
};
