import {
  calculateJwkThumbprint,
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type ProtectedHeaderParameters,
} from 'jose';
import { instantOf, shown } from './details.js';
import { repeatedMemberProblem } from './jws-json.js';
import { DELEGATION_MEMBER, DELEGATION_TYPE, DOCUMENT_TYPES, type DelegationClaims } from './documents.js';
import { reject, type Rejection } from './reasons.js';
import { signatureProblem } from './signature.js';

/**
 * Which key may have signed a document. kippu signs with two kinds of keys, both ES256 keys
 * of its JWK Set:
 *  - root keys: its KMS keys, listed without a delegation;
 *  - delegated keys: short-lived keys, each listed with its delegation — a JWS signed by a
 *    root key naming the key, the window in which it may sign, the document types it may sign
 *    and the time after which nothing it signed is valid.
 * A plain JOSE library verifies either kind by `kid`. Here a delegated key counts only when
 * its delegation verifies against a root key and allows the document: its type (checked by
 * keyFor, from the header) and its issuer, `iat` and `exp` (checked by delegationProblem, once
 * the signature and the document's own issuer have verified, so that an issuer the caller got
 * wrong is WRONG_ISSUER, not a delegation that fails). `rootKeyIds` pins the root keys
 * instead of taking them from the set.
 */
export interface KeyTrust {
  readonly jwks: JSONWebKeySet;
  /** The kids of kippu's root (KMS) keys; when left out, every key of the set without a delegation is one. */
  readonly rootKeyIds?: readonly string[] | undefined;
}

/** The reasons keyFor gives. */
export type KeyRejectionReason = 'UNKNOWN_KID' | 'BAD_DELEGATION' | 'OUTSIDE_DELEGATION';

export interface ChosenKey {
  readonly key: JWK;
  /** Present when the key is a delegated key: its verified delegation. */
  readonly delegation?: DelegationClaims;
}

const isEs256PublicKey = (key: JWK): boolean =>
  key.kty === 'EC' && key.crv === 'P-256' && (key.alg ?? 'ES256') === 'ES256' && key.d === undefined;

const delegationTokenOf = (key: JWK): unknown => (key as Record<string, unknown>)[DELEGATION_MEMBER];

/** The one usable key of the set with this kid. */
const keyById = (kid: string, jwks: JSONWebKeySet): { key: JWK } | { rejection: Rejection<'UNKNOWN_KID'> } => {
  const [key, ...others] = jwks.keys.filter((candidate) => candidate.kid === kid && isEs256PublicKey(candidate));
  if (key === undefined) return { rejection: reject('UNKNOWN_KID', `No ES256 key with kid ${kid} is in the key set.`) };
  if (others.length > 0) return { rejection: reject('UNKNOWN_KID', `The key set holds more than one key with kid ${kid}.`) };
  return { key };
};

const isRoot = (key: JWK, trust: KeyTrust): boolean =>
  delegationTokenOf(key) === undefined && (trust.rootKeyIds === undefined || trust.rootKeyIds.includes(key.kid ?? ''));

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** The claims' own shape: a window that ends no later than the delegation's validity. */
const delegationShapeProblem = (claims: Record<string, unknown>): string | undefined => {
  const { nbf, exp, validUntil, types, cnf } = claims;
  if (!isInteger(claims.iat) || !isInteger(nbf) || !isInteger(exp) || !isInteger(validUntil)) {
    return 'Its iat, nbf, exp and validUntil must be integers.';
  }
  if (!(nbf < exp && exp <= validUntil)) return 'Its window must end after it starts and no later than validUntil.';
  // A type this verifier does not know is one it never accepts a document of (verify.ts), so a
  // delegation listing types a later kippu signs still holds for the types it knows.
  if (!Array.isArray(types) || !types.every((type) => typeof type === 'string')) {
    return `Its types must be a list of document types (${DOCUMENT_TYPES.join(', ')}).`;
  }
  const jwk = (cnf as { jwk?: Record<string, unknown> } | undefined)?.jwk;
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    return 'Its cnf.jwk must be an EC P-256 public key.';
  }
  return undefined;
};

const badDelegation = (kid: string, why: string): { rejection: Rejection<'BAD_DELEGATION'> } => ({
  rejection: reject('BAD_DELEGATION', `The delegation of key ${kid} does not hold: ${why}`),
});

