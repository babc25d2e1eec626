import { quoted } from '../../errors';
import type { BusinessMetrics, Clock } from '../../ports';
import type { LedgerTransfers } from '../ledger/ports';
import { requireOffer, requireOfferOnSale, type OfferRecord } from '../offers/offers';
import type { OfferStore } from '../offers/ports';
import { requireCallerCustomer, requireProvider } from '../parties/parties';
import type { PartyStore } from '../parties/ports';
import type { PaymentRoute } from '../payments/route';
import type { Principal } from '../principal';
import { revokeTicket } from '../revocations/revocations';
import type { RevocationStore } from '../revocations/ports';
import { issueTicket, type TicketDeps } from '../tickets/issue';
import type { TicketRecord } from '../tickets/ticket';
import { keyReused, placeHold } from './hold';
import { purchaseIdFor, ticketIdFor, type PurchaseRecord } from './purchase';
import type { PurchaseStore, SettlementQueue } from './ports';
import { bindingOf, requireSameUsage, usageTermsOf, type UsageRequest, type UsageTermsDeps } from './usage-terms';

/** What issuing a purchase's ticket needs: the purchase request's step 5 and 6, and the recovery sweep's repair (recover.ts). */
export interface PurchaseTicketDeps extends Pick<UsageTermsDeps, 'devices'> {
  readonly purchases: Pick<PurchaseStore, 'get'>;
  readonly tickets: TicketDeps;
  /** A ticket issued after its purchase was refunded or rejected is revoked and listed at once. */
  readonly revocations: RevocationStore;
  readonly clock: Clock;
}

export interface PurchaseDeps extends UsageTermsDeps, PurchaseTicketDeps {
  readonly parties: PartyStore;
  readonly offers: OfferStore;
  readonly purchases: PurchaseStore;
  readonly ledger: LedgerTransfers;
  readonly settlementQueue: SettlementQueue;
  readonly holdTimeoutSeconds: number;
  readonly metrics: BusinessMetrics;
}

export interface PurchaseRequest extends UsageRequest {
  readonly offerId: string;
  readonly route?: PaymentRoute;
}

/** A stored purchase answers a repeated key only for the request that made it. */
const requireSamePurchase = (purchase: PurchaseRecord, request: PurchaseRequest): void => {
  if (request.offerId !== purchase.offerId) {
    throw keyReused(
      'offerId',
      `purchase ${quoted(purchase.id)} is of offer ${quoted(purchase.offerId)}, this request names ${quoted(request.offerId)}`,
    );
  }
  if (request.route !== undefined && request.route !== purchase.route) {
    throw keyReused(
      'route',
      `purchase ${quoted(purchase.id)} was paid on the ${quoted(purchase.route)} route, this request names ${quoted(request.route)}`,
    );
  }
};

/**
 * What the caller already knows of the purchase stored under this key (the HTTP layer's
 * idempotency claim reads it: shared/http/purchase-idempotency.ts): `createPurchase` then does
 * not read it again.
 */
export interface KnownPurchase {
  readonly stored: PurchaseRecord | undefined;
}

export interface PurchaseResult {
  readonly purchase: PurchaseRecord;
  readonly ticket: TicketRecord | undefined;
}

