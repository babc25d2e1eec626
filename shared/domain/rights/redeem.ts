import { createHash } from 'node:crypto';
import { assert, DomainError, isDomainError, type ErrorCode, quoted } from '../../errors';
import type { BusinessMetrics } from '../../ports';
import { REDEEM_REFUSAL_CODES, type RedeemRefusalCode } from '../../resources/metrics';
import type { ContentKeyVault, ContentStore } from '../contents/ports';
import { requireSameRequest } from '../key-reuse';
import type { Principal } from '../principal';
import type { TicketRecord } from '../tickets/ticket';
import { requireProviderTicket, redemptionIdOf, retainUntilMs, usageEvent } from './access';
import {
  afterDebit,
  debitOf,
  exhausted,
  initialAllowance,
  remainingOf,
  ticketUnusable,
  withinWindow,
  type Debit,
} from './allowance';
import { activeChange, commitWithRetry, type AllowanceDeps } from './commit';
import { wrapContentKey } from './content-key';
import type { PasswordMode, RedemptionRecord } from './ports';
import { proofHashOf, verifyDeviceProof } from './proof';
import { releaseLapsedSeconds } from './usage';

export interface RedeemDeps extends AllowanceDeps {
  readonly contents: Pick<ContentStore, 'get'>;
  readonly vault: Pick<ContentKeyVault, 'open'>;
  /** How long reserved seconds wait for their usage report (KIPPU_USAGE_RESERVATION_SECONDS). */
  readonly reservationSeconds: number;
  /** Counts the redeems that debited (Redeems) and the refusals by code (RedeemRefusals). */
  readonly metrics: BusinessMetrics;
}

export interface RedeemRequest {
  readonly nonce: string;
  readonly uses?: number;
  readonly seconds?: number;
  readonly password?: string;
  readonly proof?: string;
}

export const passwordHashOf = (password: string): string => createHash('sha256').update(password, 'utf8').digest('base64url');

export const redemptionView = (redemption: RedemptionRecord) => ({
  redemptionId: redemption.id,
  remaining: redemption.remaining,
  ...(redemption.contentKey === undefined ? {} : { contentKey: redemption.contentKey }),
  ...(redemption.seconds === undefined || redemption.reservationExpiresAtMs === undefined
    ? {}
    : { reservation: { seconds: redemption.seconds, expiresAt: new Date(redemption.reservationExpiresAtMs).toISOString() } }),
});

export type RedeemAnswer = ReturnType<typeof redemptionView>;

/** The connection password mode of a ticket, if it has one (SPEC S1: fixed, one-time per connection, or none). */
export const passwordModeOf = (ticket: Pick<TicketRecord, 'otp' | 'fixedPassword'>): PasswordMode | undefined =>
  ticket.otp === true ? 'once' : ticket.fixedPassword === true ? 'fixed' : undefined;

/** A password missing or not good: the one code for both modes, a sentence for each. */
const passwordInvalid = (ticketId: string, mode: PasswordMode) =>
  new DomainError(
    'OTP_INVALID',
    mode === 'once'
      ? `Ticket ${quoted(ticketId)} needs a one-time password for every connection, and this one is missing, unknown, used or expired; its holder asks for a new one.`
      : `Ticket ${quoted(ticketId)} needs its holder's fixed password for every connection, and this one is missing, or not the ticket's current password (a new one replaces the old); its holder asks for one with POST /v1/tickets/${quoted(ticketId)}/password.`,
  );

/**
 * The same nonce again: the first answer, and nothing is debited. Only for the same redeem —
 * the same uses and seconds, the same proof (or a new valid one by the bound device) and the
 * same password (one-time or fixed); anything else with this nonce is refused. The redemption
 * is the nonce's: a password other than the one it was made with (compared by the hash the
 * redemption keeps, never the password) is another request with this nonce, 422
 * IDEMPOTENCY_KEY_REUSED naming `password` beside any other field that differs, whether or
 * not that password is good now (the ticket's current one, a fresh one-time one). A password
 * missing on a ticket that needs one is OTP_INVALID, as on a first redeem.
 */
const replay = async (
  stored: RedemptionRecord,
  ticket: TicketRecord,
  request: RedeemRequest,
  debit: Debit,
  nowMs: number,
): Promise<RedeemAnswer> => {
  const mode = passwordModeOf(ticket);
  const presented = mode === undefined || request.password === undefined ? undefined : passwordHashOf(request.password);
  // What the same redeem reserved when it was made: the seconds asked, within the window then.
  const asked = withinWindow(ticket, debit, Date.parse(stored.createdAt));
  requireSameRequest(
    `redemption ${quoted(stored.id)}`,
    {
      uses: [stored.uses, asked.uses],
      seconds: [stored.seconds, asked.seconds],
      // Compared only when a password was presented to a ticket that takes one, and the redemption kept its hash.
      ...(presented === undefined || stored.passwordHash === undefined
        ? {}
        : { password: [stored.passwordHash, presented] as const }),
    },
    // The nonce is the redeem's own idempotency token, sent with or without an Idempotency-Key.
    { named: `nonce ${stored.nonce}`, kind: 'nonce' },
  );
  if (ticket.binding !== undefined && (request.proof === undefined || proofHashOf(request.proof) !== stored.proofHash)) {
    await verifyDeviceProof(request.proof, ticket.binding, { ticketId: ticket.id, nonce: request.nonce, nowMs });
  }
  if (mode !== undefined && (presented === undefined || presented !== stored.passwordHash)) {
    throw passwordInvalid(ticket.id, mode);
  }
  return redemptionView(stored);
};

