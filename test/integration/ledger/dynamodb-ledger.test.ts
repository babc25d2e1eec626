import { afterAll } from 'vitest';
import { ledgerContract } from '../../contract/ledger-contract';
import { ledgerGroupsContract } from '../../contract/ledger-groups-contract';
import { ledgerStatedContract } from '../../contract/ledger-stated-contract';
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

ledgerStatedContract('DynamoDB ledger', async () => {
  const { ledger, clock } = await makeDynamoLedger();
  return { ledger, clock };
});