/**
 * Buy an offer.
 *
 * Flow (every id derives from (customer, Idempotency-Key), so a crash between any two steps
 * and a retry with the same key produce exactly one hold, one ticket and one settlement):
 *  1. A purchase record with this id exists (an earlier attempt got past step 4; read here
 *     unless the caller knows it, `known`): it must be
 *     for the same offer (and route, if one is named), else 422 IDEMPOTENCY_KEY_REUSED naming
 *     the field; then resume at step 5 with what it recorded (never re-choose the route: our
 *     own hold would skew it).
 *  2. Load customer, offer, provider (and the carrier agent) and the customer's pseudonym
 *     towards the provider: 404s name the field. A withdrawn offer is 409 OFFER_WITHDRAWN,
 *     nothing written (a purchase is decided on the offer as read here: one that read it
 *     before a concurrent withdrawal completes as any other, and a retry of a purchase stored
 *     in step 4 resumes at step 5 whatever became of the offer). The provider as read here
 *     decides the route (its trust for proxy settlement) and the fee rates, together, once.
 *     Check the usage right asked for against the offer (usage-terms.ts: purpose, period, device).
 *  3. Place the hold, a pending transfer payer → provider revenue for the price, timing out
 *     after the configured hold timeout, on the chosen route (see placeHold). A refusal is a
 *     402/409 naming the route and nothing is written. A hold already there from an earlier
 *     attempt is adopted only if it is this offer's (else 422 IDEMPOTENCY_KEY_REUSED).
 *  4. Store the purchase `authorized`, with the route, the fee rates of this moment and the
 *     pseudonym (the docket's `sub` at settlement).
 *  5. Issue the ticket (pur = purchase, txn = hold, pseudonymous sub); an existing one is
 *     returned unchanged (not looked for when this attempt stored the purchase in step 4:
 *     the ticket is only written after it). Skipped for a purchase already rejected or refunded.
 *  6. Read the purchase again: a refund or rejection that ran while the ticket did not exist
 *     yet could not revoke it, so a purchase that ended meanwhile gets its ticket revoked and
 *     listed here, and nothing is enqueued.
 *  7. Enqueue settlement. A duplicate message (retry) is harmless: the worker is idempotent.
 * A crash after step 3 and no retry leaves a hold that the ledger's sweeper expires; one
 * after step 4 leaves an authorized purchase that the recovery sweep (recover.ts) finds
 * after the grace: it issues the ticket if step 5 never stored it (the same ticket this
 * request would have issued, repairPurchaseTicket) and re-enqueues, so the purchase is
 * settled with its ticket or, its hold expired, rejected.
 */
export const createPurchase = async (
  deps: PurchaseDeps,
  principal: Principal,
  request: PurchaseRequest,
  idempotencyKey: string,
  known?: KnownPurchase,
): Promise<PurchaseResult> => {
  const purchaseId = purchaseIdFor(principal.subject, idempotencyKey);
  const stored = known === undefined ? await deps.purchases.get(purchaseId) : known.stored;
  const { purchase, offer } =
    stored === undefined
      ? await authorizePurchase(deps, principal.subject, purchaseId, request)
      : await resumePurchase(deps, stored, request);
  if (hasEnded(purchase)) return { purchase, ticket: await deps.tickets.ticketStore.get(purchase.ticketId) };
  const ticket = await issuePurchaseTicket(deps, purchase, offer, principal, stored !== undefined);
  const ended = await revokeIfEndedMeanwhile(deps, purchase.id);
  if (ended !== undefined) return { purchase: ended, ticket: await deps.tickets.ticketStore.get(ended.ticketId) };
  await deps.settlementQueue.enqueue({ purchaseId: purchase.id });
  return { purchase, ticket };
};

/** Step 1: a repeated key answers only the request that made the purchase. */
const resumePurchase = async (
  deps: PurchaseDeps,
  purchase: PurchaseRecord,
  request: PurchaseRequest,
): Promise<{ purchase: PurchaseRecord; offer: OfferRecord }> => {
  requireSamePurchase(purchase, request);
  const offer = await requireOffer(deps.offers, purchase.offerId);
  requireSameUsage(purchase, offer, request);
  return { purchase, offer };
};

/** Steps 2 to 4: load what the purchase needs, place the hold on a route, store the purchase `authorized`. */
const authorizePurchase = async (
  deps: PurchaseDeps,
  customerId: string,
  purchaseId: string,
  request: PurchaseRequest,
): Promise<{ purchase: PurchaseRecord; offer: OfferRecord }> => {
  // Read together; the caller's own refusal comes first, whichever read ends first (a customer of
  // no registration is CUSTOMER_NOT_FOUND whatever offer it names).
  const [customerRead, offerRead] = await Promise.allSettled([
    requireCallerCustomer(deps.parties, customerId),
    requireOffer(deps.offers, request.offerId),
  ]);
  if (customerRead.status === 'rejected') throw customerRead.reason;
  if (offerRead.status === 'rejected') throw offerRead.reason;
  const [customer, offer] = [customerRead.value, offerRead.value];
  requireOfferOnSale(offer);
  const usage = await usageTermsOf(deps, customerId, offer, request);
  const [provider, agent, subject] = await Promise.all([
    requireProvider(deps.parties, offer.providerId),
    customer.carrier === undefined ? Promise.resolve(undefined) : deps.parties.getAgent(customer.carrier.agentId),
    deps.tickets.pseudonyms.subjectFor(offer.providerId, customerId),
  ]);
  const { hold, terms } = await placeHold(deps, purchaseId, request, { provider, customer, agent }, offer);
  const purchase = await deps.purchases.create({
    id: purchaseId,
    customerId,
    offerId: offer.id,
    providerId: offer.providerId,
    resource: offer.resource,
    ...terms,
    amountMinor: hold.amountMinor,
    currency: hold.currency,
    holdTransferId: hold.id,
    holdExpiresAt: hold.expiresAt ?? hold.recordedAt,
    ticketId: ticketIdFor(purchaseId),
    status: 'authorized',
    createdAt: hold.recordedAt,
    ...usage,
    subject,
  });
  deps.metrics.record('purchasesAuthorized', 1, {});
  deps.metrics.record('amountHeldMinor', purchase.amountMinor, { currency: purchase.currency });
  return { purchase, offer };
};

