import { describe, it } from 'vitest';
import { ManualClock } from '../../../shared/ports';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import { checkLedgerProperty } from '../../contract/ledger-properties';

const LEDGER_TEST_START_MS = Date.parse('2026-11-22T02:13:00.000Z');

describe('in-memory ledger invariants', () => {
  it('keeps debits equal to credits, respects every flag and treats replays as no-ops over random sequences', async () => {
    await checkLedgerProperty(
      async () => {
        const clock = new ManualClock(LEDGER_TEST_START_MS);
        return { ledger: new MemoryLedger({ clock }), clock };
      },
      { numRuns: 200 },
    );
  });
});
