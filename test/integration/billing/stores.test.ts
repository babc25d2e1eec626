import { afterAll } from 'vitest';
import { DynamoActivityIndex } from '../../../shared/adapters/aws/billing-activity-dynamodb';
import { DynamoBillingRunStore, DynamoRemittanceStore } from '../../../shared/adapters/aws/billing-runs-dynamodb';
import { DynamoStatementStore } from '../../../shared/adapters/aws/billing-statements-dynamodb';
import { DynamoLedgerHistory } from '../../../shared/adapters/aws/ledger-history-dynamodb';
import { DynamoChargeCatalog } from '../../../shared/adapters/aws/billing-catalog-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { billingTable, coreTable, reservationsTable } from '../../../shared/resources/tables';
import { chargeCatalogContract } from '../../contract/charge-catalog-contract';
import { billingStoresContract } from '../../contract/billing-stores-contract';
import { ledgerHistoryContract } from '../../contract/ledger-history-contract';
import { dropDynamoLedgers, makeDynamoLedger } from '../ledger/table';
import { dropTables, dynamo, freshTable } from './tables';

afterAll(async () => {
  await dropTables();
  await dropDynamoLedgers();
});

billingStoresContract('DynamoDB', async () => {
  const { documentClient } = dynamo();
  const tableName = await freshTable(billingTable);
  return {
    activity: new DynamoActivityIndex(documentClient, tableName),
    statements: new DynamoStatementStore(documentClient, tableName),
    runs: new DynamoBillingRunStore(documentClient, tableName),
    remittances: new DynamoRemittanceStore(documentClient, tableName),
  };
});

ledgerHistoryContract('DynamoDB', async () => {
  const { ledger, clock, documentClient, tableName } = await makeDynamoLedger();
  return { ledger, history: new DynamoLedgerHistory(documentClient, tableName), clock };
});

chargeCatalogContract('DynamoDB batches', async () => {
  const { documentClient } = dynamo();
  const [core, reservations] = await Promise.all([freshTable(coreTable), freshTable(reservationsTable)]);
  return {
    catalog: new DynamoChargeCatalog(documentClient, { core, reservations }),
    purchases: new DynamoPurchaseStore(documentClient, core),
  };
});
