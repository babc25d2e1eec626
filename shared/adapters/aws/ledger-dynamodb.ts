import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assert, DomainError, InvariantViolationError } from '../../errors';
import { randomIds } from '../../ids';
import { LEDGER_BALANCE_SHARDS_DEFAULT, LEDGER_CONFLICT_RETRY, DYNAMODB_TRANSACTION_ITEMS_MAX } from '../../limits';
import type { Clock, IdGenerator } from '../../ports';
import {
  accountDifferences,
  accountExistsError,
  accountView,
  createTransfer,
  checkPageLimit,
  decodeEntriesCursor,
  derivedResolutionId,
  duePartitionKey,
  dueSortKeyUpTo,
  entriesPage,
  LEDGER_DUE_LAYOUT,
  evaluateBatch,
  newAccountRecord,
  normalizeAccount,
  normalizeOperations,
  sumBalances,
  sweepExpired,
  transferView,
  type AccountView,
  type Balances,
  type CreateAccountInput,
  type EntriesPage,
  type Evaluation,
  type GroupOutcome,
  type TransferGroup,
  type ExpirySweepResult,
  type Ledger,
  type LedgerSnapshot,
  type NormalizedOperation,
  type PostPendingInput,
  type TransferOperation,
  type TransferOutcome,
  type TransferRecord,
  type TransferView,
  type VoidPendingInput,
} from '../../domain/ledger';
import {
  balanceShardKey,
  newAccountItems,
  parseBalances,
  parseTransfer,
  pendingIdOfDueItem,
  planWriteItems,
  transferKey,
  watermarkKey,
  type ItemKey,
} from './ledger-items';
import type { DueEntry } from '../../domain/due/ports';
import { putNew, transactWrite } from './conditional-writes';
import { DynamoDueIndex } from './due-index-dynamodb';
import { writeGroups } from './ledger-groups';
import { readItem } from './items';
import { LedgerReads, type SnapshotMode } from './ledger-reads';
import { backoff, cancellationReasons, isContention, realSleep, type Sleep } from './retry';

export interface DynamoDbLedgerOptions {
  /** A document client (ours marshal with removeUndefinedValues) or a plain client to wrap. */
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Shards of an account without a limit flag when its creator does not choose. */
  readonly balanceShardsDefault?: number;
  readonly ids?: IdGenerator;
  /** Waits between conflicting attempts; real time by default. */
  readonly sleep?: Sleep;
}

interface Committed {
  readonly result: 'created' | 'exists';
  readonly transfers: readonly TransferRecord[];
  readonly itemsRead: number;
}

/**
 * The ledger on DynamoDB. Every write is ONE TransactWriteItems built from the plan the
 * shared pure `evaluateBatch` computes, with conditions that make the plan's assumptions
 * true at commit time:
 *   - new transfer items: `attribute_not_exists(pk)` (the id is the idempotency key);
 *   - a hold being resolved: `#state = pending` (and `expiresAtMs > now` for post/void);
 *   - the reversed total of an original: at most its amount minus this batch's reversals;
 *   - a limited account's balance: `availableMinor >= needed`, where `availableMinor` is a
 *     derived attribute kept current by the same ADD (conditions cannot do arithmetic);
 *   - every balance item: `attribute_exists(pk)` (an ADD must never create an account).
 * A crash anywhere leaves either nothing or the whole transaction; the retry then reads the
 * stored transfer and answers `exists`.
 */
export class DynamoDbLedger implements Ledger {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly balanceShardsDefault: number;
  private readonly ids: IdGenerator;
  private readonly sleep: Sleep;
  private readonly dueIndex: DynamoDueIndex<DueEntry>;
  private readonly reads: LedgerReads;

