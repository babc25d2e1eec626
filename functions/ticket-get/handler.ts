import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { ticketStore } from '../../shared/adapters/aws/wiring';
import { systemClock } from '../../shared/clock';
import type { Clock } from '../../shared/ports';
import { authorizeTicketRead, ticketView } from '../../shared/domain/tickets/issue';
import type { TicketStore } from '../../shared/domain/tickets/ports';
import { requireRole } from '../../shared/http/auth';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type TicketGetDeps = BaseDeps & { readonly ticketStore: TicketStore; readonly clock: Clock };

export const makeHandler = (deps: TicketGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'operator');
    const ticketId = pathParameter(event, 'id');
    const ticket = authorizeTicketRead(principal, await deps.ticketStore.get(ticketId), ticketId);
    return json(200, ticketView(principal, ticket, deps.clock.now()));
  });

export const handler = lazyHandler(() =>
  makeHandler({
    ...baseDeps(process.env),
    ticketStore: ticketStore(process.env),
    clock: systemClock,
  }),
);
