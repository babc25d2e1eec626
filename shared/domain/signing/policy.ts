import {
  DELEGATION_TYPE,
  DOCKET_TYPE,
  REFUND_DOCKET_TYPE,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  type DelegationClaims,
  type DocumentType,
  type PublicEcJwk,
} from '@kippu/verify/documents';
import { assert } from '../../errors';
import { KEY_LISTED_AFTER_VALID_UNTIL_SECONDS } from '../../limits';

/**
 * When kippu signs with a delegated key, and which delegated keys it publishes
 * (docs/signing.md). Time is cut into rotation periods of `rotationSeconds`, aligned to the
 * Unix epoch; period k's key may sign documents issued in [k·P, (k+1)·P), and vouches for them
 * until `validUntil` = (k+1)·P + `delegatedValiditySecondsMax`. A document that would be valid
 * longer (a ticket with a later `exp`), or of a type outside DELEGATED_TYPES (a billing
 * statement, which must verify for months), is signed by the KMS key itself.
 */
export { DELEGATION_TYPE };

/**
 * The documents a delegated key may sign. Dockets, refund dockets and revocation lists have no
 * `exp`: they verify until `validUntil`. A key certified before refund dockets were delegated
 * has a delegation without their type: it signs only the types its own delegation lists
 * (`delegatedTypesOf`, signer.ts), and a refund docket of its window is signed by the root key.
 */
export const DELEGATED_TYPES: readonly DocumentType[] = [TICKET_TYPE, DOCKET_TYPE, REVOCATIONS_TYPE, REFUND_DOCKET_TYPE];

export interface SigningPolicy {
  /** kippu's issuer URL, the `iss` of every delegation. */
  readonly issuer: string;
  /** The length of a delegated key's signing window. */
  readonly rotationSeconds: number;
  /** The longest a document signed by a delegated key stays valid after its key's window ends. */
  readonly delegatedValiditySecondsMax: number;
}

/** A delegated key's signing window and the end of its validity, epoch seconds. */
export interface DelegationWindow {
  readonly notBefore: number;
  readonly expiresAt: number;
  readonly validUntil: number;
}

/** The window of the period that holds this instant (epoch seconds). */
export const windowAt = (
  policy: Pick<SigningPolicy, 'rotationSeconds' | 'delegatedValiditySecondsMax'>,
  epochSeconds: number,
): DelegationWindow => {
  const notBefore = Math.floor(epochSeconds / policy.rotationSeconds) * policy.rotationSeconds;
  const expiresAt = notBefore + policy.rotationSeconds;
  return { notBefore, expiresAt, validUntil: expiresAt + policy.delegatedValiditySecondsMax };
};

/** The window right after this one. */
export type WindowPolicy = Pick<SigningPolicy, 'rotationSeconds' | 'delegatedValiditySecondsMax'>;

export const nextWindow = (policy: WindowPolicy, window: DelegationWindow): DelegationWindow =>
  windowAt(policy, window.expiresAt);

export const covers = (window: DelegationWindow, epochSeconds: number): boolean =>
  window.notBefore <= epochSeconds && epochSeconds < window.expiresAt;

/**
 * The windows whose keys the JWK Set lists at `nowSeconds`: every window whose key may have
 * signed a document that is still valid (validUntil not yet passed), up to and including the
 * next one, created ahead so that verifiers hold its key before it signs.
 */
export const listedWindows = (policy: WindowPolicy, nowSeconds: number): { fromNotBefore: number; toNotBefore: number } => {
  const current = windowAt(policy, nowSeconds);
  const periodsBack = Math.ceil(policy.delegatedValiditySecondsMax / policy.rotationSeconds);
  return {
    fromNotBefore: current.notBefore - periodsBack * policy.rotationSeconds,
    toNotBefore: nextWindow(policy, current).notBefore,
  };
};

/**
 * The most delegated keys the JWK Set lists at once: the periods back — as far as V and the
 * leeway a key is kept past its `validUntil` reach (KEY_LISTED_AFTER_VALID_UNTIL_SECONDS) — the
 * current one and the next.
 */
export const delegatedKeysListedMax = (policy: Pick<SigningPolicy, 'rotationSeconds' | 'delegatedValiditySecondsMax'>) =>
  Math.ceil((policy.delegatedValiditySecondsMax + KEY_LISTED_AFTER_VALID_UNTIL_SECONDS) / policy.rotationSeconds) + 2;

/** May a key of this window sign this document? Its type is delegated, it was issued in the window and expires in time. */
export const mayDelegate = (
  window: DelegationWindow,
  document: { readonly type: string; readonly issuedAt?: number; readonly expiresAt?: number },
): boolean =>
  DELEGATED_TYPES.some((type) => type === document.type) &&
  document.issuedAt !== undefined &&
  covers(window, document.issuedAt) &&
  (document.expiresAt === undefined || document.expiresAt <= window.validUntil);

/** The claims of the delegation a root key signs for a new key of this window. */
export const delegationClaims = (input: {
  readonly policy: SigningPolicy;
  readonly window: DelegationWindow;
  readonly keyId: string;
  readonly publicJwk: PublicEcJwk;
  readonly issuedAt: number;
}): DelegationClaims => {
  const { window } = input;
  assert(window.notBefore < window.expiresAt && window.expiresAt <= window.validUntil, 'a delegation window is ordered');
  return {
    iss: input.policy.issuer,
    sub: input.keyId,
    jti: `dlg:${window.notBefore}:${input.keyId}`,
    iat: input.issuedAt,
    nbf: window.notBefore,
    exp: window.expiresAt,
    cnf: { jwk: { kty: input.publicJwk.kty, crv: input.publicJwk.crv, x: input.publicJwk.x, y: input.publicJwk.y } },
    types: [...DELEGATED_TYPES],
    validUntil: window.validUntil,
  };
};
