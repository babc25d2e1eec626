import type { z } from 'zod';
import type { FunctionId } from '../resources/functions';
import { HealthResponse, JwksResponse, TicketCreateRequest, TicketResponse } from './tickets';

/**
 * What each function does, for the OpenAPI document: the same zod schemas that validate the
 * requests describe them. Every routed function must appear here (a unit test checks).
 */
export interface OperationDoc {
  readonly summary: string;
  readonly roles: readonly string[];
  readonly request?: z.ZodType;
  readonly idempotencyKey?: 'required' | 'optional';
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
}

export const operations: Record<FunctionId, OperationDoc> = {
  healthGet: {
    summary: 'Liveness',
    roles: [],
    responses: { 200: { description: 'kippu is up', schema: HealthResponse } },
  },
  openapiGet: {
    summary: 'This OpenAPI 3.1 document',
    roles: [],
    responses: { 200: { description: 'the document' } },
  },
  jwksGet: {
    summary: 'Public keys that verify tickets, dockets and revocation lists',
    roles: [],
    responses: { 200: { description: 'a JWK Set', schema: JwksResponse } },
  },
  ticketCreate: {
    summary: 'Issue a KMS-signed ticket (operator, or a provider for itself)',
    roles: ['operator', 'provider'],
    request: TicketCreateRequest,
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'the ticket was issued (a repeat with the same Idempotency-Key replays it)', schema: TicketResponse },
    },
  },
  ticketGet: {
    summary: 'Read a ticket (its holder, its provider or an operator)',
    roles: ['customer', 'provider', 'operator'],
    responses: { 200: { description: 'the ticket', schema: TicketResponse } },
  },
};
