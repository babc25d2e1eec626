import { ledgerTransfers } from '../../shared/adapters/aws/wiring';
import { reservationRecordsDeps } from '../../shared/adapters/aws/reservations-wiring';
import type { ReservationDeps, ReservationRecordsDeps } from '../../shared/domain/reservations/deps';
import { expireReservation, type ExpiryOutcome } from '../../shared/domain/reservations/expire';
import type { BaseDeps } from '../../shared/http/base';
import type { ScheduledInvocation } from '../../shared/resources/schedules';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationExpireDeps = BaseDeps & ReservationRecordsDeps & Pick<ReservationDeps, 'ledger' | 'clock' | 'metrics'>;

/**
 * The target of a booking's one-time schedule `at(reconfirmBy)`: expire the booking unless it
 * was reconfirmed. Idempotent; a late, early or repeated firing changes nothing (`not_due`,
 * `not_pending`). A malformed input is logged and dropped (retrying cannot fix it).
 */
export const makeHandler =
  (deps: ReservationExpireDeps) =>
  async (event: ScheduledInvocation): Promise<{ reservationId?: string; outcome: ExpiryOutcome | 'malformed' }> => {
    const reservationId = event.detail?.reservationId;
    if (typeof reservationId !== 'string' || reservationId === '') {
      deps.logger.error('reservation-expire got no reservation id', { scheduleId: event.scheduleId });
      return { outcome: 'malformed' };
    }
    const outcome = await expireReservation(deps, reservationId);
    deps.logger.info('reservation expiry', { reservationId, outcome, scheduleId: event.scheduleId });
    return { reservationId, outcome };
  };

export const handler = lazyHandler((env) => makeHandler({ ...reservationRecordsDeps(env), ledger: ledgerTransfers(env) }));
