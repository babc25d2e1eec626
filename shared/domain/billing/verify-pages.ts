import { firstRepeatedMember } from '@kippu/verify/json-members';
import { canonicalDigest, parseJsonObject, sha256Hex } from './canonical-json';

/**
 * Verifying a paged statement's pages against the digests its (verified) document lists
 * (docs/billing.md, "Paged statements"). Each file is a page as served: its canonical JSON
 * `{ statementId, page, lines }` (which names its page), or its CSV (whose first line number
 * places it among the pages). Files may come in any order; every page of a format given must
 * be there once.
 */
export type PageRejection = 'MALFORMED' | 'DIGEST_MISMATCH' | 'CSV_DIGEST_MISMATCH' | 'PAGE_MISSING' | 'PAGE_UNEXPECTED';

export interface PageProblem {
  readonly reason: PageRejection;
  readonly detail: string;
}

interface PageRef {
  readonly page: number;
  readonly lineCount: number;
  readonly sha256: string;
  readonly csvSha256: string;
}

const isPageRef = (value: unknown): value is PageRef => {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(ref['page']) &&
    Number.isSafeInteger(ref['lineCount']) &&
    typeof ref['sha256'] === 'string' &&
    typeof ref['csvSha256'] === 'string'
  );
};

const problem = (reason: PageRejection, detail: string): PageProblem => ({ reason, detail });

/**
 * A file that names a member twice in one object: JSON.parse keeps the last copy, which the
 * canonical digest covers, while a reader that keeps the first sees other lines or totals.
 * kippu never serves one (I-JSON, as its API asks of requests).
 */
export const repeatedMemberDetail = (what: string, path: string): string =>
  `${what} names ${JSON.stringify(path)} twice in one object; kippu never serves such a file (a copy may be forged).`;

/**
 * A JSON page: its statement, its number and its canonical digest; `repeated`, the path of the
 * first member named twice in one object; undefined when the text is no page.
 */
const parseJsonPage = (
  text: string,
): { statementId: string; page: number; digest: string } | { repeated: string } | undefined => {
  const page = parseJsonObject(text);
  if (page === undefined) return undefined;
  const repeated = firstRepeatedMember(text);
  if (repeated !== undefined) return { repeated: repeated.path };
  const statementId = page['statementId'];
  const number = page['page'];
  if (typeof statementId !== 'string' || !Number.isSafeInteger(number) || !Array.isArray(page['lines'])) return undefined;
  const digest = canonicalDigest(page);
  return digest === undefined ? undefined : { statementId, page: number as number, digest };
};

/**
 * A CSV page: the statement id and line number of its first line (unquoted fields: kippu's ids
 * and numbers need no quotes). Its lines are read whether they end with CRLF, as served, or
 * with LF, as a tool may have rewritten them: such a page is then placed and fails its
 * (byte-exact) digest, rather than being no page at all.
 */
const parseCsvPage = (text: string): { statementId: string; firstLine: number } | undefined => {
  const [, first] = text.split(/\r?\n/);
  const fields = first?.split(',') ?? [];
  const [statementId, , , line] = fields;
  const firstLine = Number(line);
  return statementId === undefined || !Number.isSafeInteger(firstLine) || firstLine < 1 ? undefined : { statementId, firstLine };
};

/** The page whose lines include line `line` (pages hold consecutive lines, page 1 first). */
const pageOfLine = (refs: readonly PageRef[], line: number): PageRef | undefined => {
  let last = 0;
  for (const ref of refs) {
    if (line === last + 1) return ref;
    last += ref.lineCount;
  }
  return undefined;
};

const missing = (refs: readonly PageRef[], seen: ReadonlySet<number>, format: string): PageProblem | undefined => {
  const absent = refs.filter((ref) => !seen.has(ref.page)).map((ref) => ref.page);
  return absent.length === 0
    ? undefined
    : problem('PAGE_MISSING', `The statement has ${refs.length} pages; the ${format} of page ${absent.join(', ')} is missing.`);
};

/** The first thing wrong with the page files of a statement whose document verified, or undefined. */
export const pageProblem = (body: Readonly<Record<string, unknown>>, files: readonly string[]): PageProblem | undefined => {
  const listed: unknown = body['pages'];
  if (!Array.isArray(listed) || !listed.every(isPageRef)) {
    return problem('PAGE_UNEXPECTED', 'The statement is not paged: its lines are in its document, it has no pages to check.');
  }
  const refs = listed as readonly PageRef[];
  const statementId = body['id'];
  const seenJson = new Set<number>();
  const seenCsv = new Set<number>();
  for (const [index, text] of files.entries()) {
    const isJson = text.trimStart().startsWith('{');
    const page = isJson ? parseJsonPage(text) : parseCsvPage(text);
    if (page === undefined) {
      return problem('MALFORMED', `A page file is neither a statement page's JSON nor its CSV.`);
    }
    if ('repeated' in page) {
      return problem('MALFORMED', repeatedMemberDetail(`Page file ${index + 1} of ${files.length}`, page.repeated));
    }
    if (page.statementId !== statementId) {
      return problem('PAGE_UNEXPECTED', `A page file is of statement ${page.statementId}, not ${String(statementId)}.`);
    }
    const ref = 'page' in page ? refs.find((candidate) => candidate.page === page.page) : pageOfLine(refs, page.firstLine);
    const seen = isJson ? seenJson : seenCsv;
    const which = 'page' in page ? `page ${page.page}` : `the page starting at line ${page.firstLine}`;
    if (ref === undefined) {
      return problem('PAGE_UNEXPECTED', `The statement has ${refs.length} pages; ${which} is none of them.`);
    }
    if (seen.has(ref.page)) return problem('PAGE_UNEXPECTED', `Page ${ref.page} is given twice as ${isJson ? 'JSON' : 'CSV'}.`);
    seen.add(ref.page);
    const digest = 'digest' in page ? page.digest : sha256Hex(text);
    const expected = isJson ? ref.sha256 : ref.csvSha256;
    if (digest !== expected) {
      return isJson
        ? problem(
            'DIGEST_MISMATCH',
            `Page ${ref.page} is not the one that was signed: its canonical JSON has SHA-256 ${digest}, the statement lists ${expected}.`,
          )
        : problem(
            'CSV_DIGEST_MISMATCH',
            `The CSV of page ${ref.page} is not the one that was signed: it has SHA-256 ${digest}, the statement lists ${expected}.`,
          );
    }
  }
  return (
    (seenJson.size > 0 ? missing(refs, seenJson, 'JSON') : undefined) ??
    (seenCsv.size > 0 ? missing(refs, seenCsv, 'CSV') : undefined)
  );
};