/** A delegation's header and the root key of the caller's set that it names. */
interface DelegationSigner {
  readonly token: string;
  readonly header: ProtectedHeaderParameters;
  readonly root: JWK;
}

/**
 * The root key a delegated key's delegation names: a compact ES256 JWS of typ
 * kippu-delegation+jwt whose kid is a root key of the set passed in (pinned by `rootKeyIds` when
 * given). Looked up on every call, never cached, so that a root key the caller drops from its
 * set (or unpins) stops vouching for its delegated keys at once.
 */
const delegationSigner = (key: JWK, trust: KeyTrust): DelegationSigner | { rejection: Rejection<'BAD_DELEGATION'> } => {
  const kid = key.kid ?? '';
  const token = delegationTokenOf(key);
  if (typeof token !== 'string' || token.split('.').length !== 3) return badDelegation(kid, 'it is not a compact JWS.');
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return badDelegation(kid, 'its header is not base64url JSON.');
  }
  const repeatedInHeader = repeatedMemberProblem(token.split('.')[0] ?? '', 'header');
  if (repeatedInHeader !== undefined) return badDelegation(kid, `its header names a member twice (${repeatedInHeader})`);
  if (header.alg !== 'ES256' || header.typ !== DELEGATION_TYPE) {
    return badDelegation(kid, `it must be an ES256 JWS with typ ${DELEGATION_TYPE}.`);
  }
  // As a document's (jws.ts): kippu signs no critical extensions, and one is named, not left
  // to the signature check to refuse as a bad signature.
  if (header.crit !== undefined) return badDelegation(kid, `its header lists critical extensions ${shown(header.crit)}.`);
  const root = typeof header.kid === 'string' ? keyById(header.kid, trust.jwks) : undefined;
  if (root === undefined || 'rejection' in root || !isRoot(root.key, trust)) {
    return badDelegation(kid, `it is not signed by a root key (kid ${String(header.kid)}).`);
  }
  return { token, header, root: root.key };
};

/**
 * The delegation, verified against the root key it names: signed (canonically) by that key,
 * naming the delegated key by kid and by its coordinates, the kid being the key's thumbprint.
 * Its issuer is checked against the document's (delegationProblem). The answer depends only on
 * the token, the root key's coordinates and the delegated key's kid and coordinates: the cache
 * below is keyed by exactly these.
 */
const verifiedDelegation = async (
  key: JWK,
  { token, header, root }: DelegationSigner,
): Promise<{ delegation: DelegationClaims } | { rejection: Rejection<'BAD_DELEGATION'> }> => {
  const kid = key.kid ?? '';
  const encoding = signatureProblem(token.split('.')[2] ?? '');
  if (encoding !== undefined) return badDelegation(kid, encoding.detail);
  let claims: Record<string, unknown>;
  try {
    const rootKey = await importJWK({ kty: 'EC', crv: 'P-256', x: root.x, y: root.y, alg: 'ES256' }, 'ES256');
    await compactVerify(token, rootKey, { algorithms: ['ES256'] });
    // The signature holds, so the payload decoded from the same token is the signed one.
    claims = decodeJwt(token);
  } catch {
    return badDelegation(kid, `its signature does not verify with root key ${String(header.kid)}.`);
  }
  const repeatedInPayload = repeatedMemberProblem(token.split('.')[1] ?? '', 'payload');
  if (repeatedInPayload !== undefined) return badDelegation(kid, `its payload names a member twice (${repeatedInPayload})`);
  if (typeof claims.iss !== 'string') return badDelegation(kid, `its iss is ${shown(claims.iss)}, not a URL.`);
  if (claims.sub !== kid) return badDelegation(kid, `it names key ${String(claims.sub)}.`);
  const shape = delegationShapeProblem(claims);
  if (shape !== undefined) return badDelegation(kid, shape);
  const certified = (claims as unknown as DelegationClaims).cnf.jwk;
  if (certified.x !== key.x || certified.y !== key.y || (await calculateJwkThumbprint({ ...certified })) !== kid) {
    return badDelegation(kid, 'it certifies another public key than the one listed under this kid.');
  }
  return { delegation: claims as unknown as DelegationClaims };
};

/**
 * Verified delegations, per key object of the caller's key set (a provider keeps one set for
 * many documents): a delegation's signature is verified once, not per document. Which root key
 * signed it is decided on every call from the set passed in (delegationSigner); the cache keys
 * each answer by everything it depends on — the token, the root key's coordinates, the
 * delegated key's kid and coordinates — so that a cached answer is the one a fresh check gives.
 */
