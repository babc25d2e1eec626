import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChargeCatalog, ChargeDescription } from '../../domain/billing/ports';
import { chargeKindOf } from '../../domain/payments/charge-legs';
import { batchGet } from './dynamodb-batches';
import { purchaseKey } from './purchase-claims-dynamodb';
import { reservationKey } from './reservations-items';

/**
 * The charge catalog with BatchGetItem: a statement's purchases (core table) and reservations
 * (reservations table), a hundred per request, instead of one GetItem each. Same answers as
 * StoreChargeCatalog over the stores (one contract suite, test/contract/charge-catalog-contract.ts).
 */
export class DynamoChargeCatalog implements ChargeCatalog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { readonly core: string; readonly reservations: string },
  ) {}

  async describe(references: readonly string[]): Promise<ReadonlyMap<string, ChargeDescription>> {
    const unique = [...new Set(references)];
    const purchases = unique.filter((reference) => chargeKindOf(reference) === 'purchase');
    const reservations = unique.filter((reference) => chargeKindOf(reference) === 'reservation');
    const [purchaseItems, reservationItems] = await Promise.all([
      batchGet(this.client, this.tables.core, purchases.map(purchaseKey)),
      batchGet(this.client, this.tables.reservations, reservations.map(reservationKey)),
    ]);
    const described = new Map<string, ChargeDescription>();
    for (const item of purchaseItems) {
      if (typeof item['id'] === 'string' && typeof item['offerId'] === 'string')
        described.set(item['id'], { offerId: item['offerId'] });
    }
    for (const item of reservationItems) {
      if (typeof item['id'] === 'string' && typeof item['channelId'] === 'string') {
        described.set(item['id'], { channelId: item['channelId'] });
      }
    }
    return described;
  }
}
