import { assert, type ErrorCode } from '../errors';
import type { RouteDefinition } from '../resources/routes';
import { AUTH_CHALLENGES, authSchemeOf } from './response';

/**
 * How the OpenAPI document states authentication: the one security scheme (bearer tokens) and
 * the `WWW-Authenticate` of each 401, from the challenges of shared/http/response.ts, so the
 * document says exactly what the answers send (docs/identity.md, "Why the access token is a
 * bearer token").
 */

/** The `WWW-Authenticate` headers under `components.headers`, one per scheme a 401 challenges. */
export const CHALLENGE_HEADERS = {
  WWWAuthenticate: {
    description:
      "The challenge of a 401 on an operation that takes a token: Bearer (RFC 6750). Every token is a bearer token, a customer's access token from POST /v1/sessions included (it carries no cnf, and no DPoP proof is asked per request); kippu does not accept the DPoP scheme here, so it does not offer it.",
    required: true,
    schema: { type: 'string' as const, enum: [...AUTH_CHALLENGES.bearer] },
  },
  WWWAuthenticateDPoP: {
    description:
      'The challenge of a 401 from the sign-in (POST /v1/sessions), which requires a DPoP proof with ES256 (RFC 9449 §7.1) by a registered device. When a proof was presented and refused (DPOP_PROOF_INVALID, DPOP_PROOF_STALE, DPOP_PROOF_REPLAYED) it carries error="invalid_dpop_proof" (RFC 9449 §12.2).',
    required: true,
    schema: { type: 'string' as const, enum: [...AUTH_CHALLENGES.dpop] },
  },
};

/**
 * The header of an operation's 401: the one of the scheme its 401 codes challenge
 * (authSchemeOf: `DPoP` on the sign-in, `Bearer` wherever a token is taken).
 */
export const challengeHeaderOf = (route: RouteDefinition, codes: readonly ErrorCode[]): keyof typeof CHALLENGE_HEADERS => {
  const schemes = new Set(codes.map((code) => authSchemeOf(code)));
  assert(schemes.size === 1, `the 401 of ${route.method} ${route.path} challenges one scheme, not ${[...schemes].join(' and ')}`);
  return schemes.has('dpop') ? 'WWWAuthenticateDPoP' : 'WWWAuthenticate';
};

/** The security scheme of every operation that takes a token: every token a bearer token (SPEC §6), a customer's included. */
export const BEARER_SECURITY_SCHEME = {
  type: 'http' as const,
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    "Every token is a bearer JWT (RFC 6750), sent as Authorization: Bearer <token>: a customer's access token from POST /v1/sessions, a provider's or agent's from client credentials, an operator's. A customer's token carries no cnf and takes no DPoP proof per request: the DPoP proof is asked at sign-in, and the token's session is bound on kippu's side to the device that signed in, so it ends when that device is removed (SESSION_REVOKED) or when the token expires.",
};
