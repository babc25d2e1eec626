import { assert, DomainError, isDomainError, quoted } from '../../errors';
import { randomIds } from '../../ids';
import { LEDGER_BALANCE_SHARDS_DEFAULT } from '../../limits';
import type { Clock, IdGenerator } from '../../ports';
import {
  accountDifferences,
  accountExistsError,
  accountView,
  createTransfer,
  addBalances,
  checkPageLimit,
  decodeEntriesCursor,
  dueShardOf,
  entriesPage,
  evaluateBatch,
  statableOverflowError,
  statedOverflowOf,
  newAccountRecord,
  normalizeExpire,
  normalizeAccount,
  normalizeOperations,
  sumBalances,
  sweepExpired,
  transferView,
  zeroBalances,
  LEDGER_DUE_LAYOUT,
  type AccountRecord,
  type AccountView,
  type Balances,
  type BatchPlan,
  type CreateAccountInput,
  type EntriesPage,
  type EntryRecord,
  type ExpirePendingInput,
  type ExpirySweepResult,
  type GroupOutcome,
  type Ledger,
  type LedgerEntries,
  type LedgerSnapshot,
  type NormalizedOperation,
  type PostPendingInput,
  type TransferGroup,
  type TransferOperation,
  type TransferOutcome,
  type TransferRecord,
  type TransferView,
  type VoidPendingInput,
  type PendingHoldEntry,
  type PendingHoldsIndex,
} from '../../domain/ledger';
import { MemoryDueIndex } from './due-index';

export interface MemoryLedgerOptions {
  readonly clock: Clock;
  readonly balanceShardsDefault?: number;
  readonly ids?: IdGenerator;
}

const balanceKey = (accountId: string, shard: number): string => `${accountId}#${shard}`;

/**
 * The ledger in memory, for unit tests of the features that move money. Same semantics as
 * the DynamoDB ledger (both pass test/contract/ledger-contract.ts): the decisions are the
 * shared pure `evaluateBatch`; this class only stores. Every operation checks and writes
 * without an `await` in between, so concurrent calls interleave only between operations.
 */
export class MemoryLedger implements Ledger, LedgerEntries {
  private readonly clock: Clock;
  private readonly balanceShardsDefault: number;
  private readonly ids: IdGenerator;
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly balances = new Map<string, Balances>();
  private readonly transfers = new Map<string, TransferRecord>();
  /** Original transfer id -> what its reversals moved back in total. */
  private readonly reversed = new Map<string, number>();
  /** Entries per account shard, kept sorted by sort key. */
  private readonly entries = new Map<string, EntryRecord[]>();
  /** Pending holds by the time they fall due, placed as the DynamoDB ledger places them. */
  private readonly dueIndex = new MemoryDueIndex<PendingHoldEntry>(LEDGER_DUE_LAYOUT, dueShardOf);

  constructor(options: MemoryLedgerOptions) {
    this.clock = options.clock;
    this.balanceShardsDefault = options.balanceShardsDefault ?? LEDGER_BALANCE_SHARDS_DEFAULT;
    this.ids = options.ids ?? randomIds;
  }

  /** Flow: check input -> id taken? compare (exists / different fields) : store record and zero balances. */
  async createAccount(input: CreateAccountInput): Promise<{ result: 'created' | 'exists'; account: AccountView }> {
    const normalized = normalizeAccount(input);
    const accountId = normalized.id ?? this.ids.next('acc');
    const stored = this.accounts.get(accountId);
    if (stored !== undefined) {
      const differences = accountDifferences(normalized, stored, this.balanceShardsDefault);
      if (differences.length > 0) throw accountExistsError(accountId, differences);
      return { result: 'exists', account: this.view(stored) };
    }
    const account = newAccountRecord(normalized, accountId, this.balanceShardsDefault, this.clock.now());
    this.accounts.set(accountId, account);
    for (let shard = 0; shard < account.balanceShards; shard += 1) this.balances.set(balanceKey(accountId, shard), zeroBalances);
    return { result: 'created', account: this.view(account) };
  }

  async getAccount(accountId: string): Promise<AccountView> {
    const account = this.accounts.get(accountId);
    if (account === undefined) throw new DomainError('ACCOUNT_NOT_FOUND', `account ${quoted(accountId)} does not exist`);
    return this.view(account);
  }

