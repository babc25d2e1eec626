import { assert } from '../../errors';
import {
  purchaseRequestOf,
  refundOvertookSettlement,
  type PurchaseAttention,
  type PurchaseRecord,
  type PurchaseRefund,
  type PurchaseRejection,
  type PurchaseSettlement,
  type PurchaseStatus,
} from '../../domain/purchases/purchase';
import { refundDocketIdFor } from '../../domain/purchases/refund-docket';
import type { PurchaseClaim, PurchaseClaimStore, PurchaseStore, SettlementQueue } from '../../domain/purchases/ports';
import type { IdempotencyRecord } from '../../domain/idempotency/ports';
import type { SettlementMessage } from '../../domain/purchases/settlement-message';
import { ownedPageOf, ownedSortKey, type OwnedQuery } from '../../domain/owned';
import { putIfAbsent } from './records';

/**
 * The idempotency records of purchase requests, beside the purchases; each method checks and
 * writes without an `await` in between, as one conditional write on the purchase item.
 */
class MemoryPurchaseClaims implements PurchaseClaimStore {
  readonly records = new Map<string, IdempotencyRecord<unknown>>();

  constructor(private readonly purchases: ReadonlyMap<string, PurchaseRecord>) {}

  async claim<Answer>(purchaseId: string, record: IdempotencyRecord<Answer>, nowMs: number): Promise<PurchaseClaim<Answer>> {
    const existing = this.records.get(purchaseId) as IdempotencyRecord<Answer> | undefined;
    const purchase = this.purchases.get(purchaseId);
    const takeOver =
      existing !== undefined &&
      existing.state === 'in_progress' &&
      existing.leaseExpiresAtMs <= nowMs &&
      existing.fingerprint === record.fingerprint;
    if (purchase !== undefined || (existing !== undefined && !takeOver)) return { claimed: false, existing, purchase };
    this.records.set(purchaseId, record);
    return { claimed: true };
  }

  async takeOver(purchaseId: string, fingerprint: string, seenLeaseExpiresAtMs: number, leaseExpiresAtMs: number) {
    const existing = this.records.get(purchaseId);
    if (
      existing === undefined ||
      existing.fingerprint !== fingerprint ||
      existing.state !== 'in_progress' ||
      existing.leaseExpiresAtMs !== seenLeaseExpiresAtMs
    )
      return false;
    this.records.set(purchaseId, { ...existing, leaseExpiresAtMs });
    return true;
  }

  async complete<Answer>(purchaseId: string, fingerprint: string, response: Answer) {
    const existing = this.records.get(purchaseId);
    if (existing === undefined || existing.fingerprint !== fingerprint) return;
    this.records.set(purchaseId, { ...existing, state: 'completed', response });
  }

  async release(purchaseId: string, fingerprint: string) {
    const existing = this.records.get(purchaseId);
    if (existing === undefined || existing.fingerprint !== fingerprint || existing.state !== 'in_progress') return;
    if (this.purchases.has(purchaseId)) this.records.set(purchaseId, { ...existing, leaseExpiresAtMs: 0 });
    else this.records.delete(purchaseId);
  }

  async requestOf(purchaseId: string, scope: string) {
    const record = this.records.get(purchaseId);
    if (record !== undefined) return record.request;
    const purchase = this.purchases.get(purchaseId);
    return purchase === undefined ? undefined : purchaseRequestOf(scope, purchase);
  }
}

/** Purchases in memory; every transition is conditional on the current status, as in DynamoDB. */
export class MemoryPurchaseStore implements PurchaseStore {
  readonly records = new Map<string, PurchaseRecord>();
  readonly claims = new MemoryPurchaseClaims(this.records);

  async create(record: PurchaseRecord) {
    const { created, stored } = putIfAbsent(this.records, record);
    return created ? record : stored;
  }

  async get(id: string) {
    return this.records.get(id);
  }

  async listByCustomer(query: OwnedQuery<PurchaseStatus>) {
    return ownedPageOf(
      this.records.values(),
      query,
      (record) => record.customerId,
      (record) => ownedSortKey(record.createdAt, record.id),
    );
  }

  async markSettled(purchase: PurchaseRecord, settlement: PurchaseSettlement) {
    if (this.transition(purchase.id, ['authorized'], { status: 'settled', settlement })) return true;
    const record = this.records.get(purchase.id);
    if (record === undefined || !refundOvertookSettlement(record)) return false;
    this.records.set(purchase.id, { ...record, settlement });
    return true;
  }

  async replaceDocket(purchase: PurchaseRecord, docket: string) {
    const record = this.records.get(purchase.id);
    assert(record?.settlement !== undefined, `purchase ${purchase.id} whose docket is replaced is settled`);
    if (record.settlement.docket !== purchase.settlement?.docket) return record.settlement.docket;
    this.records.set(purchase.id, { ...record, settlement: { ...record.settlement, docket } });
    return docket;
  }

  async storeRefundDocket(purchase: PurchaseRecord, docket: string) {
    const record = this.records.get(purchase.id);
    assert(record?.refund !== undefined, `purchase ${purchase.id} whose refund docket is stored is refunded`);
    const stored = record.refund.refundDocket;
    if (stored !== purchase.refund?.refundDocket) {
      assert(stored !== undefined, `the refund docket of purchase ${purchase.id} is never removed`);
      return stored;
    }
    const refund = { ...record.refund, refundDocketId: refundDocketIdFor(purchase.id), refundDocket: docket };
    this.records.set(purchase.id, { ...record, refund });
    return docket;
  }

  async markRejected(id: string, rejection: PurchaseRejection) {
    return this.transition(id, ['authorized'], { status: 'rejected', rejection });
  }

  async markRefunded(purchase: PurchaseRecord, from: readonly PurchaseStatus[], refund: PurchaseRefund) {
    return this.transition(purchase.id, from, { status: 'refunded', refund });
  }

  async markAttention(id: string, attention: PurchaseAttention) {
    const record = this.records.get(id);
    if (record === undefined || record.attention !== undefined) return;
    this.records.set(id, { ...record, attention });
  }

  private transition(id: string, from: readonly PurchaseStatus[], change: Partial<PurchaseRecord>): boolean {
    const record = this.records.get(id);
    if (record === undefined || !from.includes(record.status)) return false;
    this.records.set(id, { ...record, ...change });
    return true;
  }
}

/** A queue that only remembers what was sent; tests deliver the messages themselves. */
export class MemorySettlementQueue implements SettlementQueue {
  readonly sent: SettlementMessage[] = [];
  async enqueue(message: SettlementMessage) {
    this.sent.push(message);
  }
}
