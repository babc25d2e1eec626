import { DomainError } from '../../errors';
import { BILLING_STATEMENT_BYTES_MAX, BILLING_STATEMENT_PAGE_LINES_DEFAULT } from '../../limits';
import { signCompactJws } from '../tickets/jws';
import type { JwsSigner } from '../tickets/ports';
import { canonicalJson, sha256Hex, type CanonicalValue } from './canonical-json';
import { isPaged, pageStatement } from './pages';
import { pagedStatementCsv, statementCsv } from './statement-csv';
import type { PagedStatementBody, StatementBody, StatementPageDocuments } from './types';

export { sha256Hex } from './canonical-json';
export { statementCsv } from './statement-csv';

/**
 * A statement's two documents and its signature. The JSON is canonical (canonical-json.ts),
 * the CSV is RFC 4180 with CRLF; the JWS (typ kippu-statement+jwt, the ticket signing key,
 * so the same JWKS verifies it) carries the SHA-256 of the canonical JSON without `token` and
 * of the CSV, so a reader checks either file offline.
 */
export const STATEMENT_TYPE = 'kippu-statement+jwt';

export interface StatementClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly jti: string;
  /** The period's cut-off, not the signing time: the same statement always has the same claims. */
  readonly iat: number;
  readonly period: string;
  readonly kind: StatementBody['kind'];
  readonly cur: string;
  /** Lowercase hex SHA-256 of the canonical JSON of the statement without `token`. */
  readonly sha256: string;
  /** Lowercase hex SHA-256 of the CSV bytes. */
  readonly csvSha256: string;
}

export const statementJson = (body: StatementBody): string => canonicalJson(body as unknown as CanonicalValue);

export interface SignedStatement {
  /** The canonical JSON with its token: the served bytes. */
  readonly json: string;
  readonly csv: string;
  readonly token: string;
  readonly sha256: string;
  readonly csvSha256: string;
  /** A paged statement's pages (canonical JSON and CSV each), page 1 first; absent for a whole statement. */
  readonly pages?: readonly StatementPageDocuments[];
}

const tooLarge = () =>
  new DomainError('STATEMENT_TOO_LARGE', `The statement would be larger than ${BILLING_STATEMENT_BYTES_MAX} bytes.`);

/**
 * Builds both documents and signs them; STATEMENT_TOO_LARGE when the JSON (or a page of it)
 * could not be served. A statement of more than `pageLines` lines (default
 * BILLING_STATEMENT_PAGE_LINES_DEFAULT) is paged (pages.ts): the signed document lists its
 * pages' digests, its CSV holds the header and the total rows.
 */
export const signStatement = async (
  signer: JwsSigner,
  input: { readonly issuer: string; readonly body: StatementBody; readonly asOfMs: number; readonly pageLines?: number },
): Promise<SignedStatement> => {
  const { body } = input;
  const paged = isPaged(body.lines.length, input.pageLines ?? BILLING_STATEMENT_PAGE_LINES_DEFAULT)
    ? pageStatement(body, input.pageLines ?? BILLING_STATEMENT_PAGE_LINES_DEFAULT)
    : undefined;
  const signed = await signDocument(signer, {
    issuer: input.issuer,
    document: paged?.document ?? body,
    csv: paged === undefined ? statementCsv(body) : pagedStatementCsv(body),
    asOfMs: input.asOfMs,
  });
  return { ...signed, ...(paged === undefined ? {} : { pages: paged.pages }) };
};

/**
 * Signs a statement's document as it is — a whole statement, or a paged one's document listing
 * the digests of pages built and stored before (statement-build.ts) — with its CSV.
 */
export const signDocument = async (
  signer: JwsSigner,
  input: {
    readonly issuer: string;
    readonly document: StatementBody | PagedStatementBody;
    readonly csv: string;
    readonly asOfMs: number;
  },
): Promise<SignedStatement> => {
  const { document, csv } = input;
  const unsigned = canonicalJson(document as unknown as CanonicalValue);
  if (Buffer.byteLength(unsigned, 'utf8') > BILLING_STATEMENT_BYTES_MAX) throw tooLarge();
  const claims: StatementClaims = {
    iss: input.issuer,
    sub: document.partyId,
    aud: document.partyId,
    jti: document.id,
    iat: Math.floor(input.asOfMs / 1000),
    period: document.period,
    kind: document.kind,
    cur: document.currency,
    sha256: sha256Hex(unsigned),
    csvSha256: sha256Hex(csv),
  };
  const { token } = await signCompactJws(signer, STATEMENT_TYPE, claims);
  return {
    json: canonicalJson({ ...(document as unknown as Record<string, CanonicalValue>), token }),
    csv,
    token,
    sha256: claims.sha256,
    csvSha256: claims.csvSha256,
  };
};
