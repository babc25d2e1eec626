import { HealthResponse, JwksResponse, OpenApiDocumentResponse, TicketCreateRequest, TicketResponse } from '../tickets';
import { OfferCreateRequest, OfferListQuery, OfferListResponse, OfferResponse } from '../offers';
import {
  DocketResponse,
  RefundDocketResponse,
  PurchaseCreateRequest,
  PurchaseListQuery,
  PurchaseListResponse,
  PurchaseRefundRequest,
  PurchaseResponse,
  RevocationsQuery,
  RevocationsResponse,
} from '../purchases';
import { FLOW_TRANSFER_PROBLEMS } from './ledger';
import type { ErrorCode } from '../../errors';
import { customerListOperation, EVERY_ROLE, getOperation, listOperation, type OperationDoc } from './types';

/**
 * What paying for something can answer: the payer's route (wallet or carrier). The fee terms
 * refuse nothing: each rate is capped at FEE_BPS_MAX, so the two never exceed the price.
 */
export const PAYMENT_PROBLEMS: readonly ErrorCode[] = [
  'PROVIDER_NOT_FOUND',
  'AGENT_NOT_FOUND',
  'INSUFFICIENT_FUNDS',
  'CREDIT_LIMIT_EXCEEDED',
  'NO_PAYMENT_ROUTE',
  'PROVIDER_NOT_TRUSTED',
  'CARRIER_ACCOUNT_NOT_FOUND',
  'CARRIER_CURRENCY_MISMATCH',
];

