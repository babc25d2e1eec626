import type { OperationDoc } from './operations';
import {
  ContentCreateRequest,
  ContentListResponse,
  ContentResponse,
  GrantRequest,
  IntakeRequest,
  IntakeResponse,
  IssuedTicketResponse,
  OtpResponse,
  RedeemRequest,
  RedeemResponse,
  TransferRequest,
  UsageListResponse,
  UsageReportRequest,
  UsageReportResponse,
} from './rights';

/** The usage-rights operations (docs/usage-rights.md); part of the operations in operations.ts. */
export const rightsOperations: Readonly<Record<string, OperationDoc>> = {
  contentCreate: {
    summary: 'Add a content to the catalogue (its provider); the key is sealed under KMS and never answered',
    roles: ['provider'],
    request: ContentCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the content, without its key', schema: ContentResponse } },
  },
  contentList: {
    summary: 'Search the catalogue (q: every keyword must match), newest first; paginated with a cursor',
    roles: ['customer', 'provider', 'agent', 'operator'],
    responses: { 200: { description: 'a page of contents', schema: ContentListResponse } },
  },
  contentGet: {
    summary: 'A content of the catalogue',
    roles: ['customer', 'provider', 'agent', 'operator'],
    responses: { 200: { description: 'the content, without its key', schema: ContentResponse } },
  },
  contentUsageList: {
    summary: "A content's usage log, newest first (its provider or an operator; anyone else: 404)",
    roles: ['provider', 'operator'],
    responses: { 200: { description: 'a page of usage events', schema: UsageListResponse } },
  },
  myUsageList: {
    summary: "The calling customer's usage log, newest first",
    roles: ['customer'],
    responses: { 200: { description: 'a page of usage events', schema: UsageListResponse } },
  },
  ticketRedeem: {
    summary:
      'Redeem a ticket online (its provider): take uses, reserve seconds, or check the window; the nonce makes a retry answer the first answer',
    roles: ['provider'],
    request: RedeemRequest,
    responses: {
      200: { description: 'the redemption (the first answer again for a nonce seen before)', schema: RedeemResponse },
    },
  },
  ticketUsageReport: {
    summary: 'Report the seconds a redemption used (its provider); the rest of the reservation goes back to the ticket',
    roles: ['provider'],
    request: UsageReportRequest,
    responses: { 200: { description: 'the settled (or expired) reservation', schema: UsageReportResponse } },
  },
  intakeSet: {
    summary: 'Open the redeem intake, or drain it: new redeems get 503 with Retry-After, work in flight finishes (operator)',
    roles: ['operator'],
    request: IntakeRequest,
    responses: { 200: { description: 'the switch and the requests in flight', schema: IntakeResponse } },
  },
  intakeGet: {
    summary: 'The redeem intake: its switch and the redeems and usage reports in flight (operator)',
    roles: ['operator'],
    responses: { 200: { description: 'the switch and the requests in flight', schema: IntakeResponse } },
  },
  ticketOtpCreate: {
    summary: 'A one-time password for one connection with a ticket that needs one (its holder)',
    roles: ['customer'],
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the password, good for one redeem until expiresAt', schema: OtpResponse } },
  },
  ticketGrantCreate: {
    summary: "Pass part of a ticket's allowance to another registered customer (its holder); never more than is left",
    roles: ['customer'],
    request: GrantRequest,
    idempotencyKey: 'required',
    responses: { 201: { description: "the grantee's ticket", schema: IssuedTicketResponse } },
  },
  ticketTransfer: {
    summary: "Move a device-bound ticket to another of the holder's devices along a registered device pair",
    roles: ['customer'],
    request: TransferRequest,
    responses: {
      201: { description: 'the new ticket, bound to the new device; the old one is revoked', schema: IssuedTicketResponse },
    },
  },
};
