import { assert, DomainError, isDomainError, type ErrorCode } from '../../errors';
import type { Clock } from '../../ports';
import type { Ledger } from '../ledger/ports';
import type { TransferView } from '../ledger/types';
import { requireOffer, type OfferRecord } from '../offers/offers';
import type { OfferStore } from '../offers/ports';
import { providerRevenueAccountId } from '../parties/accounts';
import { requireCustomer, requireProvider, type AgentRecord, type CustomerRecord, type ProviderRecord } from '../parties/parties';
import type { PartyStore } from '../parties/ports';
import type { Principal } from '../principal';
import { revokeTicket } from '../revocations/revocations';
import type { RevocationStore } from '../revocations/ports';
import { issueTicket, type TicketDeps } from '../tickets/issue';
import type { TicketRecord } from '../tickets/ticket';
import {
  holdTransferIdFor,
  payerAccountIdFor,
  purchaseIdFor,
  ticketIdFor,
  type PaymentRoute,
  type PurchaseRecord,
} from './purchase';
import type { PurchaseStore, SettlementQueue } from './ports';

export interface PurchaseDeps {
  readonly parties: PartyStore;
  readonly offers: OfferStore;
  readonly purchases: PurchaseStore;
  readonly ledger: Ledger;
  readonly tickets: TicketDeps;
  /** A ticket issued after its purchase was refunded or rejected is revoked and listed at once. */
  readonly revocations: RevocationStore;
  readonly settlementQueue: SettlementQueue;
  readonly clock: Clock;
  readonly holdTimeoutSeconds: number;
}

export interface PurchaseRequest {
  readonly offerId: string;
  readonly route?: PaymentRoute;
}

interface RouteFailure {
  readonly code: ErrorCode;
  readonly detail: string;
}

type HoldAttempt = { readonly ok: true; readonly hold: TransferView } | ({ readonly ok: false } & RouteFailure);

