import { delegatedKeysListedMax, type SigningPolicy } from '../domain/signing/policy';
import { JWKS_KEYS_MAX } from '../limits';
import { integer, oneOf, type Values } from './fields';

/**
 * How kippu signs (docs/signing.md): its part of the one environment declaration (index.ts) and
 * the view the signing functions and the JWK Set get. `delegated` (the default, deployed and
 * local) signs tickets, dockets and revocation pages with a delegated key per rotation window
 * that the KMS key certified; `kms` signs every document with one KMS Sign.
 */
export const SIGNING_MODES = ['kms', 'delegated'] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

export const signingEnvironment = {
  KIPPU_SIGNING: oneOf(SIGNING_MODES, 'delegated'),
  /** The length of a delegated key's signing window (P). */
  KIPPU_SIGNING_ROTATION_SECONDS: integer(86_400, { atLeast: 60 }),
  /** How long after its window ends a delegated key's documents may stay valid (V); longer tickets are signed by KMS. */
  KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX: integer(30 * 86_400, { atLeast: 60 }),
};

export interface SigningConfig {
  readonly mode: SigningMode;
  readonly rotationSeconds: number;
  readonly delegatedValiditySecondsMax: number;
}

type SigningValues = Values<typeof signingEnvironment>;

/**
 * The JWK Set lists the root keys (the signing key and the verify-only ones) and at most
 * ⌈V / P⌉ + 2 delegated keys; a configuration that could list more than JWKS_KEYS_MAX is refused.
 */
export const signingProblem = (values: SigningValues, verifyKeyIds: readonly string[]): string | undefined => {
  const rootKeys = 1 + verifyKeyIds.length;
  const delegated = delegatedKeysListedMax({
    rotationSeconds: values.KIPPU_SIGNING_ROTATION_SECONDS,
    delegatedValiditySecondsMax: values.KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX,
  });
  if (rootKeys + delegated <= JWKS_KEYS_MAX) return undefined;
  return (
    `KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX / KIPPU_SIGNING_ROTATION_SECONDS would list ${delegated} delegated ` +
    `and ${rootKeys} root keys in the JWK Set, more than ${JWKS_KEYS_MAX}`
  );
};

export const signingConfigOf = (values: SigningValues): SigningConfig => ({
  mode: values.KIPPU_SIGNING,
  rotationSeconds: values.KIPPU_SIGNING_ROTATION_SECONDS,
  delegatedValiditySecondsMax: values.KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX,
});

/** The signing policy of the domain (shared/domain/signing/policy.ts). */
export const signingPolicyOf = (config: { readonly issuer: string; readonly signing: SigningConfig }): SigningPolicy => ({
  issuer: config.issuer,
  rotationSeconds: config.signing.rotationSeconds,
  delegatedValiditySecondsMax: config.signing.delegatedValiditySecondsMax,
});
