import { afterAll } from 'vitest';
import { ledgerContract } from '../../contract/ledger-contract';
import { dropDynamoLedgers, makeDynamoLedger } from './table';

afterAll(dropDynamoLedgers);

ledgerContract('DynamoDB ledger', async () => {
  const { ledger, clock } = await makeDynamoLedger();
  return { ledger, clock };
});
