import { describe, expect, it } from 'vitest';
import type { HistoryEntry, LedgerHistory } from '../../shared/domain/billing/ports';
import type { Ledger } from '../../shared/domain/ledger/ports';
import type { ManualClock } from '../fixtures/clock';

/**
 * One behaviour suite for billing's ledger reads (LedgerHistory), over the in-memory ledger
 * (unit) and DynamoDB (integration): the same transfers give the same entries in a window.
 */
export interface HistoryFixture {
  readonly ledger: Ledger;
  readonly history: LedgerHistory;
  readonly clock: ManualClock;
}

const readAll = async (history: LedgerHistory, accountId: string, window: { fromMs?: number; toMs: number }, limit: number) => {
  const entries: HistoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await history.entriesRecorded(accountId, window, { limit, ...(cursor === undefined ? {} : { cursor }) });
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return entries.sort((left, right) => left.recordedAtMs - right.recordedAtMs || (left.transferId < right.transferId ? -1 : 1));
};

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

export const ledgerHistoryContract = (name: string, make: () => Promise<HistoryFixture>) =>
  describe(`ledger history contract: ${name}`, () => {
    const setUp = async () => {
      const fixture = await make();
      const revenue = unique('revenue');
      const wallet = unique('wallet');
      await fixture.ledger.createAccount({ id: revenue, currency: 'JPY', balanceShards: 4 });
      await fixture.ledger.createAccount({ id: wallet, currency: 'JPY' });
      const startMs = fixture.clock.now();
      const transfer = async (id: string, amountMinor: number) => {
        await fixture.ledger.createTransfers([
          { action: 'create', id, debitAccountId: wallet, creditAccountId: revenue, amountMinor, currency: 'JPY' },
        ]);
        fixture.clock.advanceSeconds(60);
      };
      for (let index = 0; index < 6; index += 1) await transfer(unique(`t${index}`), 100 + index);
      const holdId = unique('hold');
      await fixture.ledger.createTransfers([
        {
          action: 'create',
          id: holdId,
          debitAccountId: wallet,
          creditAccountId: revenue,
          amountMinor: 50,
          currency: 'JPY',
          timeoutSeconds: 3600,
        },
      ]);
      fixture.clock.advanceSeconds(60);
      await fixture.ledger.postPending({ pendingId: holdId, amountMinor: 30 });
      return { ...fixture, revenue, wallet, startMs, holdId };
    };

    it('reads every entry of a sharded account in a window, inclusive at both ends, whatever the page size', async () => {
      const { history, revenue, startMs } = await setUp();
      const everything = await readAll(history, revenue, { toMs: startMs + 3_600_000 }, 100);
      expect(everything.map((entry) => entry.postedChangeMinor)).toEqual([100, 101, 102, 103, 104, 105, 0, 30]);
      const window = { fromMs: startMs + 60_000, toMs: startMs + 180_000 };
      for (const limit of [1, 2, 100]) {
        expect((await readAll(history, revenue, window, limit)).map((entry) => entry.postedChangeMinor)).toEqual([101, 102, 103]);
      }
    });

    it('tells posted money from holds, and the debit side from the credit side', async () => {
      const { history, wallet, startMs, holdId } = await setUp();
      const entries = await readAll(history, wallet, { fromMs: startMs + 360_000, toMs: startMs + 3_600_000 }, 10);
      expect(entries.map((entry) => [entry.kind, entry.postedChangeMinor])).toEqual([
        ['pending', 0],
        ['post', -30],
      ]);
      expect(entries[0]?.transferId).toBe(holdId);
      expect(entries[0]?.effectiveAtMs).toBe(entries[0]?.recordedAtMs);
    });

    it('has no entries for an account that does not exist', async () => {
      const { history } = await make();
      const page = await history.entriesRecorded(unique('nobody'), { toMs: Date.now() }, { limit: 10 });
      expect(page.entries).toEqual([]);
      expect(page.nextCursor).toBeUndefined();
    });

    it('reads transfers in batches, leaving out ids that do not exist', async () => {
      const { history, holdId } = await setUp();
      const { transfers } = await history.transfers([holdId, unique('missing'), holdId]);
      expect(transfers.map((transfer) => transfer.id)).toEqual([holdId]);
      expect(transfers[0]).toMatchObject({ kind: 'pending', amountMinor: 50, currency: 'JPY' });
    });
  });
