import { DomainError, isDomainError } from '../../errors';
import { LEDGER_ENTRIES_PAGE_LIMIT_MAX } from '../../limits';
import type { HistoryEntry, HistoryPage, LedgerHistory } from '../../domain/billing/ports';
import type { LedgerEntries, LedgerQueries } from '../../domain/ledger/ports';
import type { TransferView } from '../../domain/ledger/types';

/**
 * Billing's ledger reads over any ledger with its history (LedgerEntries): every entry of the
 * account from the first one, filtered by recording time. Exact and simple, and reads the
 * whole history each time: for the in-memory ledger of unit tests. DynamoDB has its own
 * (ledger-history-dynamodb.ts) that queries only the window.
 */
export class LedgerHistoryOverLedger implements LedgerHistory {
  constructor(private readonly ledger: Pick<LedgerQueries, 'getTransfer'> & LedgerEntries) {}

  async entriesRecorded(
    accountId: string,
    window: { fromMs?: number; toMs: number },
    page: { limit: number; cursor?: string },
  ): Promise<HistoryPage> {
    const all = await this.history(accountId);
    const inWindow = all.filter(
      (entry) => entry.recordedAtMs <= window.toMs && (window.fromMs === undefined || entry.recordedAtMs >= window.fromMs),
    );
    const start = page.cursor === undefined ? 0 : Number(page.cursor);
    if (!Number.isSafeInteger(start) || start < 0) throw new DomainError('INVALID_CURSOR', 'The cursor was not handed out here.');
    const end = start + page.limit;
    return {
      entries: inWindow.slice(start, end),
      itemsRead: all.length,
      ...(end < inWindow.length ? { nextCursor: String(end) } : {}),
    };
  }

  async transfers(ids: readonly string[]): Promise<{ transfers: TransferView[]; itemsRead: number }> {
    const transfers: TransferView[] = [];
    for (const id of new Set(ids)) {
      try {
        transfers.push(await this.ledger.getTransfer(id));
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'TRANSFER_NOT_FOUND') throw error;
      }
    }
    return { transfers, itemsRead: new Set(ids).size };
  }

  private async history(accountId: string): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    let cursor: string | undefined;
    let postedBefore = 0n;
    try {
      do {
        const page = await this.ledger.listEntries(accountId, {
          limit: LEDGER_ENTRIES_PAGE_LIMIT_MAX,
          ...(cursor === undefined ? {} : { cursor }),
        });
        for (const entry of page.entries) {
          // The served entry does not name the other side: in memory, its transfer does.
          const transfer = await this.ledger.getTransfer(entry.transferId);
          entries.push({
            accountId,
            transferId: entry.transferId,
            kind: entry.kind,
            counterAccountId: entry.side === 'debit' ? transfer.creditAccountId : transfer.debitAccountId,
            // One transfer's change: at most its amount, a safe integer (running balances may not be).
            postedChangeMinor: Number(BigInt(entry.postedBalanceAfter) - postedBefore),
            effectiveAtMs: Date.parse(entry.effectiveAt),
            recordedAtMs: Date.parse(entry.recordedAt),
          });
          postedBefore = BigInt(entry.postedBalanceAfter);
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    } catch (error) {
      if (isDomainError(error) && error.code === 'ACCOUNT_NOT_FOUND') return [];
      throw error;
    }
    return entries;
  }
}
