import type { JSONWebKeySet } from 'jose';
import { issuerMismatch, shown } from '@kippu/verify/details';
import { firstRepeatedMember } from '@kippu/verify/json-members';
import { SIGNATURE_REJECTIONS, verifySignedJws } from '@kippu/verify/jws';
import { canonicalDigest, parseJsonObject } from './canonical-json';
import { sha256Hex, STATEMENT_TYPE, type StatementClaims } from './documents';
import { pageProblem, repeatedMemberDetail } from './verify-pages';

/**
 * Offline verification of a downloaded statement (`npx kippu statements verify`): the JWS
 * in its `token` is ES256 with the `kippu-statement+jwt` type, signed by a key of the JWKS;
 * its claims name this statement; its `sha256` is the digest of the canonical JSON of the
 * statement without `token`, and its `csvSha256` that of the CSV when one is given. The
 * JSON is canonicalized before hashing, so a re-indented file still verifies; any changed
 * value, key or token byte does not, nor does a file that names a member twice in one object
 * (MALFORMED: the digest covers the copy JSON.parse keeps, the last, and a reader that keeps
 * the first would read another statement). A paged statement's document lists its pages' digests:
 * with `pages`, each page file is checked against them (verify-pages.ts).
 */
export const STATEMENT_REJECTIONS = [
  ...SIGNATURE_REJECTIONS,
  'WRONG_ISSUER',
  'WRONG_AUDIENCE',
  'CLAIM_MISMATCH',
  'DIGEST_MISMATCH',
  'CSV_DIGEST_MISMATCH',
  'PAGE_MISSING',
  'PAGE_UNEXPECTED',
] as const;
export type StatementRejection = (typeof STATEMENT_REJECTIONS)[number];

export type StatementVerification =
  | { readonly ok: true; readonly claims: StatementClaims }
  | { readonly ok: false; readonly reason: StatementRejection; readonly detail: string };

export interface StatementVerifyOptions {
  readonly jwks: JSONWebKeySet;
  /** kippu's issuer URL: the `iss` claim must be it, exactly (a trailing slash counts), as for every document. */
  readonly issuer: string;
  /**
   * The party the statement must be addressed to: when given, its `aud` must be it
   * (WRONG_AUDIENCE). Whether given or not, `aud` must be the statement's own `partyId`, as
   * `sub` must (CLAIM_MISMATCH): kippu addresses a statement to the party it is about.
   */
  readonly audience?: string;
  /** The statement's CSV, to check against `csvSha256`. */
  readonly csv?: string;
  /**
   * A paged statement's pages as served (each its JSON or its CSV, in any order), to check
   * against the digests its document lists: every page of a format given must be there.
   */
  readonly pages?: readonly string[];
}

const reject = (reason: StatementRejection, detail: string): StatementVerification => ({ ok: false, reason, detail });

const parseStatement = (json: string): { body: Record<string, unknown>; token: string } | undefined => {
  const parsed = parseJsonObject(json);
  if (parsed === undefined) return undefined;
  const { token, ...body } = parsed;
  return typeof token === 'string' ? { body, token } : undefined;
};

const isClaims = (value: unknown): value is StatementClaims => {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return ['iss', 'sub', 'aud', 'jti', 'period', 'kind', 'cur', 'sha256', 'csvSha256'].every(
    (name) => typeof claims[name] === 'string',
  );
};

/**
 * The statement's JWS, through @kippu/verify's one ordered signature check (the same as for a
 * ticket: the header's alg and typ, the key, the signature's encoding, the signature), so that
 * a forgery gets the reason it gets on any of kippu's documents. Every key of the set without a
 * delegation is a root key; a delegated key is OUTSIDE_DELEGATION, as no delegation allows
 * statements (kippu signs them with its KMS keys), or BAD_DELEGATION when its delegation does
 * not even hold.
 */
const verifySignature = async (token: string, jwks: JSONWebKeySet): Promise<StatementVerification> => {
  const signed = await verifySignedJws(token, STATEMENT_TYPE, { jwks });
  if (!signed.ok) return signed;
  return isClaims(signed.payload)
    ? { ok: true, claims: signed.payload }
    : reject('MALFORMED', 'The token does not carry the claims of a statement.');
};

/** The first claim that does not name the statement it came with, as a sentence naming both values. */
const claimMismatch = (claims: StatementClaims, body: Record<string, unknown>): string | undefined => {
  const expected: readonly [keyof StatementClaims, string][] = [
    ['jti', 'id'],
    ['sub', 'partyId'],
    ['aud', 'partyId'],
    ['period', 'period'],
    ['kind', 'kind'],
    ['cur', 'currency'],
  ];
  const mismatch = expected.find(([claim, field]) => claims[claim] !== body[field]);
  if (mismatch === undefined) return undefined;
  const [claim, field] = mismatch;
  return `Its ${claim} claim is ${shown(claims[claim])}, but the statement’s ${field} is ${shown(body[field])}.`;
};

export const verifyStatement = async (json: string, options: StatementVerifyOptions): Promise<StatementVerification> => {
  const statement = parseStatement(json);
  if (statement === undefined) return reject('MALFORMED', 'The file is not a statement: a JSON object with a token.');
  const repeated = firstRepeatedMember(json);
  if (repeated !== undefined) return reject('MALFORMED', repeatedMemberDetail('The statement', repeated.path));
  const signed = await verifySignature(statement.token, options.jwks);
  if (!signed.ok) return signed;
  const { claims } = signed;
  const wrongIssuer = issuerMismatch(claims.iss, options.issuer);
  if (wrongIssuer !== undefined) return reject('WRONG_ISSUER', wrongIssuer);
  // The sentence of @kippu/verify's WRONG_AUDIENCE: a statement has one audience, a string.
  if (options.audience !== undefined && claims.aud !== options.audience)
    return reject('WRONG_AUDIENCE', `Its aud is ${shown(claims.aud)}, not ${options.audience}.`);
  const mismatch = claimMismatch(claims, statement.body);
  if (mismatch !== undefined) return reject('CLAIM_MISMATCH', mismatch);
  const digest = canonicalDigest(statement.body);
  if (digest === undefined)
    return reject('MALFORMED', 'The statement holds a number that is not a safe integer; no statement does.');
  if (digest !== claims.sha256) {
    return reject(
      'DIGEST_MISMATCH',
      `The statement is not the one that was signed: its canonical JSON has SHA-256 ${digest}, the signed sha256 is ${claims.sha256}.`,
    );
  }
  const csvDigest = options.csv === undefined ? undefined : sha256Hex(options.csv);
  if (csvDigest !== undefined && csvDigest !== claims.csvSha256) {
    return reject(
      'CSV_DIGEST_MISMATCH',
      `The CSV is not the one that was signed: it has SHA-256 ${csvDigest}, the signed csvSha256 is ${claims.csvSha256}.`,
    );
  }
  const pages =
    options.pages === undefined || options.pages.length === 0 ? undefined : pageProblem(statement.body, options.pages);
  if (pages !== undefined) return reject(pages.reason, pages.detail);
  return { ok: true, claims };
};
