import { offerStore } from '../../shared/adapters/aws/purchases-wiring';
import { OfferListQuery } from '../../shared/api/offers';
import { keywordsOf, offerView } from '../../shared/domain/offers/offers';
import type { OfferStore } from '../../shared/domain/offers/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type OfferListDeps = BaseDeps & { readonly offers: OfferStore };

export const makeHandler = (deps: OfferListDeps) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const query = parseQuery(OfferListQuery, event);
    const page = await deps.offers.list({
      keywords: keywordsOf(query.q),
      limit: query.limit,
      ...(query.providerId === undefined ? {} : { providerId: query.providerId }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
    return json(200, {
      items: page.offers.map(offerView),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    });
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), offers: offerStore(process.env) }));
