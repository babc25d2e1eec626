import { idempotencyDeps, partyStore, ticketDeps } from '../../shared/adapters/aws/wiring';
import { requireTicketParties } from '../../shared/domain/tickets/direct';
import { requireOnePasswordMode } from '../../shared/domain/tickets/ticket';
import type { PartyStore } from '../../shared/domain/parties/ports';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { describePrincipal } from '../../shared/domain/principal';
import { authorizeTicketIssue, issueTicket, ticketView, type TicketDeps } from '../../shared/domain/tickets/issue';
import { TicketCreateRequest } from '../../shared/api/tickets';
import { requireRole } from '../../shared/http/auth';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { derivedId, randomIds } from '../../shared/ids';

export type TicketCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly tickets: TicketDeps; readonly parties: PartyStore };

export const makeHandler = (deps: TicketCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator', 'provider');
    const request = parseJsonBody(TicketCreateRequest, event);
    authorizeTicketIssue(principal, request.providerId);
    requireOnePasswordMode(request);
    const key = idempotencyKey(event, false);
    // With a key, the ticket id derives from it, so a retry after a crash finds its ticket.
    const ticketId = key === undefined ? randomIds.next('tkt') : derivedId('tkt', describePrincipal(principal), key);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      await requireTicketParties(deps.parties, principal, request);
      const { notBefore, ...rest } = request;
      const ticket = await issueTicket(
        deps.tickets,
        ticketId,
        { ...rest, kind: 'direct', ...(notBefore === undefined ? {} : { notBeforeMs: Date.parse(notBefore) }) },
        principal,
      );
      return json(201, ticketView(principal, ticket, deps.tickets.clock.now()), { location: `/v1/tickets/${ticket.id}` });
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    tickets: ticketDeps(env, base.config),
    parties: partyStore(env),
  });
});
