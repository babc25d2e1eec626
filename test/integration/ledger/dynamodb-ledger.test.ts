import { afterAll } from 'vitest';
import { ledgerContract } from '../../contract/ledger-contract';
import { ledgerGroupsContract } from '../../contract/ledger-groups-contract';
import { dropDynamoLedgers, makeDynamoLedger } from './table';

afterAll(dropDynamoLedgers);

ledgerContract('DynamoDB ledger', async () => {
  const { ledger, clock } = await makeDynamoLedger();
  return { ledger, clock };
});

ledgerGroupsContract('DynamoDB ledger', async () => {
  const { ledger, clock } = await makeDynamoLedger();
  return { ledger, clock };
});
