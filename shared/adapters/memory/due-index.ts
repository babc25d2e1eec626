import { bucketStartOf, type DueEntry, type DueIndex, type DueLayout, type DuePage } from '../../domain/due/ports';

/**
 * A due index in memory, for the in-memory stores. It answers exactly as the DynamoDB one
 * does: entries by bucket and shard, in due order, only those due by `upToMs`, a page filled
 * to its limit never reported exhausted, and a watermark that only moves forward. (DynamoDB
 * may show an entry late; this one never does, which the settle time covers for the real one.)
 */
export class MemoryDueIndex<Entry extends DueEntry> implements DueIndex<Entry> {
  private readonly entries = new Map<string, { readonly entry: Entry; readonly dueAtMs: number }>();
  private watermarkMs: number | undefined;

  constructor(
    readonly layout: DueLayout,
    private readonly shardOf: (id: string) => number = () => 0,
  ) {}

  /** Puts the entry in (or moves it to) the bucket of `dueAtMs`. */
  put(entry: Entry, dueAtMs: number): void {
    this.entries.set(entry.id, { entry, dueAtMs });
  }

  /** Changes an entry that is in the index (as a GSI projection follows its item); no-op otherwise. */
  update(id: string, change: (entry: Entry) => Entry): void {
    const current = this.entries.get(id);
    if (current !== undefined) this.entries.set(id, { entry: change(current.entry), dueAtMs: current.dueAtMs });
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  /** When the entry falls due, if it is in the index. */
  dueAtMs(id: string): number | undefined {
    return this.entries.get(id)?.dueAtMs;
  }

  async readWatermarkMs(): Promise<number | undefined> {
    return this.watermarkMs;
  }

  async queryBucket(bucketStartMs: number, shard: number, upToMs: number, limit: number): Promise<DuePage<Entry>> {
    const due = [...this.entries.values()]
      .filter(
        ({ entry, dueAtMs }) =>
          bucketStartOf(this.layout, dueAtMs) === bucketStartMs && this.shardOf(entry.id) === shard && dueAtMs <= upToMs,
      )
      .sort((left, right) => left.dueAtMs - right.dueAtMs || (left.entry.id < right.entry.id ? -1 : 1));
    const taken = due.slice(0, limit).map(({ entry }) => entry);
    return { entries: taken, itemsRead: taken.length, exhausted: taken.length < limit };
  }

  async advanceWatermarkMs(bucketStartMs: number): Promise<void> {
    if (this.watermarkMs === undefined || bucketStartMs > this.watermarkMs) this.watermarkMs = bucketStartMs;
  }

  /** The same entries under a watermark of its own: a second sweep over the index, as a second watermark item gives it. */
  withOwnWatermark(): DueIndex<Entry> {
    let watermarkMs: number | undefined;
    return {
      layout: this.layout,
      readWatermarkMs: async () => watermarkMs,
      queryBucket: (bucketStartMs, shard, upToMs, limit) => this.queryBucket(bucketStartMs, shard, upToMs, limit),
      advanceWatermarkMs: async (bucketStartMs) => {
        if (watermarkMs === undefined || bucketStartMs > watermarkMs) watermarkMs = bucketStartMs;
      },
    };
  }
}
