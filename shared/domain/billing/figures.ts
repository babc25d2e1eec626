import { createHash } from 'node:crypto';

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

export const sumMinor = (movements: readonly Movement[]): number =>
  movements.reduce((sum, movement) => sum + movement.amountMinor, 0);
