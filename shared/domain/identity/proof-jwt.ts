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
