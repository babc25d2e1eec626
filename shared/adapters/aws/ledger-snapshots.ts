import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import { assert, DomainError } from '../../errors';
import { DYNAMODB_TRANSACTION_ITEMS_MAX, LEDGER_CONFLICT_RETRY, LEDGER_SNAPSHOT_ROUNDS_MAX } from '../../limits';
import {
  accountIdsToRead,
  referencedTransferIds,
  reversedIdsToRead,
  transferIdsToRead,
  type AccountRecord,
  type Balances,
  type LedgerSnapshot,
  type NormalizedOperation,
  type TransferRecord,
} from '../../domain/ledger';
import {
  accountKey,
  parseAccount,
  parseReversed,
  parseTransfer,
  reversalsKey,
  transferKey,
  type Item,
  type ItemKey,
} from './ledger-items';
import { LedgerReads } from './ledger-reads';
import { cancellationReasons, isContention } from './retry';

export interface ReadSnapshot extends LedgerSnapshot {
  readonly itemsRead: number;
}

/**
 * How a snapshot reads:
 *   - `latest`: consistent BatchGetItem (1 RRU per item), without the batch's own transfer
 *     ids; each item is the latest committed, but items may be read at different instants.
 *     Enough to plan a write whose conditions re-check every assumption at commit time.
 *   - `serializable`: TransactGetItems (2 RRU per item) of every item including the batch's
 *     own ids, one instant for all: what every answer other than a commit is based on.
 */
export type SnapshotMode = 'latest' | 'serializable';

/**
 * The transfer writer's reads: snapshots of what a batch touches (the holds it resolves, the
 * originals it reverses, the accounts), on top of the reads every ledger level shares.
 */
export class LedgerSnapshots extends LedgerReads {
  /** TransactGetItems of at most 100 distinct keys, retried while writers contend. */
  async transactGet(keys: readonly ItemKey[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    const distinct = [...new Map(keys.map((key) => [key.pk, key])).values()];
    if (distinct.length === 0) return found;
    assert(distinct.length <= DYNAMODB_TRANSACTION_ITEMS_MAX, 'one snapshot reads at most 100 items');
    for (let attempt = 1; attempt <= LEDGER_CONFLICT_RETRY.attemptsMax; attempt += 1) {
      try {
        const result = await this.client.send(
          new TransactGetCommand({ TransactItems: distinct.map((key) => ({ Get: { TableName: this.tableName, Key: key } })) }),
        );
        for (const response of result.Responses ?? []) {
          const item = response.Item;
          if (item !== undefined && typeof item['pk'] === 'string') found.set(item['pk'], item);
        }
        return found;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = cancellationReasons(error);
        if (!isContention(reasons)) throw error;
        if (!(await this.backoff(attempt))) break;
      }
    }
    throw new DomainError(
      'TRANSACTION_CONFLICT',
      `the ledger stayed contended after ${LEDGER_CONFLICT_RETRY.attemptsMax} reads; retry the request`,
    );
  }

  /**
   * Holds name their accounts, so a first round may discover accounts to add; account ids
   * of a hold never change, so a second round completes the snapshot. A serializable round
   * re-reads everything (one instant); a latest round reads only the accounts it adds.
   */
  async snapshot(operations: readonly NormalizedOperation[], mode: SnapshotMode): Promise<ReadSnapshot> {
    const serializable = mode === 'serializable';
    const transferIds = serializable ? transferIdsToRead(operations) : referencedTransferIds(operations);
    const reversedIds = reversedIdsToRead(operations);
    const accountIds = new Set(accountIdsToRead(operations, () => undefined));
    const allKeys = (): ItemKey[] => [
      ...transferIds.map(transferKey),
      ...reversedIds.map(reversalsKey),
      ...[...accountIds].map(accountKey),
    ];
    const items = new Map<string, Item>();
    let keys = allKeys();
    let itemsRead = 0;
    for (let round = 1; round <= LEDGER_SNAPSHOT_ROUNDS_MAX; round += 1) {
      const read = serializable ? await this.transactGet(keys) : await this.batchGet(keys);
      itemsRead += read.size;
      if (serializable) items.clear();
      for (const [pk, item] of read) items.set(pk, item);
      const transfers = new Map<string, TransferRecord>();
      for (const transferId of transferIds) {
        const item = items.get(transferKey(transferId).pk);
        if (item !== undefined) transfers.set(transferId, parseTransfer(item));
      }
      const added = accountIdsToRead(operations, (transferId) => transfers.get(transferId)).filter(
        (accountId) => !accountIds.has(accountId),
      );
      if (added.length > 0) {
        for (const accountId of added) accountIds.add(accountId);
        keys = serializable ? allKeys() : added.map(accountKey);
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
}
