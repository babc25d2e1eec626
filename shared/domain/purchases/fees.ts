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
 * kippu's one fee rule: a fee is the amount times its rate in basis points, rounded down.
 * Integer (BigInt) arithmetic: an amount near 2^53 times 10,000 would not be exact in a
 * double. The settlement split takes its fees with it, and so does a kiosk's surcharge on a
 * top-up (parties/topup.ts).
 */
export const feeMinorAt = (amountMinor: number, feeBps: number): number => {
  assert(Number.isSafeInteger(amountMinor) && amountMinor > 0, `an amount is a positive safe integer, got ${amountMinor}`);
  assert(
    Number.isInteger(feeBps) && feeBps >= 0 && feeBps <= BASIS_POINTS_WHOLE,
    `a fee rate is 0..${BASIS_POINTS_WHOLE} bps, got ${feeBps}`,
  );
  const feeMinor = Number((BigInt(amountMinor) * BigInt(feeBps)) / BigInt(BASIS_POINTS_WHOLE));
  assert(feeMinor >= 0 && feeMinor <= amountMinor, 'a fee is at most the amount it is taken on');
  return feeMinor;
};

/**
 * Splits a price at settlement: each fee is the price times its rate in basis points,
 * rounded down (`feeMinorAt`); the provider gets the rest, so rounding never leaves a
 * remainder unassigned and the legs always sum to the price exactly.
 */
export const splitPrice = (grossMinor: number, platformFeeBps: number, carrierFeeBps: number): FeeSplit => {
  for (const rate of [platformFeeBps, carrierFeeBps]) {
    assert(rate <= FEE_BPS_MAX, `a settlement's fee rate is at most ${FEE_BPS_MAX} bps, got ${rate}`);
  }
  const platformFeeMinor = feeMinorAt(grossMinor, platformFeeBps);
  const carrierFeeMinor = feeMinorAt(grossMinor, carrierFeeBps);
  const providerNetMinor = grossMinor - platformFeeMinor - carrierFeeMinor;
  const split = { grossMinor, providerNetMinor, platformFeeMinor, carrierFeeMinor };
  // Paired assertion where money moves: the legs balance and none is negative.
  assert(providerNetMinor >= 0 && platformFeeMinor >= 0 && carrierFeeMinor >= 0, 'no leg of a split is negative');
  assert(providerNetMinor + platformFeeMinor + carrierFeeMinor === grossMinor, 'the legs of a split sum to the price');
  return split;
};
