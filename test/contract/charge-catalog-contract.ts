import { describe, expect, it } from 'vitest';
import type { ChargeCatalog } from '../../shared/domain/billing/ports';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import type { PurchaseRecord } from '../../shared/domain/purchases/purchase';

/**
 * One behaviour suite for the charge catalog (over the stores, and with DynamoDB batches):
 * a purchase reference is described by its offer; unknown and foreign references are not.
 */
export const chargeCatalogContract = (
  name: string,
  make: () => Promise<{ readonly catalog: ChargeCatalog; readonly purchases: Pick<PurchaseStore, 'create'> }>,
) =>
  describe(`charge catalog contract: ${name}`, () => {
    const purchase = (id: string, offerId: string): PurchaseRecord => ({
      id,
      customerId: 'cus_1',
      offerId,
      providerId: 'prv_1',
      resource: 'server-1/stream-7',
      route: 'wallet',
      payerAccountId: 'wallet:cus_1:JPY',
      amountMinor: 100,
      currency: 'JPY',
      platformFeeBps: 0,
      carrierFeeBps: 0,
      holdTransferId: `trf_${id}`,
      holdExpiresAt: '2026-10-06T00:00:00.000Z',
      ticketId: `tkt_${id}`,
      status: 'settled',
      createdAt: '2026-10-05T00:00:00.000Z',
    });

    it('describes purchases by their offer, in any number, and leaves out what it does not know', async () => {
      const { catalog, purchases } = await make();
      const ids = Array.from({ length: 130 }, (_, index) => `pur_${Math.random().toString(36).slice(2)}${index}`);
      await Promise.all(ids.map((id, index) => purchases.create(purchase(id, `ofr_${index}`))));
      const described = await catalog.describe([...ids, ids[0] ?? '', 'pur_missing', 'rsv_missing', 'stm_other']);
      expect(described.size).toBe(130);
      expect(described.get(ids[7] ?? '')).toEqual({ offerId: 'ofr_7' });
      expect(described.has('pur_missing')).toBe(false);
    });
  });
