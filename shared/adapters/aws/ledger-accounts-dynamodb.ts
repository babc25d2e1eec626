import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { assert, DomainError, quoted } from '../../errors';
import { randomIds } from '../../ids';
import { DYNAMODB_TRANSACTION_ITEMS_MAX, LEDGER_BALANCE_SHARDS_DEFAULT, LEDGER_CONFLICT_RETRY } from '../../limits';
import type { Clock, IdGenerator } from '../../ports';
import {
  accountDifferences,
  accountExistsError,
  accountView,
  newAccountRecord,
  normalizeAccount,
  sumBalances,
  type AccountView,
  type CreateAccountInput,
  type LedgerAccounts,
} from '../../domain/ledger';
import { newAccountItems } from './ledger-items';
import { putNew, transactWrite } from './conditional-writes';
import { DynamoDbLedgerQueries, type DynamoDbLedgerQueriesOptions } from './ledger-queries-dynamodb';
import { cancellationReasons, isContention } from './retry';

export interface DynamoDbLedgerAccountsOptions extends DynamoDbLedgerQueriesOptions {
  readonly clock: Clock;
  /** Shards of an account without a limit flag when its creator does not choose. */
  readonly balanceShardsDefault?: number;
  readonly ids?: IdGenerator;
}

/** The ledger's queries and opening accounts on DynamoDB (see DynamoDbLedgerQueries for the levels). */
export class DynamoDbLedgerAccounts extends DynamoDbLedgerQueries implements LedgerAccounts {
  protected readonly clock: Clock;
  protected readonly balanceShardsDefault: number;
  protected readonly ids: IdGenerator;

  constructor(options: DynamoDbLedgerAccountsOptions) {
    super(options);
    this.clock = options.clock;
    this.balanceShardsDefault = options.balanceShardsDefault ?? LEDGER_BALANCE_SHARDS_DEFAULT;
    this.ids = options.ids ?? randomIds;
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
          if (!(await this.backoff(attempt))) break;
          continue;
        }
      }
      const stored = await this.reads.readAccount(accountId);
      assert(stored !== undefined, `account ${accountId} failed "not exists", so it exists`);
      const differences = accountDifferences(normalized, stored.account, this.balanceShardsDefault);
      if (differences.length > 0) throw accountExistsError(accountId, differences);
      return { result: 'exists', account: await this.getAccount(accountId) };
    }
    throw new DomainError('TRANSACTION_CONFLICT', `account ${quoted(accountId)} stayed contended; retry the request`);
  }
}
