import {
  authorizedBucketStartMs,
  type AuthorizedPurchasePage,
  type PurchaseAttention,
  type PurchaseRecord,
  type PurchaseRefund,
  type PurchaseRejection,
  type PurchaseSettlement,
  type PurchaseStatus,
  type PurchaseStore,
} from '../../domain/purchases/purchase';
import type { SettlementMessage, SettlementQueue } from '../../domain/purchases/settlement-message';

/** Purchases in memory; every transition is conditional on the current status, as in DynamoDB. */
export class MemoryPurchaseStore implements PurchaseStore {
  readonly records = new Map<string, PurchaseRecord>();
  private recoveryWatermarkMs: number | undefined;

  async create(record: PurchaseRecord) {
    const existing = this.records.get(record.id);
    if (existing !== undefined) return existing;
    this.records.set(record.id, record);
    return record;
  }

  async get(id: string) {
    return this.records.get(id);
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
  }

  /**
   * The authorized-purchases index, derived from the records: status `authorized` is what
   * keeps a purchase in it, as the DynamoDB adapter removes the index keys when it leaves.
   */
  async listAuthorized(bucketStartMs: number, createdUpToMs: number, limit: number): Promise<AuthorizedPurchasePage> {
    const due = [...this.records.values()]
      .filter(
        (record) =>
          record.status === 'authorized' &&
          authorizedBucketStartMs(Date.parse(record.createdAt)) === bucketStartMs &&
          Date.parse(record.createdAt) <= createdUpToMs,
      )
      .sort((left, right) => (`${left.createdAt}#${left.id}` < `${right.createdAt}#${right.id}` ? -1 : 1));
    const taken = due.slice(0, limit);
    return {
      entries: taken.map((record) => ({
        purchaseId: record.id,
        createdAt: record.createdAt,
        attention: record.attention !== undefined,
      })),
      itemsRead: taken.length,
      exhausted: due.length <= limit,
    };
  }

  async readRecoveryWatermarkMs() {
    return this.recoveryWatermarkMs;
  }

  async advanceRecoveryWatermarkMs(bucketStartMs: number) {
    this.recoveryWatermarkMs = Math.max(this.recoveryWatermarkMs ?? bucketStartMs, bucketStartMs);
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
