import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../shared/domain/billing/period';
import type { HistoryEntry, HistoryPage, LedgerHistory } from '../../../shared/domain/billing/ports';
import { movementInWindow, readWindow } from '../../../shared/domain/billing/window';
import { BILLING_STATEMENT_PAGE_LINES_DEFAULT, BILLING_STATEMENT_STEP_ENTRIES_PER_PAGE_LINE } from '../../../shared/limits';

/** The entries a statement message reads at most with the default pages. */
const STEP_ENTRIES = BILLING_STATEMENT_STEP_ENTRIES_PER_PAGE_LINE * BILLING_STATEMENT_PAGE_LINES_DEFAULT;

const period = parsePeriod('2026-11');
const accountId = 'platform-fees:JPY';

/** One account whose history holds `count` fee entries of 10 inside the period, served in pages as the ledger does. */
const feeHistory = (count: number): { history: LedgerHistory; pagesRead: () => number } => {
  let pages = 0;
  const entry = (index: number): HistoryEntry => ({
    accountId,
    transferId: `tr_${index}`,
    kind: 'single',
    counterAccountId: 'revenue:prv_1:JPY',
    postedChangeMinor: 10,
    effectiveAtMs: period.startMs + index,
    recordedAtMs: period.startMs + index,
  });
  return {
    pagesRead: () => pages,
    history: {
      entriesRecorded: (_account, _window, page): Promise<HistoryPage> => {
        pages += 1;
        const start = page.cursor === undefined ? 0 : Number(page.cursor);
        const end = Math.min(count, start + page.limit);
        const entries = Array.from({ length: end - start }, (_, offset) => entry(start + offset));
        return Promise.resolve({ entries, itemsRead: entries.length, ...(end < count ? { nextCursor: String(end) } : {}) });
      },
      transfers: () => Promise.resolve({ transfers: [], itemsRead: 0 }),
    },
  };
};

describe('the ledger window of a billing period', () => {
  const count = STEP_ENTRIES + 2_500;
  const input = { accountIds: [accountId], period, asOfMs: period.endMs + 60_000 };

  it('adds up the platform fee account of a month with more sales than one statement may hold, page by page', async () => {
    const { history, pagesRead } = feeHistory(count);
    const moved = await movementInWindow(history, input);
    expect(moved).toEqual({ movedMinor: 10 * count, itemsRead: count });
    expect(pagesRead()).toBeGreaterThan(1);
  });

  it('reads no window of more entries than one message reads (such a statement is built in steps)', async () => {
    const { history, pagesRead } = feeHistory(count);
    expect(await readWindow(history, input, STEP_ENTRIES)).toBeUndefined();
    // It stopped at the first page beyond the limit, without reading the rest or any transfer.
    expect(pagesRead()).toBe(Math.ceil(STEP_ENTRIES / 1_000) + 1);
  });
});
