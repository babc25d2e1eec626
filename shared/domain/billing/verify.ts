import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors as joseErrors, type JSONWebKeySet } from 'jose';
import { issuerMismatch, shown } from '@kippu/verify/details';
import { DELEGATION_MEMBER } from '@kippu/verify/documents';
import { ES256_SIGNATURE_BYTES, scalarProblem } from '@kippu/verify/es256';
import { canonicalJson, type CanonicalValue } from './canonical-json';
import { sha256Hex, STATEMENT_TYPE, type StatementClaims } from './documents';

/**
 * Offline verification of a downloaded statement (`npx kippu statements verify`): the JWS
 * in its `token` is ES256 with the `kippu-statement+jwt` type, signed by a key of the JWKS;
 * its claims name this statement; its `sha256` is the digest of the canonical JSON of the
 * statement without `token`, and its `csvSha256` that of the CSV when one is given. The
 * JSON is canonicalized before hashing, so a re-indented file still verifies; any changed
 * value, key or token byte does not.
 */
export const STATEMENT_REJECTIONS = [
  'MALFORMED',
  'ALG_NOT_ALLOWED',
  'WRONG_TYPE',
  'UNKNOWN_KID',
  'OUTSIDE_DELEGATION',
  'BAD_SIGNATURE',
  'NON_CANONICAL_SIGNATURE',
  'WRONG_ISSUER',
  'CLAIM_MISMATCH',
  'DIGEST_MISMATCH',
  'CSV_DIGEST_MISMATCH',
] as const;
export type StatementRejection = (typeof STATEMENT_REJECTIONS)[number];

export type StatementVerification =
  | { readonly ok: true; readonly claims: StatementClaims }
  | { readonly ok: false; readonly reason: StatementRejection; readonly detail: string };

export interface StatementVerifyOptions {
  readonly jwks: JSONWebKeySet;
  /** When given, the `iss` claim must be it, exactly (a trailing slash counts). */
  readonly issuer?: string;
  /** The statement's CSV, to check against `csvSha256`. */
  readonly csv?: string;
}

const reject = (reason: StatementRejection, detail: string): StatementVerification => ({ ok: false, reason, detail });

const parseStatement = (json: string): { body: Record<string, unknown>; token: string } | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { token, ...body } = parsed as Record<string, unknown>;
  return typeof token === 'string' ? { body, token } : undefined;
};

const isClaims = (value: unknown): value is StatementClaims => {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return ['iss', 'sub', 'jti', 'period', 'kind', 'cur', 'sha256', 'csvSha256'].every((name) => typeof claims[name] === 'string');
};

/** The one base64url spelling of its bytes: a decoder ignores the spare bits of the last character. */
const isCanonicalBase64url = (segment: string): boolean =>
  /^[A-Za-z0-9_-]*$/.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment;

/**
 * One token per statement: canonical base64url everywhere (else a changed last character of
 * the signature could still verify) and a low-S signature, as kippu signs (@kippu/verify's rule).
 */
const canonicalityProblem = (token: string): StatementVerification | undefined => {
  const [header = '', payload = '', signature = '', ...rest] = token.split('.');
  if (rest.length > 0 || !isCanonicalBase64url(header) || !isCanonicalBase64url(payload)) {
    return reject('MALFORMED', 'The token is not a compact JWS in canonical base64url.');
  }
  const bytes = isCanonicalBase64url(signature) ? Buffer.from(signature, 'base64url') : undefined;
  if (bytes === undefined || bytes.length !== ES256_SIGNATURE_BYTES || scalarProblem(bytes) !== undefined) {
    return reject('NON_CANONICAL_SIGNATURE', 'The signature is not a canonical low-S ES256 signature in base64url.');
  }
  return undefined;
};

const verifySignature = async (token: string, jwks: JSONWebKeySet): Promise<StatementVerification> => {
  const problem = canonicalityProblem(token);
  if (problem !== undefined) return problem;
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return reject('MALFORMED', 'The token’s header is not a base64url-encoded JSON object.');
  }
  if (header.alg !== 'ES256')
    return reject('ALG_NOT_ALLOWED', `The header’s alg is ${shown(header.alg)}; only ES256 is allowed.`);
  if (header.typ !== STATEMENT_TYPE)
    return reject('WRONG_TYPE', `The header’s typ is ${shown(header.typ)}, not ${STATEMENT_TYPE}.`);
  const key = typeof header.kid === 'string' ? jwks.keys.find((candidate) => candidate.kid === header.kid) : undefined;
  if (key === undefined) return reject('UNKNOWN_KID', `No key with kid ${shown(header.kid)} is in the key set.`);
  // A key listed with a delegation is a short-lived signing key, and no delegation allows
  // statements: kippu signs them with its KMS keys, so one signed otherwise is not kippu's.
  if (DELEGATION_MEMBER in key) {
    return reject(
      'OUTSIDE_DELEGATION',
      `Key ${shown(header.kid)} is a delegated signing key, and no delegation allows statements: kippu signs them with its KMS keys.`,
    );
  }
  try {
    const { payload } = await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    return isClaims(claims) ? { ok: true, claims } : reject('MALFORMED', 'The token does not carry the claims of a statement.');
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return reject('BAD_SIGNATURE', `The signature does not verify with key ${header.kid}.`);
    }
    if (error instanceof SyntaxError) return reject('MALFORMED', 'The token’s payload is not JSON.');
    if (error instanceof joseErrors.JOSEError)
      return reject('MALFORMED', `The token is not a well-formed compact JWS (${error.code}).`);
    throw error;
  }
};

/** The first claim that does not name the statement it came with, as a sentence naming both values. */
const claimMismatch = (claims: StatementClaims, body: Record<string, unknown>): string | undefined => {
  const expected: readonly [keyof StatementClaims, string][] = [
    ['jti', 'id'],
    ['sub', 'partyId'],
    ['period', 'period'],
    ['kind', 'kind'],
    ['cur', 'currency'],
  ];
  const mismatch = expected.find(([claim, field]) => claims[claim] !== body[field]);
  if (mismatch === undefined) return undefined;
  const [claim, field] = mismatch;
  return `Its ${claim} claim is ${shown(claims[claim])}, but the statement’s ${field} is ${shown(body[field])}.`;
};

const canonicalDigest = (body: Record<string, unknown>): string | undefined => {
  try {
    return sha256Hex(canonicalJson(body as CanonicalValue));
  } catch {
    // A number that is not a safe integer: no statement kippu signed holds one.
    return undefined;
  }
};

export const verifyStatement = async (json: string, options: StatementVerifyOptions): Promise<StatementVerification> => {
  const statement = parseStatement(json);
  if (statement === undefined) return reject('MALFORMED', 'The file is not a statement: a JSON object with a token.');
  const signed = await verifySignature(statement.token, options.jwks);
  if (!signed.ok) return signed;
  const { claims } = signed;
  const wrongIssuer = options.issuer === undefined ? undefined : issuerMismatch(claims.iss, options.issuer);
  if (wrongIssuer !== undefined) return reject('WRONG_ISSUER', wrongIssuer);
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
  return { ok: true, claims };
};
