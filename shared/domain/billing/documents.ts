import { createHash } from 'node:crypto';
import { DomainError } from '../../errors';
import { BILLING_STATEMENT_BYTES_MAX } from '../../limits';
import { signCompactJws } from '../tickets/jws';
import type { JwsSigner } from '../tickets/ports';
import { canonicalJson, type CanonicalValue } from './canonical-json';
import type { AgentLine, CustomerLine, ProviderLine, StatementBody } from './types';

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

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const statementJson = (body: StatementBody): string => canonicalJson(body as unknown as CanonicalValue);

const CUSTOMER_COLUMNS = ['reference', 'providerId', 'offerId', 'channelId', 'route', 'amountMinor', 'transferId'] as const;
const PROVIDER_COLUMNS = [
  'reference',
  'offerId',
  'channelId',
  'route',
  'grossMinor',
  'platformFeeMinor',
  'carrierFeeMinor',
  'netMinor',
  'carriedForward',
  'transferIds',
] as const;
const AGENT_COLUMNS = ['reference', 'offerId', 'channelId', 'amountMinor', 'carriedForward', 'transferId'] as const;
const LEADING_COLUMNS = ['statementId', 'period', 'currency', 'line', 'date', 'kind'] as const;

/** RFC 4180 quoting, and a leading `'` on text that a spreadsheet would run as a formula. */
const csvField = (value: string | number | boolean | undefined): string => {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const csvRow = (fields: readonly (string | number | boolean | undefined)[]): string => `${fields.map(csvField).join(',')}\r\n`;

const flatTotals = (totals: object, prefix = ''): [string, number][] =>
  Object.entries(totals).flatMap(([name, value]): [string, number][] =>
    typeof value === 'number' ? [[`${prefix}${name}`, value]] : flatTotals(value as object, `${prefix}${name}.`),
  );

export const statementCsv = (body: StatementBody): string => {
  const columns: readonly string[] =
    body.kind === 'customer_bill' ? CUSTOMER_COLUMNS : body.kind === 'provider_statement' ? PROVIDER_COLUMNS : AGENT_COLUMNS;
  const amountColumn = body.kind === 'provider_statement' ? 'netMinor' : 'amountMinor';
  const head = [body.id, body.period, body.currency];
  const rows = [csvRow([...LEADING_COLUMNS, ...columns])];
  const lines: readonly (CustomerLine | ProviderLine | AgentLine)[] = body.lines;
  lines.forEach((line, index) => {
    const values = line as unknown as Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
    const cells = columns.map((column) => {
      const value = values[column];
      return Array.isArray(value) ? value.join(' ') : (value as string | number | boolean | undefined);
    });
    rows.push(csvRow([...head, index + 1, line.date, line.kind, ...cells]));
  });
  for (const [name, value] of flatTotals(body.totals)) {
    rows.push(
      csvRow([
        ...head,
        '',
        '',
        'total',
        ...columns.map((column) => (column === 'reference' ? name : column === amountColumn ? value : undefined)),
      ]),
    );
  }
  return rows.join('');
};

export interface SignedStatement {
  /** The canonical JSON with its token: the served bytes. */
  readonly json: string;
  readonly csv: string;
  readonly token: string;
  readonly sha256: string;
  readonly csvSha256: string;
}

/** Builds both documents and signs them; STATEMENT_TOO_LARGE when the JSON could not be served. */
export const signStatement = async (
  signer: JwsSigner,
  input: { readonly issuer: string; readonly body: StatementBody; readonly asOfMs: number },
): Promise<SignedStatement> => {
  const { body } = input;
  const unsigned = statementJson(body);
  if (Buffer.byteLength(unsigned, 'utf8') > BILLING_STATEMENT_BYTES_MAX) {
    throw new DomainError('STATEMENT_TOO_LARGE', `The statement would be larger than ${BILLING_STATEMENT_BYTES_MAX} bytes.`);
  }
  const csv = statementCsv(body);
  const claims: StatementClaims = {
    iss: input.issuer,
    sub: body.partyId,
    aud: body.partyId,
    jti: body.id,
    iat: Math.floor(input.asOfMs / 1000),
    period: body.period,
    kind: body.kind,
    cur: body.currency,
    sha256: sha256Hex(unsigned),
    csvSha256: sha256Hex(csv),
  };
  const { token } = await signCompactJws(signer, STATEMENT_TYPE, claims);
  return {
    json: canonicalJson({ ...(body as unknown as Record<string, CanonicalValue>), token }),
    csv,
    token,
    sha256: claims.sha256,
    csvSha256: claims.csvSha256,
  };
};
