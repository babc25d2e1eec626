import { assert, DomainError, isDomainError, type ErrorCode } from '../../errors';
import type { Ledger } from '../ledger/ports';
import type { TransferView } from '../ledger/types';
import type { OfferRecord } from '../offers/offers';
import { providerRevenueAccountId } from '../parties/accounts';
import type { AgentRecord, CustomerRecord, ProviderRecord } from '../parties/parties';
import { holdTransferIdFor, payerAccountIdFor, type PaymentRoute } from './purchase';

/**
 * The hold of a purchase and the route it is placed on: the carrier (postpaid, collected by
 * the customer's agent) or the prepaid wallet. Route choice (placeHold): an explicit route
 * is honoured or refused with its own code; otherwise the carrier when the provider is
 * trusted and the carrier account has room, else the wallet; when neither can pay, one 402
 * that says why each could not. A hold left by an earlier attempt with the same key is
 * adopted only if it is this offer's (requireHoldOfOffer).
 */
export interface HoldDeps {
  readonly ledger: Ledger;
  readonly holdTimeoutSeconds: number;
}

interface RouteFailure {
  readonly code: ErrorCode;
  readonly detail: string;
}

type HoldAttempt = { readonly ok: true; readonly hold: TransferView } | ({ readonly ok: false } & RouteFailure);

export interface Hold {
  readonly route: PaymentRoute;
  readonly hold: TransferView;
}

/** Why the carrier route cannot be used for this customer and offer, if it cannot. */
const carrierUnavailable = (
  provider: ProviderRecord,
  customer: CustomerRecord,
  agent: AgentRecord | undefined,
  offer: OfferRecord,
): RouteFailure | undefined => {
  if (!provider.proxySettlement.trusted) {
    return { code: 'PROVIDER_NOT_TRUSTED', detail: `provider ${provider.id} is not trusted for proxy settlement` };
  }
  if (customer.carrier === undefined || agent === undefined) {
    return { code: 'CARRIER_ACCOUNT_NOT_FOUND', detail: 'the customer has no carrier account' };
  }
  if (customer.carrier.currency !== offer.currency) {
    return {
      code: 'CARRIER_CURRENCY_MISMATCH',
      detail: `the carrier account is in ${customer.carrier.currency}, the offer in ${offer.currency}`,
    };
  }
  return undefined;
};

export const keyReused = (field: 'offerId' | 'route', detail: string): DomainError =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', `This Idempotency-Key was used for a different purchase: ${detail}.`, [
    { field, message: 'differs from the purchase first made with this Idempotency-Key; use a new key' },
  ]);

/**
 * A hold found under this purchase's id was placed by an earlier attempt with the same key.
 * It is adopted only if it is this purchase's hold: drawn on one of the customer's payer
 * accounts in the offer's currency, crediting the offer's provider, for the offer's price.
 * Anything else means the key first bought another offer (its purchase record was never
 * written, so the HTTP idempotency record was released): adopting it would store this offer
 * with another offer's money movement.
 */
const requireHoldOfOffer = (hold: TransferView, customer: CustomerRecord, offer: OfferRecord): TransferView => {
  const payerAccounts = [
    payerAccountIdFor('wallet', customer.id, offer.currency),
    payerAccountIdFor('carrier', customer.id, offer.currency),
  ];
  const matches =
    hold.kind === 'pending' &&
    payerAccounts.includes(hold.debitAccountId) &&
    hold.creditAccountId === providerRevenueAccountId(offer.providerId, offer.currency) &&
    hold.amountMinor === offer.priceMinor &&
    hold.currency === offer.currency;
  if (!matches) {
    throw keyReused(
      'offerId',
      `it already holds ${hold.amountMinor} ${hold.currency} for another offer than ${offer.id} (${offer.priceMinor} ${offer.currency})`,
    );
  }
  return hold;
};

/**
 * One attempt to place the hold from one route's account. A refusal by the ledger writes
 * nothing, so a failed attempt leaves no hold behind. A hold that already exists with this
 * id (an earlier attempt of this purchase crashed after placing it, possibly on the other
 * route) is adopted as it is, once requireHoldOfOffer has checked that it is this offer's.
 */
