import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import { delegatedKeysListedMax, type SigningPolicy } from '../domain/signing/policy';
import { JWKS_KEYS_MAX } from '../limits';
import { integer, list, oneOf, type Field, type Values } from './fields';

/**
 * How kippu signs (docs/signing.md): its part of the one environment declaration (index.ts) and
 * the view the signing functions and the JWK Set get. `delegated` (the default, deployed and
 * local) signs tickets, dockets and revocation pages with a delegated key per rotation window
 * that the KMS key certified; `kms` signs every document with one KMS Sign.
 */
export const SIGNING_MODES = ['kms', 'delegated'] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

/** A retired root key's public half as the JWK Set lists it: kid = RFC 7638 thumbprint. */
export interface RetiredPublicKey {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

const retiredPublicKeyOf = (base64Spki: string): RetiredPublicKey | undefined => {
  try {
    const jwk = createPublicKey({ key: Buffer.from(base64Spki, 'base64'), format: 'der', type: 'spki' }).export({
      format: 'jwk',
    }) as JsonWebKey;
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') return undefined;
    // RFC 7638: the required members in lexicographic order, no white space.
    const thumbprint = createHash('sha256')
      .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
      .digest('base64url');
    return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: thumbprint, alg: 'ES256', use: 'sig' };
  } catch {
    return undefined;
  }
};

/**
 * Retired root keys' public halves, comma-separated, each the base64 DER (SPKI) that
 * `aws kms get-public-key --query PublicKey --output text` prints: listed in the JWK Set with
 * no KMS call, so the KMS key itself may be disabled and deleted while what it signed (billing
 * statements, for as long as they must verify) still verifies (docs/operations.md).
 */
const retiredPublicKeys = (): Field<readonly RetiredPublicKey[]> => (raw) => {
  const parsed = list()(raw);
  if (!parsed.ok) return parsed;
  const keys = parsed.value.map(retiredPublicKeyOf);
  const bad = parsed.value.filter((_, index) => keys[index] === undefined);
  if (bad.length > 0) {
    return { ok: false, problems: [`Invalid public key: not a base64 DER (SPKI) EC P-256 key: ${bad.join(', ')}`] };
  }
  return { ok: true, value: keys.filter((key): key is RetiredPublicKey => key !== undefined) };
};

export const signingEnvironment = {
  KIPPU_SIGNING: oneOf(SIGNING_MODES, 'delegated'),
  /** The length of a delegated key's signing window (P). */
  KIPPU_SIGNING_ROTATION_SECONDS: integer(86_400, { atLeast: 60 }),
  /** How long after its window ends a delegated key's documents may stay valid (V); longer tickets are signed by KMS. */
  KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX: integer(30 * 86_400, { atLeast: 60 }),
  /** Retired root keys listed in the JWK Set from their public halves alone (no KMS key needed). */
  KIPPU_TICKET_RETIRED_PUBLIC_KEYS: retiredPublicKeys(),
};

export interface SigningConfig {
  readonly mode: SigningMode;
  /** Retired root keys listed from their public halves (KIPPU_TICKET_RETIRED_PUBLIC_KEYS). */
  readonly retiredPublicKeys: readonly RetiredPublicKey[];
  readonly rotationSeconds: number;
  readonly delegatedValiditySecondsMax: number;
}

type SigningValues = Values<typeof signingEnvironment>;

/**
 * The JWK Set lists the root keys (the signing key, the verify-only ones and the retired public
 * halves) and at most ⌈(V + 60 s) / P⌉ + 2 delegated keys (delegatedKeysListedMax: a key stays
 * listed a verifier's leeway past its validUntil), plus up to two more for each verify-only key:
 * a previous root may have certified the keys of the current and the next window when it was
 * replaced, and the new root certifies its own for both (docs/signing.md, "Rotating the root
 * key"). A configuration that could list more than JWKS_KEYS_MAX is refused.
 */
export const signingProblem = (values: SigningValues, verifyKeyIds: readonly string[]): string | undefined => {
  const rootKeys = 1 + verifyKeyIds.length + values.KIPPU_TICKET_RETIRED_PUBLIC_KEYS.length;
  const delegated =
    delegatedKeysListedMax({
      rotationSeconds: values.KIPPU_SIGNING_ROTATION_SECONDS,
      delegatedValiditySecondsMax: values.KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX,
    }) +
    RECERTIFIED_KEYS_PER_ROTATION * verifyKeyIds.length;
  if (rootKeys + delegated <= JWKS_KEYS_MAX) return undefined;
  return (
    `KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX / KIPPU_SIGNING_ROTATION_SECONDS, KIPPU_TICKET_VERIFY_KEY_IDS and ` +
    `KIPPU_TICKET_RETIRED_PUBLIC_KEYS would list ${delegated} delegated and ${rootKeys} root keys in the JWK Set, ` +
    `more than ${JWKS_KEYS_MAX}`
  );
};

/** The windows whose keys a root key rotation certifies again under the new root: the current one and the next. */
const RECERTIFIED_KEYS_PER_ROTATION = 2;

export const signingConfigOf = (values: SigningValues): SigningConfig => ({
  mode: values.KIPPU_SIGNING,
  retiredPublicKeys: values.KIPPU_TICKET_RETIRED_PUBLIC_KEYS,
  rotationSeconds: values.KIPPU_SIGNING_ROTATION_SECONDS,
  delegatedValiditySecondsMax: values.KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX,
});

/** The signing policy of the domain (shared/domain/signing/policy.ts). */
export const signingPolicyOf = (config: { readonly issuer: string; readonly signing: SigningConfig }): SigningPolicy => ({
  issuer: config.issuer,
  rotationSeconds: config.signing.rotationSeconds,
  delegatedValiditySecondsMax: config.signing.delegatedValiditySecondsMax,
});
