import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { assert, DomainError } from '../../errors';
import { randomIds } from '../../ids';
import {
  LEDGER_BALANCE_SHARDS_DEFAULT,
  LEDGER_CONFLICT_BACKOFF_BASE_MILLISECONDS,
  LEDGER_CONFLICT_BACKOFF_CAP_MILLISECONDS,
  LEDGER_SNAPSHOT_ROUNDS_MAX,
  LEDGER_TRANSACTION_ATTEMPTS_MAX,
  DYNAMODB_TRANSACTION_ITEMS_MAX,
} from '../../limits';
import type { Clock, IdGenerator } from '../../ports';
import {
  accountDifferences,
  accountExistsError,
  accountIdsToRead,
  accountView,
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
  reversedIdsToRead,
  sumBalances,
  sweepExpired,
  transferIdsToRead,
  transferView,
  type AccountRecord,
  type AccountView,
  type Balances,
  type CreateAccountInput,
  type EntriesPage,
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
  accountKey,
  balanceShardKey,
  newAccountItems,
  parseAccount,
  parseBalances,
  parseReversed,
  parseTransfer,
  pendingIdOfDueItem,
  planWriteItems,
  reversalsKey,
  transferKey,
  watermarkKey,
  type ItemKey,
} from './ledger-items';
import type { DueEntry } from '../../domain/due/ports';
import { DynamoDueIndex } from './due-index-dynamodb';
import { LedgerReads } from './ledger-reads';
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

interface ReadSnapshot extends LedgerSnapshot {
  readonly itemsRead: number;
}

interface Committed {
  readonly result: 'created' | 'exists';
  readonly transfers: readonly TransferRecord[];
  readonly itemsRead: number;
}

