import * as z from 'zod';
import { REVOCATION_VERSION_MAX, TICKET_VALIDITY_SECONDS_MIN } from '../limits';
import { PURCHASE_STATUSES } from '../domain/purchases/purchase';
import {
  Cursor,
  FeeSplitSchema,
  Identifier,
  ownedListQuery,
  pageOf,
  PaymentRouteSchema,
  queryInteger,
  Timestamp,
} from './common';
import { Purpose } from './tickets';

export const PurchaseCreateRequest = z
  .strictObject({
    offerId: Identifier,
    route: PaymentRouteSchema.optional().describe('default: carrier when possible, else wallet'),
    deviceId: Identifier.optional().describe(
      'one of your devices: required by a device-bound offer, whose ticket is bound to it',
    ),
    purpose: Purpose.optional().describe('for an offer of a content: one of the purposes the content and the offer allow'),
    periodSeconds: z
      .int()
      .min(TICKET_VALIDITY_SECONDS_MIN)
      .optional()
      .describe(
        'for an offer of a content: the period of the right, at most the content’s maxPeriodSeconds and the offer’s validitySeconds (the default)',
      ),
  })
  .meta({ id: 'PurchaseCreateRequest' });

/** A refund takes no fields: an empty body or `{}`. */
export const PurchaseRefundRequest = z.strictObject({}).meta({ id: 'PurchaseRefundRequest' });

const Leg = z.object({
  kind: z.enum(['post', 'platformFee', 'carrierFee']),
  transferId: z.string(),
  amountMinor: z.int(),
  debitAccountId: z.string().optional().describe('absent for providers'),
  creditAccountId: z.string().optional().describe('absent for providers'),
});

export const PurchaseResponse = z
  .object({
    id: z.string(),
    status: z.enum(PURCHASE_STATUSES),
    route: PaymentRouteSchema,
    offerId: z.string(),
    providerId: z.string(),
    customerId: z.string().optional().describe('absent for providers'),
    payerAccountId: z.string().optional().describe('absent for providers'),
    agentId: z.string().optional(),
    resource: z.string(),
    amountMinor: z.int(),
    currency: z.string(),
    platformFeeBps: z.int(),
    carrierFeeBps: z.int(),
    createdAt: Timestamp,
    contentId: z.string().optional(),
    purpose: z.string().optional(),
    periodSeconds: z.int().optional(),
    deviceId: z.string().optional().describe('the device the ticket is bound to; absent for providers'),
    ticket: z.object({
      id: z.string(),
      token: z.string().optional().describe('on creation; read it later from GET /v1/tickets/{id}'),
    }),
    hold: z.object({ transferId: z.string(), expiresAt: Timestamp }),
    settlement: z
      .object({
        settledAt: Timestamp,
        split: FeeSplitSchema,
        legs: z.array(Leg),
        docketId: z.string(),
        docket: z.string().describe('compact JWS, ES256, typ kippu-docket+jwt; verify with the JWKS'),
      })
      .optional(),
    rejection: z.object({ reasonCode: z.string(), detail: z.string(), rejectedAt: Timestamp }).optional(),
    refund: z.object({ refundedAt: Timestamp, refundedBy: z.string(), transferIds: z.array(z.string()) }).optional(),
    attention: z
      .object({ reason: z.string(), detail: z.string(), at: Timestamp, messageId: z.string() })
      .optional()
      .describe('set when settlement could not process this purchase and an operator must look'),
  })
  .meta({ id: 'Purchase' });

export const PurchaseListQuery = ownedListQuery(PURCHASE_STATUSES, 'purchases');

export const PurchaseListResponse = pageOf(PurchaseResponse, 'PurchaseList');

export const DocketResponse = z
  .object({
    purchaseId: z.string(),
    docketId: z.string(),
    token: z.string().describe('compact JWS, ES256, typ kippu-docket+jwt; verify with the JWKS'),
  })
  .meta({ id: 'Docket' });

export const RevocationsQuery = z.strictObject({
  since: queryInteger(z.int().min(0).max(REVOCATION_VERSION_MAX))
    .optional()
    .describe('The version the verifier holds (default 0; at most the largest version a list can reach).'),
  cursor: Cursor.optional().describe('The nextCursor of the previous page (it wins over since).'),
});

export const RevokedTicketResponse = z
  .object({
    ticketId: z.string(),
    version: z.int().describe('The version of the list that revoked it.'),
    revokedAt: Timestamp,
  })
  .meta({ id: 'RevokedTicket' });

export const RevocationsResponse = z
  .object({
    providerId: z.string(),
    since: z.int(),
    version: z.int().describe('the version this page brings the verifier to'),
    latestVersion: z.int(),
    more: z.boolean().describe('ask again with since=version'),
    count: z.int(),
    token: z.string().describe('compact JWS, ES256, typ kippu-revocations+jwt, aud = the provider'),
    items: z.array(RevokedTicketResponse).describe('The revoked tickets of this page, as signed in the token.'),
    nextCursor: Cursor.optional().describe('Present when there is more (more = true); absent on the last page.'),
  })
  .meta({ id: 'RevocationList' });
