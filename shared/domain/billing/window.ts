import { assert, DomainError, quoted } from '../../errors';
import { BILLING_ENTRIES_PAGE_SIZE, BILLING_STATEMENT_ENTRIES_MAX, BILLING_TRANSFERS_BATCH_MAX } from '../../limits';
import type { TransferView } from '../ledger/types';
import type { Period } from './period';
import type { HistoryEntry, LedgerHistory } from './ports';
import type { PartyPosition } from './types';

/** Transfer codes billing writes. Payouts and collections belong to the statement that posted them. */
export const BILLING_CODES = {
  payout: 'billing_payout',
  collection: 'billing_collection',
  adjustment: 'billing_adjustment',
} as const;

const SETTLEMENT_CODES: ReadonlySet<unknown> = /* @__PURE__ */ new Set([BILLING_CODES.payout, BILLING_CODES.collection]);

export interface WindowInput {
  readonly accountIds: readonly string[];
  readonly period: Period;
  /** The period's cut-off: nothing recorded after it is on this statement. */
  readonly asOfMs: number;
  /** The party's previous statement; absent for its first. */
  readonly previous?: Pick<PartyPosition, 'periodEndMs' | 'asOfMs' | 'closingBalances'>;
  /**
   * For a party's first statement: the cut-off of the period before this one (absent when this
   * period opened the billing calendar). What counts before the period and was recorded by then
   * was there for the earlier runs to see and is the opening balance; what was recorded after it
   * (a backdated transfer) moved after every earlier statement was made, and is a carried-forward
   * line, as on any later statement. The platform fee account's movement is read by the same rule.
   */
  readonly previousPeriodAsOfMs?: number;
}

/** An entry on this statement, with its transfer. */
export interface WindowEntry extends HistoryEntry {
  /** min(effectiveAt, recordedAt): when it counts for billing. */
  readonly billedAtMs: number;
  /** Money that moved before the period but after the previous statement was made. */
  readonly late: boolean;
  readonly transfer: TransferView;
}

export interface LedgerWindow {
  readonly entries: readonly WindowEntry[];
  /**
   * Each account's posted balance before this statement: the previous closing, or (first
   * statement) the history before the period that the earlier runs could see.
   */
  readonly openingBalances: Readonly<Record<string, number>>;
  /** Ledger items read: entries pages and transfer batches. */
  readonly itemsRead: number;
}

const tooLarge = (accountId: string): DomainError =>
  new DomainError(
    'STATEMENT_TOO_LARGE',
    `Account ${quoted(accountId)} has more than ${BILLING_STATEMENT_ENTRIES_MAX} entries for one statement.`,
  );

/**
 * Visits the account's entries recorded in the window, page by page, holding none of them;
 * more than `maxEntries` is STATEMENT_TOO_LARGE. Answers the ledger items read.
 */