  async shardDebitsPosted(accountId: string): Promise<readonly bigint[]> {
    const account = this.accounts.get(accountId);
    if (account === undefined) throw new DomainError('ACCOUNT_NOT_FOUND', `account ${quoted(accountId)} does not exist`);
    return this.parts(account).map((balances) => balances.debitsPosted);
  }

  /** Flow: check input -> evaluate against the live state -> exists / throw / apply the plan. */
  async createTransfers(operations: readonly TransferOperation[]): Promise<readonly TransferOutcome[]> {
    return this.run(normalizeOperations(operations));
  }

  /** Each group on its own, in order: the same outcomes as the DynamoDB ledger's batched write. */
  async createTransferGroups(groups: readonly TransferGroup[]): Promise<readonly GroupOutcome[]> {
    const outcomes: GroupOutcome[] = [];
    for (const group of groups) {
      try {
        outcomes.push({ ok: true, outcomes: await this.createTransfers(group) });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  async postPending(input: PostPendingInput): Promise<TransferOutcome> {
    return createTransfer(this, { action: 'post', ...input });
  }

  async voidPending(input: VoidPendingInput): Promise<TransferOutcome> {
    return createTransfer(this, { action: 'void', ...input });
  }

  async expirePending(input: ExpirePendingInput): Promise<TransferOutcome> {
    const [outcome] = this.run([normalizeExpire(input)]);
    assert(outcome !== undefined, 'an expiry has one outcome');
    return outcome;
  }

  async getTransfer(transferId: string): Promise<TransferView> {
    const transfer = this.transfers.get(transferId);
    if (transfer === undefined) throw new DomainError('TRANSFER_NOT_FOUND', `transfer ${quoted(transferId)} does not exist`);
    return transferView(transfer);
  }

  /** Flow: decode the cursor -> merge the shards after it in sort-key order -> add up running balances. */
  async listEntries(accountId: string, page: { limit: number; cursor?: string }): Promise<EntriesPage> {
    const limit = checkPageLimit(page.limit);
    const account = this.accounts.get(accountId);
    if (account === undefined) throw new DomainError('ACCOUNT_NOT_FOUND', `account ${quoted(accountId)} does not exist`);
    const cursor = page.cursor === undefined ? undefined : decodeEntriesCursor(accountId, page.cursor);
    const afterSortKey = cursor?.afterSortKey ?? '';
    const merged: EntryRecord[] = [];
    for (let shard = 0; shard < account.balanceShards; shard += 1) {
      const shardEntries = this.entries.get(balanceKey(accountId, shard)) ?? [];
      merged.push(...shardEntries.filter((entry) => entry.sortKey > afterSortKey).slice(0, limit + 1));
    }
    merged.sort((left, right) => (left.sortKey < right.sortKey ? -1 : left.sortKey > right.sortKey ? 1 : 0));
    return entriesPage(accountId, merged, limit, cursor);
  }

  /**
   * The pending holds by expiry with a watermark of the caller's own, as the DynamoDB adapter
   * gives a reader outside the ledger (purchase recovery): keep the one returned, it is the
   * watermark.
   */
  pendingHolds(): PendingHoldsIndex {
    return this.dueIndex.withOwnWatermark();
  }

  async expireDue(options: { limit: number }): Promise<ExpirySweepResult> {
    return sweepExpired(this.dueIndex, async (pendingId) => this.expireHold(pendingId), this.clock.now(), options.limit);
  }

  private expireHold(pendingId: string): { expired: boolean; stuck: boolean; itemsRead: number } {
    const operations: NormalizedOperation[] = [normalizeExpire({ pendingId })];
    const evaluation = evaluateBatch(operations, this.snapshot(), this.clock.now());
    if (evaluation.kind !== 'apply') {
      // Resolved by someone else, or (still pending) not expirable: its expire id is taken.
      return { expired: false, stuck: this.transfers.get(pendingId)?.state === 'pending', itemsRead: 2 };
    }
    this.apply(evaluation.plan);
    return { expired: true, stuck: false, itemsRead: 1 };
  }

  private run(operations: readonly NormalizedOperation[]): TransferOutcome[] {
    const evaluation = evaluateBatch(operations, this.snapshot(), this.clock.now());
    switch (evaluation.kind) {
      case 'failed':
        throw evaluation.error;
      case 'exists':
        return evaluation.transfers.map((transfer) => ({ result: 'exists', transfer: transferView(transfer) }));
      case 'apply':
        this.apply(evaluation.plan);
        return evaluation.plan.transfers.map((transfer) => ({ result: 'created', transfer: transferView(transfer) }));
    }
  }

  private snapshot(): LedgerSnapshot {
    return {
      account: (accountId) => this.accounts.get(accountId),
      exactBalances: (accountId) => this.balances.get(balanceKey(accountId, 0)),
      transfer: (transferId) => this.transfers.get(transferId),
      reversedMinor: (transferId) => this.reversed.get(transferId) ?? 0,
    };
  }

  /** Writes a plan; the same effects the DynamoDB ledger commits in one transaction. */
  private apply(plan: BatchPlan): void {
    // The commit-time bound of a statement-stated account's balance items (the DynamoDB
    // ledger's condition): checked before anything is written, as one transaction would.
    for (const update of plan.balanceUpdates) {
      const max = update.postedCounterMaxMinor;
      const before = this.balances.get(balanceKey(update.accountId, update.shard));
      if (max === undefined || before === undefined) continue;
      const after = addBalances(before, update.change);
      if (after.debitsPosted > max || after.creditsPosted > max) {
        throw statableOverflowError(statedOverflowOf(update, after), plan.transfers);
      }
    }
    for (const transfer of plan.transfers) {
      assert(!this.transfers.has(transfer.id), `transfer ${transfer.id} is new`);
      this.transfers.set(transfer.id, transfer);
      if (transfer.kind === 'pending' && transfer.expiresAtMs !== undefined) {
        const { id, code, reference, recordedAtMs, expiresAtMs } = transfer;
        const hold = { id, recordedAtMs, expiresAtMs, ...(code === undefined ? {} : { code }) };
        this.dueIndex.put(reference === undefined ? hold : { ...hold, reference }, expiresAtMs);
      }
    }
    for (const resolution of plan.resolutions) {
      const pending = this.transfers.get(resolution.pendingId);
      assert(pending !== undefined && pending.state === 'pending', `hold ${resolution.pendingId} is pending`);
      this.transfers.set(resolution.pendingId, {
        ...pending,
        state: resolution.state,
        resolvedByTransferId: resolution.resolvedByTransferId,
      });
      this.dueIndex.remove(resolution.pendingId);
    }
    for (const reversal of plan.reversals) {
      const reversedMinor = this.reversed.get(reversal.originalId) ?? 0;
      assert(reversedMinor <= reversal.reversedBeforeMinorMax, `reversals of ${reversal.originalId} stay within it`);
      this.reversed.set(reversal.originalId, reversedMinor + reversal.amountMinor);
    }
    for (const update of plan.balanceUpdates) {
      const key = balanceKey(update.accountId, update.shard);
      const before = this.balances.get(key);
      assert(before !== undefined, `balance item ${key} exists`);
      this.balances.set(key, addBalances(before, update.change));
    }
    for (const entry of plan.entries) {
      const key = balanceKey(entry.accountId, entry.shard);
      const shardEntries = this.entries.get(key) ?? [];
      // Insert in order: the clock can be moved backwards by tests, so do not assume appends.
      let position = shardEntries.length;
      while (position > 0 && (shardEntries[position - 1]?.sortKey ?? '') > entry.sortKey) position -= 1;
      shardEntries.splice(position, 0, entry);
      this.entries.set(key, shardEntries);
    }
  }

  private parts(account: AccountRecord): Balances[] {
    const parts: Balances[] = [];
    for (let shard = 0; shard < account.balanceShards; shard += 1) {
      const balances = this.balances.get(balanceKey(account.id, shard));
      assert(balances !== undefined, `balance shard ${shard} of ${account.id} exists`);
      parts.push(balances);
    }
    return parts;
  }

  private view(account: AccountRecord): AccountView {
    return accountView(account, sumBalances(this.parts(account)));
  }
}
