import { type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  docketIdFor,
  holdTransferIdFor,
  settlementLegs,
  settlementReversalIdFor,
  ticketIdFor,
  type PurchaseAttention,
  type PurchaseRecord,
  type PurchaseRefund,
  type PurchaseRejection,
  type PurchaseSettlement,
  type PurchaseStatus,
} from '../../domain/purchases/purchase';
import type { PurchaseStore } from '../../domain/purchases/ports';
import { DOCKET_JWS_LAYOUT } from '../../domain/purchases/docket';
import { REFUND_DOCKET_JWS_LAYOUT, refundDocketIdFor } from '../../domain/purchases/refund-docket';
import { payerAccountIdFor } from '../../domain/payments/route';
import { compactJws, rebuildJws, type StoredJws } from '../../domain/tickets/stored-jws';
import { ownedSortKey, type OwnedQuery } from '../../domain/owned';
import { assert } from '../../errors';
import { storedInstead, updateIfHeld } from './conditional-writes';
import { DynamoPurchaseClaims, PURCHASE_CLAIM_ATTRIBUTES, purchaseKey } from './purchase-claims-dynamodb';
import { queryOwnedIndex, type OwnedIndexOptions } from './owned-index-dynamodb';
import { readItem } from './items';

/**
 * Purchases in the core table:
 *
 *   PURCHASE#<id> / PURCHASE         the purchase, with gsi2pk `PURCHASES#CUSTOMER#<customer>`
 *                                    and gsi2sk `<createdAt>#<id>` (the customer's purchases,
 *                                    newest first, for GET /v1/purchases; keys only, so the
 *                                    list reads the page's purchases from the table)
 *                                    The same item holds the idempotency record of the
 *                                    request that made the purchase (`idempotency`; before
 *                                    the purchase is stored it is only that claim, with `ttl`:
 *                                    purchase-claims-dynamodb.ts), so `create` is an update
 *                                    of that item that fills in the purchase. The item keeps
 *                                    each fact once: the ids the purchase derives are left
 *                                    out, and the settlement's docket is `docketJws` (its
 *                                    kid, signature and issuer; docs/purchases.md "Each fact
 *                                    once")
 *
 *   PURCHASES#RECOVERY / HOLDS_WATERMARK   the recovery sweep's watermark (recoveryWatermarkKey)
 *
 * The index holds only keys, so no update of a purchase after it is stored (the claim's answer,
 * the settlement, attention) writes to it. Every status change is one UpdateItem conditioned
 * on the status it leaves, so concurrent workers and refunds cannot both win. The recovery
 * sweep finds authorized purchases through their pending holds in the ledger's due index
 * (recover.ts), not through an index of purchases; purchases stored while they had one still
 * carry its keys (`recoveryPk`, `recoverySk`), which nothing reads.
 */
/**
 * The recovery sweep's watermark over the ledger's pending holds (a minute bucket of the holds'
 * expiry), kept beside the purchases. Until recovery walked the ledger, `PURCHASES#RECOVERY /
 * WATERMARK` held an hour bucket of the purchases' own index; that item is no longer read.
 */
export const recoveryWatermarkKey = { pk: 'PURCHASES#RECOVERY', sk: 'HOLDS_WATERMARK' };

const customerPartition = (customerId: string) => `PURCHASES#CUSTOMER#${customerId}`;
const customerIndexKeys = (record: PurchaseRecord) => ({
  gsi2pk: customerPartition(record.customerId),
  gsi2sk: ownedSortKey(record.createdAt, record.id),
});

/**
 * Ids a purchase derives from its own fields (purchase.ts, payments/route.ts): the item keeps
 * each only where it differs from its derivation (a purchase stored before they derived), so
 * the purchase item does not repeat its id three more times.
 */
const DERIVED_FIELDS: readonly (readonly [
  'holdTransferId' | 'ticketId' | 'payerAccountId',
  (record: PurchaseRecord) => string,
])[] = [
  ['holdTransferId', (record) => holdTransferIdFor(record.id)],
  ['ticketId', (record) => ticketIdFor(record.id)],
  ['payerAccountId', (record) => payerAccountIdFor(record.route, record.customerId, record.currency)],
];

/** The purchase's attributes as stored: the derived ids left out. */
const storedPurchase = (record: PurchaseRecord): Partial<PurchaseRecord> => {
  const stored: Partial<Record<keyof PurchaseRecord, unknown>> = { ...record };
  for (const [name, derive] of DERIVED_FIELDS) if (record[name] === derive(record)) delete stored[name];
  return stored as Partial<PurchaseRecord>;
};

