import { decodeProtectedHeader, errors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { ProofFreshness } from '../../limits';
import type { DevicePublicKey } from './ports';

/**
 * What every proof a device signs has in common (DPoP proofs at sign-in, device proofs at
 * redeem): a compact JWT, ES256 with a P-256 key, a `typ` of its own, an `iat` that must be
 * fresh. The callers name their own refusals; these helpers only answer what they found.
 */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

/** The protected header, or undefined when the token is not a JWS at all. */
export const protectedHeaderOf = (token: string): Record<string, unknown> | undefined => {
  try {
    return decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** How much of a `crit` header's names a refusal quotes, in characters. */
const CRITICAL_NAMES_QUOTED_MAX = 100;

/**
 * Why a proof's header asks for extensions kippu does not support, or undefined when it asks
 * for none. A `crit` header lists extension header parameters the recipient must understand
 * or reject the JWS (RFC 7515 §4.1.11); kippu understands none, so any `crit` is refused, as
 * what it is rather than as a bad signature. The phrase quotes the names (shortened).
 */
export const unsupportedCriticalHeader = (header: Record<string, unknown>): string | undefined => {
  if (!('crit' in header)) return undefined;
  const names = header['crit'];
  const listed =
    Array.isArray(names) && names.length > 0 && names.every((name) => typeof name === 'string') ? names.join(', ') : undefined;
  if (listed === undefined) return 'its crit header is not a list of header names, and kippu supports no critical header';
  const quoted = listed.length > CRITICAL_NAMES_QUOTED_MAX ? `${listed.slice(0, CRITICAL_NAMES_QUOTED_MAX)}…` : listed;
  return `its crit header names ${quoted}, and kippu supports no critical header (RFC 7515 §4.1.11)`;
};

/**
 * The payload when the token's signature verifies with the key (ES256, the given `typ`) and its
 * registered claims are well-formed; otherwise why not: `badSignature`, or `malformed`, a phrase
 * naming the claim or payload that is not well-formed (a string `iat` is not a signature problem).
 */
export const checkedPayload = async (
  token: string,
  publicJwk: DevicePublicKey,
  type: string,
  nowMs: number,
): Promise<{ readonly payload: JWTPayload } | { readonly badSignature: true } | { readonly malformed: string }> => {
  try {
    const key = await importJWK({ ...publicJwk }, 'ES256');
    const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'], typ: type, currentDate: new Date(nowMs) });
    return { payload };
  } catch (error) {
    if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired)
      return { malformed: `its ${error.claim} claim is not valid (${error.message.replaceAll('"', '')})` };
    if (error instanceof errors.JWTInvalid) return { malformed: 'its payload is not a JSON object of claims' };
    return { badSignature: true };
  }
};

/** The `iat` claim in milliseconds, if it is a number. */
export const issuedAtMs = (payload: JWTPayload): number | undefined =>
  typeof payload.iat === 'number' && Number.isFinite(payload.iat) ? payload.iat * 1000 : undefined;

/** Whether an `iat` is at most `ageSecondsMax` old and at most `clockSkewSeconds` ahead of now. */
export const isFresh = (iatMs: number, nowMs: number, freshness: ProofFreshness): boolean =>
  nowMs - iatMs <= freshness.ageSecondsMax * 1000 && iatMs - nowMs <= freshness.clockSkewSeconds * 1000;

const secondsText = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

/**
 * Why an `iat` is not fresh, as a clause for a refusal (`iat is 30 s in the future, and it must
 * be …`): how old or how far in the future it is, and the rule in the configured numbers, never
 * repeated as literals — or undefined when it is fresh (isFresh).
 */
export const stalenessOf = (iatMs: number, nowMs: number, freshness: ProofFreshness): string | undefined => {
  if (isFresh(iatMs, nowMs, freshness)) return undefined;
  const offset = iatMs > nowMs ? `${secondsText(iatMs - nowMs)} in the future` : `${secondsText(nowMs - iatMs)} old`;
  return `iat is ${offset}, and it must be at most ${freshness.ageSecondsMax} s old and at most ${freshness.clockSkewSeconds} s in the future`;
};
