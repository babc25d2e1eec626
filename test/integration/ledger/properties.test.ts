import { afterAll, describe, it } from 'vitest';
import { checkLedgerLimitProperty } from '../../contract/ledger-limit-properties';
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

  it('keeps counters exact past 2^53 and reversals within their original over random sequences near the limit', async () => {
    // Bounded like the one above: each run is a fresh table and a few dozen transactions.
    await checkLedgerLimitProperty(
      async () => {
        const { ledger, clock } = await makeDynamoLedger();
        return { ledger, clock };
      },
      { numRuns: 15, stepsMax: 12 },
    );
  });
});
