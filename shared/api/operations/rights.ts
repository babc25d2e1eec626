import {
  ContentCreateRequest,
  ContentListQuery,
  ContentListResponse,
  ContentResponse,
  GrantRequest,
  IntakeRequest,
  IntakeResponse,
  IntakeSetResponse,
  IssuedTicketResponse,
  MyUsageQuery,
  OtpResponse,
  FixedPasswordResponse,
  RedeemRequest,
  RedeemResponse,
  TransferRequest,
  UsageListResponse,
  UsageQuery,
  UsageReportRequest,
  UsageReportResponse,
} from '../rights';
import { EVERY_ROLE, getOperation, listOperation, type OperationDoc } from './types';

/** Usage rights: contents, redeem, usage reports, the intake, one-time passwords, grants, transfers (docs/usage-rights.md). */
export const rightsOperations: Readonly<Record<string, OperationDoc>> = {
  contentCreate: {
    summary: 'Add a content to the catalogue (its provider); the key is sealed under KMS and never answered',
    roles: ['provider'],
    request: ContentCreateRequest,
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the content, without its key', schema: ContentResponse, location: '/v1/contents/{id}' } },
    problems: ['PROVIDER_NOT_FOUND'],
  },
  contentList: listOperation({
    summary: 'Search the catalogue (q: every keyword must match), newest first; paginated with a cursor',
    roles: ['customer', 'provider', 'agent', 'operator'],
    page: { description: 'a page of contents', schema: ContentListResponse },
    query: ContentListQuery,
  }),
  contentGet: getOperation(
    'A content of the catalogue',
    ['customer', 'provider', 'agent', 'operator'],
    { description: 'the content, without its key', schema: ContentResponse },
    'CONTENT_NOT_FOUND',
  ),
  contentUsageList: listOperation({
    summary: 'The usage log per content (its provider or an operator) or per user (an operator names the customer), newest first',
    description:
      "Give exactly one of contentId and customerId (neither, or both, is 422 VALIDATION_FAILED naming the two). contentId: the content's provider or an operator reads its events with each holder's pseudonym (subject), never a customer id; anyone else gets 404 CONTENT_NOT_FOUND. customerId: an operator reads a registered customer's events as the customer reads its own in GET /v1/me/usage (holderId, granteeId; an id that is no registered customer is 404 CUSTOMER_NOT_FOUND naming customerId); a customer may name itself, and another customer's id, like any id a provider or an agent names, is 404 CUSTOMER_NOT_FOUND.",
    roles: EVERY_ROLE,
    page: { description: 'a page of usage events', schema: UsageListResponse },
    query: UsageQuery,
    problems: ['CONTENT_NOT_FOUND', 'CUSTOMER_NOT_FOUND'],
  }),
  myUsageList: listOperation({
    summary: "The calling customer's usage log, newest first",
    description: 'A customer token whose subject is no registered customer is 404 CUSTOMER_NOT_FOUND (naming no field).',
    roles: ['customer'],
    page: { description: 'a page of usage events', schema: UsageListResponse },
    query: MyUsageQuery,
    problems: ['CUSTOMER_NOT_FOUND'],
  }),
  ticketRedeem: {
    summary:
      'Redeem a ticket online (its provider): take uses, reserve seconds, or check the window; the nonce makes a retry answer the first answer',
    description:
      'A nonce seen before answers its first answer and debits nothing; the same nonce with other uses or seconds is 422 IDEMPOTENCY_KEY_REUSED, whose detail names the nonce and whose errors name each field that differs (a new nonce is a new redemption). An Idempotency-Key, when sent, covers nonce, uses, seconds and password besides.',
    roles: ['provider'],
    request: RedeemRequest,
    idempotencyKey: 'optional',
    responses: {
      200: { description: 'the redemption (the first answer again for a nonce seen before)', schema: RedeemResponse },
    },
    problems: [
      'TICKET_NOT_FOUND',
      'TICKET_REVOKED',
      'TICKET_EXPIRED',
      'TICKET_NOT_YET_VALID',
      'TICKET_EXHAUSTED',
      'DEVICE_PROOF_INVALID',
      'OTP_INVALID',
      'INTAKE_DRAINING',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
  ticketUsageReport: {
    summary: 'Report the seconds a redemption used (its provider); the rest of the reservation goes back to the ticket',
    roles: ['provider'],
    request: UsageReportRequest,
    idempotencyKey: 'optional',
    responses: { 200: { description: 'the settled (or expired) reservation', schema: UsageReportResponse } },
    problems: [
      'TICKET_NOT_FOUND',
      'REDEMPTION_NOT_FOUND',
      'USAGE_NOT_RESERVED',
      'USAGE_RESERVATION_EXPIRED',
      'USAGE_ALREADY_REPORTED',
    ],
  },
  intakeSet: {
    summary:
      'Open the redeem intake, or drain it: new redeems, grants and device transfers get 503 with Retry-After, work in flight finishes (operator)',
    description:
      'Draining refuses new redeems, grants and device transfers (every new writer of a ticket’s allowance); usage reports, purchases, bookings and the settlement queue go on. ' +
      'Setting the mode already in force changes nothing: changed is false and changedAt stays the moment the mode last changed.',
    roles: ['operator'],
    request: IntakeRequest,
    idempotencyKey: 'optional',
    responses: {
      200: { description: 'the switch, whether this request changed it, and the requests in flight', schema: IntakeSetResponse },
    },
  },
  intakeGet: {
    summary: 'The redeem intake: its switch and the admitted redeems, grants, transfers and usage reports in flight (operator)',
    roles: ['operator'],
    responses: { 200: { description: 'the switch and the requests in flight', schema: IntakeResponse } },
  },
  ticketOtpCreate: {
    summary: 'A one-time password for one connection with a ticket that needs one (its holder)',
    roles: ['customer'],
    idempotencyKey: 'optional',
    responses: { 201: { description: 'the password, good for one redeem until expiresAt', schema: OtpResponse } },
    problems: ['TICKET_NOT_FOUND', 'OTP_NOT_REQUIRED', 'TICKET_REVOKED', 'TICKET_EXPIRED', 'TICKET_NOT_YET_VALID'],
  },
  ticketPasswordCreate: {
    summary: "The fixed password of a ticket that needs one (its holder): a new one, replacing the ticket's current one",
    description:
      'The password is good for every connection until the end of the ticket’s window, until a new one replaces it (the old one stops working at once). ' +
      'kippu keeps only its hash: a repeat with the same Idempotency-Key answers 201 with expiresAt and without the password; ask again with a new key for a new one. ' +
      'A ticket made from this one (a grant, a transfer) needs a fixed password too, and has none until its own holder asks for one.',
    roles: ['customer'],
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'the password, shown once, good for every connection until expiresAt', schema: FixedPasswordResponse },
    },
    problems: ['TICKET_NOT_FOUND', 'FIXED_PASSWORD_NOT_REQUIRED', 'TICKET_REVOKED', 'TICKET_EXPIRED', 'TICKET_NOT_YET_VALID'],
  },
  ticketGrantCreate: {
    summary: "Pass part of a ticket's allowance to another registered customer (its holder); never more than is left",
    description:
      'uses and seconds are required exactly when the ticket counts them, and refused when it does not (422 VALIDATION_FAILED naming the field). ' +
      'A ticket that counts neither uses nor seconds is good for its window alone, which cannot be split: its grant is refused with 409 TICKET_NOT_DIVISIBLE, whatever the body names. ' +
      "A bound ticket's grant names one of the grantee's devices (granteeDeviceId); an unbound ticket's names none. " +
      'Seconds reserved by a redeem are not free to grant until they are reported or their reservation expires; a reservation past its expiresAt holds none, whether or not the sweep has run. ' +
      'While the operator drains the intake a grant is 503 INTAKE_DRAINING with Retry-After (not stored as the key’s answer: send it again later with the same key).',
    roles: ['customer'],
    request: GrantRequest,
    idempotencyKey: 'required',
    responses: {
      201: {
        description: "the grantee's ticket (no Location: the ticket is the grantee's, which the grantor cannot read)",
        schema: IssuedTicketResponse,
      },
    },
    problems: [
      'TICKET_NOT_FOUND',
      'CUSTOMER_NOT_FOUND',
      'DEVICE_NOT_FOUND',
      'GRANT_EXCEEDS_ALLOWANCE',
      'TICKET_NOT_DIVISIBLE',
      'TICKET_REVOKED',
      'TICKET_EXPIRED',
      'TICKET_NOT_YET_VALID',
      'TICKET_IN_USE',
      'INTAKE_DRAINING',
    ],
  },
  ticketTransfer: {
    summary: "Move a device-bound ticket to another of the holder's devices along a registered device pair",
    description:
      'A ticket with seconds reserved is 409 TICKET_IN_USE until they are reported or their reservation expires; a reservation past its expiresAt holds none, whether or not the sweep has run. ' +
      'While the operator drains the intake a transfer is 503 INTAKE_DRAINING with Retry-After.',
    roles: ['customer'],
    request: TransferRequest,
    idempotencyKey: 'optional',
    responses: {
      201: {
        description: 'the new ticket, bound to the new device; the old one is revoked',
        schema: IssuedTicketResponse,
        location: '/v1/tickets/{id}',
      },
    },
    problems: [
      'TICKET_NOT_FOUND',
      'TICKET_NOT_BOUND',
      'TRANSFER_NOT_ALLOWED',
      'DEVICE_NOT_FOUND',
      'TICKET_REVOKED',
      'TICKET_EXPIRED',
      'TICKET_NOT_YET_VALID',
      'TICKET_IN_USE',
      'INTAKE_DRAINING',
    ],
  },
};
