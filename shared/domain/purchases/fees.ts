import { assert } from '../../errors';
import { FEE_BPS_MAX } from '../../limits';

/** 10,000 basis points are the whole price. */
export const BASIS_POINTS_WHOLE = 10_000;

export interface FeeSplit {
  readonly grossMinor: number;
  readonly providerNetMinor: number;
  readonly platformFeeMinor: number;
  /** Zero on the wallet route. */
  readonly carrierFeeMinor: number;
}

/**
 * Splits a price at settlement: each fee is the price times its rate in basis points,
 * rounded down; the provider gets the rest, so rounding never leaves a remainder unassigned
 * and the legs always sum to the price exactly. Integer (BigInt) arithmetic: a price near
 * 2^53 times 10,000 would not be exact in a double.
 */
export const splitPrice = (grossMinor: number, platformFeeBps: number, carrierFeeBps: number): FeeSplit => {
  assert(Number.isSafeInteger(grossMinor) && grossMinor > 0, `a price is a positive safe integer, got ${grossMinor}`);
  for (const rate of [platformFeeBps, carrierFeeBps]) {
    assert(Number.isInteger(rate) && rate >= 0 && rate <= FEE_BPS_MAX, `a fee rate is 0..${FEE_BPS_MAX} bps, got ${rate}`);
  }
  const gross = BigInt(grossMinor);
  const whole = BigInt(BASIS_POINTS_WHOLE);
  const platformFeeMinor = Number((gross * BigInt(platformFeeBps)) / whole);
  const carrierFeeMinor = Number((gross * BigInt(carrierFeeBps)) / whole);
  const providerNetMinor = grossMinor - platformFeeMinor - carrierFeeMinor;
  const split = { grossMinor, providerNetMinor, platformFeeMinor, carrierFeeMinor };
  // Paired assertion where money moves: the legs balance and none is negative.
  assert(providerNetMinor >= 0 && platformFeeMinor >= 0 && carrierFeeMinor >= 0, 'no leg of a split is negative');
  assert(providerNetMinor + platformFeeMinor + carrierFeeMinor === grossMinor, 'the legs of a split sum to the price');
  return split;
};