const verifiedDelegations = new WeakMap<JWK, Map<string, ReturnType<typeof verifiedDelegation>>>();

const cachedDelegation = (key: JWK, trust: KeyTrust): ReturnType<typeof verifiedDelegation> => {
  const signer = delegationSigner(key, trust);
  if ('rejection' in signer) return Promise.resolve(signer);
  let byInputs = verifiedDelegations.get(key);
  if (byInputs === undefined) {
    byInputs = new Map();
    verifiedDelegations.set(key, byInputs);
  }
  const cacheKey = JSON.stringify([signer.token, signer.root.x, signer.root.y, key.kid, key.x, key.y]);
  let result = byInputs.get(cacheKey);
  if (result === undefined) {
    result = verifiedDelegation(key, signer);
    byInputs.set(cacheKey, result);
  }
  return result;
};

/**
 * The one key that may have signed a document with this header: the EC P-256 key of the set
 * with the header's kid, and either a root key, or a delegated key whose delegation holds and
 * allows the header's typ. Every condition on which key may sign which document is decided
 * here and in delegationProblem below.
 */
export const keyFor = async (
  header: ProtectedHeaderParameters,
  trust: KeyTrust,
): Promise<ChosenKey | { rejection: Rejection<KeyRejectionReason> }> => {
  if (typeof header.kid !== 'string') return { rejection: reject('UNKNOWN_KID', 'The header names no kid.') };
  const found = keyById(header.kid, trust.jwks);
  if ('rejection' in found) return found;
  if (delegationTokenOf(found.key) === undefined) {
    if (isRoot(found.key, trust)) return { key: found.key };
    return {
      rejection: reject('UNKNOWN_KID', `The key ${header.kid} is neither a pinned root key nor a delegated key.`),
    };
  }
  const verified = await cachedDelegation(found.key, trust);
  if ('rejection' in verified) return verified;
  const { delegation } = verified;
  if (!delegation.types.some((type) => type === header.typ)) {
    return {
      rejection: reject(
        'OUTSIDE_DELEGATION',
        `Key ${header.kid} may sign ${delegation.types.join(', ')} only, not ${String(header.typ)}.`,
      ),
    };
  }
  return { key: found.key, delegation };
};

const timeOf = (seconds: unknown): string => (isInteger(seconds) ? `${seconds} (${instantOf(seconds)})` : shown(seconds));

/**
 * For a document whose signature and claims (its issuer among them) have verified: whether its
 * delegated key was allowed to sign it — vouched for by the document's issuer, issued within
 * the delegation's window, valid no longer than the delegation allows, and verified before the
 * delegation's validity ends.
 */
export const delegationProblem = (
  chosen: ChosenKey,
  payload: { readonly iss?: unknown; readonly iat?: unknown; readonly exp?: unknown },
  nowSeconds: number,
  leewaySeconds: number,
): Rejection | undefined => {
  const { delegation } = chosen;
  if (delegation === undefined) return undefined;
  const kid = delegation.sub;
  if (delegation.iss !== payload.iss) {
    return badDelegation(kid, `its issuer is ${delegation.iss}, not ${shown(payload.iss)}, the document’s.`).rejection;
  }
  const iat = payload.iat;
  if (!isInteger(iat) || iat < delegation.nbf || iat >= delegation.exp) {
    return reject(
      'OUTSIDE_DELEGATION',
      `Its iat is ${timeOf(iat)}, outside the window of key ${kid} (from ${instantOf(delegation.nbf)} until before ${instantOf(delegation.exp)}).`,
    );
  }
  if (payload.exp !== undefined && (!isInteger(payload.exp) || payload.exp > delegation.validUntil)) {
    return reject(
      'OUTSIDE_DELEGATION',
      `Its exp is ${timeOf(payload.exp)}, later than key ${kid} may vouch for (${instantOf(delegation.validUntil)}).`,
    );
  }
  if (nowSeconds - leewaySeconds > delegation.validUntil) {
    return reject(
      'EXPIRED',
      `Key ${kid} vouches for the documents it signed until ${instantOf(delegation.validUntil)}: with the leeway of ${leewaySeconds} s that is until ${instantOf(delegation.validUntil + leewaySeconds)}, and it was checked at ${instantOf(nowSeconds)}.`,
    );
  }
  return undefined;
};
