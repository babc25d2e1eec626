import { afterAll, describe, it } from 'vitest';
import { checkLedgerProperty } from '../../contract/ledger-properties';
import { dropDynamoLedgers, makeDynamoLedger } from './table';

afterAll(dropDynamoLedgers);

describe('DynamoDB ledger invariants', () => {
  it('keeps debits equal to credits, respects every flag and treats replays as no-ops over random sequences', async () => {
    // Bounded so the file stays well under a minute against DynamoDB Local.
    await checkLedgerProperty(
      async () => {
        const { ledger, clock } = await makeDynamoLedger();
        return { ledger, clock };
      },
      { numRuns: 25 },
    );
  });
});
