import { ISO_4217_CURRENCIES } from '../currencies';
import { CARRIER_LINK_SECONDS_MAX, LEDGER_PENDING_TIMEOUT_SECONDS_MAX } from '../limits';
import { ConfigError } from './errors';
import { environmentValues, integer, text, type Values } from './fields';
import { atImport } from '../pure';

/** The default of KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS; the settlement age alarm is derived from it. */
export const PURCHASE_SETTLEMENT_GRACE_SECONDS_DEFAULT = 300;

/**
 * Tunables of the purchase path: their part of the one environment declaration (index.ts) and
 * the view the purchase functions get. Resource names (the settlement queue URL) come from
 * their declarations through `resourceFromEnv`; these are the values with documented
 * defaults that tests and demos may shorten.
 */
export const purchaseEnvironment = /* @__PURE__ */ atImport(() => ({
  /**
   * How long a purchase's hold stays pending before the ledger's sweeper expires it. The
   * worker settles within seconds; the margin covers a message that went to the dead-letter
   * queue and waits for an operator to redrive it (5 receives × the visibility timeout).
   */
  KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS: integer(86_400, { atLeast: 1, atMost: LEDGER_PENDING_TIMEOUT_SECONDS_MAX }),
  /**
   * How long a purchase may stay `authorized` before the recovery sweep re-enqueues its
   * settlement message (the request that bought it may have crashed before enqueueing).
   * The worker settles within seconds, so only stranded purchases are ever this old.
   */
  KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS: integer(PURCHASE_SETTLEMENT_GRACE_SECONDS_DEFAULT, {
    atLeast: 1,
    atMost: LEDGER_PENDING_TIMEOUT_SECONDS_MAX,
  }),
  /**
   * How long a carrier's one-time link code (POST /v1/agents/{id}/carrier-links) can be
   * redeemed by a customer: a week by default.
   */
  KIPPU_CARRIER_LINK_SECONDS: integer(7 * 86_400, { atLeast: 1, atMost: CARRIER_LINK_SECONDS_MAX }),
  /** Currency a party's ledger accounts are opened in when its creation names none. */
  KIPPU_DEFAULT_CURRENCY: text(new RegExp(`^(?:${ISO_4217_CURRENCIES.join('|')})$`), 'JPY', 'must be an ISO 4217 currency code'),
}));

export interface PurchaseConfig {
  readonly holdTimeoutSeconds: number;
  readonly settlementGraceSeconds: number;
  readonly defaultCurrency: string;
  readonly carrierLinkSeconds: number;
}

/**
 * The recovery sweep finds a stranded purchase through its pending hold (docs/purchases.md,
 * "Settlement recovery"), and the ledger's sweeper expires the hold at the hold timeout: a
 * grace that is not shorter than the timeout would leave every stranded purchase unseen.
 */
export const purchaseConfigFrom = (values: Values<typeof purchaseEnvironment>): PurchaseConfig => {
  if (values.KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS >= values.KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS) {
    throw new ConfigError(
      'invalid configuration: KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS must be shorter than KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS (settlement recovery finds a purchase through its pending hold)',
    );
  }
  return {
    holdTimeoutSeconds: values.KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS,
    settlementGraceSeconds: values.KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS,
    defaultCurrency: values.KIPPU_DEFAULT_CURRENCY,
    carrierLinkSeconds: values.KIPPU_CARRIER_LINK_SECONDS,
  };
};

/** The purchases part of the configuration alone, checked as `loadConfig` checks it: for the functions that use it. */
export const purchaseConfigOf = (env: NodeJS.ProcessEnv): PurchaseConfig =>
  purchaseConfigFrom(environmentValues(purchaseEnvironment, env));
