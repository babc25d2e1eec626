import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { dynamoDocumentClient } from '../../shared/adapters/aws/clients';
import { DynamoTicketStore } from '../../shared/adapters/aws/tickets-dynamodb';
import { resourceFromEnv } from '../../shared/config';
import { authorizeTicketRead, ticketView } from '../../shared/domain/tickets/issue';
import type { TicketStore } from '../../shared/domain/tickets/ports';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { coreTable } from '../../shared/resources/tables';

export type TicketGetDeps = BaseDeps & { readonly ticketStore: TicketStore };

export const makeHandler = (deps: TicketGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'operator');
    const ticketId = pathParameter(event, 'id');
    const ticket = authorizeTicketRead(principal, await deps.ticketStore.get(ticketId), ticketId);
    return json(200, ticketView(principal, ticket));
  });

export const handler = makeHandler({
  ...baseDeps(process.env),
  ticketStore: new DynamoTicketStore(dynamoDocumentClient(), resourceFromEnv(process.env, coreTable)),
});
