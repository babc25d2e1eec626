import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DomainError, InvariantViolationError } from '../../errors';
import { LEDGER_CONFLICT_RETRY } from '../../limits';
import {
  createTransfer,
  evaluateBatch,
  statableOverflowError,
  statedOverflowOf,
  type BatchPlan,
  normalizeExpire,
  normalizeOperations,
  transferView,
  type Evaluation,
  type ExpirePendingInput,
  type LedgerSnapshot,
  type LedgerTransfers,
  type NormalizedOperation,
  type PostPendingInput,
  type TransferOperation,
  type TransferOutcome,
  type TransferRecord,
  type VoidPendingInput,
} from '../../domain/ledger';
import { planWriteItems } from './ledger-items';
import { transactWrite } from './conditional-writes';
import { DynamoDbLedgerAccounts, type DynamoDbLedgerAccountsOptions } from './ledger-accounts-dynamodb';
import { LedgerSnapshots, type SnapshotMode } from './ledger-snapshots';
import { cancellationReasons, isContention } from './retry';
import { timeForAnotherAttempt } from '../../contention';

export type DynamoDbLedgerTransfersOptions = DynamoDbLedgerAccountsOptions;

interface Committed {
  readonly result: 'created' | 'exists';
  readonly transfers: readonly TransferRecord[];
  readonly itemsRead: number;
}

/**
 * Moving money on DynamoDB: the queries, opening accounts and the transfer write path
 * (single and linked transfers, post, void); DynamoDbLedger adds settlement groups and the
 * expiry sweep, so a function that only moves money does not bundle them. Every write is
 * ONE TransactWriteItems built from the plan the shared pure `evaluateBatch` computes, with
 * conditions that make the plan's assumptions true at commit time:
 *   - new transfer items: `attribute_not_exists(pk)` (the id is the idempotency key);
 *   - a hold being resolved: `#state = pending` (and `expiresAtMs > now` for post/void);
 *   - the reversed total of an original: at most its amount minus this batch's reversals;
 *   - a limited account's balance: `availableMinor >= needed`, where `availableMinor` is a
 *     derived attribute kept current by the same ADD (conditions cannot do arithmetic);
 *   - every balance item: `attribute_exists(pk)` (an ADD must never create an account).
 * A crash anywhere leaves either nothing or the whole transaction; the retry then reads the
 * stored transfer and answers `exists`.
 */
/**
 * A cancelled commit whose failed condition is on a sharded statement-stated account's shard:
 * the shard exists (accounts are created with their shards), so what failed is its posted bound
 * (`postedCounterMaxMinor`), which no snapshot shows and no retry can pass: BALANCE_OVERFLOW.
 * (An exact account's bound is refused by the evaluation on the serializable re-read.)
 */
const statedShardOverflow = (plan: BatchPlan, reasons: readonly string[]): DomainError | undefined => {
  const offset = reasons.length - plan.balanceUpdates.length;
  const failed = plan.balanceUpdates.find(
    (update, index) =>
      !update.exact && update.postedCounterMaxMinor !== undefined && reasons[offset + index] === 'ConditionalCheckFailed',
  );
  return failed === undefined ? undefined : statableOverflowError(statedOverflowOf(failed), plan.transfers);
};

export class DynamoDbLedgerTransfers extends DynamoDbLedgerAccounts implements LedgerTransfers {
  protected readonly snapshots: LedgerSnapshots;

  constructor(options: DynamoDbLedgerTransfersOptions) {
    super(options);
    this.snapshots = new LedgerSnapshots(this.client, this.tableName, (attempt) => this.backoff(attempt));
  }

  async createTransfers(operations: readonly TransferOperation[]): Promise<readonly TransferOutcome[]> {
    const committed = await this.commit(normalizeOperations(operations));
    return committed.transfers.map((transfer) => ({ result: committed.result, transfer: transferView(transfer) }));
  }

  async shardDebitsPosted(accountId: string): Promise<readonly bigint[]> {
    const { parts } = await this.balanceParts(accountId);
    return parts.map((balances) => balances.debitsPosted);
  }

  async postPending(input: PostPendingInput): Promise<TransferOutcome> {
    return createTransfer(this, { action: 'post', ...input });
  }

  async voidPending(input: VoidPendingInput): Promise<TransferOutcome> {
    return createTransfer(this, { action: 'void', ...input });
  }