  constructor(options: DynamoDbLedgerOptions) {
    this.client =
      options.client instanceof DynamoDBDocumentClient
        ? options.client
        : DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = options.tableName;
    this.clock = options.clock;
    this.balanceShardsDefault = options.balanceShardsDefault ?? LEDGER_BALANCE_SHARDS_DEFAULT;
    this.ids = options.ids ?? randomIds;
    this.sleep = options.sleep ?? realSleep;
    this.reads = new LedgerReads(this.client, this.tableName, (attempt) => this.backoff(attempt));
    this.dueIndex = new DynamoDueIndex({
      client: this.client,
      tableName: this.tableName,
      indexName: 'due',
      layout: LEDGER_DUE_LAYOUT,
      partitionAttribute: 'duePk',
      sortAttribute: 'dueSk',
      partitionOf: duePartitionKey,
      sortKeyUpTo: dueSortKeyUpTo,
      attributes: ['dueSk'],
      entryOf: (item) => ({ id: pendingIdOfDueItem(item) }),
      watermarkKey,
      watermarkAttribute: 'bucketStartMs',
    });
  }

  /**
   * Flow: check input -> write the account item (and its zeroed shards) in one transaction,
   * each conditional on not existing -> on a failed condition read the stored account and
   * compare: `exists` or ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS. Contention retries, bounded.
   */
  async createAccount(input: CreateAccountInput): Promise<{ result: 'created' | 'exists'; account: AccountView }> {
    const normalized = normalizeAccount(input);
    const accountId = normalized.id ?? this.ids.next('acc');
    const account = newAccountRecord(normalized, accountId, this.balanceShardsDefault, this.clock.now());
    const items = newAccountItems(account);
    assert(items.length <= DYNAMODB_TRANSACTION_ITEMS_MAX, 'an account and its shards fit one transaction');
    for (let attempt = 1; attempt <= LEDGER_CONFLICT_RETRY.attemptsMax; attempt += 1) {
      try {
        await transactWrite(
          this.client,
          items.map((item) => putNew(this.tableName, item)),
        );
        return { result: 'created', account: accountView(account, sumBalances([])) };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = cancellationReasons(error);
        if (!reasons.includes('ConditionalCheckFailed')) {
          if (!isContention(reasons)) throw error;
          await this.backoff(attempt);
          continue;
        }
      }
      const stored = await this.reads.readAccount(accountId);
      assert(stored !== undefined, `account ${accountId} failed "not exists", so it exists`);
      const differences = accountDifferences(normalized, stored.account);
      if (differences.length > 0) throw accountExistsError(accountId, differences);
      return { result: 'exists', account: await this.getAccount(accountId) };
    }
    throw new DomainError('TRANSACTION_CONFLICT', `account ${accountId} stayed contended; retry the request`);
  }

  /** Flow: read the account -> exact: its balance is on it; sharded: read every shard and sum. */
  async getAccount(accountId: string): Promise<AccountView> {
    const stored = await this.reads.readAccount(accountId);
    if (stored === undefined) throw new DomainError('ACCOUNT_NOT_FOUND', `account ${accountId} does not exist`);
    if (stored.exactBalances !== undefined) return accountView(stored.account, stored.exactBalances);
    const keys: ItemKey[] = [];
    for (let shard = 0; shard < stored.account.balanceShards; shard += 1) keys.push(balanceShardKey(accountId, shard));
    const items = await this.reads.batchGet(keys);
    const parts: Balances[] = keys.map((key) => {
      const item = items.get(key.pk);
      assert(item !== undefined, `balance shard ${key.pk} exists`);
      return parseBalances(item);
    });
    return accountView(stored.account, sumBalances(parts));
  }

  async createTransfers(operations: readonly TransferOperation[]): Promise<readonly TransferOutcome[]> {
    const committed = await this.commit(normalizeOperations(operations));
    return committed.transfers.map((transfer) => ({ result: committed.result, transfer: transferView(transfer) }));
  }

  /** See ledger-groups.ts: one latest read, merged shard updates, refused groups alone. */
  async createTransferGroups(groups: readonly TransferGroup[]): Promise<readonly GroupOutcome[]> {
    return writeGroups(
      {
        client: this.client,
        tableName: this.tableName,
        clock: this.clock,
        reads: this.reads,
        single: (operations) => this.createTransfers(operations),
      },
      groups,
    );
  }

