import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { TICKET_TYPE } from './jws';

/**
 * Offline ticket verification: the library entry point providers import (`kippu/verify`) and
 * the `kippu verify` CLI. Everything is pinned: ES256 only, the issuer, the audience, the
 * `typ`, and the window with a small leeway. A rejection names its reason.
 */
export const REJECTION_REASONS = [
  'MALFORMED',
  'ALG_NOT_ALLOWED',
  'WRONG_TYPE',
  'UNKNOWN_KID',
  'BAD_SIGNATURE',
  'WRONG_ISSUER',
  'WRONG_AUDIENCE',
  'EXPIRED',
  'NOT_YET_VALID',
  'MISSING_CLAIM',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The spec caps verification leeway at 60 seconds. */
export const VERIFY_LEEWAY_SECONDS_MAX = 60;
const VERIFY_LEEWAY_SECONDS_DEFAULT = 30;
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'jti', 'iat', 'nbf', 'exp', 'res', 'cap'] as const;

export interface VerifyOptions {
  readonly jwks: JSONWebKeySet;
  readonly issuer: string;
  readonly audience: string;
  readonly leewaySeconds?: number;
  /** Verification time; defaults to now. */
  readonly now?: Date;
  /** The expected `typ`; tickets by default, dockets and revocation lists have their own. */
  readonly type?: string;
}

export type VerifyResult =
  | { readonly ok: true; readonly claims: JWTPayload; readonly header: ProtectedHeaderParameters }
  | { readonly ok: false; readonly reason: RejectionReason; readonly detail: string };

const reject = (reason: RejectionReason, detail: string): VerifyResult => ({ ok: false, reason, detail });

const claimFailure = (error: joseErrors.JWTClaimValidationFailed): VerifyResult => {
  switch (error.claim) {
    case 'iss':
      return reject('WRONG_ISSUER', error.message);
    case 'aud':
      return reject('WRONG_AUDIENCE', error.message);
    case 'nbf':
      return reject('NOT_YET_VALID', error.message);
    case 'exp':
      return reject('EXPIRED', error.message);
    case 'typ':
      return reject('WRONG_TYPE', error.message);
    default:
      return error.reason === 'missing' ? reject('MISSING_CLAIM', error.message) : reject('MALFORMED', error.message);
  }
};

export const verifyTicket = async (token: string, options: VerifyOptions): Promise<VerifyResult> => {
  const leewaySeconds = Math.min(options.leewaySeconds ?? VERIFY_LEEWAY_SECONDS_DEFAULT, VERIFY_LEEWAY_SECONDS_MAX);
  const type = options.type ?? TICKET_TYPE;

  // Check the header ourselves first, so the reason is exact and no key is ever tried with
  // an algorithm other than ES256.
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    return reject('MALFORMED', error instanceof Error ? error.message : 'the token is not a compact JWS');
  }
  if (token.split('.').length !== 3) return reject('MALFORMED', 'a compact JWS has three parts');
  if (header.alg !== 'ES256') return reject('ALG_NOT_ALLOWED', `alg ${String(header.alg)} is not allowed; only ES256 is`);
  if (header.typ !== type) return reject('WRONG_TYPE', `typ is ${String(header.typ)}, expected ${type}`);
  if (typeof header.kid !== 'string' || !options.jwks.keys.some((key) => key.kid === header.kid)) {
    return reject('UNKNOWN_KID', `kid ${String(header.kid)} is not in the key set`);
  }

  try {
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(options.jwks), {
      algorithms: ['ES256'],
      issuer: options.issuer,
      audience: options.audience,
      typ: type,
      clockTolerance: leewaySeconds,
      ...(options.now === undefined ? {} : { currentDate: options.now }),
      requiredClaims: [...REQUIRED_CLAIMS],
    });
    return { ok: true, claims: payload, header: protectedHeader };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return reject('EXPIRED', error.message);
    if (error instanceof joseErrors.JWTClaimValidationFailed) return claimFailure(error);
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return reject('BAD_SIGNATURE', error.message);
    if (error instanceof joseErrors.JOSEAlgNotAllowed) return reject('ALG_NOT_ALLOWED', error.message);
    if (error instanceof joseErrors.JWKSNoMatchingKey) return reject('UNKNOWN_KID', error.message);
    if (error instanceof joseErrors.JOSEError) return reject('MALFORMED', error.message);
    throw error;
  }
};