const tryHold = async (
  deps: HoldDeps,
  purchaseId: string,
  route: PaymentRoute,
  customer: CustomerRecord,
  offer: OfferRecord,
): Promise<HoldAttempt> => {
  const holdId = holdTransferIdFor(purchaseId);
  try {
    const [outcome] = await deps.ledger.createTransfers([
      {
        action: 'create',
        id: holdId,
        debitAccountId: payerAccountIdFor(route, customer.id, offer.currency),
        creditAccountId: providerRevenueAccountId(offer.providerId, offer.currency),
        amountMinor: offer.priceMinor,
        currency: offer.currency,
        timeoutSeconds: deps.holdTimeoutSeconds,
        code: 'purchase_hold',
        reference: purchaseId,
      },
    ]);
    assert(outcome !== undefined, 'one operation has one outcome');
    return { ok: true, hold: outcome.transfer };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.code === 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS') {
      return { ok: true, hold: requireHoldOfOffer(await deps.ledger.getTransfer(holdId), customer, offer) };
    }
    if (error.code === 'EXCEEDS_CREDITS') {
      return route === 'carrier'
        ? { ok: false, code: 'CREDIT_LIMIT_EXCEEDED', detail: 'the carrier account has not enough room under its credit limit' }
        : { ok: false, code: 'INSUFFICIENT_FUNDS', detail: `the wallet holds less than ${offer.priceMinor} ${offer.currency}` };
    }
    if (error.code === 'ACCOUNT_NOT_FOUND' && route === 'wallet') {
      return {
        ok: false,
        code: 'INSUFFICIENT_FUNDS',
        detail: `the customer has no ${offer.currency} wallet yet (top it up first)`,
      };
    }
    throw error;
  }
};

const routeOf = (hold: TransferView, customerId: string, currency: string): PaymentRoute =>
  hold.debitAccountId === payerAccountIdFor('carrier', customerId, currency) ? 'carrier' : 'wallet';

const routeError = (failure: RouteFailure, detailPrefix = ''): DomainError =>
  new DomainError(failure.code, `${detailPrefix}${failure.detail}.`, [{ field: 'route', message: failure.detail }]);

/**
 * Route choice: an explicit route is honoured or refused with its own code; otherwise the
 * carrier when the provider is trusted and the carrier account has room, else the wallet;
 * when neither can pay, one 402 that says why each could not.
 */
export const placeHold = async (
  deps: HoldDeps,
  purchaseId: string,
  request: { readonly route?: PaymentRoute },
  customer: CustomerRecord,
  agent: AgentRecord | undefined,
  provider: ProviderRecord,
  offer: OfferRecord,
): Promise<Hold> => {
  const adopt = (hold: TransferView): Hold => {
    const route = routeOf(hold, customer.id, offer.currency);
    // An explicit route that differs from the adopted hold's: the key was first used with another body.
    if (request.route !== undefined && request.route !== route) {
      throw keyReused('route', `its hold was placed on the ${route} route, this request names ${request.route}`);
    }
    return { route, hold };
  };
  const carrierBlocked = carrierUnavailable(provider, customer, agent, offer);
  if (request.route === 'carrier') {
    if (carrierBlocked !== undefined) throw routeError(carrierBlocked, 'The carrier route is not available: ');
    const attempt = await tryHold(deps, purchaseId, 'carrier', customer, offer);
    if (!attempt.ok) throw routeError(attempt);
    return adopt(attempt.hold);
  }
  if (request.route === 'wallet') {
    const attempt = await tryHold(deps, purchaseId, 'wallet', customer, offer);
    if (!attempt.ok) throw routeError(attempt);
    return adopt(attempt.hold);
  }
  let carrierFailure = carrierBlocked;
  if (carrierFailure === undefined) {
    const attempt = await tryHold(deps, purchaseId, 'carrier', customer, offer);
    if (attempt.ok) return adopt(attempt.hold);
    carrierFailure = attempt;
  }
  const walletAttempt = await tryHold(deps, purchaseId, 'wallet', customer, offer);
  if (walletAttempt.ok) return adopt(walletAttempt.hold);
  const fields = [
    { field: 'route', message: `carrier: ${carrierFailure.detail}` },
    { field: 'route', message: `wallet: ${walletAttempt.detail}` },
  ];
  // A customer without a carrier route simply lacks funds; one with a full carrier account has no route at all.
  const code: ErrorCode = carrierBlocked === undefined ? 'NO_PAYMENT_ROUTE' : walletAttempt.code;
  throw new DomainError(code, `No route can pay: carrier: ${carrierFailure.detail}; wallet: ${walletAttempt.detail}.`, fields, {
    routes: { carrier: carrierFailure.code, wallet: walletAttempt.code },
  });
};
