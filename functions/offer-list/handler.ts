import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { offerStore } from '../../shared/adapters/aws/purchases-wiring';
import { partyStore } from '../../shared/adapters/aws/wiring';
import { OfferListQuery } from '../../shared/api/offers';
import { includesWithdrawn, keywordsOf, offerView, requireOwnListing } from '../../shared/domain/offers/offers';
import type { OfferStore } from '../../shared/domain/offers/ports';
import type { PartyStore } from '../../shared/domain/parties/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type OfferListDeps = BaseDeps &
  ListDeps & { readonly offers: OfferStore; readonly parties: Pick<PartyStore, 'getProvider'> };

/**
 * GET /v1/offers: the offers on sale, to every signed-in role, newest first, by provider and
 * keywords; withdrawn ones too with include=withdrawn, for their provider and operators
 * (includesWithdrawn). A provider's own listing (providerId its own) is about the caller: a
 * provider token of no registered provider is its 404 (requireOwnListing).
 */
export const makeHandler = (deps: OfferListDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const query = parseQuery(OfferListQuery, event);
    const includeWithdrawn = includesWithdrawn(principal, query);
    await requireOwnListing(deps.parties, principal, query);
    const page = await listPage(deps, event, principal, async (position) => {
      const offers = await deps.offers.list({
        keywords: keywordsOf(query.q),
        limit: query.limit,
        ...(includeWithdrawn ? { includeWithdrawn } : {}),
        ...(query.providerId === undefined ? {} : { providerId: query.providerId }),
        ...(position === undefined ? {} : { cursor: position }),
      });
      return { items: offers.offers.map(offerView), nextCursor: offers.nextCursor };
    });
    return json(200, page);
  });

export const handler = lazyHandler((env) =>
  makeHandler({ ...baseDeps(env), offers: offerStore(env), parties: partyStore(env), listCursors: kmsListCursorKey(env) }),
);
