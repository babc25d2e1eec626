import { DomainError, InvariantViolationError, assert, isDomainError } from '../../errors';
import { LEDGER_PENDING_TIMEOUT_SECONDS_MAX, RESERVATION_HOLD_MARGIN_SECONDS } from '../../limits';
import type { TransferView } from '../ledger/types';
import { openProviderCurrency, requireProvider, type CustomerRecord } from '../parties/parties';
import { RESERVATION_HOLD_CODE } from '../payments/owned-transfers';
import { isPaymentHold, placeRoutedHold, type HoldSpec, type RoutedHold } from '../payments/route';
import { expiredError, loadReservation, notActive } from './access';
import type { ReservationDeps, ReservationRecordsDeps } from './deps';
import { completionDueMs, iso } from './rules';
import { reservationHoldTransferIdFor } from '../payments/charge-legs';
import type { ReservationRecord } from './types';

/**
 * The reservation's hold: a pending transfer payer (wallet or carrier account) → provider
 * revenue for the price, placed at reconfirmation (or adopted from a crashed attempt), voided
 * when the booking ends before the show, and resolved once the show is over, cancelled or
 * failed (posting.ts). Its id derives from the reservation, so every retry lands on the same
 * transfer.
 */

const ledgerCodeIs = (error: unknown, ...codes: readonly string[]): boolean => isDomainError(error) && codes.includes(error.code);

/** The ledger's refusal of a hold whose credit account, the provider's revenue account, is not open. */
const isMissingRevenueAccount = (error: unknown): boolean =>
  isDomainError(error) && error.code === 'ACCOUNT_NOT_FOUND' && error.fields.some((issue) => issue.field === 'creditAccountId');

/** Refusals that mean "this customer cannot pay now": the booking stays pending until its deadline. */
const CANNOT_PAY: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'INSUFFICIENT_FUNDS',
  'CREDIT_LIMIT_EXCEEDED',
  'NO_PAYMENT_ROUTE',
]);

/** The hold of a reservation, as every attempt computes it; only the timeout (counted from now) differs between attempts. */
const holdOf = (reservation: ReservationRecord, config: ReservationDeps['reservationConfig'], nowMs: number): HoldSpec => {
  const holdEndsMs = completionDueMs(reservation, config) + RESERVATION_HOLD_MARGIN_SECONDS * 1000;
  const timeoutSeconds = Math.ceil((holdEndsMs - nowMs) / 1000);
  assert(
    timeoutSeconds > 0 && timeoutSeconds <= LEDGER_PENDING_TIMEOUT_SECONDS_MAX,
    'the booking horizon keeps the hold timeout in range',
  );
  return {
    id: reservationHoldTransferIdFor(reservation.id),
    amountMinor: reservation.priceMinor,
    currency: reservation.currency,
    code: RESERVATION_HOLD_CODE,
    reference: reservation.id,
    timeoutSeconds,
  };
};

/**
 * Step 2 of the reconfirmation: the hold for the price on the route the payment rules choose
 * (shared/domain/payments/route.ts, the rules purchases follow): the customer's carrier
 * account when the channel's provider is trusted for proxy settlement and the account (in
 * the channel's currency) has room, else the wallet. The fee terms (the provider's platform
 * fee, the carrier's fee on the carrier route) are fixed with it, as a purchase fixes them
 * when it is authorized. A free show (a fee of 0) has no hold: the ledger refuses a hold of 0
 * and there is nothing to capture.
 *
 * The timeout counts from now, so a retry computes another one than the first attempt did
 * and the ledger answers TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS: the hold of that first
 * attempt is then adopted (adoptHold). No route can pay: 402 (INSUFFICIENT_FUNDS, or
 * NO_PAYMENT_ROUTE naming both routes), with the deadline to top up by. The provider's
 * revenue and the platform fee accounts are opened with the provider, its channels and its
 * offers; only when the ledger says the revenue account is missing (a channel created before
 * channels opened them) are both opened (idempotent) and the hold tried once more. Opening
 * them on every reconfirm cost two account reads with all their balance shards (36 read units).
 */