/**
 * The retry of a redeem that was done (its nonce has a redemption): the first answer, checked
 * like any retry (replay above); undefined when the nonce is new. Debits nothing, so it may
 * answer while the intake drains.
 */
export const redeemRetry = async (
  deps: RedeemDeps,
  principal: Principal,
  ticketId: string,
  request: RedeemRequest,
): Promise<RedeemAnswer | undefined> => {
  const { ticket } = requireProviderTicket(await deps.store.read(ticketId), principal, ticketId);
  const earlier = await deps.store.getRedemption(ticketId, redemptionIdOf(ticketId, request.nonce));
  if (earlier === undefined) return undefined;
  return replay(earlier, ticket, request, debitOf(ticket, request, deps.reservationSeconds), deps.clock.now());
};

/** The content key of the ticket's content, sealed to the bound device; only for a bound ticket of a content. */
const contentKeyFor = async (deps: RedeemDeps, ticket: TicketRecord): Promise<string | undefined> => {
  if (ticket.binding === undefined || ticket.contentId === undefined) return undefined;
  const content = await deps.contents.get(ticket.contentId);
  assert(content !== undefined, `content ${ticket.contentId} of ticket ${ticket.id} exists (contents are never removed)`);
  const plain = await deps.vault.open(content.id, content.sealedKey);
  try {
    return await wrapContentKey(plain, ticket.binding);
  } finally {
    plain.fill(0);
  }
};

/** The checks that need no write: the proof of a bound ticket, the password's presence (one-time or fixed). */
const admissionOf = async (ticket: TicketRecord, request: RedeemRequest, nowMs: number) => {
  const proofHash =
    ticket.binding === undefined
      ? undefined
      : await verifyDeviceProof(request.proof, ticket.binding, { ticketId: ticket.id, nonce: request.nonce, nowMs });
  if (ticket.binding === undefined && request.proof !== undefined) {
    throw new DomainError('VALIDATION_FAILED', `Ticket ${quoted(ticket.id)} is bound to no device; send no proof.`, [
      { field: 'proof', message: 'the ticket is bound to no device' },
    ]);
  }
  const mode = passwordModeOf(ticket);
  if (mode !== undefined && request.password === undefined) throw passwordInvalid(ticket.id, mode);
  if (mode === undefined && request.password !== undefined) {
    throw new DomainError('VALIDATION_FAILED', `Ticket ${quoted(ticket.id)} takes no password.`, [
      { field: 'password', message: 'the ticket needs no password' },
    ]);
  }
  return {
    proofHash,
    password:
      mode === undefined || request.password === undefined ? undefined : { mode, passwordHash: passwordHashOf(request.password) },
  };
};

/**
 * Redeem a ticket online (SPEC S1, S5): the ticket's provider, when the customer connects.
 *
 * Flow:
 *  1. The ticket must be the caller's (its provider); anyone else gets 404.
 *  2. The redemption id follows from (ticket, nonce). One that exists is a retry: the first
 *     answer, nothing debited (replay above).
 *  3. Refusals that need no write, each changing nothing: TICKET_REVOKED (or moved to another
 *     device), TICKET_NOT_YET_VALID, TICKET_EXPIRED; DEVICE_PROOF_INVALID for a bound ticket
 *     (proof.ts); OTP_INVALID when a ticket with a password mode (one-time or fixed) comes
 *     without a password.
 *  4. The debit: uses (default 1 on a `max` ticket) and seconds to reserve (required on a `sec`
 *     ticket, at most the reservation time; no more than are left in the ticket's window,
 *     withinWindow: a use cannot run past `exp`).
 *  5. A bound ticket for a content gets the content key: opened from its envelope, wrapped
 *     to the bound device as a JWE (content-key.ts), the plain key wiped.
 *  6. Seconds that do not fit while some are reserved: the ticket's reservations past their
 *     expiry are expired first (releaseLapsedSeconds, exactly once with the sweep), so their
 *     seconds count as released at the expiry instant, not at the next sweep.
 *  7. One atomic write (commitWithRetry): the debit taken off the allowance as stored, on
 *     condition that enough is left (RelativeDebit: concurrent redeems of the ticket do not
 *     make each other retry; TICKET_EXHAUSTED when the read shows it does not fit), the
 *     redemption (conditional on its id), the one-time password consumed or the fixed password
 *     checked as the current one, the usage log line. Another redeem of this nonce that got
 *     there first → its answer; the password used, unknown, replaced or expired → OTP_INVALID;
 *     too little left by then, the ticket revoked or moved, or the transaction cancelled by an
 *     overlapping one → read and decide again (a redeem that lost the race for the last use is
 *     refused). A refusal writes nothing. The answer's `remaining` is the allowance read less
 *     the debit (at most that much is left).
 *  8. Count it: a redeem whose write committed in Redeems, a refusal in RedeemRefusals by its
 *     code; a retry of a nonce (the first answer again) counts nothing, bad input is no refusal.
 */
