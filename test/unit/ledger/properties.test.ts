import { describe, it } from 'vitest';
import { ManualClock } from '../../fixtures/clock';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import { checkLedgerLimitProperty } from '../../contract/ledger-limit-properties';
import { checkLedgerProperty } from '../../contract/ledger-properties';

const LEDGER_TEST_START_MS = Date.parse('2026-11-22T02:13:00.000Z');

const makeLedger = async () => {
  const clock = new ManualClock(LEDGER_TEST_START_MS);
  return { ledger: new MemoryLedger({ clock }), clock };
};

describe('in-memory ledger invariants', () => {
  it('keeps debits equal to credits, respects every flag and treats replays as no-ops over random sequences', async () => {
    await checkLedgerProperty(makeLedger, { numRuns: 200 });
  });

  it('keeps counters exact past 2^53 and reversals within their original over random sequences near the limit', async () => {
    await checkLedgerLimitProperty(makeLedger, { numRuns: 200, stepsMax: 20 });
  });
});
