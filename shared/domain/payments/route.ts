import { assert, DomainError, isDomainError, type ErrorCode, quoted } from '../../errors';
import { createTransfer } from '../ledger/one-transfer';
import type { LedgerTransfers } from '../ledger/ports';
import type { TransferCode, TransferView } from '../ledger/types';
import { customerCarrierAccountId, customerWalletAccountId, providerRevenueAccountId } from '../parties/accounts';
import type { AgentRecord, CustomerRecord, ProviderRecord } from '../parties/parties';

/**
 * How a customer pays a provider, for a purchase or a channel reservation alike: the route
 * (the carrier account, postpaid and collected by the customer's agent, or the prepaid
 * wallet), the hold placed on it, and the fee terms fixed with the hold.
 *
 * Route choice (placeRoutedHold): an explicit route is honoured or refused with its own
 * code; otherwise the carrier when the provider is trusted for proxy settlement and the
 * customer's carrier account (same currency) has room, else the wallet; when neither can
 * pay, one 402 that says why each could not. "Room" is decided by the ledger itself: a
 * refused hold writes nothing, so a refusal never leaves a hold behind.
 */
export type PaymentRoute = 'carrier' | 'wallet';

export const payerAccountIdFor = (route: PaymentRoute, customerId: string, currency: string): string =>
  route === 'carrier' ? customerCarrierAccountId(customerId, currency) : customerWalletAccountId(customerId, currency);

/**
 * Whether a transfer is a customer's payment hold to a provider: pending, drawn on one of the
 * customer's payer accounts (carrier or wallet) in `currency`, crediting the provider's
 * revenue account, for `amountMinor`. How a retry recognises the hold a crashed attempt placed.
 */
export const isPaymentHold = (
  hold: TransferView,
  payment: { readonly customerId: string; readonly providerId: string; readonly currency: string; readonly amountMinor: number },
): boolean =>
  hold.kind === 'pending' &&
  (['carrier', 'wallet'] as const).some(
    (route) => hold.debitAccountId === payerAccountIdFor(route, payment.customerId, payment.currency),
  ) &&
  hold.creditAccountId === providerRevenueAccountId(payment.providerId, payment.currency) &&
  hold.amountMinor === payment.amountMinor &&
  hold.currency === payment.currency;

/** The parties a route depends on: the provider's trust and fee, the customer's accounts, the customer's carrier. */
export interface PaymentParties {
  readonly provider: ProviderRecord;
  readonly customer: CustomerRecord;
  /** The agent of the customer's carrier account, when there is one. */
  readonly agent: AgentRecord | undefined;
}

/** The hold to place, whatever the route: a pending transfer payer → the provider's revenue. */
export interface HoldSpec {
  /** Derived by the caller, so that a retry lands on the same hold. */
  readonly id: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly timeoutSeconds: number;
  readonly code: TransferCode;
  readonly reference: string;
}

/** What the money moves under, fixed when the hold is placed (a later rate change does not touch it). */
export interface PaymentTerms {
  readonly route: PaymentRoute;
  /** The customer's account the hold draws on: the wallet or the carrier account. */
  readonly payerAccountId: string;
  /** The carrier that collects, on the carrier route. */
  readonly agentId?: string;
  /** The provider's platform fee. */
  readonly platformFeeBps: number;
  /** The carrier's collection fee on the carrier route, 0 on the wallet route. */
  readonly carrierFeeBps: number;
}

export interface RoutedHold {
  readonly hold: TransferView;
  readonly terms: PaymentTerms;
}

export interface RouteOptions {
  /** A route the caller asked for; without one the route is chosen. */
  readonly route?: PaymentRoute;
  /**
   * A hold already stored under the spec's id (an earlier attempt placed it, perhaps on the
   * other route, or with another timeout): return it to adopt it, or throw. `refusal` is the
   * ledger's TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, to throw when it is not ours.
   */
  readonly adoptExisting: (existing: TransferView, refusal: DomainError) => Promise<TransferView>;
  /** The refusal when an explicit route differs from the route of an adopted hold (callers that name a route). */
  readonly routeMismatch?: (adopted: PaymentRoute, requested: PaymentRoute) => DomainError;
}

interface RouteFailure {
  readonly code: ErrorCode;
  readonly detail: string;
}

type HoldAttempt = { readonly ok: true; readonly hold: TransferView } | ({ readonly ok: false } & RouteFailure);

/** Why the carrier route cannot be used for this customer and payment, if it cannot. */
const carrierUnavailable = (parties: PaymentParties, currency: string): RouteFailure | undefined => {
  const { provider, customer, agent } = parties;
  if (!provider.proxySettlement.trusted) {
    return { code: 'PROVIDER_NOT_TRUSTED', detail: `provider ${quoted(provider.id)} is not trusted for proxy settlement` };
  }
  if (customer.carrier === undefined || agent === undefined) {
    return { code: 'CARRIER_ACCOUNT_NOT_FOUND', detail: 'the customer has no carrier account' };
  }
  if (customer.carrier.currency !== currency) {
    return {
      code: 'CARRIER_CURRENCY_MISMATCH',
      detail: `the carrier account is in ${customer.carrier.currency}, the payment in ${currency}`,
    };
  }
  return undefined;
};

