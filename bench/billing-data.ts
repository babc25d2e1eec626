import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoActivityIndex } from '../shared/adapters/aws/billing-activity-dynamodb';
import { batchPut } from '../shared/adapters/aws/dynamodb-batches';
import { newAccountItems, transferItems, type Item } from '../shared/adapters/aws/ledger-items';
import { DynamoPartyStore } from '../shared/adapters/aws/parties-dynamodb';
import { purchaseKey } from '../shared/adapters/aws/purchase-claims-dynamodb';
import { activityKey, marksForTransfer } from '../shared/domain/billing/activity';
import type { ActivityMark } from '../shared/domain/billing/ports';
import {
  availableOf,
  addBalances,
  evaluateBatch,
  isExact,
  newAccountRecord,
  normalizeAccount,
  normalizeOperations,
  transferView,
  zeroBalances,
  type AccountRecord,
  type Balances,
  type LedgerSnapshot,
  type TransferOperation,
  type TransferRecord,
} from '../shared/domain/ledger';
import {
  agentCashAccount,
  agentFeeAccount,
  customerCarrierAccount,
  customerWalletAccount,
  platformFeeAccount,
  providerRevenueAccount,
} from '../shared/domain/parties/accounts';
import {
  holdTransferIdFor,
  settlementLegs,
  settlementOperations,
  type PurchaseRecord,
} from '../shared/domain/purchases/purchase';
import { LEDGER_BALANCE_SHARDS_DEFAULT } from '../shared/limits';

/**
 * A billed month generated straight into the tables, in batches, without the API: the ledger's
 * own decision function (`evaluateBatch`) plans every hold and settlement against an
 * in-memory snapshot, exactly as the settlement worker's write would, and the plans are
 * written with the ledger's item codecs; purchases, carrier customers and activity markers go
 * through their stores' item layouts and adapters. Fast enough for 100,000 purchases.
 */
export interface MonthSize {
  readonly customers: number;
  readonly purchases: number;
  readonly providers: number;
  /** Every n-th customer has a carrier account and buys through it. */
  readonly carrierEvery: number;
}

export interface Tables {
  readonly ledger: string;
  readonly core: string;
  readonly billing: string;
}

const PRICE_MINOR = 1_000;
const PLATFORM_FEE_BPS = 1_000;
const CARRIER_FEE_BPS = 500;
const HOLD_TIMEOUT_SECONDS = 86_400;
const WRITE_CONCURRENCY = 16;
/** The agent that tops up every wallet (no fee). */
const AGENT_ID = 'agt_bench';
/**
 * The carriers the carrier customers are spread over: each gets an agent statement of its fee
 * legs, which must stay within BILLING_STATEMENT_LINES_MAX (one carrier for every carrier sale
 * of November would be 20,000 lines).
 */
const CARRIERS = 10;
const carrierOf = (customer: number, carrierEvery: number): string =>
  `agt_bench_carrier_${Math.floor(customer / carrierEvery) % CARRIERS}`;
/** A carrier credit limit no bench month reaches. */
const CREDIT_LIMIT_MINOR = 1_000_000_000;

class Snapshot implements LedgerSnapshot {
  readonly accounts = new Map<string, AccountRecord>();
  readonly balances = new Map<string, Balances>();
  readonly holds = new Map<string, TransferRecord>();
  account(accountId: string) {
    return this.accounts.get(accountId);
  }
  exactBalances(accountId: string) {
    return this.balances.get(`${accountId}#0`) ?? (this.accounts.has(accountId) ? zeroBalances : undefined);
  }
  transfer(transferId: string) {
    return this.holds.get(transferId);
  }
  reversedMinor() {
    return 0;
  }
}

/** Plans ledger writes with evaluateBatch and keeps what they leave: items to write, balances per shard. */
class LedgerLoader {
  readonly snapshot = new Snapshot();
  readonly items: Item[] = [];
  /** Holds still pending, written only once resolved (a bench's hold is always resolved in the same load). */
  private readonly holdItems = new Map<string, Item>();
  readonly marks = new Map<string, ActivityMark>();

  open(input: Parameters<typeof normalizeAccount>[0]): void {
    const normalized = normalizeAccount(input);
    const record = newAccountRecord(normalized, input.id ?? '', LEDGER_BALANCE_SHARDS_DEFAULT, 0);
    this.snapshot.accounts.set(record.id, record);
  }

