import { describe, expect, it } from 'vitest';
import { makeHandler as makeLedgerExpireHandler } from '../../../functions/ledger-expire/handler';
import { makeHandler as makeRecoverHandler } from '../../../functions/purchase-recover/handler';
import { makeHandler as makeCompleteHandler } from '../../../functions/reservation-complete/handler';
import { makeHandler as makeExpireHandler } from '../../../functions/reservation-expire/handler';
import { makeHandler as makeNotifyHandler } from '../../../functions/reservation-notify/handler';
import { makeHandler as makeSweepHandler } from '../../../functions/reservation-sweep/handler';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import { derivedResolutionId } from '../../../shared/domain/ledger/keys';
import { createPurchase } from '../../../shared/domain/purchases/create';
import { purchaseIdFor } from '../../../shared/domain/purchases/purchase';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { ManualClock } from '../../fixtures/clock';
import { TEST_BASE, recordingLogger } from '../../fixtures/handlers';
import { recordingMetrics } from '../../fixtures/metrics';
import { makeWorld, worldRecoveryDeps } from '../../fixtures/purchases-world';
import { alignedStart, booking, customer, makeMemoryDeps, openAccounts, provider } from '../../fixtures/reservations';

/**
 * The scheduled functions (sweepers and the one-time expiry target) through their
 * makeHandler with in-memory ports: what each does on a run and what it reports.
 */
const PROVIDER = provider('prov-sweep');

/** A channel and `count` of alice's pending bookings, a day ahead. */
const bookings = async (count: number) => {
  const fixture = makeMemoryDeps();
  const metrics = recordingMetrics();
  const deps = { ...TEST_BASE, ...fixture.deps, metrics, tickets: { ...fixture.deps.tickets, metrics } };
  await openAccounts(fixture.deps, { providerId: PROVIDER.subject, customers: [{ id: 'alice', fundMinor: 10_000 }] });
  await createChannel(deps, PROVIDER, 'chn_sweep', {
    name: 'sweep',
    capacity: 3,
    bandwidthKbps: 1_000,
    feePerSlotMinor: 100,
    currency: 'JPY',
  });
  const booked = [];
  for (let index = 0; index < count; index += 1) {
    booked.push(
      await createReservation(
        deps,
        customer('alice'),
        `rsv_${index}`,
        booking('chn_sweep', alignedStart(fixture.clock.now(), 24 + index)),
      ),
    );
  }
  return { ...fixture, deps, booked, metrics };
};

