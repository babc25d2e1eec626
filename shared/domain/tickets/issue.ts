import { DomainError, assert, quoted, notVisible } from '../../errors';
import type { BusinessMetrics, Clock } from '../../ports';
import type { TicketKind } from '../../resources/metrics';
import { actsFor, describePrincipal, type Principal } from '../principal';
import { signCompactJws, TICKET_TYPE } from './jws';
import type { TicketRemaining } from '../rights/remaining';
import type { JwsSigner, PseudonymStore, TicketStore } from './ports';
import { requireOnePasswordMode, type TicketBinding, type TicketClaims, type TicketRecord } from './ticket';

export interface TicketDeps {
  readonly signer: JwsSigner;
  readonly ticketStore: TicketStore;
  readonly pseudonyms: PseudonymStore;
  readonly clock: Clock;
  readonly issuer: string;
  readonly ticketValiditySecondsMax: number;
  readonly metrics: BusinessMetrics;
}

export interface IssueTicketInput {
  /** What the ticket is issued for (counted in TicketsIssued by this kind). */
  readonly kind: TicketKind;
  readonly providerId: string;
  readonly holderId: string;
  readonly resource: string;
  readonly validitySeconds: number;
  readonly capabilities: readonly string[];
  /** Start of the window; defaults to now. */
  readonly notBeforeMs?: number;
  readonly maxUses?: number;
  readonly maxSeconds?: number;
  readonly otp?: boolean;
  /** A fixed connection password (`pwd`): refused together with `otp`. */
  readonly fixedPassword?: boolean;
  readonly purchaseId?: string;
  readonly reservationId?: string;
  readonly transferId?: string;
  /** Binds the ticket to a device: `cnf.jkt` is the device key's thumbprint. */
  readonly binding?: TicketBinding;
  readonly contentId?: string;
  readonly purpose?: string;
  readonly grantedFrom?: string;
  readonly transferredFrom?: string;
  /** The holder's pseudonym towards the provider, when the caller looked it up already (a purchase keeps it). */
  readonly subject?: string;
}

export interface IssueOptions {
  /**
   * False when the caller knows no ticket with this id can have been stored yet (the purchase
   * it belongs to was stored by this very attempt): the read before signing is skipped. A
   * racer that stored one meanwhile still wins the conditional write.
   */
  readonly mayExist?: boolean;
}

/** Operators issue for anyone; a provider only for itself. */
export const authorizeTicketIssue = (principal: Principal, providerId: string): void => {
  if (actsFor(principal, 'provider', providerId)) return;
  throw new DomainError('FORBIDDEN', `A ${principal.role} cannot issue tickets for provider ${quoted(providerId)}.`, [
    { field: 'providerId', message: 'is not yours' },
  ]);
};

/** The holder, the ticket's provider and operators may read a ticket; others get 404. */
export const authorizeTicketRead = (principal: Principal, ticket: TicketRecord | undefined, ticketId: string): TicketRecord => {
  const allowed =
    ticket !== undefined &&
    (actsFor(principal, 'provider', ticket.providerId) || actsFor(principal, 'customer', ticket.holderId));
  if (!allowed) throw notVisible('TICKET_NOT_FOUND', 'ticket', ticketId);
  return ticket;
};

const epochSeconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Issue a ticket.
 *
 * Flow:
 *  1. If a ticket with this id exists (a retry after a crash), return it unchanged (not read
 *     when the caller knows it cannot exist: `mayExist: false`).
 *  2. Sign it (signTicket: pseudonym, claims, KMS; nothing is stored yet, so a crash here
 *     only costs a signature).
 *  3. Store the record with a conditional write; if a concurrent retry stored it first, that
 *     record wins and is returned, so exactly one token exists per ticket id. Only the write
 *     that stored it counts the ticket as issued.
 */
export const issueTicket = async (
  deps: TicketDeps,
  ticketId: string,
  input: IssueTicketInput,
  issuedBy: Principal,
  options: IssueOptions = {},
): Promise<TicketRecord> => {
  const existing = options.mayExist === false ? undefined : await deps.ticketStore.get(ticketId);
  if (existing !== undefined) return existing;
  const record = await signTicket(deps, ticketId, input, issuedBy);
  const stored = await deps.ticketStore.create(record);
  assert(stored.record.id === ticketId, 'the stored ticket is the one asked for');
  if (stored.created) deps.metrics.record('ticketsIssued', 1, { kind: input.kind });
  return stored.record;
};

/**
 * A signed ticket record, not stored: the caller stores it (issueTicket), or writes it in one
 * transaction with what it depends on (a grant takes the grantee's allowance from the
 * grantor's in the same write).
 *
 * Flow: check the window → look up (or create) the holder's pseudonym towards the provider
 * (unless the input carries it) → build the claims → have KMS sign them.
 */
