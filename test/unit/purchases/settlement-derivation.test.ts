import { describe, expect, it } from 'vitest';
import { docketIdFor, settlementLegs, type PurchaseRecord } from '../../../shared/domain/purchases/purchase';

/**
 * A settled purchase's item leaves out the settlement's split, legs and docket id when they
 * equal what `settlementLegs` and `docketIdFor` give for the purchase, and derives them again
 * on read (shared/adapters/aws/purchases-dynamodb.ts; docs/purchases.md "Each fact once").
 * So these derivations are a storage format: purchases settled years ago are read through
 * today's code. This pins them on fixed purchases. If it fails, the fee split, the legs or an
 * id derivation changed: settled purchases already stored would be read with other amounts or
 * ids. Keep the old derivation for them (store a form with the settlement, as stored tokens
 * do) before changing the expected values here.
 */
const purchase = (overrides: Partial<PurchaseRecord>): PurchaseRecord => ({
  id: 'pur_golden-0000000000000001',
  customerId: 'cus_golden-customer-0000001',
  offerId: 'ofr_golden-offer-000000001',
  providerId: 'prv_golden-provider-00001',
  resource: 'server-1/stream-7',
  route: 'wallet',
  payerAccountId: 'wallet:cus_golden-customer-0000001:JPY',
  amountMinor: 999,
  currency: 'JPY',
  platformFeeBps: 1_000,
  carrierFeeBps: 0,
  holdTransferId: 'trf_golden-hold',
  holdExpiresAt: '2026-11-27T10:00:00.000Z',
  ticketId: 'tkt_golden-ticket',
  status: 'authorized',
  createdAt: '2026-11-27T09:00:00.000Z',
  ...overrides,
});

describe('what a stored settlement derives from its purchase', () => {
  it('a wallet purchase: the hold posted to the revenue account, the platform fee rounded down out of it', () => {
    // Arrange
    const wallet = purchase({});

    // Act
    const derived = settlementLegs(wallet);

    // Assess
    expect(derived).toEqual({
      split: { grossMinor: 999, providerNetMinor: 900, platformFeeMinor: 99, carrierFeeMinor: 0 },
      legs: [
        {
          kind: 'post',
          transferId: 'trf_J-C5K_9GO9dhV5qhLTiKtD',
          debitAccountId: 'wallet:cus_golden-customer-0000001:JPY',
          creditAccountId: 'revenue:prv_golden-provider-00001:JPY',
          amountMinor: 999,
        },
        {
          kind: 'platformFee',
          transferId: 'trf_HgIOunLL8MDBus5o5KZsdv',
          debitAccountId: 'revenue:prv_golden-provider-00001:JPY',
          creditAccountId: 'platform-fees:JPY',
          amountMinor: 99,
        },
      ],
    });
    expect(docketIdFor(wallet.id)).toBe('dkt_IsGYdtsZGlZVLRh7VVXuoG');
  });

  it('a carrier purchase: both fees rounded down, the provider keeps the remainder, the carrier fee last', () => {
    // Arrange
    const carrier = purchase({
      id: 'pur_golden-0000000000000002',
      route: 'carrier',
      payerAccountId: 'carrier:cus_golden-customer-0000001:JPY',
      agentId: 'agt_golden-carrier-000001',
      amountMinor: 1_001,
      platformFeeBps: 1_250,
      carrierFeeBps: 333,
    });

    // Act
    const derived = settlementLegs(carrier);

    // Assess
    expect(derived).toEqual({
      split: { grossMinor: 1_001, providerNetMinor: 843, platformFeeMinor: 125, carrierFeeMinor: 33 },
      legs: [
        {
          kind: 'post',
          transferId: 'trf_eUUX1KqqGDE6Jb8GgleshQ',
          debitAccountId: 'carrier:cus_golden-customer-0000001:JPY',
          creditAccountId: 'revenue:prv_golden-provider-00001:JPY',
          amountMinor: 1_001,
        },
        {
          kind: 'platformFee',
          transferId: 'trf_8s8Mr6Gm6cgXqgf8GAJ_lF',
          debitAccountId: 'revenue:prv_golden-provider-00001:JPY',
          creditAccountId: 'platform-fees:JPY',
          amountMinor: 125,
        },
        {
          kind: 'carrierFee',
          transferId: 'trf_H6wlql4k0JoxYHwW4i6CXC',
          debitAccountId: 'revenue:prv_golden-provider-00001:JPY',
          creditAccountId: 'agent-fees:agt_golden-carrier-000001:JPY',
          amountMinor: 33,
        },
      ],
    });
  });
});
