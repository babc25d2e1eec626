import * as z from '../zod';
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

export const PurchaseCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      offerId: Identifier,
      route: z.optional(PaymentRouteSchema).check(z.describe('default: carrier when possible, else wallet')),
      deviceId: z
        .optional(Identifier)
        .check(z.describe('one of your devices: required by a device-bound offer, whose ticket is bound to it')),
      purpose: z
        .optional(Purpose)
        .check(z.describe('for an offer of a content: one of the purposes the content and the offer allow')),
      periodSeconds: z
        .optional(z.int().check(z.gte(TICKET_VALIDITY_SECONDS_MIN)))
        .check(
          z.describe(
            'for an offer of a content: the period of the right, at most the content’s maxPeriodSeconds and the offer’s validitySeconds (the default)',
          ),
        ),
    })
    .check(z.meta({ id: 'PurchaseCreateRequest' })),
);

/** A refund takes no fields: an empty body or `{}`. */
export const PurchaseRefundRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({}).check(z.meta({ id: 'PurchaseRefundRequest' })),
);

const Leg = /* @__PURE__ */ z.schema(() =>
  z.object({
    kind: z.enum(['post', 'platformFee', 'carrierFee']),
    transferId: z.string(),
    amountMinor: z.int(),
    debitAccountId: z.optional(z.string()).check(z.describe('absent for providers')),
    creditAccountId: z.optional(z.string()).check(z.describe('absent for providers')),
  }),
);

export const PurchaseResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      status: z.enum(PURCHASE_STATUSES),
      route: PaymentRouteSchema,
      offerId: z.string(),
      providerId: z.string(),
      customerId: z.optional(z.string()).check(z.describe('absent for providers')),
      payerAccountId: z.optional(z.string()).check(z.describe('absent for providers')),
      agentId: z
        .optional(z.string())
        .check(z.describe('the carrier agent that collects, on the carrier route; absent for providers')),
      resource: z.string(),
      amountMinor: z.int(),
      currency: z.string(),
      platformFeeBps: z.int(),
      carrierFeeBps: z.int(),
      createdAt: Timestamp,
      contentId: z.optional(z.string()),
      purpose: z.optional(z.string()),
      periodSeconds: z.optional(z.int()),
      deviceId: z.optional(z.string()).check(z.describe('the device the ticket is bound to; absent for providers')),
      ticket: z.object({
        id: z.string(),
        token: z.optional(z.string()).check(z.describe('on creation; read it later from GET /v1/tickets/{id}')),
      }),
      hold: z.object({ transferId: z.string(), expiresAt: Timestamp }),
      settlement: z.optional(
        z.object({
          settledAt: Timestamp,
          split: FeeSplitSchema,
          legs: z.array(Leg),
          docketId: z.string(),
          docket: z.string().check(z.describe('compact JWS, ES256, typ kippu-docket+jwt; verify with the JWKS')),
        }),
      ),
      rejection: z.optional(z.object({ reasonCode: z.string(), detail: z.string(), rejectedAt: Timestamp })),
      refund: z.optional(
        z.object({
          refundedAt: Timestamp,
          refundedBy: z.string(),
          transferIds: z.array(z.string()),
          refundDocketId: z
            .optional(z.string())
            .check(
              z.describe(
                'when the refund reversed a settlement: its signed refund docket, read at GET /v1/purchases/{id}/refund-docket',
              ),
            ),
        }),
      ),
      attention: z
        .optional(z.object({ reason: z.string(), detail: z.string(), at: Timestamp, messageId: z.string() }))
        .check(z.describe('set when settlement could not process this purchase and an operator must look')),
    })
    .check(z.meta({ id: 'Purchase' })),
);

export const PurchaseListQuery = /* @__PURE__ */ z.schema(() => ownedListQuery(PURCHASE_STATUSES, 'purchases'));

export const PurchaseListResponse = /* @__PURE__ */ z.schema(() => pageOf(PurchaseResponse, 'PurchaseList'));

export const DocketResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      purchaseId: z.string(),
      docketId: z.string(),
      token: z.string().check(z.describe('compact JWS, ES256, typ kippu-docket+jwt; verify with the JWKS')),
    })
    .check(z.meta({ id: 'Docket' })),
);

export const RefundDocketResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      purchaseId: z.string(),
      refundDocketId: z.string(),
      docketId: z.string().check(z.describe('the docket whose settlement the refund reversed (its jti)')),
      token: z.string().check(z.describe('compact JWS, ES256, typ kippu-refund-docket+jwt; verify with the JWKS')),
    })
    .check(z.meta({ id: 'RefundDocket' })),
);

export const RevocationsQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    since: z
      .optional(queryInteger(z.int().check(z.gte(0), z.lte(REVOCATION_VERSION_MAX))))
      .check(
        z.describe(
          "The version the verifier holds (default 0; at most the largest version a list can reach). Beyond this list's latest version: 422 VALIDATION_FAILED naming since.",
        ),
      ),
    cursor: z.optional(Cursor).check(z.describe('The nextCursor of the previous page (it wins over since).')),
  }),
);

export const RevokedTicketResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      ticketId: z.string(),
      version: z.int().check(z.describe('The version of the list that revoked it.')),
      revokedAt: Timestamp,
    })
    .check(z.meta({ id: 'RevokedTicket' })),
);

export const RevocationsResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      providerId: z.string(),
      since: z.int(),
      version: z.int().check(z.describe('the version this page brings the verifier to')),
      latestVersion: z.int(),
      more: z.boolean().check(z.describe('ask again with since=version')),
      count: z.int(),
      token: z.string().check(z.describe('compact JWS, ES256, typ kippu-revocations+jwt, aud = the provider')),
      items: z.array(RevokedTicketResponse).check(z.describe('The revoked tickets of this page, as signed in the token.')),
      nextCursor: z.optional(Cursor).check(z.describe('Present when there is more (more = true); absent on the last page.')),
    })
    .check(z.meta({ id: 'RevocationList' })),
);