export const signTicket = async (
  deps: TicketDeps,
  ticketId: string,
  input: IssueTicketInput,
  issuedBy: Principal,
): Promise<TicketRecord> => {
  if (input.validitySeconds > deps.ticketValiditySecondsMax) {
    throw new DomainError('VALIDATION_FAILED', `A ticket window is at most ${deps.ticketValiditySecondsMax} seconds.`, [
      { field: 'validitySeconds', message: `must be at most ${deps.ticketValiditySecondsMax}` },
    ]);
  }
  requireOnePasswordMode(input);
  const nowMs = deps.clock.now();
  const notBeforeMs = input.notBeforeMs ?? nowMs;
  const expiresAtMs = notBeforeMs + input.validitySeconds * 1000;
  if (expiresAtMs <= nowMs) {
    throw new DomainError('VALIDATION_FAILED', 'The ticket window would end before now.', [
      { field: 'notBefore', message: 'the window must end in the future' },
    ]);
  }
  const subject = input.subject ?? (await deps.pseudonyms.subjectFor(input.providerId, input.holderId));
  const claims = ticketClaims(deps.issuer, ticketId, subject, input, { nowMs, notBeforeMs, expiresAtMs });
  const { token, keyId } = await signCompactJws(deps.signer, TICKET_TYPE, claims);
  return {
    id: ticketId,
    providerId: input.providerId,
    holderId: input.holderId,
    subject,
    resource: input.resource,
    capabilities: claims.cap,
    issuedAt: new Date(claims.iat * 1000).toISOString(),
    notBefore: new Date(claims.nbf * 1000).toISOString(),
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    status: 'active',
    keyId,
    token,
    ...(input.maxUses === undefined ? {} : { maxUses: input.maxUses }),
    ...(input.maxSeconds === undefined ? {} : { maxSeconds: input.maxSeconds }),
    ...(input.otp === true ? { otp: true } : {}),
    ...(input.fixedPassword === true ? { fixedPassword: true } : {}),
    ...(input.contentId === undefined ? {} : { contentId: input.contentId }),
    ...(input.purpose === undefined ? {} : { purpose: input.purpose }),
    ...(input.binding === undefined ? {} : { binding: input.binding }),
    ...(input.grantedFrom === undefined ? {} : { grantedFrom: input.grantedFrom }),
    ...(input.transferredFrom === undefined ? {} : { transferredFrom: input.transferredFrom }),
    issuedBy: describePrincipal(issuedBy),
  };
};

const ticketClaims = (
  issuer: string,
  ticketId: string,
  subject: string,
  input: IssueTicketInput,
  window: { readonly nowMs: number; readonly notBeforeMs: number; readonly expiresAtMs: number },
): TicketClaims => ({
  iss: issuer,
  sub: subject,
  aud: input.providerId,
  jti: ticketId,
  iat: epochSeconds(window.nowMs),
  nbf: epochSeconds(window.notBeforeMs),
  exp: epochSeconds(window.expiresAtMs),
  res: input.resource,
  cap: [...input.capabilities],
  ...(input.maxUses === undefined ? {} : { max: input.maxUses }),
  ...(input.maxSeconds === undefined ? {} : { sec: input.maxSeconds }),
  ...(input.purchaseId === undefined ? {} : { pur: input.purchaseId }),
  ...(input.reservationId === undefined ? {} : { rsv: input.reservationId }),
  ...(input.transferId === undefined ? {} : { txn: input.transferId }),
  ...(input.binding === undefined ? {} : { cnf: { jkt: input.binding.jkt } }),
  ...(input.otp === true ? { otp: true } : {}),
  ...(input.fixedPassword === true ? { pwd: true } : {}),
});

/**
 * What a caller may see of a ticket: providers never see the holder's identity, and nobody
 * sees who issued it (an internal audit field, like a party's createdBy).
 */
/**
 * The status a ticket is shown with: `revoked` as stored, else `expired` from the end of its
 * window on (when redeems answer TICKET_EXPIRED: the same instant, `nowMs >= expiresAt`),
 * else `active`. The record keeps only active or revoked; expiry is the clock's.
 */
export const ticketStatusAt = (ticket: TicketRecord, nowMs: number): 'active' | 'revoked' | 'expired' =>
  ticket.status === 'active' && nowMs >= Date.parse(ticket.expiresAt) ? 'expired' : ticket.status;

export const ticketView = (
  principal: Principal,
  ticket: TicketRecord,
  nowMs: number,
  /** What is left on it (rights/remaining.ts), for a ticket that counts uses or seconds. */
  remaining?: TicketRemaining,
) => {
  const { holderId, issuedBy: _issuedBy, binding, ...rest } = ticket;
  const shown = { ...rest, status: ticketStatusAt(ticket, nowMs), ...(remaining === undefined ? {} : { remaining }) };
  // The device is the holder's business; the provider sees the key's thumbprint in `cnf`.
  const device = binding === undefined ? {} : { deviceId: binding.deviceId };
  return principal.role === 'provider' ? shown : { ...shown, holderId, ...device };
};
