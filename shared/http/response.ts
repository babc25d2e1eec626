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
 * The challenge of a 401 on an operation that takes a token. kippu takes every token as a
 * bearer token (RFC 6750 §3), a customer's access token included: that token carries no
 * `cnf` and needs no proof per request (docs/identity.md, "Why the access token is a bearer
 * token"), so the `DPoP` scheme, which kippu does not accept there, is not offered.
 */
export const BEARER_CHALLENGE = 'Bearer';

/**
 * The challenge of a 401 from the sign-in (`POST /v1/sessions`), whose DPoP proof (RFC 9449
 * §7.1) by a registered device is required, with the proof algorithm kippu accepts.
 */
export const DPOP_CHALLENGE = `DPoP algs="${DPOP_ALGS}"`;

/** The sign-in's challenge when a DPoP proof was presented and refused (RFC 9449 §7.1, §12.2: `invalid_dpop_proof`). */
export const INVALID_DPOP_PROOF_CHALLENGE = `DPoP error="invalid_dpop_proof", algs="${DPOP_ALGS}"`;

/** How a 401 challenges: `bearer` on the operations that take a token, `dpop` on the sign-in. */
export type AuthScheme = 'bearer' | 'dpop';

/** Every value a 401's `WWW-Authenticate` takes, by scheme, as the OpenAPI document declares them. */
export const AUTH_CHALLENGES: Readonly<Record<AuthScheme, readonly string[]>> = {
  bearer: [BEARER_CHALLENGE],
  dpop: [DPOP_CHALLENGE, INVALID_DPOP_PROOF_CHALLENGE],
};

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

/**
 * The 401 codes of the sign-in (`POST /v1/sessions`, the one operation that takes a DPoP
 * proof): they challenge `DPoP`. Every other 401 (UNAUTHENTICATED, CLIENT_NOT_REGISTERED,
 * SESSION_REVOKED) is about a token, and challenges `Bearer`.
 */
const SIGN_IN_CODES: ReadonlySet<ErrorCode> = new Set([
  ...REFUSED_DPOP_PROOF_CODES,
  'DPOP_PROOF_MISSING',
  'DEVICE_NOT_REGISTERED',
  'INVALID_CREDENTIALS',
  'SIGN_IN_CHALLENGE_REQUIRED',
]);

/** The scheme a 401 with this code challenges (none known: the gateway's own refusal of a token, `bearer`). */
export const authSchemeOf = (code?: ErrorCode): AuthScheme => (code !== undefined && SIGN_IN_CODES.has(code) ? 'dpop' : 'bearer');

/** The `WWW-Authenticate` of a 401 with this code (none known: the gateway's own refusal of a token, `Bearer`). */
export const authChallengeOf = (code?: ErrorCode): string => {
  if (authSchemeOf(code) === 'bearer') return BEARER_CHALLENGE;
  return code !== undefined && REFUSED_DPOP_PROOF_CODES.has(code) ? INVALID_DPOP_PROOF_CHALLENGE : DPOP_CHALLENGE;
};

/**
 * The detail of a 401 UNAUTHENTICATED for a missing or invalid token, wherever it is answered
 * (the local gateway, the deployed gateway's response, a handler that finds no principal).
 */
export const TOKEN_REQUIRED_DETAIL =
  'Send a valid access token as Authorization: Bearer <token>; kippu accepts no other scheme, DPoP included.';

/**
 * The detail of a 401 UNAUTHENTICATED for `Authorization: DPoP <token>`, where the answerer sees
 * the scheme (the local gateway; the deployed Cognito authorizer refuses it with
 * TOKEN_REQUIRED_DETAIL, which says the same).
 */
export const DPOP_SCHEME_REFUSED_DETAIL =
  "The DPoP authorization scheme is not accepted: kippu takes every access token, a customer's included, as a bearer token; send Authorization: Bearer <token>, no DPoP proof needed.";

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
