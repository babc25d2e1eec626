import { billedLedgerTransfers } from '../../shared/adapters/aws/billed-ledger';
import { expiryScheduler, reservationFinishDeps, ticketRevocation } from '../../shared/adapters/aws/reservations-wiring';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { cancelReservation } from '../../shared/domain/reservations/cancel';
import type { FinishDeps } from '../../shared/domain/reservations/complete';
import { reservationView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationCancelDeps = BaseDeps & ApiIdempotencyDeps & Pick<ReservationDeps, 'scheduler'> & FinishDeps;

/** POST /v1/reservations/{id}/cancel: free before reconfirmation, the fee captured (and the tickets revoked) after it. */
export const makeHandler = (deps: ReservationCancelDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'operator');
    const reservationId = pathParameter(event, 'id');
    const key = idempotencyKey(event, false);
    return respondIdempotently(deps, event, principal, key, { reservationId }, async () =>
      json(200, reservationView(principal, await cancelReservation(deps, principal, reservationId))),
    );
  });

export const handler = lazyHandler((env) =>
  makeHandler({
    ...reservationFinishDeps(env),
    ...ticketRevocation(env),
    ledger: billedLedgerTransfers(env),
    scheduler: expiryScheduler(env),
  }),
);
