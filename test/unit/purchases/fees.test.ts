import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentCreateRequest, ProviderCreateRequest } from '../../../shared/api/parties';
import { BASIS_POINTS_WHOLE, splitPrice } from '../../../shared/domain/purchases/fees';
import { FEE_BPS_MAX } from '../../../shared/limits';

const price = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const rate = fc.integer({ min: 0, max: FEE_BPS_MAX });

describe('splitting a price into provider net, platform fee and carrier fee', () => {
  it('no party can be given a rate above FEE_BPS_MAX, and the two highest rates together never exceed the price', () => {
    // Why no purchase is refused for its fee rates (there is no such problem code).
    expect(2 * FEE_BPS_MAX).toBeLessThanOrEqual(BASIS_POINTS_WHOLE);
    const provider = { name: 'P', proxySettlement: { trusted: true } };
    expect(ProviderCreateRequest.safeParse({ ...provider, platformFeeBps: FEE_BPS_MAX }).success).toBe(true);
    expect(ProviderCreateRequest.safeParse({ ...provider, platformFeeBps: FEE_BPS_MAX + 1 }).success).toBe(false);
    expect(AgentCreateRequest.safeParse({ name: 'A', feeBps: FEE_BPS_MAX }).success).toBe(true);
    expect(AgentCreateRequest.safeParse({ name: 'A', feeBps: FEE_BPS_MAX + 1 }).success).toBe(false);
    expect(splitPrice(10_001, FEE_BPS_MAX, FEE_BPS_MAX)).toEqual({
      grossMinor: 10_001,
      providerNetMinor: 1,
      platformFeeMinor: 5_000,
      carrierFeeMinor: 5_000,
    });
  });

  it('the legs always sum exactly to the price and none is negative, for any price and rates', () => {
    fc.assert(
      fc.property(price, rate, rate, (grossMinor, platformFeeBps, carrierFeeBps) => {
        // Act
        const split = splitPrice(grossMinor, platformFeeBps, carrierFeeBps);

        // Assess
        expect(split.providerNetMinor + split.platformFeeMinor + split.carrierFeeMinor).toBe(grossMinor);
        expect(split.providerNetMinor).toBeGreaterThanOrEqual(0);
        expect(split.platformFeeMinor).toBeGreaterThanOrEqual(0);
        expect(split.carrierFeeMinor).toBeGreaterThanOrEqual(0);
        expect(Number.isSafeInteger(split.providerNetMinor)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('each fee is its rate rounded down, so the rounding remainder always goes to the provider', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), rate, rate, (grossMinor, platformFeeBps, carrierFeeBps) => {
        // Act
        const split = splitPrice(grossMinor, platformFeeBps, carrierFeeBps);

        // Assess: exact rational fee minus the rounded fee is in [0, 1) for each fee.
        const exactPlatform = (grossMinor * platformFeeBps) / BASIS_POINTS_WHOLE;
        const exactCarrier = (grossMinor * carrierFeeBps) / BASIS_POINTS_WHOLE;
        expect(exactPlatform - split.platformFeeMinor).toBeGreaterThanOrEqual(0);
        expect(exactPlatform - split.platformFeeMinor).toBeLessThan(1);
        expect(exactCarrier - split.carrierFeeMinor).toBeGreaterThanOrEqual(0);
        expect(exactCarrier - split.carrierFeeMinor).toBeLessThan(1);
        expect(split.providerNetMinor).toBeGreaterThanOrEqual(grossMinor - exactPlatform - exactCarrier - 1e-6);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a 999 yen purchase at 10 % platform and 5 % carrier fee splits 851 / 99 / 49, the rounding remainder staying with the provider', () => {
    // Act
    const split = splitPrice(999, 1_000, 500);

    // Assess
    expect(split).toEqual({ grossMinor: 999, providerNetMinor: 851, platformFeeMinor: 99, carrierFeeMinor: 49 });
  });
});
