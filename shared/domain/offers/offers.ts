import { assert, DomainError, quoted } from '../../errors';
import { OFFER_SEARCH_KEYWORDS_MAX } from '../../limits';
import type { Clock } from '../../ports';
import { requestedFields, requireSameRequest, sameNamed } from '../key-reuse';
import type { LedgerAccounts } from '../ledger/ports';
import { openProviderCurrency, requireCallerProvider, requireNamedProvider } from '../parties/parties';
import type { PartyStore } from '../parties/ports';
import type { ContentStore } from '../contents/ports';
import { actsFor, describePrincipal, type Principal } from '../principal';
import { requireOnePasswordMode } from '../tickets/ticket';
import type { OfferStore } from './ports';

/**
 * Offers: what a provider sells — access to a resource (server/stream, channel or content
 * id) for a window, with capabilities and optional allowances. An offer's terms are immutable
 * once created (a price change is a new offer), so a purchase can always refer to the terms it
 * bought; the one change is its withdrawal (withdrawOffer), after which it is not sold.
 */
export interface OfferRecord extends Omit<CreateOfferInput, 'resource'> {
  readonly id: string;
  readonly resource: string;
  /** Lower-case words of the title, resource and capabilities, for keyword search. */
  readonly searchText: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** When the offer was withdrawn (set once): no new purchase of it from then on. */
  readonly withdrawnAt?: string;
  /** Who withdrew it (an internal audit field, as createdBy). */
  readonly withdrawnBy?: string;
}

/** What a withdrawal writes on an offer. */
export type OfferWithdrawal = Required<Pick<OfferRecord, 'withdrawnAt' | 'withdrawnBy'>>;

export interface OfferDeps {
  readonly offers: OfferStore;
  readonly parties: PartyStore;
  /** The contents offers may name (usage rights). */
  readonly contents: Pick<ContentStore, 'get'>;
  /** Creating an offer opens the provider's accounts in its currency, nothing more. */
  readonly ledger: LedgerAccounts;
  readonly clock: Clock;
  readonly ticketValiditySecondsMax: number;
}

export interface CreateOfferInput {
  readonly providerId: string;
  readonly title?: string;
  /** The ticket's `res`; an offer for a content defaults to the content id. */
  readonly resource?: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly validitySeconds: number;
  readonly capabilities: readonly string[];
  readonly maxUses?: number;
  readonly maxSeconds?: number;
  readonly otp?: boolean;
  /** The ticket needs its holder's fixed password on every connection (`pwd`); never with `otp`. */
  readonly fixedPassword?: boolean;
  /** A usage right for this content (one of the provider's). */
  readonly contentId?: string;
  /** The purposes a purchase may name, a subset of the content's (default: all of the content's). */
  readonly purposes?: readonly string[];
  /** A purchase names one of the buyer's devices, and the ticket is bound to it (`cnf.jkt`). */
  readonly deviceBound?: boolean;
}

/** Words are split on anything that is not a letter or digit, so `server-1/stream-7` matches `stream`. */
export const searchWords = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

export const searchTextOf = (input: Pick<OfferRecord, 'title' | 'resource' | 'capabilities'>): string =>
  ` ${[...new Set(searchWords([input.title ?? '', input.resource, ...input.capabilities].join(' ')))].join(' ')} `;

/** A query string → at most OFFER_SEARCH_KEYWORDS_MAX distinct keywords. */
export const keywordsOf = (query: string | undefined): string[] => {
  const words = [...new Set(searchWords(query ?? ''))];
  if (words.length > OFFER_SEARCH_KEYWORDS_MAX) {
    throw new DomainError('VALIDATION_FAILED', `A search combines at most ${OFFER_SEARCH_KEYWORDS_MAX} keywords.`, [
      { field: 'q', message: `at most ${OFFER_SEARCH_KEYWORDS_MAX} keywords` },
    ]);
  }
  return words;
};

/** Every keyword must be a word prefix in the offer's search text. */
export const offerMatches = (offer: Pick<OfferRecord, 'searchText'>, keywords: readonly string[]): boolean =>
  keywords.every((keyword) => offer.searchText.includes(` ${keyword}`));

