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
import {
  AvailabilityResponse,
  ChannelCreateRequest,
  ChannelResponse,
  ListingsResponse,
  OutcomeRequest,
  ReconfirmResponse,
  ReservationCreateRequest,
  ReservationResponse,
  ReservationUpdateRequest,
  ViewerAdmitRequest,
  ViewerLeaveResponse,
  ViewerResponse,
} from './reservations';
import { OfferCreateRequest, OfferListResponse, OfferResponse } from './offers';
import {
  AgentCreateRequest,
  AgentResponse,
  CustomerCreateRequest,
  CustomerResponse,
  ProviderCreateRequest,
  ProviderResponse,
  TopUpRequest,
  TopUpResponse,
} from './parties';
import { billingOperations } from './operations-billing';
import { PurchaseCreateRequest, PurchaseResponse, RevocationsResponse } from './purchases';
import {
  CredentialsResponse,
  DeviceCreateRequest,
  DeviceListResponse,
  DevicePairCreateRequest,
  DevicePairListResponse,
  DevicePairResponse,
  DeviceResponse,
  OperatorCreateRequest,
  OperatorResponse,
  RegistrationConfirmRequest,
  RegistrationConfirmResponse,
  RegistrationCreateRequest,
  RegistrationResponse,
  SessionCreateRequest,
  SessionResponse,
} from './identity';
import { rightsOperations } from './operations-rights';

/**
 * What each routed function does, for the OpenAPI document: the same zod schemas that
 * validate the requests describe them. Every routed function must appear here (a unit test
 * checks); workers and scheduled functions do not.
 */
export interface OperationDoc {
  readonly summary: string;
  readonly roles: readonly string[];
  readonly request?: z.ZodType;
  /** The request body's media type when it is not JSON (a CSV upload, whose `request` is a string schema). */
  readonly requestMediaType?: 'text/csv';
  readonly idempotencyKey?: 'required' | 'optional';
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
}

const credentialsCreate = (role: 'provider' | 'agent'): OperationDoc => ({
  summary: `Machine credentials for a ${role} (an operator, or the ${role} itself): a Cognito app client with the client-credentials grant whose tokens act as that ${role}`,
  roles: ['operator', role],
  idempotencyKey: 'optional',
  responses: {
    201: { description: 'the credentials; the secret is shown once (a replay leaves it out)', schema: CredentialsResponse },
  },
});

const credentialsDelete = (role: 'provider' | 'agent'): OperationDoc => ({
  summary: `Remove machine credentials of a ${role}: the app client and its mapping to the ${role}`,
  roles: ['operator', role],
  responses: { 204: { description: 'removed' } },
});

