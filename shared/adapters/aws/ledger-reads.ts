import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../errors';
import { DYNAMODB_TRANSACTION_ITEMS_MAX, LEDGER_BATCH_GET_ROUNDS_MAX } from '../../limits';
import type { AccountRecord, Balances } from '../../domain/ledger';
import { accountKey, parseAccount, type Item, type ItemKey } from './ledger-items';
import { readItem } from './items';

/**
 * The ledger's reads on DynamoDB that every level of the ledger uses: one account and
 * consistent batch gets of balance shards (history is DynamoDbLedgerEntries'). The snapshots of
 * what a transfer batch touches are the writer's (ledger-snapshots.ts), so a function that
 * only reads does not bundle them. The ledger owns the retries' backoff and passes it in
 * (false: the request has no time left for another attempt, shared/contention.ts).
 */
export class LedgerReads {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly backoff: (attempt: number) => Promise<boolean>,
  ) {}

  async readAccount(accountId: string): Promise<{ account: AccountRecord; exactBalances?: Balances } | undefined> {
    const item = await readItem(this.client, this.tableName, accountKey(accountId));
    return item === undefined ? undefined : parseAccount(item);
  }

  /** Consistent BatchGetItem of distinct keys, 100 per request; found items by partition key. */
  async batchGet(keys: readonly ItemKey[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    const distinct = [...new Map(keys.map((key) => [key.pk, key])).values()];
    for (let start = 0; start < distinct.length; start += DYNAMODB_TRANSACTION_ITEMS_MAX) {
      await this.batchGetChunk(distinct.slice(start, start + DYNAMODB_TRANSACTION_ITEMS_MAX), found);
    }
    return found;
  }

  private async batchGetChunk(keys: readonly ItemKey[], found: Map<string, Item>): Promise<void> {
    let pending: Record<string, unknown>[] = keys.map((key) => ({ ...key }));
    for (let round = 1; round <= LEDGER_BATCH_GET_ROUNDS_MAX && pending.length > 0; round += 1) {
      const result = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        if (typeof item['pk'] === 'string') found.set(item['pk'], item);
      }
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      if (pending.length > 0 && !(await this.backoff(round))) break;
    }
    if (pending.length > 0) {
      throw new DomainError('TRANSACTION_CONFLICT', 'the ledger is throttled; retry the request');
    }
  }
}
