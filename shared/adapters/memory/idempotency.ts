import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../../domain/idempotency/idempotency';

export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();

  async claim(record: IdempotencyRecord, nowMs: number) {
    const existing = this.records.get(record.scope);
    const takeOver =
      existing !== undefined &&
      existing.state === 'in_progress' &&
      existing.leaseExpiresAtMs <= nowMs &&
      existing.fingerprint === record.fingerprint;
    if (existing !== undefined && !takeOver) return { claimed: false as const, existing };
    this.records.set(record.scope, record);
    return { claimed: true as const };
  }

  async complete(scope: string, fingerprint: string, response: StoredResponse) {
    const existing = this.records.get(scope);
    if (existing === undefined || existing.fingerprint !== fingerprint) return;
    this.records.set(scope, { ...existing, state: 'completed', response });
  }

  async release(scope: string, fingerprint: string) {
    const existing = this.records.get(scope);
    if (existing !== undefined && existing.fingerprint === fingerprint && existing.state === 'in_progress') {
      this.records.delete(scope);
    }
  }
}