/** Health, keys, tickets, offers, purchases and revocation lists. */
export const purchasesOperations: Readonly<Record<string, OperationDoc>> = {
  healthGet: {
    summary: 'Liveness',
    roles: [],
    responses: { 200: { description: 'kippu is up.', schema: HealthResponse } },
  },
  openapiGet: {
    summary: 'This OpenAPI 3.1 document',
    roles: [],
    responses: { 200: { description: 'The document.', schema: OpenApiDocumentResponse } },
  },
  jwksGet: {
    summary: 'Public keys that verify tickets, dockets and revocation lists',
    roles: [],
    responses: { 200: { description: 'A JWK Set.', schema: JwksResponse } },
  },
  ticketCreate: {
    summary: 'Issue a KMS-signed ticket (an operator, or a provider for itself)',
    description:
      'The window (notBefore, default now, plus validitySeconds) must end after now: else 422 VALIDATION_FAILED naming notBefore. ' +
      'The provider must be registered (404 PROVIDER_NOT_FOUND) and the holder a registered customer (404 CUSTOMER_NOT_FOUND naming holderId).',
    roles: ['operator', 'provider'],
    request: TicketCreateRequest,
    example: {
      providerId: 'prov-1',
      holderId: 'cust-1',
      resource: 'server-1/stream-7',
      validitySeconds: 3600,
      capabilities: ['image', 'voice'],
    },
    idempotencyKey: 'optional',
    responses: {
      201: {
        description: 'The ticket was issued (a repeat with the same Idempotency-Key replays it).',
        schema: TicketResponse,
        location: '/v1/tickets/{id}',
      },
    },
    problems: ['PROVIDER_NOT_FOUND', 'CUSTOMER_NOT_FOUND'],
  },
  ticketGet: getOperation(
    'Read a ticket (its holder, its provider or an operator)',
    ['customer', 'provider', 'operator'],
    { description: 'The ticket.', schema: TicketResponse },
    'TICKET_NOT_FOUND',
  ),
  providerRevocationsGet: listOperation({
    summary: "The provider's signed revocation list since a version (the provider itself or an operator)",
    roles: ['provider', 'operator'],
    query: RevocationsQuery,
    page: { description: 'One signed page of revoked tickets.', schema: RevocationsResponse },
    problems: ['PROVIDER_NOT_FOUND'],
  }),
  offerCreate: {
    summary: 'Create an offer (a provider for itself, or an operator)',
    roles: ['provider', 'operator'],
    request: OfferCreateRequest,
    example: {
      providerId: 'prov-1',
      title: 'Harbour webcam, one day',
      resource: 'server-1/stream-7',
      priceMinor: 300,
      currency: 'JPY',
      validitySeconds: 86_400,
      capabilities: ['image'],
    },
    idempotencyKey: 'optional',
    responses: { 201: { description: 'The offer.', schema: OfferResponse, location: '/v1/offers/{id}' } },
    problems: ['PROVIDER_NOT_FOUND', 'CONTENT_NOT_FOUND', 'PURPOSE_NOT_ALLOWED', 'PERIOD_TOO_LONG'],
  },
  offerWithdraw: {
    summary: 'Withdraw an offer: it is not sold from then on (its provider, or an operator)',
    description:
      "The offer shows withdrawnAt; a new purchase of it is 409 OFFER_WITHDRAWN; GET /v1/offers leaves it out unless asked (include=withdrawn). Purchases and tickets made before are unaffected: they settle, redeem and refund as before. Its terms never change. A repeat answers the offer with its first withdrawnAt. Another provider's offer is 403 FORBIDDEN (every offer is readable by everyone, so a 404 would hide nothing).",
    roles: ['provider', 'operator'],
    idempotencyKey: 'optional',
    responses: { 200: { description: 'The withdrawn offer.', schema: OfferResponse } },
    problems: ['OFFER_NOT_FOUND'],
  },
  offerGet: getOperation(
    'Read an offer (any signed-in role: every offer is readable by everyone, a withdrawn one too; GET /v1/offers lists those on sale)',
    EVERY_ROLE,
    { description: 'The offer.', schema: OfferResponse },
    'OFFER_NOT_FOUND',
  ),
  offerList: listOperation({
    summary: 'List offers on sale, newest first, optionally by provider and keywords (q); paginated with a cursor',
    description:
      'Withdrawn offers are left out; include=withdrawn lists them too, for the provider in its own listing (providerId its own) and for operators (anyone else: 403 FORBIDDEN naming include). A provider token whose subject is no registered provider that names itself in providerId is 404 PROVIDER_NOT_FOUND (naming no field), not an empty page.',
    roles: EVERY_ROLE,
    query: OfferListQuery,
    page: { description: 'A page of offers.', schema: OfferListResponse },
    problems: ['FORBIDDEN', 'PROVIDER_NOT_FOUND'],
  }),
  purchaseCreate: {
    summary: 'Buy an offer: hold the money, issue the ticket, settle in the background',
    description: 'A refusal (402) is the stored answer for its Idempotency-Key: after topping up, buy again with a new key.',
    roles: ['customer'],
    request: PurchaseCreateRequest,
    example: { offerId: 'ofr_example' },
    idempotencyKey: 'required',
    responses: {
      201: {
        description: 'The purchase, authorized, with its ticket and hold.',
        schema: PurchaseResponse,
        location: '/v1/purchases/{id}',
      },
    },
    problems: [
      'CUSTOMER_NOT_FOUND',
      'OFFER_NOT_FOUND',
      'OFFER_WITHDRAWN',
      'CONTENT_NOT_FOUND',
      'DEVICE_NOT_FOUND',
      'PURPOSE_NOT_ALLOWED',
      'PERIOD_TOO_LONG',
      ...PAYMENT_PROBLEMS,
      'TRANSACTION_CONFLICT',
    ],
  },
  purchaseGet: getOperation(
    'Read a purchase (its customer, the provider of its offer, operators)',
    ['customer', 'provider', 'operator'],
    { description: 'The purchase.', schema: PurchaseResponse },
    'PURCHASE_NOT_FOUND',
  ),
  purchaseList: customerListOperation(
    'purchases',
    PurchaseListQuery,
    { description: 'A page of purchases.', schema: PurchaseListResponse },
    "Providers read each purchase of their offers by id (GET /v1/purchases/{id}) and their sales in their revenue account's entries (GET /v1/me/accounts/{accountId}/entries).",
  ),
  purchaseDocketGet: {
    summary: "A settled purchase's signed docket (its customer, the provider of its offer, its carrier agent, operators)",
    description:
      "The carrier agent of a carrier-route purchase reads the docket addressed to it (its `aud` names the carrier); any other agent gets 404. The docket proves the charge and never changes: a settled purchase that was refunded keeps its docket, byte for byte, and the reversal is its own signed document, the refund docket at GET /v1/purchases/{id}/refund-docket (the purchase's `refund.refundDocketId` names it). 404 DOCKET_NOT_FOUND is for a purchase that has not been settled (authorized, rejected, or refunded before its settlement posted).",
    roles: ['customer', 'provider', 'agent', 'operator'],
    responses: { 200: { description: 'The docket.', schema: DocketResponse } },
    problems: ['PURCHASE_NOT_FOUND', 'DOCKET_NOT_FOUND'],
  },
  purchaseRefundDocketGet: {
    summary: "A refunded purchase's signed refund docket (its customer, the provider of its offer, its carrier agent, operators)",
    description:
      "The signed reversal of the settlement the docket recorded: the docket it reverses (`dkt`), each reversal transfer with the leg it reverses and the amount given back, and the amounts, addressed to the docket's `aud`. A carrier that collects against dockets nets a purchase with its refund docket to nothing. Signed by the KMS key (typ kippu-refund-docket+jwt), written once by the refund; read by the same parties as the docket (any other agent gets 404 PURCHASE_NOT_FOUND). 404 REFUND_DOCKET_NOT_FOUND when the purchase was not refunded, or was refunded before it was settled (its hold was released: nothing was charged, and it has no docket).",
    roles: ['customer', 'provider', 'agent', 'operator'],
    responses: { 200: { description: 'The refund docket.', schema: RefundDocketResponse } },
    problems: ['PURCHASE_NOT_FOUND', 'REFUND_DOCKET_NOT_FOUND'],
  },
  purchaseRefund: {
    summary: 'Refund a purchase: reverse every leg, revoke the ticket (the provider of the offer, or an operator)',
    description: "A customer may ask too: its own purchase is 403 REFUND_NOT_ALLOWED, another's is 404.",
    roles: ['provider', 'operator', 'customer'],
    request: PurchaseRefundRequest,
    idempotencyKey: 'optional',
    responses: { 200: { description: 'The refunded purchase (a repeat answers the same).', schema: PurchaseResponse } },
    problems: ['PURCHASE_NOT_FOUND', 'REFUND_NOT_ALLOWED', 'PURCHASE_NOT_REFUNDABLE', ...FLOW_TRANSFER_PROBLEMS],
  },
};
