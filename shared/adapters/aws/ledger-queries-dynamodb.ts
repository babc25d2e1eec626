import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assert, DomainError, quoted } from '../../errors';
import { LEDGER_CONFLICT_RETRY } from '../../limits';
import {
  accountView,
  sumBalances,
  type AccountRecord,
  transferView,
  type AccountView,
  type Balances,
  type LedgerQueries,
  type TransferView,
} from '../../domain/ledger';
import { balanceShardKey, ledgerDocumentClient, parseBalances, parseTransfer, transferKey, type ItemKey } from './ledger-items';
import { readItem } from './items';
import { LedgerReads } from './ledger-reads';
import { backoffWithinBudget, realSleep, type Sleep } from '../../contention';

export interface DynamoDbLedgerQueriesOptions {
  /** A document client (ours marshal with removeUndefinedValues) or a plain client to wrap. */
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  readonly tableName: string;
  /** Waits between conflicting attempts; real time by default. */
  readonly sleep?: Sleep;
}

/**
 * The ledger's queries on DynamoDB (accounts, transfers): the first of four
 * levels, each a subclass of the one before (DynamoDbLedgerAccounts opens accounts,
 * DynamoDbLedgerTransfers moves money, DynamoDbLedger adds settlement groups and expiry). A
 * class's methods are bundled whether used or not, so a function that only reads is wired
 * with this class and bundles none of the write path. Histories are DynamoDbLedgerEntries'
 * (ledger-entries-dynamodb.ts), apart from every level.
 */
export class DynamoDbLedgerQueries implements LedgerQueries {
  protected readonly client: DynamoDBDocumentClient;
  protected readonly tableName: string;
  protected readonly sleep: Sleep;
  protected readonly reads: LedgerReads;

  constructor(options: DynamoDbLedgerQueriesOptions) {
    this.client = ledgerDocumentClient(options.client);
    this.tableName = options.tableName;
    this.sleep = options.sleep ?? realSleep;
    this.reads = new LedgerReads(this.client, this.tableName, (attempt) => this.backoff(attempt));
  }

  /** Flow: read the account -> exact: its balance is on it; sharded: read every shard and sum. */
  async getAccount(accountId: string): Promise<AccountView> {
    const { account, parts } = await this.balanceParts(accountId);
    return accountView(account, parts.length === 1 && parts[0] !== undefined ? parts[0] : sumBalances(parts));
  }

  /** An account and the counters of each of its balance items: the account's own (exact), or its shards', read consistently. */
  protected async balanceParts(accountId: string): Promise<{ account: AccountRecord; parts: Balances[] }> {
    const stored = await this.reads.readAccount(accountId);
    if (stored === undefined) throw new DomainError('ACCOUNT_NOT_FOUND', `account ${quoted(accountId)} does not exist`);
    if (stored.exactBalances !== undefined) return { account: stored.account, parts: [stored.exactBalances] };
    const keys: ItemKey[] = [];
    for (let shard = 0; shard < stored.account.balanceShards; shard += 1) keys.push(balanceShardKey(accountId, shard));
    const items = await this.reads.batchGet(keys);
    const parts: Balances[] = keys.map((key) => {
      const item = items.get(key.pk);
      assert(item !== undefined, `balance shard ${key.pk} exists`);
      return parseBalances(item);
    });
    return { account: stored.account, parts };
  }

  async getTransfer(transferId: string): Promise<TransferView> {
    const item = await readItem(this.client, this.tableName, transferKey(transferId));
    if (item === undefined) throw new DomainError('TRANSFER_NOT_FOUND', `transfer ${quoted(transferId)} does not exist`);
    return transferView(parseTransfer(item));
  }

  /** The wait before another attempt; false when the request has no time left for one (shared/contention.ts). */
  protected backoff(attempt: number): Promise<boolean> {
    return backoffWithinBudget(attempt, LEDGER_CONFLICT_RETRY, this.sleep);
  }
}
