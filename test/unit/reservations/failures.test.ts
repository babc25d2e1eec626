import { describe, expect, it } from 'vitest';
import { ChannelCreateRequest } from '../../../shared/api/reservations';
import { ConfigError } from '../../../shared/config';
import { testConfig } from '../../fixtures/config';
import { customerWalletAccountId, providerRevenueAccountId } from '../../../shared/domain/parties/accounts';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { completeReservation } from '../../../shared/domain/reservations/complete';
import { expireReservation } from '../../../shared/domain/reservations/expire';
import { reportFailure } from '../../../shared/domain/reservations/failure';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { reservationHoldTransferIdFor, reservationLateCaptureTransferIdFor } from '../../../shared/domain/payments/charge-legs';
import { sweepCompletions, sweepExpired } from '../../../shared/domain/reservations/sweeps';
import { admitViewer } from '../../../shared/domain/reservations/viewers';
import {
  CHANNEL_FEE_PER_SLOT_MINOR_MAX,
  RESERVATION_DUE_CONTENDED_RETRY_SECONDS,
  RESERVATION_DUE_RETRY_SECONDS,
} from '../../../shared/limits';
import {
  alignedStart,
  balancesOf,
  booking,
  customer,
  makeMemoryDeps,
  openAccounts,
  provider,
  registerCustomers,
  crashNextTransition,
  registerProvider,
} from '../../fixtures/reservations';
import { codeOf } from '../../fixtures/errors';
import { DomainError } from '../../../shared/errors';

/**
 * Crashes between steps, holds that are no longer pending, free channels and bad limits: the
 * reservation paths that must end in exactly one effect or a clear 4xx, never a stuck item or
 * a 500. Faults are injected by replacing one method of an in-memory port.
 */
const PROVIDER = provider('prov-faults');
const FEE = 1_000;
const PRICE = 3 * FEE;

const setUp = async (options: { feePerSlotMinor?: number; capacity?: number } = {}) => {
  const fixture = makeMemoryDeps();
  await openAccounts(fixture.deps, {
    providerId: PROVIDER.subject,
    customers: [{ id: 'alice', fundMinor: 10_000 }, { id: 'bob', fundMinor: 10_000 }, { id: 'v1' }, { id: 'v2' }],
  });
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_faults', {
    name: 'faults',
    capacity: options.capacity ?? 5,
    bandwidthKbps: 4_000,
    feePerSlotMinor: options.feePerSlotMinor ?? FEE,
    currency: 'JPY',
  });
  const book = (id: string, hoursAhead = 24, who = 'alice') =>
    createReservation(fixture.deps, customer(who), id, booking(channel.id, alignedStart(fixture.clock.now(), hoursAhead)));
  return { ...fixture, channel, book };
};

