import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ErrorCode } from '../errors';
import { PROBLEM_CONTENT_TYPE, type ProblemDocument } from './problem';

/** Headers on every answer kippu gives, refusals included: a handler's, the local gateway's and the deployed gateway's own. */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

/** The one algorithm of the DPoP proofs kippu takes (docs/identity.md, "Sign-in from a registered device"). */
export const DPOP_ALGS = 'ES256';

/**
 * The challenge of every 401 (RFC 9110 §11.6.1 allows a list): kippu takes bearer tokens
 * (RFC 6750 §3), and a customer's access token is bound to a device by a DPoP proof
 * (RFC 9449 §7.1), so both schemes are named, with the proof algorithm kippu accepts.
 */
export const AUTH_CHALLENGE = `Bearer, DPoP algs="${DPOP_ALGS}"`;

/** The challenge when a DPoP proof was presented and refused (RFC 9449 §7.1: `invalid_dpop_proof`). */
export const INVALID_DPOP_PROOF_CHALLENGE = `Bearer, DPoP error="invalid_dpop_proof", algs="${DPOP_ALGS}"`;

/** Every value a 401's `WWW-Authenticate` takes, as the OpenAPI document declares it. */
export const AUTH_CHALLENGES = [AUTH_CHALLENGE, INVALID_DPOP_PROOF_CHALLENGE] as const;

/**
 * The codes of a DPoP proof that was presented and refused: it did not verify, was stale, or
 * was used before. A missing proof (DPOP_PROOF_MISSING) presented none, and a refused device
 * (DEVICE_NOT_REGISTERED) or password is no fault of the proof: those get the plain challenge.
 */
const REFUSED_DPOP_PROOF_CODES: ReadonlySet<ErrorCode> = new Set([
  'DPOP_PROOF_INVALID',
  'DPOP_PROOF_STALE',
  'DPOP_PROOF_REPLAYED',
]);

/** The `WWW-Authenticate` of a 401 with this code (none known: the gateway's own, the plain challenge). */
export const authChallengeOf = (code?: ErrorCode): string =>
  code !== undefined && REFUSED_DPOP_PROOF_CODES.has(code) ? INVALID_DPOP_PROOF_CHALLENGE : AUTH_CHALLENGE;

/**
 * The headers of a problem answer of this status (and code, where the answerer knows it),
 * wherever it is answered (a handler, the local gateway, the stack's gateway responses): its
 * media type, the security headers and, on a 401, `WWW-Authenticate` (authChallengeOf). One
 * set per status and code, so a code carries the same headers locally and deployed.
 */
export const problemHeaders = (status: number, code?: ErrorCode): Readonly<Record<string, string>> => ({
  'content-type': PROBLEM_CONTENT_TYPE,
  ...SECURITY_HEADERS,
  ...(status === 401 ? { 'www-authenticate': authChallengeOf(code) } : {}),
});

/** A JSON answer whose body is already JSON text. */
export const jsonText = (statusCode: number, text: string, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...SECURITY_HEADERS, ...headers },
  body: text,
});

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult =>
  jsonText(statusCode, JSON.stringify(body), headers);

export const problem = (document: ProblemDocument, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode: document.status,
  headers: { ...problemHeaders(document.status, document.code), ...headers },
  body: JSON.stringify(document),
});

/** 204: done, nothing to say (DELETE). */
export const noContent = (): APIGatewayProxyResult => ({ statusCode: 204, headers: { ...SECURITY_HEADERS }, body: '' });