/** A provider creates offers for itself; operators for any provider. */
const authorizeOfferCreate = (principal: Principal, providerId: string): void => {
  if (actsFor(principal, 'provider', providerId)) return;
  throw new DomainError('FORBIDDEN', `A ${principal.role} cannot create offers for provider ${quoted(providerId)}.`, [
    { field: 'providerId', message: 'is not yours' },
  ]);
};

/**
 * An offer for a content must fit it: the content is this provider's, the purposes and the
 * capabilities are among the content's, and the window is at most the content's longest
 * period. Without a content there are no purposes, and a resource is required.
 */
const contentTerms = async (deps: OfferDeps, input: CreateOfferInput): Promise<{ resource: string }> => {
  if (input.contentId === undefined) {
    if (input.purposes !== undefined) throw invalidOffer('purposes', 'an offer names purposes only for a content (contentId)');
    if (input.resource === undefined) throw invalidOffer('resource', 'is required for an offer that names no content');
    return { resource: input.resource };
  }
  const content = await deps.contents.get(input.contentId);
  if (content === undefined || content.providerId !== input.providerId) {
    throw new DomainError(
      'CONTENT_NOT_FOUND',
      `Provider ${quoted(input.providerId)} has no content ${quoted(input.contentId)}.`,
      [{ field: 'contentId', message: 'is not a content of this provider' }],
    );
  }
  const foreignPurposes = (input.purposes ?? []).filter((purpose) => !content.purposes.includes(purpose));
  if (foreignPurposes.length > 0) {
    throw new DomainError(
      'PURPOSE_NOT_ALLOWED',
      `Content ${quoted(content.id)} allows the purposes ${content.purposes.join(', ')} only.`,
      [{ field: 'purposes', message: `${foreignPurposes.join(', ')} not allowed by the content` }],
    );
  }
  const foreignCapabilities = input.capabilities.filter((capability) => !content.capabilities.includes(capability));
  if (foreignCapabilities.length > 0) {
    throw invalidOffer('capabilities', `${foreignCapabilities.join(', ')} not among the content's capabilities`);
  }
  if (input.validitySeconds > content.maxPeriodSeconds) {
    throw new DomainError(
      'PERIOD_TOO_LONG',
      `Content ${quoted(content.id)} allows usage rights of at most ${content.maxPeriodSeconds} seconds (maxPeriodSeconds).`,
      [{ field: 'validitySeconds', message: `must be at most ${content.maxPeriodSeconds}, the content's maxPeriodSeconds` }],
      { maxPeriodSeconds: content.maxPeriodSeconds },
    );
  }
  return { resource: input.resource ?? content.id };
};

const invalidOffer = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', `The offer is invalid: ${field} ${message}.`, [{ field, message }]);

/** What an offer stores as its create request named it (the content's id resolved to a resource), and a repeat must name alike. */
const OFFER_REQUEST_FIELDS = [
  'providerId',
  'title',
  'resource',
  'priceMinor',
  'currency',
  'validitySeconds',
  'capabilities',
  'maxUses',
  'maxSeconds',
  'otp',
  'fixedPassword',
  'contentId',
  'purposes',
  'deviceBound',
] as const;

/**
 * Flow: authorize → provider exists → window within the ticket maximum → a named content fits
 * (contentTerms) → open the provider's revenue account and the platform fee account in the
 * offer's currency (idempotent, so the purchase path never has to) → store (idempotent on id;
 * an id that exists with another request is 422 IDEMPOTENCY_KEY_REUSED naming the fields, see
 * key-reuse.ts).
 */
export const createOffer = async (
  deps: OfferDeps,
  offerId: string,
  input: CreateOfferInput,
  principal: Principal,
): Promise<OfferRecord> => {
  authorizeOfferCreate(principal, input.providerId);
  requireOnePasswordMode(input);
  const provider = await requireNamedProvider(deps.parties, principal, input.providerId);
  if (input.validitySeconds > deps.ticketValiditySecondsMax) {
    throw new DomainError('VALIDATION_FAILED', `A ticket window is at most ${deps.ticketValiditySecondsMax} seconds.`, [
      { field: 'validitySeconds', message: `must be at most ${deps.ticketValiditySecondsMax}` },
    ]);
  }
  const { resource } = await contentTerms(deps, input);
  await openProviderCurrency(deps, provider, input.currency);
  const requested = { ...input, resource };
  const stored = await deps.offers.create({
    id: offerId,
    ...requestedFields(requested, OFFER_REQUEST_FIELDS),
    searchText: searchTextOf(requested),
    createdAt: new Date(deps.clock.now()).toISOString(),
    createdBy: describePrincipal(principal),
  });
  requireSameRequest(`offer ${quoted(stored.id)}`, sameNamed(stored, requested, OFFER_REQUEST_FIELDS));
  return stored;
};