describe('a reconfirm that crashed between the hold and the transition', () => {
  it('is confirmed by its retry seconds later, with the one hold the first attempt placed', async () => {
    // Prepare
    const { deps, clock, store, ledger, book } = await setUp();
    const reservation = await book('rsv_crash');
    crashNextTransition(store);
    await expect(reconfirmReservation(deps, customer('alice'), reservation.id)).rejects.toThrow('injected crash');
    clock.advanceSeconds(7);

    // Act
    const retried = await reconfirmReservation(deps, customer('alice'), reservation.id);

    // Assess
    expect(retried.reservation.status).toBe('confirmed');
    expect(await balancesOf(ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({
      debitsPending: PRICE,
      available: 10_000 - PRICE,
    });
    expect(await ledger.getTransfer(reservationHoldTransferIdFor(reservation.id))).toMatchObject({
      state: 'pending',
      amountMinor: PRICE,
    });
  });

  it('leaves no hold pending once the booking is cancelled before reconfirmation', async () => {
    // Prepare
    const { deps, store, ledger, book } = await setUp();
    const reservation = await book('rsv_orphan');
    crashNextTransition(store);
    await expect(reconfirmReservation(deps, customer('alice'), reservation.id)).rejects.toThrow('injected crash');

    // Act
    const cancelled = await cancelReservation(deps, customer('alice'), reservation.id);

    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect(await balancesOf(ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({
      debitsPending: 0,
      debitsPosted: 0,
      available: 10_000,
    });
  });

  it('leaves the booking in the expiry queue when voiding the orphan hold fails, and the next sweep voids it', async () => {
    // Prepare
    const { deps, clock, store, ledger, book } = await setUp();
    const reservation = await book('rsv_void_retry');
    crashNextTransition(store);
    await expect(reconfirmReservation(deps, customer('alice'), reservation.id)).rejects.toThrow('injected crash');
    // Fault injection: the ledger's first void fails.
    const originalVoid = ledger.voidPending.bind(ledger);
    let failed = false;
    ledger.voidPending = async (input) => {
      if (!failed) {
        failed = true;
        throw new Error('injected ledger outage');
      }
      return originalVoid(input);
    };
    clock.set(reservation.reconfirmByMs);
    await expect(expireReservation(deps, reservation.id)).rejects.toThrow('injected ledger outage');

    // Act
    const sweep = await sweepExpired(deps);

    // Assess
    expect(sweep.failed).toBe(0);
    expect((await store.getReservation(reservation.id))?.status).toBe('expired');
    expect(store.dueEntry(reservation.id)).toBeUndefined();
    expect(await balancesOf(ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({ debitsPending: 0 });
  });
});

describe('tickets of a show that will not run', () => {
  const confirmedWithViewers = async () => {
    const fixture = await setUp();
    const reservation = await fixture.book('rsv_tickets');
    const { ticket } = await reconfirmReservation(fixture.deps, customer('alice'), reservation.id);
    const viewers = [
      await admitViewer(fixture.deps, customer('v1'), reservation.id, 'tkt_view_1', undefined),
      await admitViewer(fixture.deps, customer('v2'), reservation.id, 'tkt_view_2', undefined),
    ];
    return { ...fixture, reservation, broadcaster: ticket, viewers };
  };

  it('are revoked and on the provider revocation list after a cancel after reconfirmation', async () => {
    // Prepare
    const { deps, ticketStore, revocations, reservation, broadcaster, viewers } = await confirmedWithViewers();

    // Act
    await cancelReservation(deps, customer('alice'), reservation.id);

    // Assess
    for (const ticket of [broadcaster, ...viewers]) expect((await ticketStore.get(ticket.id))?.status).toBe('revoked');
    const listed = await revocations.list(PROVIDER.subject, 0, 10);
    expect(listed.entries.map((entry) => entry.ticketId).sort()).toEqual([broadcaster.id, ...viewers.map((v) => v.id)].sort());
    expect((await deps.store.getReservation(reservation.id))?.viewersWatching).toBe(0);
  });

  it('are revoked after a failure outcome', async () => {
    // Prepare
    const { deps, ticketStore, reservation, broadcaster, viewers } = await confirmedWithViewers();

    // Act
    await reportFailure(deps, PROVIDER, reservation.id, 'encoder down');

    // Assess
    for (const ticket of [broadcaster, ...viewers]) expect((await ticketStore.get(ticket.id))?.status).toBe('revoked');
  });

  it('are revoked by the completion job when the cancel crashed in its ticket step', async () => {
    // Prepare
    const { deps, clock, ticketStore, revocations, reservation, broadcaster } = await confirmedWithViewers();
    // Fault injection: the revocation list refuses its first append.
    const originalAppend = revocations.append.bind(revocations);
    let failed = false;
    revocations.append = async (entry) => {
      if (!failed) {
        failed = true;
        throw new Error('injected crash in the ticket step');
      }
      return originalAppend(entry);
    };
    await expect(cancelReservation(deps, customer('alice'), reservation.id)).rejects.toThrow('injected crash');
    clock.advanceSeconds(60);

    // Act
    const report = await sweepCompletions(deps);

    // Assess
    expect(report).toMatchObject({ found: 1, done: 1, failed: 0 });
    expect((await ticketStore.get(broadcaster.id))?.status).toBe('revoked');
    expect((await revocations.list(PROVIDER.subject, 0, 10)).entries).toHaveLength(3);
  });
});

describe('the completion job when a revocation list stays contended', () => {
  it('retries the step at its next run, not RESERVATION_DUE_RETRY_SECONDS later, and then finishes it (probe-ae 2)', async () => {
    // Prepare: a cancelled show whose ticket step found the provider's list contended.
    const { deps, clock, store, revocations, book } = await setUp();
    const reservation = await book('rsv_contended');
    await reconfirmReservation(deps, customer('alice'), reservation.id);
    await admitViewer(deps, customer('v1'), reservation.id, 'tkt_contended_1', undefined);
    const append = revocations.append.bind(revocations);
    let contended = true;
    revocations.append = async (entries) => {
      if (contended) throw new DomainError('TRANSACTION_CONFLICT', 'The revocation list stayed contended; retry the request.');
      return append(entries);
    };
    await cancelReservation(deps, customer('alice'), reservation.id);
    clock.advanceSeconds(1);

    // Act
    const contendedRun = await sweepCompletions(deps);
    const dueAfterIt = store.dueEntry(reservation.id);
    contended = false;
    clock.advanceSeconds(60);
    const nextRun = await sweepCompletions(deps);

    // Assess
    expect(contendedRun).toMatchObject({ found: 1, done: 0, failed: 1 });
    expect(dueAfterIt).toEqual({ kind: 'complete', atMs: clock.now() - 60_000 + RESERVATION_DUE_CONTENDED_RETRY_SECONDS * 1000 });
    expect(RESERVATION_DUE_CONTENDED_RETRY_SECONDS).toBeLessThan(60);
    expect(nextRun).toMatchObject({ found: 1, done: 1, failed: 0 });
    expect(store.dueEntry(reservation.id)).toBeUndefined();
    expect((await revocations.list(PROVIDER.subject, 0, 10)).entries.map((entry) => entry.ticketId).sort()).toEqual(
      [(await store.getReservation(reservation.id))?.ticketId, 'tkt_contended_1'].sort(),
    );
  });
});

describe('the completion job with a hold that is no longer pending', () => {
  it('captures late a show whose hold expired in the ledger, takes it out of the queue, and the next due show still completes', async () => {
    // Prepare
    const { deps, clock, store, ledger, book } = await setUp();
    const early = await book('rsv_early', 24);
    const late = await book('rsv_late', 24 + 48, 'bob');
    await reconfirmReservation(deps, customer('alice'), early.id);
    await reconfirmReservation(deps, customer('bob'), late.id);
    // The job ran (its watermark is stored, as in production), then was down longer than the
    // early hold's margin (endsAt + grace + 1 day): a first run ever would look back only a day.
    await sweepCompletions(deps);
    clock.set(late.endsAtMs + 15 * 60_000);

    // Act
    const report = await sweepCompletions(deps);

    // Assess
    expect(report).toMatchObject({ found: 2, done: 2, failed: 0 });
    expect(await store.getReservation(early.id)).toMatchObject({
      status: 'completed',
      lateCaptureTransferId: reservationLateCaptureTransferIdFor(early.id),
    });
    expect((await store.getReservation(early.id))?.settlementProblem).toBeUndefined();
    expect(store.dueEntry(early.id)).toBeUndefined();
    expect(await store.getReservation(late.id)).toMatchObject({ status: 'completed' });
    expect((await store.getReservation(late.id))?.settlementProblem).toBeUndefined();
    expect((await store.getReservation(late.id))?.lateCaptureTransferId).toBeUndefined();
    expect(await balancesOf(ledger, providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toMatchObject({
      creditsPosted: 2 * PRICE,
      creditsPending: 0,
    });
  });

  it('moves an item whose step failed into a later bucket instead of leaving it where it was due', async () => {
    // Prepare
    const { deps, clock, store, ledger, book } = await setUp();
    const reservation = await book('rsv_retry');
    await reconfirmReservation(deps, customer('alice'), reservation.id);
    // Fault injection: the ledger is down for the posting (a linked write that starts with the post leg).
    const createTransfers = ledger.createTransfers.bind(ledger);
    ledger.createTransfers = async (operations) => {
      if (operations[0]?.action === 'post') throw new Error('injected ledger outage');
      return createTransfers(operations);
    };
    clock.set(reservation.endsAtMs + 15 * 60_000);

    // Act
    const report = await sweepCompletions(deps);

    // Assess
    expect(report).toMatchObject({ found: 1, done: 0, failed: 1 });
    expect(store.dueEntry(reservation.id)).toEqual({
      kind: 'complete',
      atMs: clock.now() + RESERVATION_DUE_RETRY_SECONDS * 1000,
    });
  });
});

describe('channels and their money', () => {
  it('opens the provider revenue account in the channel currency, so that a reconfirm on a new provider channel holds the price', async () => {
    // Prepare
    const fixture = makeMemoryDeps();
    const newcomer = provider('prov-newcomer');
    await registerProvider(fixture.deps, newcomer.subject);
    await registerCustomers(fixture.deps, [{ id: 'alice', fundMinor: 5_000 }], 'USD');

    // Act
    const channel = await createChannel(fixture.deps, newcomer, 'chn_usd', {
      name: 'usd',
      capacity: 3,
      bandwidthKbps: 1_000,
      feePerSlotMinor: 100,
      currency: 'USD',
    });
    const reservation = await createReservation(
      fixture.deps,
      customer('alice'),
      'rsv_usd',
      booking(channel.id, alignedStart(fixture.clock.now(), 24)),
    );
    const reconfirmed = await reconfirmReservation(fixture.deps, customer('alice'), reservation.id);

    // Assess
    expect(reconfirmed.reservation.status).toBe('confirmed');
    expect(await balancesOf(fixture.ledger, providerRevenueAccountId(newcomer.subject, 'USD'))).toMatchObject({
      creditsPending: 300,
    });
  });

  it('opens the provider accounts on a reconfirm only when the ledger misses them (a channel stored before channels opened them)', async () => {
    // Prepare
    const fixture = makeMemoryDeps();
    const veteran = provider('prov-veteran');
    await registerProvider(fixture.deps, veteran.subject);
    await registerCustomers(fixture.deps, [{ id: 'alice', fundMinor: 5_000 }], 'USD');
    // Stored as the channel creation once did, without opening its accounts in USD.
    const { channel } = await fixture.deps.store.createChannel({
      id: 'chn_old',
      providerId: veteran.subject,
      name: 'old',
      capacity: 3,
      bandwidthKbps: 1_000,
      feePerSlotMinor: 100,
      currency: 'USD',
      createdAtMs: fixture.clock.now(),
    });
    const reservation = await createReservation(
      fixture.deps,
      customer('alice'),
      'rsv_old',
      booking(channel.id, alignedStart(fixture.clock.now(), 24)),
    );
    const opened: string[] = [];
    const createAccount = fixture.ledger.createAccount.bind(fixture.ledger);
    fixture.ledger.createAccount = (input) => {
      opened.push(String(input.id));
      return createAccount(input);
    };

    // Act
    const reconfirmed = await reconfirmReservation(fixture.deps, customer('alice'), reservation.id);
    const openedByFirst = [...opened];
    await reconfirmReservation(fixture.deps, customer('alice'), reservation.id);

    // Assess
    expect(reconfirmed.reservation.status).toBe('confirmed');
    expect(await balancesOf(fixture.ledger, providerRevenueAccountId(veteran.subject, 'USD'))).toMatchObject({
      creditsPending: reservation.priceMinor,
    });
    expect(openedByFirst).toContain(providerRevenueAccountId(veteran.subject, 'USD'));
    expect(opened).toEqual(openedByFirst);
  });

  it('places the hold on a channel whose accounts are open without opening them again', async () => {
    // Prepare
    const { deps, channel, clock, ledger } = await setUp();
    const reservation = await createReservation(
      deps,
      customer('alice'),
      'rsv_open',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );
    let openings = 0;
    const createAccount = ledger.createAccount.bind(ledger);
    ledger.createAccount = (input) => {
      openings += 1;
      return createAccount(input);
    };

    // Act
    const reconfirmed = await reconfirmReservation(deps, customer('alice'), reservation.id);

    // Assess
    expect(reconfirmed.reservation.status).toBe('confirmed');
    expect(openings).toBe(0);
  });

  it('answers a reconfirm by a customer without a wallet in the channel currency with 402 INSUFFICIENT_FUNDS', async () => {
    // Prepare
    const { deps, channel, clock } = await setUp();
    await registerCustomers(deps, ['walletless'], 'EUR');
    const reservation = await createReservation(
      deps,
      customer('walletless'),
      'rsv_walletless',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );

    // Act
    const code = await codeOf(reconfirmReservation(deps, customer('walletless'), reservation.id));

    // Assess
    expect(code).toBe('INSUFFICIENT_FUNDS');
    expect((await deps.store.getReservation(reservation.id))?.status).toBe('pending_reconfirmation');
  });

  it('confirms, cancels and completes shows of a free channel without a hold', async () => {
    // Prepare
    const { deps, clock, ledger, book } = await setUp({ feePerSlotMinor: 0 });
    const cancelled = await book('rsv_free_cancel', 24);
    const completed = await book('rsv_free_show', 30);

    // Act
    const first = await reconfirmReservation(deps, customer('alice'), cancelled.id);
    const second = await reconfirmReservation(deps, customer('alice'), completed.id);
    const afterCancel = await cancelReservation(deps, customer('alice'), cancelled.id);
    clock.set(completed.endsAtMs + 15 * 60_000);
    const outcome = await completeReservation(deps, completed.id);

    // Assess
    expect([first.reservation.status, second.reservation.status]).toEqual(['confirmed', 'confirmed']);
    expect(first.reservation.holdTransferId).toBeUndefined();
    expect(afterCancel.status).toBe('cancelled');
    expect(outcome).toBe('completed');
    expect(await balancesOf(ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({
      debitsPending: 0,
      debitsPosted: 0,
    });
  });

  it('refuses a fee per slot whose longest booking would not be a safe integer, naming feePerSlotMinor', async () => {
    // Prepare
    const { deps } = makeMemoryDeps();
    await registerProvider(deps, PROVIDER.subject);
    const input = {
      name: 'pricey',
      capacity: 1,
      bandwidthKbps: 1,
      feePerSlotMinor: CHANNEL_FEE_PER_SLOT_MINOR_MAX + 1,
      currency: 'JPY',
    };

    // Act
    const parsed = ChannelCreateRequest.safeParse(input);
    const domain = createChannel(deps, PROVIDER, 'chn_pricey', input);

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['feePerSlotMinor']);
    await expect(domain).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'feePerSlotMinor' }] });
    expect(ChannelCreateRequest.safeParse({ ...input, feePerSlotMinor: CHANNEL_FEE_PER_SLOT_MINOR_MAX }).success).toBe(true);
  });
});

describe('reservation configuration', () => {
  it('refuses at init a slot length whose longest booking would not fit the ledger longest hold', () => {
    // Prepare
    const day = { KIPPU_RESERVATION_SLOT_SECONDS: '86400' };
    const hour = { KIPPU_RESERVATION_SLOT_SECONDS: '3600' };

    // Act
    const refused = () => testConfig(day).reservations;
    const accepted = testConfig(hour).reservations;

    // Assess
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow(/KIPPU_RESERVATION_SLOT_SECONDS/);
    expect(accepted.slotSeconds).toBe(3600);
  });
});

describe('a failure report and its deadline endsAt + completion grace', () => {
  it('is accepted just before the deadline and refused with SHOW_ENDED from it on, whether or not the completion job has run', async () => {
    // Prepare
    const { deps, clock, ledger, book } = await setUp();
    const early = await book('rsv_report_early');
    const late = await book('rsv_report_late', 25);
    for (const show of [early, late]) await reconfirmReservation(deps, customer('alice'), show.id);
    const graceMs = deps.reservationConfig.completionGraceSeconds * 1000;

    // Act
    clock.set(early.endsAtMs + graceMs - 1);
    const inTime = await reportFailure(deps, PROVIDER, early.id, 'encoder down');
    clock.set(late.endsAtMs + graceMs);
    const tooLate = await codeOf(reportFailure(deps, PROVIDER, late.id, 'encoder down'));
    const stillConfirmed = await deps.store.getReservation(late.id);
    await sweepCompletions(deps);

    // Assess
    expect(inTime.status).toBe('failed');
    expect(tooLate).toBe('SHOW_ENDED');
    expect(stillConfirmed?.status).toBe('confirmed');
    expect((await deps.store.getReservation(late.id))?.status).toBe('completed');
    expect(await balancesOf(ledger, providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toMatchObject({ posted: PRICE });
  });

  it('answers a late report and a cancel of an ended show with SHOW_ENDED before and after the completion job ran', async () => {
    // Prepare
    const { deps, clock, book } = await setUp();
    const ended = await book('rsv_report_after_job');
    const failed = await book('rsv_report_failed_then_cancel', 25);
    for (const show of [ended, failed]) await reconfirmReservation(deps, customer('alice'), show.id);
    await reportFailure(deps, PROVIDER, failed.id, 'encoder down');
    const graceMs = deps.reservationConfig.completionGraceSeconds * 1000;
    clock.set(Math.max(ended.endsAtMs, failed.endsAtMs) + graceMs + 5_000);

    // Act
    const before = [
      await codeOf(reportFailure(deps, PROVIDER, ended.id, 'encoder down')),
      await codeOf(cancelReservation(deps, customer('alice'), ended.id)),
    ];
    await sweepCompletions(deps);
    const completed = await deps.store.getReservation(ended.id);
    const after = [
      await codeOf(reportFailure(deps, PROVIDER, ended.id, 'encoder down')),
      await codeOf(cancelReservation(deps, customer('alice'), ended.id)),
    ];
    const cancelOfFailed = await codeOf(cancelReservation(deps, customer('alice'), failed.id));

    // Assess
    expect(completed?.status).toBe('completed');
    expect(before).toEqual(['SHOW_ENDED', 'SHOW_ENDED']);
    expect(after).toEqual(before);
    expect(cancelOfFailed).toBe('RESERVATION_NOT_ACTIVE');
  });
});
