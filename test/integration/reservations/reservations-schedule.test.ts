import { GetScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHandler as makeSweepHandler } from '../../../functions/reservation-sweep/handler';
import { LOCAL_STAGE } from '../../../scripts/local/bootstrap';
import { fireDueOneTimeSchedules } from '../../../scripts/local/scheduler';
import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { confirmingReservationStore, expiryScheduler, ticketRevocation } from '../../../shared/adapters/aws/reservations-wiring';
import { partyStore } from '../../../shared/adapters/aws/wiring';
import { quotaKey } from '../../../shared/adapters/aws/reservations-items';
import { expiryScheduleName } from '../../../shared/adapters/aws/reservations-scheduler';
import { ledger as ledgerFromEnv, ticketDeps } from '../../../shared/adapters/aws/wiring';
import { MemoryNotifier } from '../../../shared/adapters/memory/reservations';
import { loadConfig, resourceFromEnv } from '../../../shared/config';
import { defaultReservationConfig } from '../../fixtures/config';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { createChannel } from '../../../shared/domain/reservations/channels';
import type { ReservationDeps } from '../../../shared/domain/reservations/deps';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { utcMonth } from '../../../shared/domain/reservations/rules';
import { silentLogger } from '../../../shared/logger';
import { noMetrics } from '../../../shared/ports';
import { ManualClock } from '../../fixtures/clock';
import { oneTimeScheduleGroup } from '../../../shared/resources/schedules';
import { reservationsTable } from '../../../shared/resources/tables';
import { alignedStart, booking, customer, openAccounts, provider } from '../../fixtures/reservations';
import { uniqueId } from '../../fixtures/api';
import { scryptHasher } from '../../../shared/adapters/node/scrypt-hasher';

/**
 * The one-time schedules for real: bookings create `at(reconfirmBy)` schedules in the emulated
 * EventBridge Scheduler, and the local scheduler fires them into the reservation-expire handler
 * module (wired from the environment, system clock), exactly as `npm start` does. Because
 * that handler runs on real time, these bookings are made on a clock set in the past so that
 * their deadline has just passed now; the tables are the bootstrapped ones.
 */
const client = new SchedulerClient({});
afterAll(() => client.destroy());

const config = loadConfig(process.env);
const depsAt = (clock: ManualClock): ReservationDeps => ({
  store: confirmingReservationStore(process.env),
  parties: partyStore(process.env),
  ledger: ledgerFromEnv(process.env),
  tickets: { ...ticketDeps(process.env, config), clock },
  revocations: ticketRevocation(process.env).revocations,
  scheduler: expiryScheduler(process.env),
  notifier: new MemoryNotifier(),
  clock,
  reservationConfig: defaultReservationConfig,
  passwords: scryptHasher,
  logger: silentLogger,
  metrics: noMetrics,
});

const scheduleExists = async (reservationId: string): Promise<boolean> => {
  try {
    await client.send(
      new GetScheduleCommand({
        GroupName: resourceFromEnv(process.env, oneTimeScheduleGroup),
        Name: expiryScheduleName(reservationId),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
};

const setUp = async () => {
  const nowMs = Date.now();
  // Booked 6 h 20 min ago for a start 6 h 10–20 min after that: the deadline passed 0–10 minutes ago.
  const bookedAt = new ManualClock(nowMs - (6 * 60 + 20) * 60_000);
  const deps = depsAt(bookedAt);
  const providerId = uniqueId('prov');
  const customerId = uniqueId('cust');
  await openAccounts(deps, { providerId, customers: [{ id: customerId, fundMinor: 5_000 }] });
  const channel = await createChannel(deps, provider(providerId), uniqueId('chn'), {
    name: 'scheduled',
    capacity: 5,
    bandwidthKbps: 1_000,
    feePerSlotMinor: 300,
    currency: 'JPY',
  });
  const startsAtMs = alignedStart(bookedAt.now(), 6 + 1 / 6);
  return { deps, bookedAt, nowMs, channel, customerId, startsAtMs };
};

describe('one-time expiry schedules in the emulator', () => {
  it('the schedule, fired by the local scheduler, and two sweeps at the same moment expire the booking once: quota back to zero, slots free', async () => {
    // Prepare
    const { deps, nowMs, channel, customerId, startsAtMs } = await setUp();
    const reservation = await createReservation(
      deps,
      customer(customerId),
      uniqueId('rsv'),
      booking(channel.id, startsAtMs, { slots: 3 }),
    );
    expect(reservation.reconfirmByMs).toBeLessThanOrEqual(nowMs);
    expect(await scheduleExists(reservation.id)).toBe(true);
    const sweepDeps = depsAt(new ManualClock(nowMs));
    const sweep = makeSweepHandler({ config, ...sweepDeps });
    const lines: string[] = [];

    // Act
    const [fired, first, second] = await Promise.all([
      fireDueOneTimeSchedules(client, LOCAL_STAGE, nowMs, (line) => lines.push(line)),
      sweep(),
      sweep(),
    ]);

    // Assess: one expiry, whoever got there first (a sweep deletes the schedule it beat).
    expect(fired.filter((name) => name !== expiryScheduleName(reservation.id))).toEqual([]);
    expect(first.failed + second.failed).toBe(0);
    expect(first.done + second.done).toBeLessThanOrEqual(1);
    expect((await deps.store.getReservation(reservation.id))?.status).toBe('expired');
    const quota = await dynamoDocumentClient().send(
      new GetCommand({
        TableName: resourceFromEnv(process.env, reservationsTable),
        Key: quotaKey(customerId, utcMonth(startsAtMs)),
        ConsistentRead: true,
      }),
    );
    expect(quota.Item?.slotsUsed).toBe(0);
    expect(await scheduleExists(reservation.id)).toBe(false);
    expect(await deps.store.bookedSlots(channel.id, startsAtMs, startsAtMs + 3 * 600_000)).toEqual([]);
    const again = await createReservation(
      deps,
      customer(customerId),
      uniqueId('rsv'),
      booking(channel.id, startsAtMs, { slots: 3 }),
    );
    expect(again.status).toBe('pending_reconfirmation');
  });

  it('the schedule alone, fired by the local scheduler into the reservation-expire module, expires the booking', async () => {
    // Prepare
    const { deps, nowMs, channel, customerId, startsAtMs } = await setUp();
    const reservation = await createReservation(
      deps,
      customer(customerId),
      uniqueId('rsv'),
      booking(channel.id, startsAtMs, { slots: 1 }),
    );
    expect(reservation.reconfirmByMs).toBeLessThanOrEqual(nowMs);

    // Act
    const fired = await fireDueOneTimeSchedules(client, LOCAL_STAGE, nowMs, () => {});

    // Assess
    expect(fired).toContain(expiryScheduleName(reservation.id));
    expect((await deps.store.getReservation(reservation.id))?.status).toBe('expired');
    expect(await scheduleExists(reservation.id)).toBe(false);
  });

  it('reconfirmation deletes the schedule, so nothing fires at the deadline', async () => {
    // Prepare
    const { deps, bookedAt, channel, customerId, startsAtMs } = await setUp();
    const reservation = await createReservation(
      deps,
      customer(customerId),
      uniqueId('rsv'),
      booking(channel.id, startsAtMs + 3_600_000, { slots: 1 }),
    );

    // Act
    await reconfirmReservation(deps, customer(customerId), reservation.id);

    // Assess
    expect(bookedAt.now()).toBeLessThan(reservation.reconfirmByMs);
    expect(await scheduleExists(reservation.id)).toBe(false);
    expect((await deps.store.getReservation(reservation.id))?.status).toBe('confirmed');
  });
});
