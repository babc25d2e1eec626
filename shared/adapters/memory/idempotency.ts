import type { IdempotencyRecord, IdempotencyStore } from '../../domain/idempotency/ports';

/** Idempotency records in memory; each method checks and writes without an `await` in between, as one conditional write. */
export class MemoryIdempotencyStore<Answer> implements IdempotencyStore<Answer> {
  readonly records = new Map<string, IdempotencyRecord<Answer>>();

  async claim(record: IdempotencyRecord<Answer>, nowMs: number) {
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

  async complete(scope: string, fingerprint: string, response: Answer) {
    const existing = this.records.get(scope);
    if (existing === undefined || existing.fingerprint !== fingerprint) return;
    this.records.set(scope, { ...existing, state: 'completed', response });
  }

  async requestOf(scope: string) {
    return this.records.get(scope)?.request;
  }

  async release(scope: string, fingerprint: string) {
    const existing = this.records.get(scope);
    if (existing !== undefined && existing.fingerprint === fingerprint && existing.state === 'in_progress') {
      this.records.delete(scope);
    }
  }
}
