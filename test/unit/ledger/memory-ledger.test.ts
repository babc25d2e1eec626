import { ManualClock } from '../../fixtures/clock';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import { ledgerContract } from '../../contract/ledger-contract';
import { ledgerGroupsContract } from '../../contract/ledger-groups-contract';
import { ledgerStatedContract } from '../../contract/ledger-stated-contract';

const LEDGER_TEST_START_MS = Date.parse('2026-11-22T02:13:00.000Z');

ledgerContract('in-memory ledger', async () => {
  const clock = new ManualClock(LEDGER_TEST_START_MS);
  return { ledger: new MemoryLedger({ clock }), clock };
});

ledgerGroupsContract('in-memory ledger', async () => {
  const clock = new ManualClock(LEDGER_TEST_START_MS);
  return { ledger: new MemoryLedger({ clock }), clock };
});

ledgerStatedContract('in-memory ledger', async () => {
  const clock = new ManualClock(LEDGER_TEST_START_MS);
  return { ledger: new MemoryLedger({ clock }), clock };
});
