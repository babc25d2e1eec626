import { lateCaptureContract } from '../../contract/reservation-late-capture-contract';
import { makeMemoryDeps } from '../../fixtures/reservations';

lateCaptureContract('in memory', () => {
  const { deps, clock, store, ledger } = makeMemoryDeps();
  return Promise.resolve({ deps, clock, store, ledger });
});
