import { DomainError, quoted } from '../../errors';
import { OTP_VALIDITY_SECONDS } from '../../limits';
import type { Clock } from '../../ports';
import type { Principal } from '../principal';
import type { TicketRecord } from '../tickets/ticket';
import { requireHolderTicket, retainUntilMs } from './access';
import { ticketUnusable } from './allowance';
import type { AllowanceStore, PasswordMode } from './ports';
import { passwordHashOf } from './redeem';

/**
 * Connection passwords (SPEC S1: "an optional password (fixed, one-time per connection, or
 * none)"). A ticket with `otp` needs a fresh password for every connection: its holder asks
 * for one and gives it to the provider with the connection; the redeem that presents it
 * consumes it in the same write that debits the ticket, so a second connection with it is
 * OTP_INVALID, and a refused redeem leaves it unused. A ticket with `fixedPassword` needs its
 * holder's one current password on every connection: asking again replaces it (the old one
 * stops working at once), and a redeem checks it in the same write without consuming it.
 * Either is 128 random bits (OTP_PASSWORD_BYTES: nothing to guess) of which kippu keeps only
 * the SHA-256.
 */
export interface OtpDeps {
  readonly store: Pick<AllowanceStore, 'read' | 'putPassword'>;
  readonly clock: Clock;
  /** A new random password (base64url of OTP_PASSWORD_BYTES). */
  readonly passwords: { next(): string };
}

/** What each mode asks of the ticket, and how long its password is good for. */
const MODES: Readonly<
  Record<
    PasswordMode,
    { readonly takes: (ticket: TicketRecord) => boolean; readonly notTaken: (ticketId: string) => DomainError }
  >
> = {
  once: {
    takes: (ticket) => ticket.otp === true,
    notTaken: (ticketId) =>
      new DomainError('OTP_NOT_REQUIRED', `Ticket ${quoted(ticketId)} needs no one-time password; connect without one.`),
  },
  fixed: {
    takes: (ticket) => ticket.fixedPassword === true,
    notTaken: (ticketId) =>
      new DomainError(
        'FIXED_PASSWORD_NOT_REQUIRED',
        `Ticket ${quoted(ticketId)} has no fixed password; connect without one (or with a one-time password, if it takes them).`,
      ),
  },
};

/** How long a new password is good for: a one-time password OTP_VALIDITY_SECONDS, a fixed one the window; never past it. */
const passwordExpiryMs = (mode: PasswordMode, ticket: TicketRecord, nowMs: number): number =>
  mode === 'once' ? Math.min(nowMs + OTP_VALIDITY_SECONDS * 1000, Date.parse(ticket.expiresAt)) : Date.parse(ticket.expiresAt);

/**
 * Flow: the ticket is the caller's (its holder; else 404) → it is usable now (not revoked,
 * moved, or outside its window; a revoked ticket is TICKET_REVOKED whatever it takes) → it
 * takes passwords of this mode (else 409 OTP_NOT_REQUIRED or FIXED_PASSWORD_NOT_REQUIRED) → a
 * new password, stored as its hash: a one-time one beside the others, good for
 * OTP_VALIDITY_SECONDS and never past the window; a fixed one in place of the current one,
 * good for the window.
 */
export const issuePassword = async (deps: OtpDeps, principal: Principal, ticketId: string, mode: PasswordMode) => {
  const { ticket, allowance } = requireHolderTicket(await deps.store.read(ticketId), principal, ticketId);
  const nowMs = deps.clock.now();
  const unusable = ticketUnusable(ticket, allowance, nowMs);
  if (unusable !== undefined) throw unusable;
  if (!MODES[mode].takes(ticket)) throw MODES[mode].notTaken(ticket.id);
  const password = deps.passwords.next();
  const expiresAtMs = passwordExpiryMs(mode, ticket, nowMs);
  await deps.store.putPassword({
    ticketId,
    mode,
    passwordHash: passwordHashOf(password),
    createdAt: new Date(nowMs).toISOString(),
    expiresAtMs,
    retainUntilMs: retainUntilMs(ticket),
  });
  return { password, expiresAt: new Date(expiresAtMs).toISOString() };
};

/** `POST /v1/tickets/{id}/otp`: a one-time password for one connection. */
export const issueOtp = (deps: OtpDeps, principal: Principal, ticketId: string) =>
  issuePassword(deps, principal, ticketId, 'once');

/** `POST /v1/tickets/{id}/password`: the ticket's fixed password, replacing the one it had. */
export const issueFixedPassword = (deps: OtpDeps, principal: Principal, ticketId: string) =>
  issuePassword(deps, principal, ticketId, 'fixed');
