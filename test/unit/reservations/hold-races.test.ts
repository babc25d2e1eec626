import { describe, expect, it } from 'vitest';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { DomainError, InvariantViolationError } from '../../../shared/errors';
import { holdRaceContract, holdRaceSetUp } from '../../contract/reservation-hold-races-contract';
import { codeOf } from '../../fixtures/errors';
import { makeMemoryDeps } from '../../fixtures/reservations';

const memoryWorld = () => {
  const { deps, clock, store, ledger } = makeMemoryDeps();
  return { deps, clock, store, ledger };
};

holdRaceContract('in memory', () => Promise.resolve(memoryWorld()));

describe('a ledger refusal inside a reservation change', () => {
  it('is never answered as the ledger code: a refusal on a reservation that did not move is a broken invariant', async () => {
    // Prepare: the ledger refuses every posting (fault injection: the emulated ledger never refuses this one).
    const world = memoryWorld();
    const fixture = await holdRaceSetUp(world);
    await reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id);
    world.ledger.createTransfers = () =>
      Promise.reject(new DomainError('LINKED_TRANSFER_FAILED', 'The linked posting was refused.'));

    // Act
    const answer = cancelReservation(fixture.deps, fixture.booker, fixture.reservation.id);

    // Assess
    await expect(answer).rejects.toBeInstanceOf(InvariantViolationError);
    // The cancel committed; the completion job finishes the money step once the ledger takes it.
    expect(await world.store.getReservation(fixture.reservation.id)).toMatchObject({ status: 'cancelled' });
    expect(world.store.dueEntry(fixture.reservation.id)).toMatchObject({ kind: 'complete' });
  });

  it('on a reservation that moved meanwhile is answered as the reservation now is', async () => {
    // Prepare: while the reconfirm places its hold, the booking is cancelled, and the ledger
    // refuses the hold (fault injection: the refusal a racer's resolution of the hold causes).
    const world = memoryWorld();
    const fixture = await holdRaceSetUp(world);
    const original = world.ledger.createTransfers.bind(world.ledger);
    let interleaved = false;
    world.ledger.createTransfers = async (operations) => {
      if (interleaved || !operations.some((operation) => operation.action === 'create')) return original(operations);
      interleaved = true;
      await cancelReservation(fixture.deps, fixture.booker, fixture.reservation.id);
      throw new DomainError('TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS', 'The hold exists with other fields.');
    };

    // Act
    const answer = await codeOf(reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id));

    // Assess
    expect(answer).toBe('RESERVATION_NOT_ACTIVE');
  });
});
