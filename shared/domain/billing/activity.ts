import { BILLING_ACTIVITY_BOUNDARY_MARGIN_SECONDS, BILLING_ACTIVITY_CACHE_MAX, BILLING_ACTIVITY_SHARDS } from '../../limits';
import type { Clock } from '../../ports';
import { stableHash } from '../ledger/keys';
import type { Ledger, LedgerTransfers } from '../ledger/ports';
import type { TransferOperation, TransferOutcome, TransferView } from '../ledger/types';
import { billedPartyOf } from './accounts';
import { DelegatingLedgerTransfers } from './ledger-decorator';
import { periodOf, previousPeriod } from './period';
import type { ActivityIndex, ActivityMark } from './ports';

/** The shard a party's markers live in, spreading one month over BILLING_ACTIVITY_SHARDS partitions. */
export const activityShardOf = (partyId: string): number => stableHash(`activity:${partyId}`) % BILLING_ACTIVITY_SHARDS;

export const activityKey = (mark: ActivityMark): string => `${mark.period}#${mark.kind}#${mark.partyId}#${mark.currency}`;

/**
 * The months a transfer must be marked in, given when it takes effect and when it was
 * recorded. It is billed in the first month whose statement it can be on: the month of its
 * billing instant `b = min(effectiveAt, recordedAt)` if that month's cut-off is after it was
 * recorded, otherwise the month before the one it was recorded in (whose run may not have
 * started yet) or the month it was recorded in. Marking all of them (one for the usual
 * transfer, where b is the recording time) lists the party wherever the transfer lands.
 */
export const activityPeriods = (effectiveAtMs: number, recordedAtMs: number): string[] => {
  const billed = periodOf(Math.min(effectiveAtMs, recordedAtMs));
  const recorded = periodOf(recordedAtMs);
  const beforeRecorded = previousPeriod(recorded);
  const periods = new Set([billed.id, recorded.id]);
  if (beforeRecorded.id > billed.id) periods.add(beforeRecorded.id);
  return [...periods];
};

/** Marks for the billed parties of some accounts, in some months. */
export const marksFor = (accountIds: readonly string[], periods: readonly string[]): ActivityMark[] =>
  accountIds.flatMap((accountId) => {
    const party = billedPartyOf(accountId);
    return party === undefined ? [] : periods.map((period) => ({ period, ...party }));
  });

const postsMoney = (transfer: TransferView): boolean => transfer.kind === 'single' || transfer.kind === 'post';

/** Marks for a transfer as written: only posted money is billed (holds, voids and expiries are not). */
export const marksForTransfer = (transfer: TransferView): ActivityMark[] =>
  postsMoney(transfer)
    ? marksFor(
        [transfer.debitAccountId, transfer.creditAccountId],
        activityPeriods(Date.parse(transfer.effectiveAt), Date.parse(transfer.recordedAt)),
      )
    : [];

/**
 * Writes markers through an ActivityIndex, skipping those this container already wrote (a
 * popular provider costs one put per container and month, not one per sale).
 */
export class ActivityMarker {
  private readonly written = new Set<string>();

  constructor(private readonly index: Pick<ActivityIndex, 'mark'>) {}

  async mark(marks: readonly ActivityMark[]): Promise<void> {
    const fresh = new Map<string, ActivityMark>();
    for (const mark of marks) {
      const key = activityKey(mark);
      if (!this.written.has(key)) fresh.set(key, mark);
    }
    if (fresh.size === 0) return;
    await this.index.mark([...fresh.values()]);
    if (this.written.size + fresh.size > BILLING_ACTIVITY_CACHE_MAX) this.written.clear();
    for (const key of fresh.keys()) this.written.add(key);
  }
}

/**
 * The ledger every function that moves a billed party's money is wired with: it marks the
 * parties of every posted transfer in the activity index. A `create` names its accounts, so
 * it is marked before the write (a crash after the write cannot hide it; a write that then
 * fails leaves a harmless marker). A `post` names them only through its hold, so it is marked
 * from the answer, after the write; its callers retry until they have that answer (SQS
 * redelivers a settlement, the completion job retries a reservation), and a retried write
 * answers `exists` with the accounts. This is the transfers level; MarkingLedger (the whole
 * ledger, for the settlement worker) also marks settlement groups.
 */
export class MarkingLedgerTransfers extends DelegatingLedgerTransfers {
  constructor(
    inner: LedgerTransfers,
    protected readonly marker: ActivityMarker,
    private readonly clock: Clock,
  ) {
    super(inner);
  }

  override async createTransfers(operations: readonly TransferOperation[]): Promise<readonly TransferOutcome[]> {
    await this.marker.mark(operations.flatMap((operation) => this.expectedMarks(operation)));
    const outcomes = await this.inner.createTransfers(operations);
    await this.marker.mark(outcomes.flatMap((outcome) => marksForTransfer(outcome.transfer)));
    return outcomes;
  }

  override async postPending(...args: Parameters<Ledger['postPending']>): Promise<TransferOutcome> {
    const outcome = await this.inner.postPending(...args);
    await this.marker.mark(marksForTransfer(outcome.transfer));
    return outcome;
  }

  /** Before a create: the months it will be billed in by the clock now (and the next one near a month's end). */
  protected expectedMarks(operation: TransferOperation): ActivityMark[] {
    if (operation.action !== 'create' || operation.timeoutSeconds !== undefined) return [];
    const nowMs = this.clock.now();
    const effectiveAtMs = operation.effectiveAt === undefined ? nowMs : Date.parse(operation.effectiveAt);
    const soonMs = nowMs + BILLING_ACTIVITY_BOUNDARY_MARGIN_SECONDS * 1000;
    const periods = new Set([
      ...(Number.isFinite(effectiveAtMs) ? activityPeriods(effectiveAtMs, nowMs) : []),
      periodOf(nowMs).id,
      periodOf(soonMs).id,
    ]);
    return marksFor([operation.debitAccountId, operation.creditAccountId], [...periods]);
  }
}

/** The whole marking Ledger: the transfers level, plus settlement groups marked the same way, and expiry passed on. */
export class MarkingLedger extends MarkingLedgerTransfers implements Ledger {
  constructor(
    protected override readonly inner: Ledger,
    marker: ActivityMarker,
    clock: Clock,
  ) {
    super(inner, marker, clock);
  }

  async createTransferGroups(...args: Parameters<Ledger['createTransferGroups']>): ReturnType<Ledger['createTransferGroups']> {
    const [groups] = args;
    await this.marker.mark(groups.flat().flatMap((operation) => this.expectedMarks(operation)));
    const outcomes = await this.inner.createTransferGroups(...args);
    await this.marker.mark(
      outcomes.flatMap((group) => (group.ok ? group.outcomes.flatMap((o) => marksForTransfer(o.transfer)) : [])),
    );
    return outcomes;
  }

  expireDue(options: { limit: number }) {
    return this.inner.expireDue(options);
  }
}