describe('reservation sweepers', () => {
  it('reservation-sweep expires every booking past its deadline, once, and reports and counts what it read', async () => {
    // Prepare
    const { deps, clock, booked, store, metrics } = await bookings(2);
    const sweep = makeSweepHandler(deps);
    await sweep();
    clock.set((booked[1]?.reconfirmByMs ?? 0) + 1);
    metrics.points.length = 0;

    // Act
    const first = await sweep();
    const second = await sweep();

    // Assess
    expect(first).toEqual({ itemsRead: 3, found: 2, done: 2, failed: 0, behind: false });
    expect(second).toEqual({ itemsRead: 1, found: 0, done: 0, failed: 0, behind: false });
    expect([...store.reservations.values()].map((reservation) => reservation.status)).toEqual(['expired', 'expired']);
    const sweeper = { sweeper: 'reservationExpirySweep' };
    expect(metrics.points).toEqual([
      { name: 'ReservationsExpired', value: 1, dimensions: {} },
      { name: 'ReservationsExpired', value: 1, dimensions: {} },
      { name: 'SweeperItemsRead', value: 3, dimensions: sweeper },
      { name: 'SweeperDueItemsLeft', value: 0, dimensions: sweeper },
      { name: 'SweeperItemsRead', value: 1, dimensions: sweeper },
      { name: 'SweeperDueItemsLeft', value: 0, dimensions: sweeper },
    ]);
  });

  it('reservation-expire expires the booking its schedule names, and drops an input without an id', async () => {
    // Prepare
    const { deps, clock, booked } = await bookings(1);
    const expire = makeExpireHandler(deps);
    const reservationId = booked[0]?.id ?? '';
    clock.set(booked[0]?.reconfirmByMs ?? 0);

    // Act
    const fired = await expire({
      source: 'kippu.schedule',
      scheduleId: `rsv-expire-${reservationId}`,
      detail: { reservationId },
    });
    const repeat = await expire({
      source: 'kippu.schedule',
      scheduleId: `rsv-expire-${reservationId}`,
      detail: { reservationId },
    });
    const malformed = await expire({ source: 'kippu.schedule', scheduleId: 'rsv-expire-?' });

    // Assess
    expect(fired).toEqual({ reservationId, outcome: 'expired' });
    expect(repeat).toEqual({ reservationId, outcome: 'not_pending' });
    expect(malformed).toEqual({ outcome: 'malformed' });
  });

  it('reservation-complete completes a show after its end plus the grace and posts its hold', async () => {
    // Prepare
    const { deps, clock, booked, store, metrics } = await bookings(1);
    const show = booked[0];
    if (show === undefined) throw new Error('one booking');
    await reconfirmReservation(deps, customer('alice'), show.id);
    const complete = makeCompleteHandler(deps);
    await complete();
    clock.set(show.endsAtMs + deps.reservationConfig.completionGraceSeconds * 1000);
    const confirmed = metrics.points.splice(0);

    // Act
    const report = await complete();

    // Assess
    expect(report).toEqual({ itemsRead: 2, found: 1, done: 1, failed: 0, behind: false });
    expect((await store.getReservation(show.id))?.status).toBe('completed');
    const held = { name: 'AmountHeldMinor', value: show.priceMinor, dimensions: { currency: 'JPY' } };
    expect(confirmed.slice(0, 3)).toEqual([
      { name: 'ReservationsBooked', value: 1, dimensions: {} },
      { name: 'ReservationsConfirmed', value: 1, dimensions: {} },
      held,
    ]);
    expect(confirmed).toContainEqual({ name: 'TicketsIssued', value: 1, dimensions: { kind: 'broadcaster' } });
    expect(metrics.points).toEqual([
      { name: 'ReservationsCompleted', value: 1, dimensions: {} },
      { ...held, name: 'AmountPostedMinor' },
      { name: 'SweeperItemsRead', value: 2, dimensions: { sweeper: 'reservationCompletion' } },
      { name: 'SweeperDueItemsLeft', value: 0, dimensions: { sweeper: 'reservationCompletion' } },
    ]);
  });

  it('reservation-notify hands due notifications to the notifier once, and later ones when they fall due', async () => {
    // Prepare
    const { deps, clock, booked, notifier } = await bookings(1);
    const notify = makeNotifyHandler(deps);

    // Act
    const now = await notify();
    const again = await notify();
    clock.set((booked[0]?.reconfirmByMs ?? 0) - deps.reservationConfig.reminderLeadSeconds * 1000);
    const reminder = await notify();

    // Assess
    expect([now.done, again.found, reminder.done]).toEqual([1, 0, 1]);
    expect(notifier.delivered.map((event) => event.type)).toEqual(['reservation.booked', 'reservation.reminder']);
  });
});

