import { describe, expect, it } from 'vitest';
import { backoffWithinBudget, timeForAnotherAttempt, withTimeLeft } from '../../../shared/contention';
import { DomainError } from '../../../shared/errors';
import { CONTENTION_ANSWER_RESERVE_MILLISECONDS, RESERVATION_CONFLICT_RETRY } from '../../../shared/limits';
import type { SecretHasher } from '../../../shared/ports';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { completeReservation } from '../../../shared/domain/reservations/complete';
import { updateReservation } from '../../../shared/domain/reservations/metadata';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { admitViewer } from '../../../shared/domain/reservations/viewers';
import { redeemTicket } from '../../../shared/domain/rights/redeem';
import type { Principal } from '../../../shared/domain/principal';
import { alignedStart, booking, customer, makeMemoryDeps, openAccounts, provider } from '../../fixtures/reservations';
import { makeRightsWorld } from '../../fixtures/rights-world';
import { codeOf } from '../../fixtures/errors';

/**
 * Retry loops on version and transaction conflicts are bounded by the time the request has
 * left (shared/contention.ts). Conflicts are injected through the ports and the time left is
 * a number the test sets, so nothing here depends on how fast the machine is.
 */

/** A time left the test controls. */
const timeLeft = (startMs: number) => {
  const state = { remainingMs: startMs };
  return { state, source: { remainingMs: () => state.remainingMs } };
};

const PROVIDER = provider('prov-contended');

const confirmedShow = async (viewers: readonly string[] = []) => {
  const fixture = makeMemoryDeps();
  await openAccounts(fixture.deps, {
    providerId: PROVIDER.subject,
    customers: [{ id: 'alice', fundMinor: 10_000 }, ...viewers.map((id) => ({ id }))],
  });
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_c', {
    name: 'main',
    capacity: 10,
    bandwidthKbps: 4_000,
    feePerSlotMinor: 1_000,
    currency: 'JPY',
  });
  const startsAtMs = alignedStart(fixture.clock.now(), 24);
  const booked = await createReservation(fixture.deps, customer('alice'), 'rsv_c', booking(channel.id, startsAtMs));
  return { ...fixture, booked, startsAtMs };
};

describe('the time budget of retry loops (shared/contention.ts)', () => {
  it('waits its jitter and goes on while the answer keeps its reserve, and gives up at once (no wait) when it would not', async () => {
    // Prepare
    const { state, source } = timeLeft(CONTENTION_ANSWER_RESERVE_MILLISECONDS + 150);
    const slept: number[] = [];
    const sleep = async (milliseconds: number) => {
      slept.push(milliseconds);
    };
    const limits = { baseMilliseconds: 100, capMilliseconds: 100 };

    // Act
    const answers = await withTimeLeft(source, async () => {
      const shortWait = await backoffWithinBudget(1, limits, sleep, () => 0.5); // waits 50 of the 150 to spare
      state.remainingMs = CONTENTION_ANSWER_RESERVE_MILLISECONDS + 49;
      const tooLong = await backoffWithinBudget(1, limits, sleep, () => 0.5); // 50 > 49
      return [shortWait, tooLong];
    });

    // Assess
    expect(answers).toEqual([true, false]);
    expect(slept).toEqual([50]);
    expect(timeForAnotherAttempt()).toBe(true); // no deadline outside a request
  });
});