const LEDGER_BACKOFF = {
  baseMilliseconds: LEDGER_CONFLICT_BACKOFF_BASE_MILLISECONDS,
  capMilliseconds: LEDGER_CONFLICT_BACKOFF_CAP_MILLISECONDS,
};

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
    for (let attempt = 1; attempt <= LEDGER_TRANSACTION_ATTEMPTS_MAX; attempt += 1) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: items.map((item) => ({
              Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
            })),
          }),
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

  async postPending(input: PostPendingInput): Promise<TransferOutcome> {
    const [outcome] = await this.createTransfers([{ action: 'post', ...input }]);
    assert(outcome !== undefined, 'one operation has one outcome');
    return outcome;
  }

  async voidPending(input: VoidPendingInput): Promise<TransferOutcome> {
    const [outcome] = await this.createTransfers([{ action: 'void', ...input }]);
    assert(outcome !== undefined, 'one operation has one outcome');
    return outcome;
  }

  async getTransfer(transferId: string): Promise<TransferView> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: transferKey(transferId), ConsistentRead: true }),
    );
    if (result.Item === undefined) throw new DomainError('TRANSFER_NOT_FOUND', `transfer ${transferId} does not exist`);
    return transferView(parseTransfer(result.Item));
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
   *  1. Read, as one serializable snapshot, what the batch touches: the transfers with its ids
   *     (retries), the holds it resolves, the originals it reverses, then the accounts
   *     (exact ones carry their balance).
   *  2. Evaluate (pure, shared with the in-memory ledger): `exists`, a DomainError, or a plan.
   *  3. Commit the plan as one TransactWriteItems whose conditions re-check at commit time
   *     what step 1 saw.
   *  4. Cancelled on a condition: the state moved between 1 and 3 (a concurrent debit, a
   *     concurrent retry, a hold resolved elsewhere). Go back to 1: the fresh read yields
   *     the precise code (EXCEEDS_CREDITS, `exists`, ALREADY_POSTED ...). Cancelled by
   *     contention: jittered backoff, then 1. At most LEDGER_TRANSACTION_ATTEMPTS_MAX
   *     attempts, then TRANSACTION_CONFLICT.
   */
  private async commit(operations: readonly NormalizedOperation[]): Promise<Committed> {
    let itemsRead = 0;
    let lastFailure: readonly string[] = [];
    for (let attempt = 1; attempt <= LEDGER_TRANSACTION_ATTEMPTS_MAX; attempt += 1) {
      const snapshot = await this.readSnapshot(operations);
      itemsRead += snapshot.itemsRead;
      const evaluation = evaluateBatch(operations, snapshot, this.clock.now());
      if (evaluation.kind === 'failed') throw evaluation.error;
      if (evaluation.kind === 'exists') return { result: 'exists', transfers: evaluation.transfers, itemsRead };
      const { items, roles } = planWriteItems(this.tableName, evaluation.plan);
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { result: 'created', transfers: evaluation.plan.transfers, itemsRead };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = cancellationReasons(error);
        // Which item failed tells what moved: a transfer item -> a concurrent identical
        // request (re-read answers `exists` or DIFFERENT_FIELDS); the hold -> resolved or
        // expired elsewhere; a reversed total -> a concurrent reversal of the same original;
        // a balance -> the limit (re-read finds the failing leg).
        lastFailure = reasons.flatMap((reason, index) => (reason === 'None' ? [] : [`${roles[index] ?? 'item'} ${reason}`]));
        if (reasons.includes('ConditionalCheckFailed')) continue;
        if (!isContention(reasons)) throw error;
        await this.backoff(attempt);
      }
    }
    throw new DomainError(
      'TRANSACTION_CONFLICT',
      `the transfer stayed contended after ${LEDGER_TRANSACTION_ATTEMPTS_MAX} attempts (${lastFailure.join(', ')}); retry the request`,
    );
  }

  /**
   * Step 1 of `commit`: one serializable snapshot (TransactGetItems) of every item the batch
   * depends on (transfers, reversed totals of the originals it reverses, accounts). Separate
   * consistent reads are not enough: a hold read before a concurrent post and its account
   * read after it would look pending with its money already drained.
   * Holds name their accounts, so a first round may discover accounts to add; account ids
   * of a hold never change, so the last round is complete and self-consistent.
   */
  private async readSnapshot(operations: readonly NormalizedOperation[]): Promise<ReadSnapshot> {
    const transferIds = transferIdsToRead(operations);
    const reversedIds = reversedIdsToRead(operations);
    const accountIds = new Set(accountIdsToRead(operations, () => undefined));
    let itemsRead = 0;
    for (let round = 1; round <= LEDGER_SNAPSHOT_ROUNDS_MAX; round += 1) {
      const items = await this.reads.transactGet([
        ...transferIds.map(transferKey),
        ...reversedIds.map(reversalsKey),
        ...[...accountIds].map(accountKey),
      ]);
      itemsRead += items.size;
      const transfers = new Map<string, TransferRecord>();
      for (const transferId of transferIds) {
        const item = items.get(transferKey(transferId).pk);
        if (item !== undefined) transfers.set(transferId, parseTransfer(item));
      }
      const needed = accountIdsToRead(operations, (transferId) => transfers.get(transferId));
      if (needed.some((accountId) => !accountIds.has(accountId))) {
        for (const accountId of needed) accountIds.add(accountId);
        continue;
      }
      const accounts = new Map<string, { account: AccountRecord; exactBalances?: Balances }>();
      for (const accountId of accountIds) {
        const item = items.get(accountKey(accountId).pk);
        if (item !== undefined) accounts.set(accountId, parseAccount(item));
      }
      return {
        itemsRead,
        account: (accountId) => accounts.get(accountId)?.account,
        exactBalances: (accountId) => accounts.get(accountId)?.exactBalances,
        transfer: (transferId) => transfers.get(transferId),
        reversedMinor: (transferId) => {
          const item = items.get(reversalsKey(transferId).pk);
          return item === undefined ? 0 : parseReversed(item);
        },
      };
    }
    assert(false, `a snapshot needs at most ${LEDGER_SNAPSHOT_ROUNDS_MAX} rounds: holds never change accounts`);
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
    return backoff(attempt, LEDGER_BACKOFF, this.sleep);
  }
}