  async expirePending(input: ExpirePendingInput): Promise<TransferOutcome> {
    const committed = await this.commit([normalizeExpire(input)]);
    const [transfer] = committed.transfers;
    if (transfer === undefined) throw new InvariantViolationError('an expiry commits one transfer');
    return { result: committed.result, transfer: transferView(transfer) };
  }

  /**
   * Flow of every transfer write (single, linked, post, void, expire):
   *  1. Read what the batch touches: the holds it resolves, the originals it reverses, then
   *     the accounts (exact ones carry their balance). The first attempt reads the latest
   *     items (consistent BatchGetItem, its own ids left out: new ids are the common case).
   *  2. Evaluate (pure, shared with the in-memory ledger): `exists`, a DomainError, or a plan.
   *     Only a plan is taken from a latest read; any other answer (or a view torn by a
   *     concurrent write) switches to a serializable snapshot with the own ids (TransactGetItems),
   *     so `exists`, DIFFERENT_FIELDS and every refusal come from one instant, as before.
   *  3. Commit the plan as one TransactWriteItems whose conditions re-check at commit time
   *     what the plan assumed (so it is right whichever read it came from).
   *  4. Cancelled on a condition: the state moved (a concurrent debit, a concurrent retry, a
   *     hold resolved elsewhere) or an own id exists. Go back to 1, serializable: the fresh
   *     read yields the precise code (EXCEEDS_CREDITS, `exists`, ALREADY_POSTED ...).
   *     Cancelled by contention: jittered backoff, then 1. At most
   *     LEDGER_CONFLICT_RETRY.attemptsMax attempts, and none the request has no time left for
   *     (shared/contention.ts), then TRANSACTION_CONFLICT.
   */
  protected async commit(operations: readonly NormalizedOperation[]): Promise<Committed> {
    let itemsRead = 0;
    let lastFailure: readonly string[] = [];
    let mode: SnapshotMode = 'latest';
    for (let attempt = 1; attempt <= LEDGER_CONFLICT_RETRY.attemptsMax;) {
      const snapshot = await this.snapshots.snapshot(operations, mode);
      itemsRead += snapshot.itemsRead;
      const evaluation = this.evaluate(operations, snapshot, mode);
      if (evaluation === undefined) {
        mode = 'serializable'; // not an attempt: no write was tried
        continue;
      }
      if (evaluation.kind === 'failed') throw evaluation.error;
      if (evaluation.kind === 'exists') return { result: 'exists', transfers: evaluation.transfers, itemsRead };
      const { items, roles } = planWriteItems(this.tableName, evaluation.plan);
      try {
        await transactWrite(this.client, items);
        return { result: 'created', transfers: evaluation.plan.transfers, itemsRead };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = cancellationReasons(error);
        // Which item failed tells what moved: a transfer item -> a concurrent identical
        // request (re-read answers `exists` or DIFFERENT_FIELDS); the hold -> resolved or
        // expired elsewhere; a reversed total -> a concurrent reversal of the same original;
        // a balance -> the limit (re-read finds the failing leg).
        lastFailure = reasons.flatMap((reason, index) => (reason === 'None' ? [] : [`${roles[index] ?? 'item'} ${reason}`]));
        const overflow = statedShardOverflow(evaluation.plan, reasons);
        if (overflow !== undefined) throw overflow;
        if (reasons.includes('ConditionalCheckFailed')) {
          mode = 'serializable';
          if (!timeForAnotherAttempt()) break;
        } else if (!isContention(reasons)) throw error;
        else if (!(await this.backoff(attempt))) break;
      }
      attempt += 1;
    }
    throw new DomainError('TRANSACTION_CONFLICT', `the transfer stayed contended (${lastFailure.join(', ')}); retry the request`);
  }

  /**
   * Step 2 of `commit`. From a latest read, only a plan counts (undefined: read again,
   * serializable). Items read at different instants can disagree — a hold read before a
   * concurrent post and its account read after it look pending with the money already
   * moved — which the evaluation's invariants catch; the serializable read settles it.
   */
  private evaluate(
    operations: readonly NormalizedOperation[],
    snapshot: LedgerSnapshot,
    mode: SnapshotMode,
  ): Evaluation | undefined {
    if (mode === 'serializable') return evaluateBatch(operations, snapshot, this.clock.now());
    try {
      const evaluation = evaluateBatch(operations, snapshot, this.clock.now());
      return evaluation.kind === 'apply' ? evaluation : undefined;
    } catch (error) {
      if (error instanceof InvariantViolationError) return undefined;
      throw error;
    }
  }
}
