import { assert, DomainError, quoted } from '../../errors';
import type { TicketRecord } from '../tickets/ticket';
import type { Allowance, Remaining } from './ports';

/**
 * The arithmetic of allowances (SPEC S5): pure functions that decide every change, so that
 * the DynamoDB and the in-memory store only apply what was decided, atomically, against the
 * version it was decided on. Uses (`max`) are debited; seconds (`sec`) are reserved by a
 * redeem and released by its usage report or its expiry; a ticket with neither is good for
 * its window alone. Nothing ever goes below zero: a debit that does not fit is refused whole.
 */

/** The allowance of a ticket nothing has changed yet: its claims. */
export const initialAllowance = (ticket: Pick<TicketRecord, 'maxUses' | 'maxSeconds'>): Allowance => ({
  version: 0,
  ...(ticket.maxUses === undefined ? {} : { usesLeft: ticket.maxUses }),
  ...(ticket.maxSeconds === undefined ? {} : { secondsLeft: ticket.maxSeconds }),
  secondsReserved: 0,
});

export const remainingOf = (allowance: Allowance): Remaining => ({
  ...(allowance.usesLeft === undefined ? {} : { uses: allowance.usesLeft }),
  ...(allowance.secondsLeft === undefined ? {} : { seconds: allowance.secondsLeft }),
});

/** What one redeem takes: uses when the ticket counts uses, seconds when it counts time. */
export interface Debit {
  readonly uses?: number;
  readonly seconds?: number;
}

const checkAllowance = (allowance: Allowance): void => {
  for (const value of [allowance.usesLeft, allowance.secondsLeft, allowance.secondsReserved]) {
    assert(value === undefined || (Number.isSafeInteger(value) && value >= 0), 'an allowance never goes below zero');
  }
};

/**
 * The debit of a redeem request against a ticket: `uses` defaults to 1 on a ticket with
 * `max`; `seconds` is required on a ticket with `sec` (how long the connection may last) and
 * at most `reservationSecondsMax`; neither may be asked of a ticket that does not count it.
 */