/**
 * What a settlement derives from its purchase (purchase.ts): the split and legs
 * `settlementLegs` gives under the terms the purchase fixed, and the docket's id. The item
 * keeps each only where it differs from its derivation (a settlement made under other rules),
 * as DERIVED_FIELDS does for the purchase: about 400 bytes, which keeps a settled purchase
 * like the bench's under 1 KB.
 */
const derivedSettlement = (purchase: PurchaseRecord): Pick<PurchaseSettlement, 'split' | 'legs' | 'docketId'> => ({
  ...settlementLegs(purchase),
  docketId: docketIdFor(purchase.id),
});
const SETTLEMENT_DERIVED = ['split', 'legs', 'docketId'] as const;

/**
 * The settlement as stored: its docket as `docketJws` (the kid and signature; the claims
 * derive from the purchase and the settlement, docket.ts), or whole when the layout cannot
 * rebuild it exactly; the split, legs and docket id left out where they equal their
 * derivation (compared as JSON text, so a difference in any member, or in their order, keeps
 * the settlement's own).
 */
const storedSettlement = (purchase: PurchaseRecord, settlement: PurchaseSettlement): Record<string, unknown> => {
  const { docket, ...rest } = settlement;
  const docketJws = compactJws(DOCKET_JWS_LAYOUT, docket, { purchase, settlement: rest });
  const stored: Record<string, unknown> = docketJws === undefined ? { ...settlement } : { ...rest, docketJws };
  const derived = derivedSettlement(purchase);
  for (const name of SETTLEMENT_DERIVED) {
    if (JSON.stringify(settlement[name]) === JSON.stringify(derived[name])) delete stored[name];
  }
  return stored;
};

const settlementOf = (purchase: PurchaseRecord, stored: Record<string, unknown>): PurchaseSettlement => {
  const { docketJws, ...kept } = stored;
  const settlement = { ...derivedSettlement(purchase), ...kept } as unknown as Omit<PurchaseSettlement, 'docket'>;
  if (docketJws === undefined) return settlement as PurchaseSettlement;
  const docket = rebuildJws(DOCKET_JWS_LAYOUT, docketJws as StoredJws, { purchase, settlement });
  assert(docket !== undefined, `the stored docket of purchase ${purchase.id} is of a layout this code reads`);
  return { ...settlement, docket };
};

/**
 * The refund as stored: its refund docket as `refundDocketJws` (the kid and signature; the
 * claims derive from the purchase, its settlement and the refund's time, refund-docket.ts), or
 * whole when the layout cannot rebuild it exactly; its id left out where it is the derived one.
 * `purchase` is the purchase the refund docket was signed from (its settlement as recorded).
 */
const storedRefund = (purchase: PurchaseRecord, refund: PurchaseRefund): Record<string, unknown> => {
  const { refundDocket, refundDocketId, ...rest } = refund;
  const kept = refundDocketId === undefined || refundDocketId === refundDocketIdFor(purchase.id) ? {} : { refundDocketId };
  if (refundDocket === undefined) return { ...rest, ...kept };
  const refundDocketJws = compactJws(REFUND_DOCKET_JWS_LAYOUT, refundDocket, { purchase, refund });
  return { ...rest, ...kept, ...(refundDocketJws === undefined ? { refundDocket } : { refundDocketJws }) };
};

const refundOf = (purchase: PurchaseRecord, stored: Record<string, unknown>): PurchaseRefund => {
  const { refundDocketJws, ...kept } = stored;
  const refund = kept as unknown as PurchaseRefund;
  const refundDocket =
    refundDocketJws === undefined
      ? refund.refundDocket
      : rebuildJws(REFUND_DOCKET_JWS_LAYOUT, refundDocketJws as StoredJws, { purchase, refund });
  assert(
    refundDocketJws === undefined || refundDocket !== undefined,
    `the stored refund docket of purchase ${purchase.id} is of a layout this code reads`,
  );
  if (refundDocket === undefined) return refund;
  return { ...refund, refundDocketId: refund.refundDocketId ?? refundDocketIdFor(purchase.id), refundDocket };
};

