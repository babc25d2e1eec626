import { DomainError, quoted } from '../../errors';
import type { LedgerTransfers } from '../ledger/ports';
import type { TransferView } from '../ledger/types';
import type { OfferRecord } from '../offers/offers';
import { providerRevenueAccountId } from '../parties/accounts';
import type { CustomerRecord } from '../parties/parties';
import { payerAccountIdFor, placeRoutedHold, type PaymentParties, type PaymentRoute, type RoutedHold } from '../payments/route';
import { PURCHASE_HOLD_CODE } from '../payments/owned-transfers';
import { holdTransferIdFor } from './purchase';

/**
 * The hold of a purchase, on the route the payment rules choose (shared/domain/payments/route.ts,
 * shared with channel reservations): the asked-for route, else the carrier for a trusted
 * provider when the carrier account has room, else the wallet. A hold an earlier attempt with
 * this key placed is adopted as it is (on whichever route it was placed), once
 * requireHoldOfOffer has checked that it is this offer's.
 */
export interface HoldDeps {
  readonly ledger: LedgerTransfers;
  readonly holdTimeoutSeconds: number;
}

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
      `it already holds ${hold.amountMinor} ${hold.currency} for another offer than ${quoted(offer.id)} (${offer.priceMinor} ${offer.currency})`,
    );
  }
  return hold;
};

export const placeHold = (
  deps: HoldDeps,
  purchaseId: string,
  request: { readonly route?: PaymentRoute },
  parties: PaymentParties,
  offer: OfferRecord,
): Promise<RoutedHold> =>
  placeRoutedHold(
    deps.ledger,
    {
      id: holdTransferIdFor(purchaseId),
      amountMinor: offer.priceMinor,
      currency: offer.currency,
      timeoutSeconds: deps.holdTimeoutSeconds,
      code: PURCHASE_HOLD_CODE,
      reference: purchaseId,
    },
    parties,
    {
      ...(request.route === undefined ? {} : { route: request.route }),
      adoptExisting: async (existing) => requireHoldOfOffer(existing, parties.customer, offer),
      // An explicit route that differs from the adopted hold's: the key was first used with another body.
      routeMismatch: (adopted, requested) =>
        keyReused('route', `its hold was placed on the ${adopted} route, this request names ${requested}`),
    },
  );
