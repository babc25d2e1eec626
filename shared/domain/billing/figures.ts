import { createHash } from 'node:crypto';
import { DomainError } from '../../errors';

/**
 * Reconciliation fingerprints: a multiset of (transfer, amount) pairs summed as 64-bit
 * numbers from their SHA-256, so that the customer side and the provider side of a run can
 * be compared without either listing its transfers. Equal sums mean (with overwhelming
 * probability) the same transfers with the same amounts, each exactly as often.
 */
const FINGERPRINT_MODULUS = 1n << 64n;

export interface Movement {
  readonly transferId: string;
  readonly amountMinor: number;
}

const hashOf = (movement: Movement): bigint =>
  BigInt(`0x${createHash('sha256').update(`${movement.transferId}:${movement.amountMinor}`).digest('hex').slice(0, 16)}`);

export const fingerprint = (movements: readonly Movement[]): string =>
  String(movements.reduce((sum, movement) => (sum + hashOf(movement)) % FINGERPRINT_MODULUS, 0n));

/** Adds fingerprints (of disjoint sets of statements). */
export const addFingerprints = (left: string, right: string): string =>
  String((BigInt(left) + BigInt(right)) % FINGERPRINT_MODULUS);

/**
 * Statement amounts are JSON numbers, so safe integers. A statement adds up its opening balance
 * and its movements in many ways (lines, totals, the settlement): when their magnitudes together
 * stay within 2^53 − 1, every such sum is exact and safe. Beyond, the statement is refused with
 * STATEMENT_AMOUNT_TOO_LARGE, deterministically (retrying cannot help; the ledger itself keeps
 * exact counters beyond).
 */
export const ensureSafeAmounts = (amounts: Iterable<number>): void => {
  let magnitude = 0n;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) throw amountTooLarge();
    magnitude += BigInt(Math.abs(amount));
  }
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) throw amountTooLarge();
};

const amountTooLarge = (): DomainError =>
  new DomainError(
    'STATEMENT_AMOUNT_TOO_LARGE',
    `The statement's amounts would pass ${Number.MAX_SAFE_INTEGER} minor units (2^53 − 1), beyond what a statement states exactly.`,
  );

export const sumMinor = (movements: readonly Movement[]): number =>
  movements.reduce((sum, movement) => sum + movement.amountMinor, 0);