const hasEnded = (purchase: PurchaseRecord): boolean => purchase.status === 'rejected' || purchase.status === 'refunded';

/** Step 5: the purchase's ticket, issued once (a retry gets the stored one). */
const issuePurchaseTicket = async (
  deps: PurchaseTicketDeps,
  purchase: PurchaseRecord,
  offer: OfferRecord,
  principal: Principal,
  resumed: boolean,
): Promise<TicketRecord> => {
  const binding = await bindingOf(deps, purchase);
  return issueTicket(
    deps.tickets,
    purchase.ticketId,
    {
      kind: 'purchase',
      providerId: purchase.providerId,
      holderId: purchase.customerId,
      resource: offer.resource,
      validitySeconds: purchase.periodSeconds ?? offer.validitySeconds,
      ...(purchase.contentId === undefined ? {} : { contentId: purchase.contentId }),
      ...(purchase.purpose === undefined ? {} : { purpose: purchase.purpose }),
      ...(binding === undefined ? {} : { binding }),
      capabilities: offer.capabilities,
      ...(offer.maxUses === undefined ? {} : { maxUses: offer.maxUses }),
      ...(offer.maxSeconds === undefined ? {} : { maxSeconds: offer.maxSeconds }),
      ...(offer.otp === undefined ? {} : { otp: offer.otp }),
      ...(offer.fixedPassword === undefined ? {} : { fixedPassword: offer.fixedPassword }),
      purchaseId: purchase.id,
      transferId: purchase.holdTransferId,
      ...(purchase.subject === undefined ? {} : { subject: purchase.subject }),
    },
    principal,
    { mayExist: resumed },
  );
};

/** Step 6: a purchase refunded or rejected while its ticket did not exist yet gets the ticket revoked and listed now. */
const revokeIfEndedMeanwhile = async (deps: PurchaseTicketDeps, purchaseId: string): Promise<PurchaseRecord | undefined> => {
  const current = await deps.purchases.get(purchaseId);
  if (current === undefined || !hasEnded(current)) return undefined;
  await revokeTicket(
    { ticketStore: deps.tickets.ticketStore, revocations: deps.revocations, clock: deps.clock },
    current.ticketId,
    current.providerId,
    current.status === 'refunded' ? 'refunded' : 'settlement_rejected',
  );
  return current;
};

/** What the recovery sweep's repair did: the purchase as it is afterwards, and whether the ticket had to be issued. */
export interface TicketRepair {
  /** Still `authorized` (its settlement may be sent), or ended meanwhile (the ticket was then revoked and listed). */
  readonly purchase: PurchaseRecord;
  readonly issued: boolean;
}

/**
 * The recovery sweep's repair of a purchase whose request crashed after storing it (step 4)
 * and before storing its ticket (step 5), and was never retried. Reads the ticket (1 RRU);
 * when it is missing, issues it exactly as the resumed request would — the same id, claims
 * and holder, issued by the customer, stored with a conditional write, so a retry racing the
 * repair and the repair store one ticket between them — and then does step 6 (a purchase that
 * ended meanwhile gets the ticket revoked and listed). A refusal (the device the ticket binds
 * to was deleted) propagates.
 */
export const repairPurchaseTicket = async (
  deps: PurchaseTicketDeps & { readonly offers: Pick<OfferStore, 'get'> },
  purchase: PurchaseRecord,
): Promise<TicketRepair> => {
  if ((await deps.tickets.ticketStore.get(purchase.ticketId)) !== undefined) return { purchase, issued: false };
  const offer = await requireOffer(deps.offers, purchase.offerId);
  // Just read as missing: not read again (a racer that stored it meanwhile wins the conditional write).
  await issuePurchaseTicket(deps, purchase, offer, { role: 'customer', subject: purchase.customerId }, false);
  return { purchase: (await revokeIfEndedMeanwhile(deps, purchase.id)) ?? purchase, issued: true };
};