/** Keyed by operation id: the function id, or the route's `operationId` when one function serves several. */
const operations: Partial<Record<FunctionId | string, OperationDoc>> = {
  ...billingOperations,
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
  providerCreate: {
    summary: 'Register a provider and open its revenue accounts (operator)',
    roles: ['operator'],
    request: ProviderCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the provider with the ids of its ledger accounts', schema: ProviderResponse } },
  },
  providerRevocationsGet: {
    summary: "The provider's signed revocation list since a version (the provider itself or an operator)",
    roles: ['provider', 'operator'],
    responses: { 200: { description: 'one signed page of revoked ticket ids', schema: RevocationsResponse } },
  },
  agentCreate: {
    summary: 'Register an agent (carrier, kiosk) and open its fee and cash accounts (operator)',
    roles: ['operator'],
    request: AgentCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the agent with the ids of its ledger accounts', schema: AgentResponse } },
  },
  customerCreate: {
    summary:
      'Register a customer: a prepaid wallet and optionally a postpaid carrier account (operator, or an agent for its own books)',
    roles: ['operator', 'agent'],
    request: CustomerCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the customer with the ids of its ledger accounts', schema: CustomerResponse } },
  },
  customerTopup: {
    summary: "An agent's cash top-up of a customer's wallet; idempotent on the agent's reference",
    roles: ['agent'],
    request: TopUpRequest,
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'the top-up transfer', schema: TopUpResponse },
      200: { description: 'a top-up with this reference exists already', schema: TopUpResponse },
    },
  },
  offerCreate: {
    summary: 'Create an offer (a provider for itself, or an operator)',
    roles: ['provider', 'operator'],
    request: OfferCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the offer', schema: OfferResponse } },
  },
  offerList: {
    summary: 'List offers, newest first, optionally by provider and keywords (q); paginated with a cursor',
    roles: ['customer', 'provider', 'agent', 'operator'],
    responses: { 200: { description: 'a page of offers', schema: OfferListResponse } },
  },
  purchaseCreate: {
    summary: 'Buy an offer: hold the money, issue the ticket, settle in the background',
    roles: ['customer'],
    request: PurchaseCreateRequest,
    idempotencyKey: 'required',
    responses: { 201: { description: 'the purchase, authorized, with its ticket and hold', schema: PurchaseResponse } },
  },
  purchaseGet: {
    summary: 'Read a purchase (its customer, the provider of its offer, operators)',
    roles: ['customer', 'provider', 'operator'],
    responses: { 200: { description: 'the purchase', schema: PurchaseResponse } },
  },
  purchaseRefund: {
    summary: 'Refund a purchase: reverse every leg, revoke the ticket (the provider of the offer, or an operator)',
    roles: ['provider', 'operator'],
    idempotencyKey: 'optional',
    responses: { 200: { description: 'the refunded purchase (a repeat answers the same)', schema: PurchaseResponse } },
  },
  channelCreate: {
    summary: 'Create a channel (a registered provider, for itself)',
    roles: ['provider'],
    request: ChannelCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the channel', schema: ChannelResponse } },
  },
  channelAvailabilityGet: {
    summary: 'Each slot of [from, to) free or booked (query: from, to)',
    roles: ['customer', 'provider', 'agent', 'operator'],
    responses: { 200: { description: 'the slots', schema: AvailabilityResponse } },
  },
  reservationCreate: {
    summary: 'Book channel slots tentatively (pending_reconfirmation, not chargeable); a registered customer, registered friends',
    roles: ['customer'],
    request: ReservationCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the booking', schema: ReservationResponse } },
  },
  reservationGet: {
    summary: 'Read a reservation (its booker, operators)',
    roles: ['customer', 'operator'],
    responses: { 200: { description: 'the reservation', schema: ReservationResponse } },
  },
  reservationUpdate: {
    summary: "Change a reservation's metadata; channel and time changes are refused (cancel and book again)",
    roles: ['customer', 'operator'],
    request: ReservationUpdateRequest,
    idempotencyKey: 'optional',
    responses: { 200: { description: 'the reservation', schema: ReservationResponse } },
  },
  reservationReconfirm: {
    summary:
      'Reconfirm before the deadline: hold the price on the carrier account or the wallet (fee rates fixed), get the broadcaster ticket (409 RESERVATION_EXPIRED after it)',
    roles: ['customer'],
    idempotencyKey: 'optional',
    responses: { 200: { description: 'confirmed, with the broadcaster ticket', schema: ReconfirmResponse } },
  },
  reservationCancel: {
    summary: 'Cancel: free before reconfirmation, the fee captured after it',
    roles: ['customer', 'operator'],
    idempotencyKey: 'optional',
    responses: { 200: { description: 'the cancelled reservation', schema: ReservationResponse } },
  },
  reservationOutcome: {
    summary: "The channel's provider reports that the show failed: the hold is voided",
    roles: ['provider', 'operator'],
    request: OutcomeRequest,
    idempotencyKey: 'optional',
    responses: { 200: { description: 'the failed reservation', schema: ReservationResponse.partial() } },
  },
  reservationViewerAdmit: {
    summary: 'Admit a viewer while watching < capacity (password for password/secret shows); 409 RESERVATION_FULL at capacity',
    roles: ['customer'],
    request: ViewerAdmitRequest,
    // Required: without it a retry after a network error would take a second seat.
    idempotencyKey: 'required',
    responses: { 201: { description: 'the viewer ticket', schema: ViewerResponse } },
  },
  reservationViewerLeave: {
    summary: "Revoke the viewer ticket (record and the provider's signed revocation list) and free the seat (exactly once)",
    roles: ['customer', 'provider', 'operator'],
    responses: { 200: { description: 'the viewer has left', schema: ViewerLeaveResponse } },
  },
  listingsGet: {
    summary:
      'Confirmed public and password shows starting in [from, to) with OPEN/CLOSE (query: from, to, limit, cursor); next page cursor in x-next-cursor',
    roles: [],
    responses: { 200: { description: 'the shows', schema: ListingsResponse } },
  },
  registrationCreate: {
    summary: 'Register as a customer: provisional until the code sent by e-mail is confirmed (public, throttled)',
    roles: [],
    request: RegistrationCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the provisional registration; the code is on its way', schema: RegistrationResponse } },
  },
  registrationConfirm: {
    summary:
      'Confirm a registration with its code: the customer, its Cognito user and its first device (public, throttled; REGISTRATION_CODE_INVALID names the attempts left)',
    roles: [],
    request: RegistrationConfirmRequest,
    responses: {
      200: { description: 'confirmed (a repeat with the code answers the same)', schema: RegistrationConfirmResponse },
    },
  },
  sessionCreate: {
    summary:
      'Sign in from a registered device: a DPoP proof (RFC 9449, typ dpop+jwt, ES256, claims htm, htu, iat, jti) in the DPoP header (public, throttled)',
    roles: [],
    request: SessionCreateRequest,
    responses: { 201: { description: 'a Cognito access token bound to the device that proved itself', schema: SessionResponse } },
  },
  deviceCreate: {
    summary: 'Register a device: a P-256 public key, known by its RFC 7638 thumbprint',
    roles: ['customer'],
    request: DeviceCreateRequest,
    responses: {
      201: { description: 'the device', schema: DeviceResponse },
      200: { description: 'this key is registered already under this name', schema: DeviceResponse },
    },
  },
  deviceList: {
    summary: "The caller's devices (query: limit, cursor)",
    roles: ['customer'],
    responses: { 200: { description: 'a page of devices', schema: DeviceListResponse } },
  },
  deviceDelete: {
    summary: 'Remove a device (not one in a device pair, not the last one)',
    roles: ['customer'],
    responses: { 204: { description: 'removed' } },
  },
  devicePairCreate: {
    summary: "Allow tickets to move from one of the caller's devices to another",
    roles: ['customer'],
    request: DevicePairCreateRequest,
    responses: {
      201: { description: 'the pair', schema: DevicePairResponse },
      200: { description: 'this pair exists already', schema: DevicePairResponse },
    },
  },
  devicePairList: {
    summary: "The caller's device pairs (query: limit, cursor)",
    roles: ['customer'],
    responses: { 200: { description: 'a page of device pairs', schema: DevicePairListResponse } },
  },
  devicePairDelete: {
    summary: 'Remove a device pair',
    roles: ['customer'],
    responses: { 204: { description: 'removed' } },
  },
  providerCredentialsCreate: credentialsCreate('provider'),
  providerCredentialsDelete: credentialsDelete('provider'),
  agentCredentialsCreate: credentialsCreate('agent'),
  agentCredentialsDelete: credentialsDelete('agent'),
  operatorCreate: {
    summary: 'Give an operator a user identity (Cognito e-mails an invitation)',
    roles: ['operator'],
    request: OperatorCreateRequest,
    responses: {
      201: { description: 'the operator', schema: OperatorResponse },
      200: { description: 'this operator exists already', schema: OperatorResponse },
    },
  },
  ...rightsOperations,
};

export const operationFor = (operationId: string): OperationDoc => {
  const operation = operations[operationId];
  assert(operation !== undefined, `route operation ${operationId} has no operation entry`);
  return operation;
};
