import {
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  importJWK,
  type ProtectedHeaderParameters,
} from 'jose';
import { shown } from './details.js';
import { repeatedMemberProblem } from './jws-json.js';
import { keyFor, type ChosenKey, type KeyTrust } from './keys.js';
import { reject, SIGNATURE_REJECTIONS, type Rejection } from './reasons.js';
import { signatureProblem } from './signature.js';

/**
 * The signature check every kippu document goes through, in one order, and the reasons it
 * can give: the token's three parts → the header (alg ES256, then the expected typ, no crit) →
 * the key (a root key, or a delegated key whose delegation holds and allows the typ: keys.ts)
 * → the signature's encoding → the signature (jose). verifyDocument adds the claims of
 * tickets, dockets and revocation lists; kippu's statement verifier uses it as it is, so that a
 * forgery gets the same reason whichever document it imitates (`alg: none` is ALG_NOT_ALLOWED,
 * never a complaint about its empty signature).
 */
export { SIGNATURE_REJECTIONS };
export type SignatureRejectionReason = (typeof SIGNATURE_REJECTIONS)[number];

export interface VerifiedJws {
  readonly ok: true;
  readonly header: ProtectedHeaderParameters;
  /** The signed payload, a JSON object. */
  readonly payload: Record<string, unknown>;
  /** The key that signed it (with its verified delegation when it is a delegated key). */
  readonly key: ChosenKey;
}

export type { KeyTrust } from './keys.js';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const refuse = (reason: SignatureRejectionReason, detail: string): Rejection<SignatureRejectionReason> => reject(reason, detail);

/** A compact JWS of this `typ`, ES256, signed canonically by a key the trust allows to sign it. */
export const verifySignedJws = async (
  token: string,
  type: string,
  trust: KeyTrust,
): Promise<VerifiedJws | Rejection<SignatureRejectionReason>> => {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) {
    return refuse(
      'MALFORMED',
      `The token has ${parts.length} part${parts.length === 1 ? '' : 's'}; a compact JWS has three, separated by dots.`,
    );
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return refuse('MALFORMED', 'The token’s header is not a base64url-encoded JSON object.');
  }
  const repeatedInHeader = repeatedMemberProblem(parts[0] ?? '', 'header');
  if (repeatedInHeader !== undefined) return refuse('MALFORMED', repeatedInHeader);
  // The header is checked here, before jose and before the signature's encoding, so that the
  // reason is exact (an HMAC or `none` token is ALG_NOT_ALLOWED, whatever its signature looks
  // like) and no key is ever tried with an algorithm other than ES256.
  if (header.alg !== 'ES256')
    return refuse('ALG_NOT_ALLOWED', `The header’s alg is ${shown(header.alg)}; only ES256 is allowed.`);
  if (header.typ !== type) return refuse('WRONG_TYPE', `The header’s typ is ${shown(header.typ)}, not ${type}.`);
  if (!BASE64URL.test(parts[1] ?? '')) return refuse('MALFORMED', 'The token’s payload is not base64url.');
  // kippu's documents use no critical extensions (an unencoded payload among them).
  if (header.crit !== undefined) return refuse('MALFORMED', `The header lists critical extensions ${shown(header.crit)}.`);
  const selected = await keyFor(header, trust);
  if ('rejection' in selected) return selected.rejection;
  const malleable = signatureProblem(parts[2] ?? '');
  if (malleable !== undefined) return malleable;

  let publicKey: Awaited<ReturnType<typeof importJWK>>;
  try {
    publicKey = await importJWK({ ...selected.key, alg: 'ES256' }, 'ES256');
  } catch {
    return refuse('UNKNOWN_KID', `The key with kid ${String(header.kid)} is not a usable P-256 public key.`);
  }
  try {
    await compactVerify(token, publicKey, { algorithms: ['ES256'] });
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return refuse('BAD_SIGNATURE', `The signature does not verify with key ${String(header.kid)}.`);
    }
    if (error instanceof joseErrors.JOSEError) {
      return refuse('MALFORMED', `The token is not a well-formed compact JWS (${error.code}).`);
    }
    throw error;
  }
  let payload: Record<string, unknown>;
  try {
    // The signature holds, so the payload decoded from the same token is the signed one.
    payload = decodeJwt(token);
  } catch {
    return refuse('MALFORMED', 'The token’s payload is not a JSON object.');
  }
  const repeatedInPayload = repeatedMemberProblem(parts[1] ?? '', 'payload');
  if (repeatedInPayload !== undefined) return refuse('MALFORMED', repeatedInPayload);
  return { ok: true, header, payload, key: selected };
};
