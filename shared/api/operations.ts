import type { z } from 'zod';
import { assert } from '../errors';
import type { FunctionId } from '../resources/functions';
import {
  AccountCreateRequest,
  AccountResponse,
  EntriesResponse,
  TransferCreateRequest,
  TransferResolveRequest,
  TransferResponse,
  TransferVoidRequest,
} from './ledger';
import { HealthResponse, JwksResponse, TicketCreateRequest, TicketResponse } from './tickets';

/**
 * What each routed function does, for the OpenAPI document: the same zod schemas that
 * validate the requests describe them. Every routed function must appear here (a unit test
 * checks); workers and scheduled functions do not.
 */
export interface OperationDoc {
  readonly summary: string;
  readonly roles: readonly string[];
  readonly request?: z.ZodType;
  readonly idempotencyKey?: 'required' | 'optional';
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
}

export const operations: Partial<Record<FunctionId, OperationDoc>> = {
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
  accountCreate: {
    summary: 'Create a ledger account; idempotent on its id',
    roles: ['operator'],
    request: AccountCreateRequest,
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'created', schema: AccountResponse },
      200: { description: 'an account with this id and these fields exists', schema: AccountResponse },
    },
  },
  accountGet: {
    summary: 'An account with its balances',
    roles: ['operator'],
    responses: { 200: { description: 'the account', schema: AccountResponse } },
  },
  accountEntriesList: {
    summary: "An account's history in time order with the running balance after each entry",
    roles: ['operator'],
    responses: { 200: { description: 'a page of entries; pass nextCursor as cursor for the next', schema: EntriesResponse } },
  },
  transferCreate: {
    summary: 'A transfer (a hold with timeoutSeconds), or linked transfers that all commit or none does',
    roles: ['operator'],
    request: TransferCreateRequest,
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'created (a single transfer, or { transfers } for a batch)', schema: TransferResponse },
      200: { description: 'every transfer exists with these fields', schema: TransferResponse },
    },
  },
  transferGet: {
    summary: 'A transfer',
    roles: ['operator'],
    responses: { 200: { description: 'the transfer', schema: TransferResponse } },
  },
  transferPost: {
    summary: 'Post a hold, in full or in part (the rest is released)',
    roles: ['operator'],
    request: TransferResolveRequest,
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'the posting transfer', schema: TransferResponse },
      200: { description: 'this posting exists already', schema: TransferResponse },
    },
  },
  transferVoid: {
    summary: 'Void a hold',
    roles: ['operator'],
    request: TransferVoidRequest,
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'the voiding transfer', schema: TransferResponse },
      200: { description: 'this void exists already', schema: TransferResponse },
    },
  },
};

export const operationFor = (functionId: FunctionId): OperationDoc => {
  const operation = operations[functionId];
  assert(operation !== undefined, `routed function ${functionId} has no operation entry`);
  return operation;
};
