/**
 * Why a document was rejected: one stable reason per kind of failure, and a sentence that
 * says what exactly was wrong.
 */
export const REJECTION_REASONS = [
  'MALFORMED',
  'ALG_NOT_ALLOWED',
  'WRONG_TYPE',
  'UNKNOWN_KID',
  'BAD_DELEGATION',
  'OUTSIDE_DELEGATION',
  'NON_CANONICAL_SIGNATURE',
  'BAD_SIGNATURE',
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
