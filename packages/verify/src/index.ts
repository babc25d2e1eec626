/**
 * @kippu/verify: check kippu's tickets, dockets, refund dockets and revocation lists offline, with kippu's
 * published JWK Set and nothing else. See README.md.
 */
export {
  DELEGATION_MEMBER,
  DELEGATION_TYPE,
  DOCKET_TYPE,
  DOCUMENT_TYPES,
  REFUND_DOCKET_TYPE,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  type ClaimsOf,
  type DelegationClaims,
  type DocketClaims,
  type DocumentType,
  type PublicEcJwk,
  type RefundDocketClaims,
  type RefundDocketLeg,
  type RevocationListClaims,
  type RevokedTicket,
  type SettledAmounts,
  type TicketClaims,
} from './documents.js';
export {
  findRevocation,
  REJECTION_REASONS,
  verifyDocket,
  verifyDocument,
  VerifyOptionsError,
  verifyRefundDocket,
  verifyRevocationList,
  verifyTicket,
  VERIFY_LEEWAY_SECONDS_DEFAULT,
  VERIFY_LEEWAY_SECONDS_MAX,
  type DocumentVerifyOptions,
  type RejectionReason,
  type TicketVerifyOptions,
  type VerifyOptions,
  type VerifyResult,
} from './verify.js';
