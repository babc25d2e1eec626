/**
 * The reasons the signature check every kippu document goes through can give (jws.ts), in its
 * order: the token's parts, the header, the key, the signature's encoding, the signature.
 */
export const SIGNATURE_REJECTIONS = [
  'MALFORMED',
  'ALG_NOT_ALLOWED',
  'WRONG_TYPE',
  'UNKNOWN_KID',
  'BAD_DELEGATION',
  'OUTSIDE_DELEGATION',
  'NON_CANONICAL_SIGNATURE',
  'BAD_SIGNATURE',
] as const;

/**
 * Why a document was rejected: one stable reason per kind of failure, and a sentence that
 * says what exactly was wrong. The signature's reasons, then the claims'.
 */
export const REJECTION_REASONS = [
  ...SIGNATURE_REJECTIONS,
  'WRONG_ISSUER',
  'WRONG_AUDIENCE',
  'EXPIRED',
  'NOT_YET_VALID',
  'MISSING_CLAIM',
  'REVOKED',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** A rejection; `Reason` narrows the reasons one check can give. */
export interface Rejection<Reason extends RejectionReason = RejectionReason> {
  readonly ok: false;
  readonly reason: Reason;
  readonly detail: string;
}

export const reject = <Reason extends RejectionReason>(reason: Reason, detail: string): Rejection<Reason> => ({
  ok: false,
  reason,
  detail,
});