const recordOf = (item: Record<string, unknown>): PurchaseRecord => {
  const {
    pk: _pk,
    sk: _sk,
    // Keys of the purchases' former recovery index, on purchases stored while it existed.
    recoveryPk: _recoveryPk,
    recoverySk: _recoverySk,
    gsi2pk: _gsi2pk,
    gsi2sk: _gsi2sk,
    settlement,
    refund,
    ...attributes
  } = item;
  for (const attribute of PURCHASE_CLAIM_ATTRIBUTES) delete attributes[attribute];
  const stored = attributes as unknown as PurchaseRecord;
  const derived = Object.fromEntries(DERIVED_FIELDS.map(([name, derive]) => [name, stored[name] ?? derive(stored)]));
  const purchase: PurchaseRecord = { ...stored, ...derived };
  const settled =
    settlement === undefined
      ? purchase
      : { ...purchase, settlement: settlementOf(purchase, settlement as Record<string, unknown>) };
  // Keep the attribute order of the record read before refunds were compacted: the settlement, then the refund.
  return refund === undefined ? settled : { ...settled, refund: refundOf(settled, refund as Record<string, unknown>) };
};

/** `SET #a0 = :a0, …` for every attribute of an item, with its names and values. */
const setEvery = (attributes: Record<string, unknown>) => {
  const entries = Object.entries(attributes).filter(([, value]) => value !== undefined);
  return {
    expression: `SET ${entries.map((_, index) => `#a${index} = :a${index}`).join(', ')}`,
    names: Object.fromEntries(entries.map(([name], index) => [`#a${index}`, name])),
    values: Object.fromEntries(entries.map(([, value], index) => [`:a${index}`, value])),
  };
};

