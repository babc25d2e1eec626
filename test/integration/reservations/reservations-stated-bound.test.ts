import { afterAll } from 'vitest';
import { statedBoundReservationContract } from '../../contract/reservation-stated-bound-contract';
import { dropDynamoLedgers } from '../ledger/table';
import { dropReservationTables, makeDynamoReservations } from './reservations-fixture';

afterAll(async () => {
  await dropReservationTables();
  await dropDynamoLedgers();
});

statedBoundReservationContract('DynamoDB', async () => {
  const { deps, clock, store, ledger } = await makeDynamoReservations();
  return { deps, clock, store, ledger };
});
