import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors';
import { parsePeriod } from '../../../shared/domain/billing/period';
import type { HistoryEntry, HistoryPage, LedgerHistory } from '../../../shared/domain/billing/ports';
import { movementInWindow, readWindow } from '../../../shared/domain/billing/window';
import { BILLING_STATEMENT_ENTRIES_MAX } from '../../../shared/limits';

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
  const count = BILLING_STATEMENT_ENTRIES_MAX + 2_500;
  const input = { accountIds: [accountId], period, asOfMs: period.endMs + 60_000 };

  it('adds up the platform fee account of a month with more sales than one statement may hold, page by page', async () => {
    const { history, pagesRead } = feeHistory(count);
    const moved = await movementInWindow(history, input);
    expect(moved).toEqual({ movedMinor: 10 * count, itemsRead: count });
    expect(pagesRead()).toBeGreaterThan(1);
  });

  it('refuses a statement of an account with more entries than a statement may hold, naming the account', async () => {
    const { history } = feeHistory(count);
    const refused = await readWindow(history, input).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('STATEMENT_TOO_LARGE');
    expect((refused as DomainError).detail).toContain(accountId);
  });
});