const visitAccount = async (
  history: LedgerHistory,
  accountId: string,
  window: { readonly fromMs?: number; readonly toMs: number },
  maxEntries: number,
  visit: (entry: HistoryEntry) => void,
): Promise<number> => {
  let itemsRead = 0;
  let seen = 0;
  let cursor: string | undefined;
  do {
    const page = await history.entriesRecorded(accountId, window, {
      limit: BILLING_ENTRIES_PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    itemsRead += page.itemsRead;
    seen += page.entries.length;
    if (seen > maxEntries) throw tooLarge(accountId);
    for (const entry of page.entries) visit(entry);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return itemsRead;
};

const readTransfers = async (history: LedgerHistory, ids: readonly string[]) => {
  const transfers = new Map<string, TransferView>();
  let itemsRead = 0;
  for (let start = 0; start < ids.length; start += BILLING_TRANSFERS_BATCH_MAX) {
    const batch = await history.transfers(ids.slice(start, start + BILLING_TRANSFERS_BATCH_MAX));
    itemsRead += batch.itemsRead;
    for (const transfer of batch.transfers) transfers.set(transfer.id, transfer);
  }
  return { transfers, itemsRead };
};

const byBillingOrder = (left: WindowEntry, right: WindowEntry): number =>
  left.billedAtMs - right.billedAtMs ||
  left.recordedAtMs - right.recordedAtMs ||
  (left.transferId < right.transferId ? -1 : left.transferId > right.transferId ? 1 : 0) ||
  (left.accountId < right.accountId ? -1 : left.accountId > right.accountId ? 1 : 0);

interface Selected {
  readonly openingBalances: Readonly<Record<string, number>>;
  readonly itemsRead: number;
}

/**
 * What of some accounts a statement covers, handed to `take` entry by entry. An entry is on it
 * when it moved posted money, counts before the period's end, was recorded by the cut-off and
 * was not on the previous statement (counted before that one's end and recorded by its
 * cut-off). Anything recorded before the previous statement's end was on it, so the ledger is
 * read from there.
 */
const selectEntries = async (
  history: LedgerHistory,
  input: WindowInput,
  maxEntries: number,
  take: (entry: HistoryEntry, billedAtMs: number) => void,
): Promise<Selected> => {
  const { period, asOfMs, previous } = input;
  const opening: Record<string, number> = {};
  let itemsRead = 0;
  for (const accountId of input.accountIds) {
    opening[accountId] = previous?.closingBalances[accountId] ?? 0;
    const window = { ...(previous === undefined ? {} : { fromMs: previous.periodEndMs }), toMs: asOfMs };
    itemsRead += await visitAccount(history, accountId, window, maxEntries, (entry) => {
      const billedAtMs = Math.min(entry.effectiveAtMs, entry.recordedAtMs);
      if (entry.postedChangeMinor === 0 || billedAtMs >= period.endMs) return;
      if (previous !== undefined && billedAtMs < previous.periodEndMs && entry.recordedAtMs <= previous.asOfMs) return;
      if (
        previous === undefined &&
        billedAtMs < period.startMs &&
        (input.previousPeriodAsOfMs === undefined || entry.recordedAtMs <= input.previousPeriodAsOfMs)
      ) {
        opening[accountId] = (opening[accountId] ?? 0) + entry.postedChangeMinor;
        return;
      }
      take(entry, billedAtMs);
    });
  }
  return { openingBalances: opening, itemsRead };
};

/**
 * The statement's entries with their transfers, in billing order. The payouts and
 * collections of earlier statements are theirs and are left out.
 */
export const readWindow = async (history: LedgerHistory, input: WindowInput): Promise<LedgerWindow> => {
  const candidates: { entry: HistoryEntry; billedAtMs: number }[] = [];
  const selected = await selectEntries(history, input, BILLING_STATEMENT_ENTRIES_MAX, (entry, billedAtMs) => {
    candidates.push({ entry, billedAtMs });
  });
  const fetched = await readTransfers(history, [...new Set(candidates.map(({ entry }) => entry.transferId))]);
  const entries: WindowEntry[] = [];
  for (const { entry, billedAtMs } of candidates) {
    const transfer = fetched.transfers.get(entry.transferId);
    assert(transfer !== undefined, `the transfer ${entry.transferId} of an entry exists`);
    if (SETTLEMENT_CODES.has(transfer.code)) continue;
    entries.push({ ...entry, billedAtMs, late: billedAtMs < input.period.startMs, transfer });
  }
  return {
    entries: entries.sort(byBillingOrder),
    openingBalances: selected.openingBalances,
    itemsRead: selected.itemsRead + fetched.itemsRead,
  };
};

/**
 * How much an account's posted balance moved in a period's window, by the same rule, for
 * an account billing never pays out of (the platform fee account): no transfers are read, and
 * no entry is kept, so it has no statement's size limit (every sale of the currency in the
 * period moves it; the pages are read one after the other). `counts` keeps only the entries
 * it accepts (by what the entry itself says, such as the account on the other side).
 */
export const movementInWindow = async (
  history: LedgerHistory,
  input: WindowInput,
  counts: (entry: HistoryEntry) => boolean = () => true,
): Promise<{ movedMinor: number; itemsRead: number }> => {
  let movedMinor = 0;
  const selected = await selectEntries(history, input, Number.POSITIVE_INFINITY, (entry) => {
    if (counts(entry)) movedMinor += entry.postedChangeMinor;
  });
  return { movedMinor, itemsRead: selected.itemsRead };
};