export const redeemTicket = async (
  deps: RedeemDeps,
  principal: Principal,
  ticketId: string,
  request: RedeemRequest,
): Promise<RedeemAnswer> => {
  try {
    const { answer, debited } = await redeemOnce(deps, principal, ticketId, request);
    if (debited) deps.metrics.record('redeems', 1, {});
    return answer;
  } catch (error) {
    if (isDomainError(error) && isRedeemRefusal(error.code)) deps.metrics.record('redeemRefusals', 1, { code: error.code });
    throw error;
  }
};

const isRedeemRefusal = (code: ErrorCode): code is RedeemRefusalCode =>
  (REDEEM_REFUSAL_CODES as readonly ErrorCode[]).includes(code);

/** Steps 1–7: the answer, and whether this call's write debited the ticket (not a retry of its nonce). */
const redeemOnce = async (
  deps: RedeemDeps,
  principal: Principal,
  ticketId: string,
  request: RedeemRequest,
): Promise<{ readonly answer: RedeemAnswer; readonly debited: boolean }> => {
  const replayed = (answer: RedeemAnswer) => ({ answer, debited: false });
  const nowMs = deps.clock.now();
  const { ticket, allowance } = requireProviderTicket(await deps.store.read(ticketId), principal, ticketId);
  const redemptionId = redemptionIdOf(ticketId, request.nonce);
  const debit = debitOf(ticket, request, deps.reservationSeconds);
  const earlier = await deps.store.getRedemption(ticketId, redemptionId);
  if (earlier !== undefined) return replayed(await replay(earlier, ticket, request, debit, nowMs));
  const unusable = ticketUnusable(ticket, allowance, nowMs);
  if (unusable !== undefined) throw unusable;
  const { proofHash, password } = await admissionOf(ticket, request, nowMs);
  const contentKey = await contentKeyFor(deps, ticket);
  const at = new Date(nowMs).toISOString();
  // The seconds asked, no more than are left in the ticket's window (the debit below).
  const reserve = withinWindow(ticket, debit, nowMs);
  const reservationExpiresAtMs = reserve.seconds === undefined ? undefined : nowMs + deps.reservationSeconds * 1000;
  // Seconds that do not fit while some are reserved: a reservation past its expiry gave them
  // back already (as the report route judges it), whether or not the sweep has run.
  await releaseLapsedSeconds(deps, ticketId, allowance, { free: reserve.seconds ?? 0 }, nowMs);
  return commitWithRetry(
    deps,
    ticketId,
    async (state) => {
      const current = requireProviderTicket(state, principal, ticketId);
      const refused = ticketUnusable(current.ticket, current.allowance, nowMs);
      if (refused !== undefined) throw refused;
      const next = afterDebit(current.allowance, reserve);
      if (next === undefined) throw exhausted(ticket, current.allowance, reserve);
      const redemption: RedemptionRecord = {
        id: redemptionId,
        ticketId,
        nonce: request.nonce,
        providerId: ticket.providerId,
        holderId: ticket.holderId,
        ...(ticket.contentId === undefined ? {} : { contentId: ticket.contentId }),
        ...reserve,
        ...(proofHash === undefined ? {} : { proofHash }),
        ...(password === undefined ? {} : { passwordHash: password.passwordHash }),
        status: reservationExpiresAtMs === undefined ? 'redeemed' : 'reserved',
        remaining: remainingOf(next),
        ...(contentKey === undefined ? {} : { contentKey }),
        createdAt: at,
        ...(reservationExpiresAtMs === undefined ? {} : { reservationExpiresAtMs }),
        retainUntilMs: retainUntilMs(ticket, reservationExpiresAtMs),
      };
      return {
        change: {
          ...activeChange(ticketId, current.allowance, next),
          debit: { ...reserve, initial: initialAllowance(ticket) },
          createRedemption: redemption,
          ...(password === undefined ? {} : { password: { ...password, nowMs } }),
          event: usageEvent(ticket, 'redeem', redemptionId, at, { redemptionId, ...reserve }),
        },
        result: { answer: redemptionView(redemption), debited: true },
      };
    },
    async (outcome) => {
      if (outcome === 'password_invalid' && password !== undefined) throw passwordInvalid(ticketId, password.mode);
      assert(outcome === 'redemption_exists', `a redeem creates a redemption only (got ${outcome})`);
      const first = await deps.store.getRedemption(ticketId, redemptionId);
      assert(first !== undefined, 'a redemption whose create condition failed exists');
      return replayed(await replay(first, ticket, request, debit, nowMs));
    },
  );
};