  write(operations: readonly TransferOperation[], nowMs: number): TransferRecord[] {
    const evaluation = evaluateBatch(normalizeOperations(operations), this.snapshot, nowMs);
    if (evaluation.kind !== 'apply') throw new Error(`the bench's ledger write was refused: ${evaluation.kind}`);
    const { plan } = evaluation;
    for (const update of plan.balanceUpdates) {
      const key = `${update.accountId}#${update.shard}`;
      this.snapshot.balances.set(key, addBalances(this.snapshot.balances.get(key) ?? zeroBalances, update.change));
    }
    for (const resolution of plan.resolutions) {
      const hold = this.holdItems.get(resolution.pendingId);
      if (hold === undefined) throw new Error('a resolved hold was planned');
      this.snapshot.holds.delete(resolution.pendingId);
      this.holdItems.delete(resolution.pendingId);
      const { duePk: _duePk, dueSk: _dueSk, ...resolved } = hold;
      this.items.push({ ...resolved, state: resolution.state, resolvedByTransferId: resolution.resolvedByTransferId });
    }
    const items = transferItems(plan);
    for (const [index, transfer] of plan.transfers.entries()) {
      const item = items[index];
      if (item === undefined) throw new Error('every planned transfer has an item');
      if (transfer.kind === 'pending') {
        this.snapshot.holds.set(transfer.id, transfer);
        this.holdItems.set(transfer.id, item);
      } else {
        this.items.push(item);
      }
      for (const mark of marksForTransfer(transferView(transfer))) this.marks.set(activityKey(mark), mark);
    }
    return [...plan.transfers];
  }

  /** The account and balance items, with the balances the planned writes left. */
  accountItems(): Item[] {
    return [...this.snapshot.accounts.values()].flatMap((account) =>
      newAccountItems(account).map((item) => {
        const shard = typeof item['shard'] === 'number' ? item['shard'] : 0;
        if (item['entity'] !== 'balance' && !isExact(account)) return item;
        const balances = this.snapshot.balances.get(`${account.id}#${shard}`) ?? zeroBalances;
        return isExact(account)
          ? { ...item, ...balances, availableMinor: availableOf(account.flags, account.limitMinor, balances) }
          : { ...item, ...balances };
      }),
    );
  }
}

const purchaseOf = (
  index: number,
  customerId: string,
  providerId: string,
  carrierId: string | undefined,
  createdAtMs: number,
): PurchaseRecord => {
  const carrier = carrierId !== undefined;
  const id = `pur_bench_${index}`;
  return {
    id,
    customerId,
    offerId: `ofr_${providerId}`,
    providerId,
    resource: 'server-1/stream-7',
    route: carrier ? 'carrier' : 'wallet',
    payerAccountId: carrier ? customerCarrierAccount(customerId, 'JPY', 0).id : customerWalletAccount(customerId, 'JPY').id,
    ...(carrierId === undefined ? {} : { agentId: carrierId }),
    amountMinor: PRICE_MINOR,
    currency: 'JPY',
    platformFeeBps: PLATFORM_FEE_BPS,
    carrierFeeBps: CARRIER_FEE_BPS,
    holdTransferId: holdTransferIdFor(id),
    holdExpiresAt: new Date(createdAtMs + HOLD_TIMEOUT_SECONDS * 1000).toISOString(),
    ticketId: `tkt_bench_${index}`,
    status: 'settled',
    createdAt: new Date(createdAtMs).toISOString(),
  };
};

const openAccounts = (loader: LedgerLoader, size: MonthSize): void => {
  loader.open(platformFeeAccount('JPY'));
  loader.open(agentCashAccount(AGENT_ID, 'JPY'));
  loader.open(agentFeeAccount(AGENT_ID, 'JPY'));
  for (let carrier = 0; carrier < CARRIERS; carrier += 1) {
    loader.open(agentCashAccount(`agt_bench_carrier_${carrier}`, 'JPY'));
    loader.open(agentFeeAccount(`agt_bench_carrier_${carrier}`, 'JPY'));
  }
  for (let provider = 0; provider < size.providers; provider += 1)
    loader.open(providerRevenueAccount(`prv_bench_${provider}`, 'JPY'));
  for (let customer = 0; customer < size.customers; customer += 1) {
    loader.open(customerWalletAccount(`cus_bench_${customer}`, 'JPY'));
    if (customer % size.carrierEvery === 0) {
      loader.open(customerCarrierAccount(`cus_bench_${customer}`, 'JPY', CREDIT_LIMIT_MINOR));
    }
  }
};

