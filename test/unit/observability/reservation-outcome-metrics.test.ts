import { describe, expect, it } from 'vitest';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { reportFailure } from '../../../shared/domain/reservations/failure';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { TEST_BASE } from '../../fixtures/handlers';
import { recordingMetrics } from '../../fixtures/metrics';
import { alignedStart, booking, customer, makeMemoryDeps, openAccounts, provider } from '../../fixtures/reservations';

/**
 * reservation-outcome is given no metrics (functions/reservation-outcome/handler.ts) because
 * finishing a failed show counts nothing: its hold is voided, and only what completion and
 * cancellation post is counted. This pins that: if the failure path ever records a metric,
 * the function must be declared an emitter of it and given the metrics.
 */
const PROVIDER = provider('prov-outcome');
const ALICE = customer('alice');

const confirmedShow = async () => {
  const fixture = makeMemoryDeps();
  const metrics = recordingMetrics();
  const deps = { ...TEST_BASE, ...fixture.deps, metrics, tickets: { ...fixture.deps.tickets, metrics } };
  await openAccounts(fixture.deps, { providerId: PROVIDER.subject, customers: [{ id: 'alice', fundMinor: 10_000 }] });
  await createChannel(deps, PROVIDER, 'chn_outcome', {
    name: 'outcome',
    capacity: 2,
    bandwidthKbps: 1_000,
    feePerSlotMinor: 300,
    currency: 'JPY',
  });
  const show = await createReservation(deps, ALICE, 'rsv_outcome', booking('chn_outcome', alignedStart(fixture.clock.now(), 24)));
  await reconfirmReservation(deps, ALICE, show.id);
  metrics.points.length = 0;
  return { deps, metrics, show };
};

describe('what finishing a show counts', () => {
  it('records nothing for a show its provider reports failed (its hold is voided)', async () => {
    // Prepare
    const { deps, metrics, show } = await confirmedShow();

    // Act
    const failed = await reportFailure(deps, PROVIDER, show.id, 'encoder down');

    // Assess
    expect(failed.status).toBe('failed');
    expect(metrics.points).toEqual([]);
  });

  it('records the amount posted for a show cancelled after reconfirmation, for contrast', async () => {
    // Prepare
    const { deps, metrics, show } = await confirmedShow();

    // Act
    const cancelled = await cancelReservation(deps, ALICE, show.id);

    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect(metrics.points).toEqual([{ name: 'AmountPostedMinor', value: show.priceMinor, dimensions: { currency: 'JPY' } }]);
  });
});