export const placeHold = async (
  deps: Pick<ReservationDeps, 'store' | 'parties' | 'ledger' | 'reservationConfig'>,
  reservation: ReservationRecord,
  customer: CustomerRecord,
  nowMs: number,
): Promise<RoutedHold | undefined> => {
  if (reservation.priceMinor === 0) return undefined;
  const [provider, agent] = await Promise.all([
    requireProvider(deps.parties, reservation.providerId),
    customer.carrier === undefined ? Promise.resolve(undefined) : deps.parties.getAgent(customer.carrier.agentId),
  ]);
  const spec = holdOf(reservation, deps.reservationConfig, nowMs);
  const place = () =>
    placeRoutedHold(
      deps.ledger,
      spec,
      { provider, customer, agent },
      { adoptExisting: (existing, refusal) => adoptHold(deps, reservation, spec, existing, refusal) },
    );
  try {
    try {
      return await place();
    } catch (error) {
      if (!isMissingRevenueAccount(error)) throw error;
      await openProviderCurrency(deps, provider, reservation.currency);
      return await place();
    }
  } catch (error) {
    if (!isDomainError(error) || !CANNOT_PAY.has(error.code)) throw error;
    throw new DomainError(
      error.code,
      `Reconfirming needs ${reservation.priceMinor} ${reservation.currency} (top up and reconfirm before ${iso(reservation.reconfirmByMs)}): ${error.detail.replace(/\.$/, '')}.`,
      error.fields,
      { ...error.extensions, priceMinor: reservation.priceMinor, currency: reservation.currency },
    );
  }
};

/** The hold a crashed attempt placed: ours if everything but the timeout matches (on either of the customer's payer accounts). */
const adoptHold = async (
  deps: ReservationRecordsDeps,
  reservation: ReservationRecord,
  spec: HoldSpec,
  existing: TransferView,
  refusal: DomainError,
): Promise<TransferView> => {
  const same =
    isPaymentHold(existing, {
      customerId: reservation.customerId,
      providerId: reservation.providerId,
      currency: spec.currency,
      amountMinor: spec.amountMinor,
    }) &&
    existing.code === spec.code &&
    existing.reference === spec.reference;
  if (!same) throw refusal;
  if (existing.state === 'pending') return existing;
  // Released meanwhile by the expiry or a cancel that won the race.
  const current = await loadReservation(deps, reservation.id);
  if (current.status === 'expired') throw expiredError(current);
  if (current.status !== 'pending_reconfirmation') throw notActive(current);
  throw refusal;
};

/**
 * Void a hold that may not exist (yet): used where a crash could have left one behind, on a
 * booking that ended without a confirmation (expired, or cancelled before reconfirmation).
 */
export const voidHoldQuietly = async (
  deps: Pick<ReservationDeps, 'ledger' | 'logger'>,
  reservationId: string,
  why: string,
): Promise<void> => {
  try {
    // The same fields as every other void of this hold: whoever voids first, the others get `exists`.
    await deps.ledger.voidPending({
      pendingId: reservationHoldTransferIdFor(reservationId),
      code: RESERVATION_HOLD_CODE,
      reference: reservationId,
    });
    deps.logger.info('reservation hold voided', { reservationId, why });
  } catch (error) {
    if (
      ledgerCodeIs(
        error,
        'TRANSFER_NOT_FOUND',
        'PENDING_TRANSFER_NOT_FOUND',
        'PENDING_TRANSFER_ALREADY_VOIDED',
        'PENDING_TRANSFER_EXPIRED',
      )
    )
      return;
    // Only a booking that ended without a confirmation gets here, and only a confirmed one is ever posted.
    if (ledgerCodeIs(error, 'PENDING_TRANSFER_ALREADY_POSTED')) {
      throw new InvariantViolationError(`the hold of reservation ${reservationId}, never confirmed, was posted`);
    }
    throw error;
  }
};
