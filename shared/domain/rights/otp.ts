import { DomainError } from '../../errors';
import { OTP_VALIDITY_SECONDS } from '../../limits';
import type { Clock } from '../../ports';
import type { Principal } from '../principal';
import { requireHolderTicket, retainUntilMs } from './access';
import { ticketUnusable } from './allowance';
import type { AllowanceStore } from './ports';
import { passwordHashOf } from './redeem';

/**
 * One-time passwords (SPEC S1): a ticket with `otp` needs a fresh password for every
 * connection. Its holder asks for one and gives it to the provider with the connection; the
 * redeem that presents it consumes it in the same write that debits the ticket, so a second
 * connection with it is OTP_INVALID, and a refused redeem leaves it unused. kippu keeps only
 * its SHA-256 (it is 128 random bits: nothing to guess).
 */
export interface OtpDeps {
  readonly store: Pick<AllowanceStore, 'read' | 'putOtp'>;
  readonly clock: Clock;
  /** A new random password (base64url of OTP_PASSWORD_BYTES). */
  readonly passwords: { next(): string };
}

/**
 * Flow: the ticket is the caller's (its holder; else 404) → it is usable now (not revoked,
 * moved, or outside its window; a revoked ticket is TICKET_REVOKED whatever it takes) → it
 * takes one-time passwords (else 409 OTP_NOT_REQUIRED) → a new
 * password, good for OTP_VALIDITY_SECONDS and never past the window, stored as its hash.
 */
export const issueOtp = async (deps: OtpDeps, principal: Principal, ticketId: string) => {
  const { ticket, allowance } = requireHolderTicket(await deps.store.read(ticketId), principal, ticketId);
  const nowMs = deps.clock.now();
  const unusable = ticketUnusable(ticket, allowance, nowMs);
  if (unusable !== undefined) throw unusable;
  if (ticket.otp !== true) {
    throw new DomainError('OTP_NOT_REQUIRED', `Ticket ${ticket.id} needs no one-time password; connect without one.`);
  }
  const password = deps.passwords.next();
  const expiresAtMs = Math.min(nowMs + OTP_VALIDITY_SECONDS * 1000, Date.parse(ticket.expiresAt));
  await deps.store.putOtp({
    ticketId,
    passwordHash: passwordHashOf(password),
    createdAt: new Date(nowMs).toISOString(),
    expiresAtMs,
    retainUntilMs: retainUntilMs(ticket),
  });
  return { password, expiresAt: new Date(expiresAtMs).toISOString() };
};
