import { statedBoundReservationContract } from '../../contract/reservation-stated-bound-contract';
import { makeMemoryDeps } from '../../fixtures/reservations';

statedBoundReservationContract('in memory', () => {
  const { deps, clock, store, ledger } = makeMemoryDeps();
  return Promise.resolve({ deps, clock, store, ledger });
});