export const offerView = (offer: OfferRecord) => {
  const { searchText: _searchText, createdBy: _createdBy, withdrawnBy: _withdrawnBy, ...rest } = offer;
  return rest;
};

/**
 * The offer's provider (or an operator) withdraws an offer: it shows `withdrawnAt` from then
 * on, a new purchase of it is 409 OFFER_WITHDRAWN (requireOfferOnSale), and listings leave it
 * out unless asked (offerListing). Purchases and tickets made before are unaffected: they
 * settle, redeem and refund as before (they never read whether their offer is on sale).
 * Idempotent: a withdrawn offer answers as it is, with its first `withdrawnAt`. Every offer is
 * readable by every role (GET /v1/offers/{id}), so another provider is refused with 403
 * FORBIDDEN, as when it creates offers for someone else, not with a 404 that would hide
 * nothing.
 */
export const withdrawOffer = async (
  deps: Pick<OfferDeps, 'offers' | 'clock'>,
  offerId: string,
  principal: Principal,
): Promise<OfferRecord> => {
  const offer = await requireOffer(deps.offers, offerId);
  if (!actsFor(principal, 'provider', offer.providerId)) {
    throw new DomainError(
      'FORBIDDEN',
      `Only provider ${quoted(offer.providerId)} or an operator withdraws offer ${quoted(offer.id)}.`,
    );
  }
  if (offer.withdrawnAt !== undefined) return offer;
  const withdrawn = await deps.offers.withdraw(offer.id, {
    withdrawnAt: new Date(deps.clock.now()).toISOString(),
    withdrawnBy: describePrincipal(principal),
  });
  assert(withdrawn !== undefined, 'an offer that was read is never deleted');
  return withdrawn;
};

/** A new purchase is only of an offer on sale: a withdrawn one is 409 OFFER_WITHDRAWN. */
export const requireOfferOnSale = (offer: OfferRecord): OfferRecord => {
  if (offer.withdrawnAt === undefined) return offer;
  throw new DomainError(
    'OFFER_WITHDRAWN',
    `Offer ${quoted(offer.id)} was withdrawn at ${offer.withdrawnAt}; it is no longer sold.`,
    [{ field: 'offerId', message: 'was withdrawn' }],
  );
};

/**
 * Whether a listing shows withdrawn offers: not by default (a listing is what is on sale);
 * `include=withdrawn` shows them too, to the provider in its own listing (`providerId` its own)
 * and to operators in any; anyone else asking is 403 FORBIDDEN naming include.
 */
export const includesWithdrawn = (principal: Principal, query: { readonly include?: string; readonly providerId?: string }) => {
  if (query.include !== 'withdrawn') return false;
  if (principal.role === 'operator' || (query.providerId !== undefined && actsFor(principal, 'provider', query.providerId))) {
    return true;
  }
  throw new DomainError('FORBIDDEN', 'Withdrawn offers are listed to their provider (providerId its own) and operators only.', [
    { field: 'include', message: 'withdrawn offers are listed only with providerId your own' },
  ]);
};

/**
 * A provider naming itself (`providerId` its own) reads its own listing, about itself: a
 * provider token of no registered provider is 404 PROVIDER_NOT_FOUND naming no field
 * (requireCallerProvider), not an empty page. Any other listing is the catalogue, read as it is.
 */
export const requireOwnListing = async (
  parties: Pick<PartyStore, 'getProvider'>,
  principal: Principal,
  query: { readonly providerId?: string },
): Promise<void> => {
  if (principal.role === 'provider' && query.providerId === principal.subject)
    await requireCallerProvider(parties, principal.subject);
};

export const requireOffer = async (offers: Pick<OfferStore, 'get'>, offerId: string): Promise<OfferRecord> => {
  const offer = await offers.get(offerId);
  if (offer === undefined) {
    throw new DomainError('OFFER_NOT_FOUND', `No offer ${quoted(offerId)}.`, [{ field: 'offerId', message: 'is not an offer' }]);
  }
  return offer;
};