describe('ledger and purchase sweepers', () => {
  it('ledger-expire expires the holds that are due and leaves the others', async () => {
    // Prepare
    const clock = new ManualClock(Date.parse('2026-11-22T02:13:00.000Z'));
    const ledger = new MemoryLedger({ clock });
    await ledger.createAccount({ id: 'source', currency: 'JPY' });
    await ledger.createAccount({ id: 'escrow', currency: 'JPY' });
    await ledger.createTransfers([
      {
        action: 'create',
        id: 'due',
        debitAccountId: 'source',
        creditAccountId: 'escrow',
        amountMinor: 5,
        currency: 'JPY',
        timeoutSeconds: 30,
      },
      {
        action: 'create',
        id: 'live',
        debitAccountId: 'source',
        creditAccountId: 'escrow',
        amountMinor: 7,
        currency: 'JPY',
        timeoutSeconds: 3_600,
      },
    ]);
    const expire = makeLedgerExpireHandler({ ...TEST_BASE, ledger });
    clock.advanceSeconds(31);

    // Act
    const first = await expire();
    const second = await expire();

    // Assess
    expect([first.expired, second.expired]).toEqual([1, 0]);
    expect((await ledger.getTransfer('due')).state).toBe('expired');
    expect((await ledger.getTransfer('live')).state).toBe('pending');
  });

  it('ledger-expire logs a due hold it could not expire as an error with its id and counts it (LedgerHoldsNotExpired)', async () => {
    // Prepare
    const clock = new ManualClock(Date.parse('2026-11-22T02:13:00.000Z'));
    const ledger = new MemoryLedger({ clock });
    await ledger.createAccount({ id: 'source', currency: 'JPY' });
    await ledger.createAccount({ id: 'escrow', currency: 'JPY' });
    const leg = { action: 'create', debitAccountId: 'source', creditAccountId: 'escrow', currency: 'JPY' } as const;
    await ledger.createTransfers([{ ...leg, id: 'blocked', amountMinor: 40, timeoutSeconds: 30 }]);
    // Another transfer under the id the sweeper derives for blocked's expiry (in-process, nothing refuses it).
    await ledger.createTransfers([{ ...leg, id: derivedResolutionId('blocked', 'expire'), amountMinor: 1 }]);
    const metrics = recordingMetrics();
    const logger = recordingLogger();
    const expire = makeLedgerExpireHandler({ ...TEST_BASE, logger, metrics, ledger });
    clock.advanceSeconds(31);

    // Act
    const run = await expire();

    // Assess
    expect(run.expired).toBe(0);
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([
      { level: 'error', message: 'ledger hold could not be expired', fields: { holdId: 'blocked' } },
    ]);
    expect(metrics.points).toContainEqual({ name: 'LedgerHoldsNotExpired', value: 1, dimensions: {} });
    expect((await ledger.getTransfer('blocked')).state).toBe('pending');
  });

  it('purchase-recover sends the settlement message of a purchase stranded past the grace again', async () => {
    // Prepare
    const world = makeWorld();
    const provider = await world.provider({ trusted: false, platformFeeBps: 1_000 });
    const kiosk = await world.agent();
    const buyer = await world.customer();
    await world.topUp(buyer.id, kiosk.id, 1_000);
    const offer = await world.offer(provider.id, 1_000);
    const unreachable = {
      enqueue: async () => {
        throw new Error('injected: the settlement queue is unreachable');
      },
    };
    await expect(
      createPurchase(world.purchaseDeps(unreachable), { role: 'customer', subject: buyer.id }, { offerId: offer.id }, 'key-1'),
    ).rejects.toThrow('injected');
    const metrics = recordingMetrics();
    const recover = makeRecoverHandler({ ...TEST_BASE, metrics, ...worldRecoveryDeps(world, 300) });
    world.clock.advanceSeconds(301);

    // Act
    const summary = await recover();

    // Assess
    // The watermark, the purchase's hold in the ledger's due index, the purchase and its ticket.
    expect(summary).toMatchObject({ enqueued: 1, awaitingOperator: 0, ticketsIssued: 0, itemsRead: 4 });
    expect(metrics.points).toEqual([
      { name: 'SweeperItemsRead', value: 4, dimensions: { sweeper: 'purchaseSettlementRecovery' } },
      { name: 'SweeperDueItemsLeft', value: 0, dimensions: { sweeper: 'purchaseSettlementRecovery' } },
      { name: 'OldestAuthorizedPurchaseAge', value: 301, dimensions: {} },
      { name: 'PurchaseTicketUnissuable', value: 0, dimensions: {} },
    ]);
    expect(world.queue.sent).toEqual([{ purchaseId: purchaseIdFor(buyer.id, 'key-1') }]);
  });
});
