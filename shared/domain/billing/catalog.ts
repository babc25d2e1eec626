import { BILLING_CATALOG_CONCURRENCY } from '../../limits';
import { chargeKindOf } from '../payments/charge-legs';
import type { PurchaseStore } from '../purchases/ports';
import type { ReservationStore } from '../reservations/ports';
import type { ChargeCatalog, ChargeDescription } from './ports';

/**
 * The charge catalog over the purchase and reservation stores: a ledger reference `pur_…`
 * names a purchase (its offer), `rsv_…` a reservation (its channel). Anything else is not
 * described. Looked up BILLING_CATALOG_CONCURRENCY at a time.
 */
export class StoreChargeCatalog implements ChargeCatalog {
  constructor(
    private readonly purchases: Pick<PurchaseStore, 'get'>,
    private readonly reservations: Pick<ReservationStore, 'getReservation'>,
  ) {}

  async describe(references: readonly string[]): Promise<ReadonlyMap<string, ChargeDescription>> {
    const described = new Map<string, ChargeDescription>();
    const queue = [...new Set(references)];
    const worker = async (): Promise<void> => {
      for (let reference = queue.pop(); reference !== undefined; reference = queue.pop()) {
        const description = await this.describeOne(reference);
        if (description !== undefined) described.set(reference, description);
      }
    };
    await Promise.all(Array.from({ length: BILLING_CATALOG_CONCURRENCY }, worker));
    return described;
  }

  private async describeOne(reference: string): Promise<ChargeDescription | undefined> {
    const kind = chargeKindOf(reference);
    if (kind === 'purchase') {
      const purchase = await this.purchases.get(reference);
      return purchase === undefined ? undefined : { offerId: purchase.offerId };
    }
    if (kind === 'reservation') {
      const reservation = await this.reservations.getReservation(reference);
      return reservation === undefined ? undefined : { channelId: reservation.channelId };
    }
    return undefined;
  }
}
