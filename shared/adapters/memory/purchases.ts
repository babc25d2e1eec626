import {
  AUTHORIZED_DUE_LAYOUT,
  type PurchaseAttention,
  type PurchaseRecord,
  type PurchaseRefund,
  type PurchaseRejection,
  type PurchaseSettlement,
  type PurchaseStatus,
} from '../../domain/purchases/purchase';
import type { AuthorizedPurchaseEntry, PurchaseStore, SettlementQueue } from '../../domain/purchases/ports';
import type { SettlementMessage } from '../../domain/purchases/settlement-message';
import { ownedPageOf, ownedSortKey, type OwnedQuery } from '../../domain/owned';
import { MemoryDueIndex } from './due-index';
import { putIfAbsent } from './records';

/** Purchases in memory; every transition is conditional on the current status, as in DynamoDB. */
export class MemoryPurchaseStore implements PurchaseStore {
  readonly records = new Map<string, PurchaseRecord>();
  /** Authorized purchases by authorization time: in while `authorized`, as the DynamoDB store keeps its gsi1 entries. */
  readonly authorizedIndex = new MemoryDueIndex<AuthorizedPurchaseEntry>(AUTHORIZED_DUE_LAYOUT);

  async create(record: PurchaseRecord) {
    const { created, stored } = putIfAbsent(this.records, record);
    if (!created) return stored;
    if (record.status === 'authorized') {
      const entry = { id: record.id, createdAt: record.createdAt, attention: record.attention !== undefined };
      this.authorizedIndex.put(entry, Date.parse(record.createdAt));
    }
    return record;
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

  async markSettled(id: string, settlement: PurchaseSettlement) {
    return this.transition(id, ['authorized'], { status: 'settled', settlement });
  }

  async markRejected(id: string, rejection: PurchaseRejection) {
    return this.transition(id, ['authorized'], { status: 'rejected', rejection });
  }

  async markRefunded(id: string, from: readonly PurchaseStatus[], refund: PurchaseRefund) {
    return this.transition(id, from, { status: 'refunded', refund });
  }

  async markAttention(id: string, attention: PurchaseAttention) {
    const record = this.records.get(id);
    if (record === undefined || record.attention !== undefined) return;
    this.records.set(id, { ...record, attention });
    this.authorizedIndex.update(id, (entry) => ({ ...entry, attention: true }));
  }

  private transition(id: string, from: readonly PurchaseStatus[], change: Partial<PurchaseRecord>): boolean {
    const record = this.records.get(id);
    if (record === undefined || !from.includes(record.status)) return false;
    this.records.set(id, { ...record, ...change });
    // No transition leads back to `authorized`.
    this.authorizedIndex.remove(id);
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