export class DynamoPurchaseStore implements PurchaseStore {
  readonly claims: DynamoPurchaseClaims;
  private readonly customerIndex: OwnedIndexOptions<PurchaseRecord>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.claims = new DynamoPurchaseClaims(client, tableName, { keyOf: purchaseKey, recordOf });
    this.customerIndex = {
      client,
      tableName,
      indexName: 'gsi2',
      partitionAttribute: 'gsi2pk',
      sortAttribute: 'gsi2sk',
      partitionOf: customerPartition,
      tableKeyOf: purchaseKey,
      recordOf,
      keysOnly: { tableKeyAttributes: ['pk', 'sk'] },
    };
  }

  async create(record: PurchaseRecord) {
    // An update, not a put: the item may hold the claim of the request that makes the purchase.
    const { expression, names, values } = setEvery({
      ...storedPurchase(record),
      ...customerIndexKeys(record),
    });
    const created = await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: purchaseKey(record.id),
      UpdateExpression: `${expression} REMOVE #ttl`,
      ConditionExpression: 'attribute_not_exists(#status)',
      ExpressionAttributeNames: { ...names, '#ttl': 'ttl', '#status': 'status' },
      ExpressionAttributeValues: values,
    });
    return created ? record : storedInstead(this.get(record.id), 'a purchase');
  }

  async get(id: string) {
    const item = await readItem(this.client, this.tableName, purchaseKey(id));
    // An item that holds only a claim is no purchase yet.
    return item?.status === undefined ? undefined : recordOf(item);
  }

  listByCustomer(query: OwnedQuery<PurchaseStatus>) {
    return queryOwnedIndex(this.customerIndex, query);
  }

  /**
   * authorized → settled; when that condition fails, a second conditional write records the
   * settlement beside a refund that overtook it (`refunded`, no settlement, the refund's
   * transfers naming the reversal of the post leg), the status left as it is. The second
   * write is only tried when the first failed: a purchase settled meanwhile (a concurrent
   * delivery) fails both, at one write unit more, in that race only.
   */
  async markSettled(purchase: PurchaseRecord, settlement: PurchaseSettlement) {
    const stored = storedSettlement(purchase, settlement);
    if (await this.transition(purchase.id, ['authorized'], 'settled', 'settlement', stored)) return true;
    return updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: purchaseKey(purchase.id),
      UpdateExpression: 'SET settlement = :settlement',
      ConditionExpression:
        '#status = :refunded AND attribute_not_exists(settlement) AND contains(#refund.transferIds, :reversal)',
      ExpressionAttributeNames: { '#status': 'status', '#refund': 'refund' },
      ExpressionAttributeValues: {
        ':settlement': stored,
        ':refunded': 'refunded',
        ':reversal': settlementReversalIdFor(purchase.id),
      },
    });
  }

  /**
   * SET the whole settlement again (what the purchase as read derives is left out, as in
   * markSettled), conditioned on the docket replaced, stored compacted (its signature) or
   * whole (its token).
   */
  async replaceDocket(purchase: PurchaseRecord, docket: string): Promise<string> {
    const { settlement } = purchase;
    assert(settlement !== undefined, `purchase ${purchase.id} whose docket is replaced is settled`);
    const replaced = await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: purchaseKey(purchase.id),
      UpdateExpression: 'SET settlement = :settlement',
      ConditionExpression: 'settlement.docketJws.sig = :sig OR settlement.docket = :token',
      ExpressionAttributeValues: {
        ':settlement': storedSettlement(purchase, { ...settlement, docket }),
        ':sig': settlement.docket.split('.')[2] ?? '',
        ':token': settlement.docket,
      },
    });
    if (replaced) return docket;
    const stored = (await this.get(purchase.id))?.settlement;
    assert(stored !== undefined, `purchase ${purchase.id} whose docket is replaced is settled`);
    return stored.docket;
  }

  /**
   * SET the refund's docket, compacted (`refundDocketJws`, its signature) or whole
   * (`refundDocket`), removing the other form, conditioned on the refund docket replaced:
   * absent in both forms (a refund recorded before refund dockets), or the one the purchase as
   * read holds (its signature, or its token stored whole). Its id is stored where it is not
   * the derived one (a refund docket stored whole by an earlier version kept it).
   */
  async storeRefundDocket(purchase: PurchaseRecord, docket: string): Promise<string> {
    const { refund } = purchase;
    assert(refund !== undefined, `purchase ${purchase.id} whose refund docket is stored is refunded`);
    const seen = refund.refundDocket;
    const { refundDocketJws } = storedRefund(purchase, { ...refund, refundDocket: docket });
    const stored = await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: purchaseKey(purchase.id),
      UpdateExpression:
        refundDocketJws === undefined
          ? 'SET #refund.#docket = :docket REMOVE #refund.#jws'
          : 'SET #refund.#jws = :jws REMOVE #refund.#docket',
      ConditionExpression:
        seen === undefined
          ? '#status = :refunded AND attribute_exists(#refund) AND attribute_not_exists(#refund.#docket) AND attribute_not_exists(#refund.#jws)'
          : '#status = :refunded AND (#refund.#jws.sig = :sig OR #refund.#docket = :seen)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#refund': 'refund',
        '#docket': 'refundDocket',
        '#jws': 'refundDocketJws',
      },
      ExpressionAttributeValues: {
        ...(refundDocketJws === undefined ? { ':docket': docket } : { ':jws': refundDocketJws }),
        ':refunded': 'refunded',
        ...(seen === undefined ? {} : { ':seen': seen, ':sig': seen.split('.')[2] ?? '' }),
      },
    });
    if (stored) return docket;
    const current = (await this.get(purchase.id))?.refund?.refundDocket;
    assert(current !== undefined, `purchase ${purchase.id} whose refund docket is stored is refunded`);
    return current;
  }

  markRejected(id: string, rejection: PurchaseRejection) {
    return this.transition(id, ['authorized'], 'rejected', 'rejection', rejection);
  }

  markRefunded(purchase: PurchaseRecord, from: readonly PurchaseStatus[], refund: PurchaseRefund) {
    return this.transition(purchase.id, from, 'refunded', 'refund', storedRefund(purchase, refund));
  }

  async markAttention(id: string, attention: PurchaseAttention) {
    // A purchase that does not exist gets no flag (the condition keeps the update from creating one).
    await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: purchaseKey(id),
      UpdateExpression: 'SET attention = if_not_exists(attention, :attention)',
      // An item that holds only an idempotency claim is no purchase either.
      ConditionExpression: 'attribute_exists(#status)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':attention': attention },
    });
  }

  private async transition(
    id: string,
    from: readonly PurchaseStatus[],
    to: PurchaseStatus,
    detailName: 'settlement' | 'rejection' | 'refund',
    detail: object,
  ): Promise<boolean> {
    assert(from.length > 0, 'a transition leaves at least one status');
    assert(to !== 'authorized', 'no transition leads back to authorized (the purchase placed its hold once)');
    const fromValues = Object.fromEntries(from.map((status, index) => [`:from${index}`, status]));
    return updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: purchaseKey(id),
      UpdateExpression: 'SET #status = :to, #detail = :detail',
      ConditionExpression: `#status IN (${Object.keys(fromValues).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status', '#detail': detailName },
      ExpressionAttributeValues: { ':to': to, ':detail': detail, ...fromValues },
    });
  }
}
