import { afterAll } from 'vitest';
import { holdRaceContract } from '../../contract/reservation-hold-races-contract';
import { dropDynamoLedgers } from '../ledger/table';
import { dropReservationTables, makeDynamoReservations } from './reservations-fixture';

afterAll(async () => {
  await dropReservationTables();
  await dropDynamoLedgers();
});

holdRaceContract('DynamoDB', async () => {
  const { deps, clock, store, ledger } = await makeDynamoReservations();
  return { deps, clock, store, ledger };
});