/**
 * Generates months into the tables: accounts are opened once (with the first month), each
 * month tops up every wallet the day before it starts and spreads its purchases over it,
 * and what the writes left (balances) is written after each month.
 */
export class MonthGenerator {
  private readonly loader = new LedgerLoader();
  private purchasesSoFar = 0;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Tables,
    private readonly size: Omit<MonthSize, 'purchases'>,
  ) {
    openAccounts(this.loader, { ...size, purchases: 0 });
  }

  async month(purchases: number, month: { readonly startMs: number; readonly endMs: number }): Promise<{ itemsWritten: number }> {
    const loader = this.loader;
    const size = { ...this.size, purchases };
    const perCustomer = Math.ceil(purchases / size.customers) * PRICE_MINOR;
    for (let customer = 0; customer < size.customers; customer += 1) {
      loader.write(
        [
          {
            action: 'create',
            id: `trf_bench_topup_${this.purchasesSoFar}_${customer}`,
            debitAccountId: agentCashAccount(AGENT_ID, 'JPY').id,
            creditAccountId: customerWalletAccount(`cus_bench_${customer}`, 'JPY').id,
            amountMinor: perCustomer,
            currency: 'JPY',
          },
        ],
        month.startMs - 86_400_000,
      );
    }
    const purchaseItems: Item[] = [];
    const stepMs = Math.floor((month.endMs - month.startMs - 3_600_000) / purchases);
    for (let offset = 0; offset < purchases; offset += 1) {
      const index = this.purchasesSoFar + offset;
      const customerIndex = offset % size.customers;
      const atMs = month.startMs + offset * stepMs;
      const purchase = purchaseOf(
        index,
        `cus_bench_${customerIndex}`,
        `prv_bench_${offset % size.providers}`,
        customerIndex % size.carrierEvery === 0 ? carrierOf(customerIndex, size.carrierEvery) : undefined,
        atMs,
      );
      loader.write([holdOf(purchase)], atMs);
      loader.write(settlementOperations(purchase, settlementLegs(purchase).legs), atMs + 1_000);
      purchaseItems.push({ ...purchaseKey(purchase.id), ...purchase });
    }
    this.purchasesSoFar += purchases;
    const items = [...loader.accountItems(), ...loader.items.splice(0)];
    await writeAll(this.client, this.tables.ledger, items);
    await writeAll(this.client, this.tables.core, purchaseItems);
    const marks = [...loader.marks.values()];
    loader.marks.clear();
    await new DynamoActivityIndex(this.client, this.tables.billing).mark(marks);
    return { itemsWritten: items.length + purchaseItems.length + marks.length };
  }

  /** The customer records of the carrier route (who collects); once. */
  async carrierCustomers(): Promise<void> {
    const parties = new DynamoPartyStore(this.client, this.tables.core);
    const carriers = Array.from({ length: this.size.customers }, (_, customer) => customer).filter(
      (customer) => customer % this.size.carrierEvery === 0,
    );
    await inParallel(carriers, (customer) =>
      parties.createCustomer({
        id: `cus_bench_${customer}`,
        name: 'bench',
        currencies: ['JPY'],
        carrier: { agentId: carrierOf(customer, this.size.carrierEvery), creditLimitMinor: CREDIT_LIMIT_MINOR, currency: 'JPY' },
        createdAt: '2026-01-01T00:00:00.000Z',
        createdBy: 'bench',
      }),
    );
  }
}

const holdOf = (purchase: PurchaseRecord): TransferOperation => ({
  action: 'create',
  id: purchase.holdTransferId,
  debitAccountId: purchase.payerAccountId,
  creditAccountId: providerRevenueAccount(purchase.providerId, 'JPY').id,
  amountMinor: purchase.amountMinor,
  currency: 'JPY',
  code: 'purchase',
  reference: purchase.id,
  timeoutSeconds: HOLD_TIMEOUT_SECONDS,
});

const inParallel = async <T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
};

const CHUNK_ITEMS = 500;

const writeAll = async (client: DynamoDBDocumentClient, tableName: string, items: readonly Item[]): Promise<void> => {
  const chunks: Item[][] = [];
  for (let start = 0; start < items.length; start += CHUNK_ITEMS) chunks.push(items.slice(start, start + CHUNK_ITEMS));
  await inParallel(chunks, (chunk) => batchPut(client, tableName, chunk));
};
