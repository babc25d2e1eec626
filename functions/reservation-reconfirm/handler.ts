import type { TicketRecord } from '../../shared/domain/tickets/ticket';
import { InvariantViolationError } from '../../shared/errors';
import { ledgerTransfers, partyStore, revocationStore, ticketDeps } from '../../shared/adapters/aws/wiring';
import {
  confirmingReservationStore,
  expiryScheduler,
  reservationRequestDeps,
} from '../../shared/adapters/aws/reservations-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { reconfirmReservation } from '../../shared/domain/reservations/reconfirm';
import { reservationView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationReconfirmDeps = BaseDeps &
  ApiIdempotencyDeps &
  Pick<
    ReservationDeps,
    'store' | 'parties' | 'ledger' | 'tickets' | 'revocations' | 'scheduler' | 'clock' | 'reservationConfig' | 'metrics'
  >;

const ticketView = (ticket: TicketRecord) => ({
  id: ticket.id,
  token: ticket.token,
  notBefore: ticket.notBefore,
  expiresAt: ticket.expiresAt,
});

/**
 * A replayed 200 gets its ticket back from the ticket record, which holds the token: the
 * stored answer leaves the ticket out (its last member), so the idempotency record stays
 * small (one write unit instead of two or three), and the replay is byte for byte the first
 * answer.
 */
const storedTicket = (deps: ReservationReconfirmDeps) => ({
  members: ['ticket'],
  restore: async (stored: Readonly<Record<string, unknown>>) => {
    const ticketId = stored['ticketId'];
    const ticket = typeof ticketId === 'string' ? await deps.tickets.ticketStore.get(ticketId) : undefined;
    if (ticket === undefined)
      throw new InvariantViolationError('a confirmed reservation answered with its ticket, which is stored');
    return { ...stored, ticket: ticketView(ticket) };
  },
});

/** POST /v1/reservations/{id}/reconfirm: hold the price, confirm, hand over the broadcaster ticket. */
export const makeHandler = (deps: ReservationReconfirmDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const reservationId = pathParameter(event, 'id');
    const key = idempotencyKey(event, false);
    return respondIdempotently(
      deps,
      event,
      principal,
      key,
      { reservationId },
      async () => {
        const { reservation, ticket } = await reconfirmReservation(deps, principal, reservationId);
        return json(200, { ...reservationView(principal, reservation), ticket: ticketView(ticket) });
      },
      { storedElsewhere: storedTicket(deps) },
    );
  });

export const handler = lazyHandler((env) => {
  const deps = reservationRequestDeps(env);
  return makeHandler({
    ...deps,
    store: confirmingReservationStore(env),
    metrics: functionMetrics(env),
    parties: partyStore(env),
    ledger: ledgerTransfers(env),
    tickets: ticketDeps(env, deps.config),
    revocations: revocationStore(env),
    scheduler: expiryScheduler(env),
  });
});
