import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { allowanceStore } from '../../shared/adapters/aws/wiring';
import { systemClock } from '../../shared/clock';
import type { Clock } from '../../shared/ports';
import type { AllowanceStore } from '../../shared/domain/rights/ports';
import { readRemaining } from '../../shared/domain/rights/remaining';
import { authorizeTicketRead, ticketView } from '../../shared/domain/tickets/issue';
import { requireRole } from '../../shared/http/auth';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

/** The ticket with its allowance (one read of its item) and, while seconds are reserved, its lapsed reservations. */
export type TicketGetDeps = BaseDeps & {
  readonly allowances: Pick<AllowanceStore, 'read' | 'lapsedReservations'>;
  readonly clock: Clock;
};

export const makeHandler = (deps: TicketGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'operator');
    const ticketId = pathParameter(event, 'id');
    const state = await deps.allowances.read(ticketId);
    const ticket = authorizeTicketRead(principal, state?.ticket, ticketId);
    const nowMs = deps.clock.now();
    const remaining = state === undefined ? undefined : await readRemaining(deps.allowances, ticket, state.allowance, nowMs);
    return json(200, ticketView(principal, ticket, nowMs, remaining));
  });

export const handler = lazyHandler((env) =>
  makeHandler({
    ...baseDeps(env),
    allowances: allowanceStore(env),
    clock: systemClock,
  }),
);