export const debitOf = (
  ticket: Pick<TicketRecord, 'maxUses' | 'maxSeconds'>,
  request: Debit,
  reservationSecondsMax: number,
): Debit => {
  const issues: { field: string; message: string }[] = [];
  if (ticket.maxUses === undefined && request.uses !== undefined)
    issues.push({ field: 'uses', message: 'the ticket counts no uses' });
  if (ticket.maxSeconds === undefined && request.seconds !== undefined) {
    issues.push({ field: 'seconds', message: 'the ticket counts no seconds' });
  }
  if (ticket.maxSeconds !== undefined && request.seconds === undefined) {
    issues.push({ field: 'seconds', message: 'the ticket counts seconds: say how many to reserve' });
  }
  if (request.seconds !== undefined && request.seconds > reservationSecondsMax) {
    issues.push({ field: 'seconds', message: `a redeem reserves at most ${reservationSecondsMax} seconds` });
  }
  if (issues.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The redeem does not fit the ticket: ${[...new Set(issues.map((issue) => issue.field))].join(', ')}.`,
      issues,
    );
  }
  return {
    ...(ticket.maxUses === undefined ? {} : { uses: request.uses ?? 1 }),
    ...(request.seconds === undefined ? {} : { seconds: request.seconds }),
  };
};

/** The allowance after the debit, or undefined when it does not fit (nothing changes then). */
export const afterDebit = (allowance: Allowance, debit: Debit): Allowance | undefined => {
  checkAllowance(allowance);
  const uses = debit.uses ?? 0;
  const seconds = debit.seconds ?? 0;
  if (allowance.usesLeft !== undefined && allowance.usesLeft < uses) return undefined;
  if (allowance.secondsLeft !== undefined && allowance.secondsLeft < seconds) return undefined;
  const next: Allowance = {
    ...allowance,
    version: allowance.version + 1,
    ...(allowance.usesLeft === undefined ? {} : { usesLeft: allowance.usesLeft - uses }),
    ...(allowance.secondsLeft === undefined ? {} : { secondsLeft: allowance.secondsLeft - seconds }),
    secondsReserved: allowance.secondsReserved + seconds,
  };
  checkAllowance(next);
  // Paired check: what was left equals what is left plus what was taken.
  assert((allowance.usesLeft ?? 0) === (next.usesLeft ?? 0) + (allowance.usesLeft === undefined ? 0 : uses), 'uses balance');
  assert(
    (allowance.secondsLeft ?? 0) + allowance.secondsReserved === (next.secondsLeft ?? 0) + next.secondsReserved,
    'reserving moves seconds, it creates none',
  );
  return next;
};

/** A reservation closed: `usedSeconds` of the `reservedSeconds` are spent, the rest goes back. */
export const afterRelease = (allowance: Allowance, reservedSeconds: number, usedSeconds: number): Allowance => {
  checkAllowance(allowance);
  assert(usedSeconds >= 0 && usedSeconds <= reservedSeconds, 'at most the reserved seconds are used');
  assert(allowance.secondsReserved >= reservedSeconds, 'a reservation is part of what is reserved');
  assert(allowance.secondsLeft !== undefined, 'only a ticket that counts seconds reserves them');
  const next: Allowance = {
    ...allowance,
    version: allowance.version + 1,
    secondsLeft: allowance.secondsLeft + reservedSeconds - usedSeconds,
    secondsReserved: allowance.secondsReserved - reservedSeconds,
  };
  checkAllowance(next);
  return next;
};

/**
 * A grant takes the grantee's allowance from what the grantor holds, in the same write:
 * grantor after + grantee = grantor before. Undefined when it exceeds what is left.
 */
export const afterGrant = (allowance: Allowance, grant: Debit): Allowance | undefined => {
  const next = afterDebit(allowance, { ...(grant.uses === undefined ? {} : { uses: grant.uses }) });
  if (next === undefined) return undefined;
  const seconds = grant.seconds ?? 0;
  if (next.secondsLeft !== undefined && next.secondsLeft < seconds) return undefined;
  return next.secondsLeft === undefined ? next : { ...next, secondsLeft: next.secondsLeft - seconds };
};

/** A ticket that moved to another device keeps its numbers but is spent. */
export const afterTransfer = (allowance: Allowance, newTicketId: string): Allowance => ({
  ...allowance,
  version: allowance.version + 1,
  transferredTo: newTicketId,
});

/**
 * Why a ticket cannot be used at `nowMs`, if it cannot: revoked (or moved to another
 * device), its window not started, or over. The window is the record's, without leeway: the
 * online check is kippu's own clock.
 */
export const ticketUnusable = (ticket: TicketRecord, allowance: Allowance, nowMs: number): DomainError | undefined => {
  if (ticket.status === 'revoked') {
    return new DomainError(
      'TICKET_REVOKED',
      `Ticket ${quoted(ticket.id)} was revoked at ${ticket.revokedAt ?? 'an earlier time'}.`,
    );
  }
  if (allowance.transferredTo !== undefined) {
    return new DomainError(
      'TICKET_REVOKED',
      `Ticket ${quoted(ticket.id)} moved to another device as ticket ${quoted(allowance.transferredTo)}.`,
    );
  }
  if (nowMs < Date.parse(ticket.notBefore)) {
    return new DomainError('TICKET_NOT_YET_VALID', `Ticket ${quoted(ticket.id)} is valid from ${ticket.notBefore}.`);
  }
  if (nowMs >= Date.parse(ticket.expiresAt)) {
    return new DomainError('TICKET_EXPIRED', `Ticket ${quoted(ticket.id)} expired at ${ticket.expiresAt}.`);
  }
  return undefined;
};

export const exhausted = (ticket: TicketRecord, allowance: Allowance, debit: Debit): DomainError =>
  new DomainError('TICKET_EXHAUSTED', `Ticket ${quoted(ticket.id)} has not enough allowance left for this redeem.`, [], {
    remaining: remainingOf(allowance),
    requested: debit,
  });

/**
 * What a redeem at `atMs` reserves: the seconds asked, but no more than are left in the ticket's
 * window then (whole seconds, rounded up): a use cannot run past the ticket's `exp`, so its
 * reservation never holds allowance for time after it. Uses are debited as asked.
 */
export const withinWindow = (ticket: Pick<TicketRecord, 'expiresAt'>, debit: Debit, atMs: number): Debit => {
  if (debit.seconds === undefined) return debit;
  const secondsLeft = Math.max(1, Math.ceil((Date.parse(ticket.expiresAt) - atMs) / 1000));
  return { ...debit, seconds: Math.min(debit.seconds, secondsLeft) };
};