interface Hold {
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

const keyReused = (field: 'offerId' | 'route', detail: string): DomainError =>
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
  deps: PurchaseDeps,
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
const placeHold = async (
  deps: PurchaseDeps,
  purchaseId: string,
  request: PurchaseRequest,
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

/** A stored purchase answers a repeated key only for the request that made it. */
const requireSamePurchase = (purchase: PurchaseRecord, request: PurchaseRequest): void => {
  if (request.offerId !== purchase.offerId) {
    throw keyReused('offerId', `purchase ${purchase.id} is of offer ${purchase.offerId}, this request names ${request.offerId}`);
  }
  if (request.route !== undefined && request.route !== purchase.route) {
    throw keyReused(
      'route',
      `purchase ${purchase.id} was paid on the ${purchase.route} route, this request names ${request.route}`,
    );
  }
};

export interface PurchaseResult {
  readonly purchase: PurchaseRecord;
  readonly ticket: TicketRecord | undefined;
}

/**
 * Buy an offer.
 *
 * Flow (every id derives from (customer, Idempotency-Key), so a crash between any two steps
 * and a retry with the same key produce exactly one hold, one ticket and one settlement):
 *  1. A purchase record with this id exists (an earlier attempt got past step 4): it must be
 *     for the same offer (and route, if one is named), else 422 IDEMPOTENCY_KEY_REUSED naming
 *     the field; then resume at step 5 with what it recorded (never re-choose the route: our
 *     own hold would skew it).
 *  2. Load customer, offer, provider (and the carrier agent): 404s name the field.
 *  3. Place the hold, a pending transfer payer → provider revenue for the price, timing out
 *     after the configured hold timeout, on the chosen route (see placeHold). A refusal is a
 *     402/409 naming the route and nothing is written. A hold already there from an earlier
 *     attempt is adopted only if it is this offer's (else 422 IDEMPOTENCY_KEY_REUSED).
 *  4. Store the purchase `authorized`, with the route and the fee rates of this moment.
 *  5. Issue the ticket (pur = purchase, txn = hold, pseudonymous sub); an existing one is
 *     returned unchanged. Skipped for a purchase already rejected or refunded.
 *  6. Read the purchase again: a refund or rejection that ran while the ticket did not exist
 *     yet could not revoke it, so a purchase that ended meanwhile gets its ticket revoked and
 *     listed here, and nothing is enqueued.
 *  7. Enqueue settlement. A duplicate message (retry) is harmless: the worker is idempotent.
 * A crash after step 3 and no retry leaves a hold that the ledger's sweeper expires; one
 * after step 4 leaves an authorized purchase that the recovery sweep (recover.ts) finds
 * after the grace and re-enqueues, so it is settled or, its hold expired, rejected.
 */
export const createPurchase = async (
  deps: PurchaseDeps,
  principal: Principal,
  request: PurchaseRequest,
  idempotencyKey: string,
): Promise<PurchaseResult> => {
  const customerId = principal.subject;
  const purchaseId = purchaseIdFor(customerId, idempotencyKey);
  let purchase = await deps.purchases.get(purchaseId);
  let offer: OfferRecord | undefined;
  if (purchase !== undefined) requireSamePurchase(purchase, request);
  if (purchase === undefined) {
    const [customer, offerFound] = await Promise.all([
      requireCustomer(deps.parties, customerId),
      requireOffer(deps.offers, request.offerId),
    ]);
    offer = offerFound;
    const [provider, agent] = await Promise.all([
      requireProvider(deps.parties, offer.providerId),
      customer.carrier === undefined ? Promise.resolve(undefined) : deps.parties.getAgent(customer.carrier.agentId),
    ]);
    const { route, hold } = await placeHold(deps, purchaseId, request, customer, agent, provider, offer);
    const viaCarrier = route === 'carrier' && agent !== undefined;
    purchase = await deps.purchases.create({
      id: purchaseId,
      customerId,
      offerId: offer.id,
      providerId: offer.providerId,
      resource: offer.resource,
      route,
      payerAccountId: hold.debitAccountId,
      ...(viaCarrier ? { agentId: agent.id } : {}),
      amountMinor: hold.amountMinor,
      currency: hold.currency,
      platformFeeBps: provider.platformFeeBps,
      carrierFeeBps: viaCarrier ? agent.feeBps : 0,
      holdTransferId: hold.id,
      holdExpiresAt: hold.expiresAt ?? hold.recordedAt,
      ticketId: ticketIdFor(purchaseId),
      status: 'authorized',
      createdAt: hold.recordedAt,
    });
  }
  if (purchase.status === 'rejected' || purchase.status === 'refunded') {
    return { purchase, ticket: await deps.tickets.ticketStore.get(purchase.ticketId) };
  }
  offer ??= await requireOffer(deps.offers, purchase.offerId);
  const ticket = await issueTicket(
    deps.tickets,
    purchase.ticketId,
    {
      providerId: purchase.providerId,
      holderId: purchase.customerId,
      resource: offer.resource,
      validitySeconds: offer.validitySeconds,
      capabilities: offer.capabilities,
      ...(offer.maxUses === undefined ? {} : { maxUses: offer.maxUses }),
      ...(offer.maxSeconds === undefined ? {} : { maxSeconds: offer.maxSeconds }),
      ...(offer.otp === undefined ? {} : { otp: offer.otp }),
      purchaseId: purchase.id,
      transferId: purchase.holdTransferId,
    },
    principal,
  );
  const current = await deps.purchases.get(purchase.id);
  if (current !== undefined && (current.status === 'rejected' || current.status === 'refunded')) {
    await revokeTicket(
      { ticketStore: deps.tickets.ticketStore, revocations: deps.revocations, clock: deps.clock },
      current.ticketId,
      current.providerId,
      current.status === 'refunded' ? 'refunded' : 'settlement_rejected',
    );
    return { purchase: current, ticket: await deps.tickets.ticketStore.get(current.ticketId) };
  }
  await deps.settlementQueue.enqueue({ purchaseId: purchase.id });
  return { purchase, ticket };
};