describe('reservation changes under contention', () => {
  it('hashes a new show password once, however many attempts lose their race (probe-m 4)', async () => {
    // Prepare: the first two writes lose a race; the hasher counts its work.
    const { deps, store, booked } = await confirmedShow();
    let hashes = 0;
    const counting: SecretHasher = {
      hash: async (secret) => {
        hashes += 1;
        return deps.passwords.hash(secret);
      },
      matches: (secret, storedHash) => deps.passwords.matches(secret, storedHash),
    };
    const write = store.updateMetadata.bind(store);
    let losses = 2;
    store.updateMetadata = async (update) => (losses-- > 0 ? undefined : write(update));

    // Act
    const updated = await updateReservation({ ...deps, passwords: counting }, customer('alice'), booked.id, {
      openLevel: 'password',
      password: 'pw-abcdefgh',
      title: 'Hidden',
    });

    // Assess
    expect(hashes).toBe(1);
    expect(updated).toMatchObject({ title: 'Hidden', openLevel: 'password' });
    expect(await deps.passwords.matches('pw-abcdefgh', updated.passwordHash ?? '')).toBe(true);
  });

  it('answers 409 TRANSACTION_CONFLICT with nothing written once the request is short of time, not after every attempt', async () => {
    // Prepare: every write loses its race, and each attempt costs 1 s of the time left.
    const { deps, store, booked } = await confirmedShow();
    const { state, source } = timeLeft(CONTENTION_ANSWER_RESERVE_MILLISECONDS + 2_500);
    let attempts = 0;
    store.updateMetadata = async () => {
      attempts += 1;
      state.remainingMs -= 1_000;
      return undefined;
    };

    // Act
    const refused = await withTimeLeft(source, () =>
      codeOf(updateReservation(deps, customer('alice'), booked.id, { title: 'Never' })),
    );

    // Assess: after the third attempt less than the reserve is left (backoff waits are below 200 ms).
    expect(refused).toBe('TRANSACTION_CONFLICT');
    expect(attempts).toBe(3);
    expect(attempts).toBeLessThan(RESERVATION_CONFLICT_RETRY.attemptsMax);
    expect(await store.getReservation(booked.id)).toEqual(booked);
  });

  it('answers a committed cancel as cancelled when revoking its tickets stays contended, and leaves the rest to the completion job (probe-m 6)', async () => {
    // Prepare: a confirmed show with three viewers; the provider's revocation list then stays contended.
    const viewers = ['v1', 'v2', 'v3'];
    const { deps, revocations, booked } = await confirmedShow(viewers);
    await reconfirmReservation(deps, customer('alice'), booked.id);
    for (const viewer of viewers) await admitViewer(deps, customer(viewer), booked.id, `tkt_${viewer}`, undefined);
    const append = revocations.append.bind(revocations);
    let contended = false;
    revocations.append = async (entries) => {
      if (contended && entries.some((entry) => entry.ticketId.startsWith('tkt_v'))) {
        throw new DomainError('TRANSACTION_CONFLICT', 'The revocation list stayed contended; retry the request.');
      }
      return append(entries);
    };
    contended = true;

    // Act
    const cancelled = await cancelReservation(deps, customer('alice'), booked.id);
    const afterAnswer = await deps.store.activeViewers(booked.id, 10);
    contended = false;
    const completion = await completeReservation(deps, booked.id);

    // Assess: the answer is what was committed; the job finishes the tickets.
    expect(cancelled.status).toBe('cancelled');
    expect((await deps.store.getReservation(booked.id))?.status).toBe('cancelled');
    expect(afterAnswer.viewers.length).toBeGreaterThan(0);
    expect(completion).toBe('settled');
    expect((await deps.store.activeViewers(booked.id, 10)).viewers).toEqual([]);
    const listed = await revocations.list(PROVIDER.subject, 0, 10);
    expect(listed.entries.map((entry) => entry.ticketId).sort()).toEqual(
      [cancelled.ticketId, ...viewers.map((viewer) => `tkt_${viewer}`)].sort(),
    );
  });
});

describe('allowance changes under contention', () => {
  it('gives a redeem up with 409 TRANSACTION_CONFLICT and debits nothing when it has no time left for another attempt (probe-m 7)', async () => {
    // Prepare: every commit finds the allowance moved; the pause is the AWS one, under a time left the test sets.
    const world = makeRightsWorld();
    const providerParty = await world.provider();
    const { customer: holder } = await world.customerWithDevice();
    const ticket = await world.ticket(providerParty.id, holder.id, { maxUses: 5 });
    const asProvider: Principal = { role: 'provider', subject: providerParty.id };
    const before = await world.store.read(ticket.id);
    const { state, source } = timeLeft(CONTENTION_ANSWER_RESERVE_MILLISECONDS + 2_500);
    let commits = 0;
    const commit = world.store.commit.bind(world.store);
    world.store.commit = async (change) => {
      commits += 1;
      state.remainingMs -= 1_000;
      return commits < 100 ? 'stale' : commit(change);
    };
    const deps = {
      ...world.redeemDeps,
      pause: (attempt: number) => backoffWithinBudget(attempt, { baseMilliseconds: 5, capMilliseconds: 200 }, async () => {}),
    };

    // Act
    const refused = await withTimeLeft(source, () => codeOf(redeemTicket(deps, asProvider, ticket.id, { nonce: 'n-1' })));

    // Assess
    expect(refused).toBe('TRANSACTION_CONFLICT');
    expect(commits).toBe(3);
    expect(await world.store.read(ticket.id)).toEqual(before);
  });
});
