import {
  MemoryActivityIndex,
  MemoryBillingRunStore,
  MemoryRemittanceStore,
  MemoryStatementStore,
} from '../../../shared/adapters/memory/billing';
import { LedgerHistoryOverLedger } from '../../../shared/adapters/memory/ledger-history';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import { MemoryReservationStore } from '../../../shared/adapters/memory/reservations';
import { StoreChargeCatalog } from '../../../shared/domain/billing/catalog';
import { ManualClock } from '../../fixtures/clock';
import { chargeCatalogContract } from '../../contract/charge-catalog-contract';
import { billingStoresContract } from '../../contract/billing-stores-contract';
import { ledgerHistoryContract } from '../../contract/ledger-history-contract';

billingStoresContract('in memory', async () => ({
  activity: new MemoryActivityIndex(),
  statements: new MemoryStatementStore(),
  runs: new MemoryBillingRunStore(),
  remittances: new MemoryRemittanceStore(),
}));

ledgerHistoryContract('over the in-memory ledger', async () => {
  const clock = new ManualClock(Date.parse('2026-10-05T10:00:00.000Z'));
  const ledger = new MemoryLedger({ clock });
  return { ledger, history: new LedgerHistoryOverLedger(ledger), clock };
});

chargeCatalogContract('over the in-memory stores', async () => {
  const purchases = new MemoryPurchaseStore();
  return { catalog: new StoreChargeCatalog(purchases, new MemoryReservationStore()), purchases };
});
