import { afterAll } from 'vitest';
import { lateCaptureContract } from '../../contract/reservation-late-capture-contract';
import { dropDynamoLedgers } from '../ledger/table';
import { dropReservationTables, makeDynamoReservations } from './reservations-fixture';

afterAll(async () => {
  await dropReservationTables();
  await dropDynamoLedgers();
});

lateCaptureContract('DynamoDB', async () => {
  const { deps, clock, store, ledger } = await makeDynamoReservations();
  return { deps, clock, store, ledger };
});