/**
 * One attempt to place the hold from one route's account. A ledger refusal writes nothing,
 * so a failed attempt leaves no hold behind. A hold that already exists under the id goes to
 * `adoptExisting`.
 */
const tryHold = async (
  ledger: LedgerTransfers,
  spec: HoldSpec,
  route: PaymentRoute,
  parties: PaymentParties,
  options: RouteOptions,
): Promise<HoldAttempt> => {
  try {
    const outcome = await createTransfer(ledger, {
      action: 'create',
      id: spec.id,
      debitAccountId: payerAccountIdFor(route, parties.customer.id, spec.currency),
      creditAccountId: providerRevenueAccountId(parties.provider.id, spec.currency),
      amountMinor: spec.amountMinor,
      currency: spec.currency,
      timeoutSeconds: spec.timeoutSeconds,
      code: spec.code,
      reference: spec.reference,
    });
    return { ok: true, hold: outcome.transfer };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.code === 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS') {
      return { ok: true, hold: await options.adoptExisting(await ledger.getTransfer(spec.id), error) };
    }
    if (error.code === 'EXCEEDS_CREDITS') {
      return route === 'carrier'
        ? { ok: false, code: 'CREDIT_LIMIT_EXCEEDED', detail: 'the carrier account has not enough room under its credit limit' }
        : { ok: false, code: 'INSUFFICIENT_FUNDS', detail: `the wallet holds less than ${spec.amountMinor} ${spec.currency}` };
    }
    if (
      error.code === 'ACCOUNT_NOT_FOUND' &&
      route === 'wallet' &&
      error.fields.some((issue) => issue.field === 'debitAccountId')
    ) {
      return {
        ok: false,
        code: 'INSUFFICIENT_FUNDS',
        detail: `the customer has no ${spec.currency} wallet yet (top it up first)`,
      };
    }
    throw error;
  }
};

const routeError = (failure: RouteFailure, detailPrefix: string): DomainError =>
  new DomainError(failure.code, `${detailPrefix}${failure.detail}.`, [{ field: 'route', message: failure.detail }]);

/** The terms of a placed hold: its route is the account it draws on. */
const termsOf = (hold: TransferView, parties: PaymentParties, currency: string): PaymentTerms => {
  const route: PaymentRoute =
    hold.debitAccountId === payerAccountIdFor('carrier', parties.customer.id, currency) ? 'carrier' : 'wallet';
  const agent = route === 'carrier' ? parties.agent : undefined;
  return {
    route,
    payerAccountId: hold.debitAccountId,
    ...(agent === undefined ? {} : { agentId: agent.id }),
    platformFeeBps: parties.provider.platformFeeBps,
    carrierFeeBps: agent?.feeBps ?? 0,
  };
};

/**
 * Place the hold on the route the rules choose (see the module comment) and fix the fee
 * terms: the provider's platform fee, and on the carrier route the carrier's fee.
 */
export const placeRoutedHold = async (
  ledger: LedgerTransfers,
  spec: HoldSpec,
  parties: PaymentParties,
  options: RouteOptions,
): Promise<RoutedHold> => {
  const placed = (hold: TransferView): RoutedHold => {
    const terms = termsOf(hold, parties, spec.currency);
    if (options.route !== undefined && options.route !== terms.route) {
      assert(options.routeMismatch !== undefined, 'a caller that names a route says how a mismatch is refused');
      throw options.routeMismatch(terms.route, options.route);
    }
    return { hold, terms };
  };
  const carrierBlocked = carrierUnavailable(parties, spec.currency);
  if (options.route !== undefined) {
    if (options.route === 'carrier' && carrierBlocked !== undefined) {
      throw routeError(carrierBlocked, 'The carrier route is not available: ');
    }
    const attempt = await tryHold(ledger, spec, options.route, parties, options);
    if (!attempt.ok) throw routeError(attempt, `The ${options.route} route cannot pay: `);
    return placed(attempt.hold);
  }
  let carrierFailure = carrierBlocked;
  if (carrierFailure === undefined) {
    const attempt = await tryHold(ledger, spec, 'carrier', parties, options);
    if (attempt.ok) return placed(attempt.hold);
    carrierFailure = attempt;
  }
  const walletAttempt = await tryHold(ledger, spec, 'wallet', parties, options);
  if (walletAttempt.ok) return placed(walletAttempt.hold);
  // The request named no route (it may have no such field at all: a reconfirm), so the refusal
  // names no field in `errors`: each route's reason is in `routes` and in the detail.
  const routes = { routes: { carrier: carrierFailure.code, wallet: walletAttempt.code } };
  // The code says what to do. When the carrier route never applied to this payment (the
  // provider is not trusted, the customer has no carrier account or one in another currency),
  // the wallet is the only way to pay: its own refusal, INSUFFICIENT_FUNDS (top it up). When
  // the carrier applied but had no room, both routes are spent: NO_PAYMENT_ROUTE.
  if (carrierBlocked !== undefined) {
    throw new DomainError(
      walletAttempt.code,
      `The wallet cannot pay: ${walletAttempt.detail}; the carrier route does not apply: ${carrierBlocked.detail}.`,
      [],
      routes,
    );
  }
  throw new DomainError(
    'NO_PAYMENT_ROUTE',
    `No route can pay: carrier: ${carrierFailure.detail}; wallet: ${walletAttempt.detail}.`,
    [],
    routes,
  );
};