  async postPending(input: PostPendingInput): Promise<TransferOutcome> {
    return createTransfer(this, { action: 'post', ...input });
  }

  async voidPending(input: VoidPendingInput): Promise<TransferOutcome> {
    return createTransfer(this, { action: 'void', ...input });
  }

  async getTransfer(transferId: string): Promise<TransferView> {
    const item = await readItem(this.client, this.tableName, transferKey(transferId));
    if (item === undefined) throw new DomainError('TRANSFER_NOT_FOUND', `transfer ${transferId} does not exist`);
    return transferView(parseTransfer(item));
  }

  /**
   * Flow: read the account (for its shard count) -> decode the cursor -> query every
   * entries partition after the cursor's sort key (limit + 1 each, to know whether more
   * follow) -> merge in sort-key order -> add the running balance the cursor carried.
   */
  async listEntries(accountId: string, page: { limit: number; cursor?: string }): Promise<EntriesPage> {
    const limit = checkPageLimit(page.limit);
    const cursor = page.cursor === undefined ? undefined : decodeEntriesCursor(accountId, page.cursor);
    const stored = await this.reads.readAccount(accountId);
    if (stored === undefined) throw new DomainError('ACCOUNT_NOT_FOUND', `account ${accountId} does not exist`);
    const shards = Array.from({ length: stored.account.balanceShards }, (_, shard) => shard);
    const perShard = await Promise.all(
      shards.map((shard) => this.reads.queryEntries(accountId, shard, cursor?.afterSortKey, limit + 1)),
    );
    const merged = perShard
      .flat()
      .sort((left, right) => (left.sortKey < right.sortKey ? -1 : left.sortKey > right.sortKey ? 1 : 0));
    return entriesPage(accountId, merged, limit, cursor);
  }

  async expireDue(options: { limit: number }): Promise<ExpirySweepResult> {
    return sweepExpired(this.dueIndex, (pendingId) => this.expireHold(pendingId), this.clock.now(), options.limit);
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
   *     LEDGER_CONFLICT_RETRY.attemptsMax attempts, then TRANSACTION_CONFLICT.
   */
  private async commit(operations: readonly NormalizedOperation[]): Promise<Committed> {
    let itemsRead = 0;
    let lastFailure: readonly string[] = [];
    let mode: SnapshotMode = 'latest';
    for (let attempt = 1; attempt <= LEDGER_CONFLICT_RETRY.attemptsMax;) {
      const snapshot = await this.reads.snapshot(operations, mode);
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
        if (reasons.includes('ConditionalCheckFailed')) mode = 'serializable';
        else if (!isContention(reasons)) throw error;
        else await this.backoff(attempt);
      }
      attempt += 1;
    }
    throw new DomainError(
      'TRANSACTION_CONFLICT',
      `the transfer stayed contended after ${LEDGER_CONFLICT_RETRY.attemptsMax} attempts (${lastFailure.join(', ')}); retry the request`,
    );
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

  /** One hold handed out by the due index: re-read in the commit, so a stale entry expires nothing. */
  private async expireHold(pendingId: string): Promise<{ expired: boolean; itemsRead: number }> {
    try {
      const committed = await this.commit([{ action: 'expire', id: derivedResolutionId(pendingId, 'expire'), pendingId }]);
      return { expired: committed.result === 'created', itemsRead: committed.itemsRead };
    } catch (error) {
      // Posted, voided or expired by someone else since the index was read: nothing to do.
      if (error instanceof DomainError && error.code !== 'TRANSACTION_CONFLICT') return { expired: false, itemsRead: 1 };
      throw error;
    }
  }

  private backoff(attempt: number): Promise<void> {
    return backoff(attempt, LEDGER_CONFLICT_RETRY, this.sleep);
  }
}
