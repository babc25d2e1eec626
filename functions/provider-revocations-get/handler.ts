import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { revocationListDeps } from '../../shared/adapters/aws/purchases-wiring';
import { partyStore } from '../../shared/adapters/aws/wiring';
import { requireNamedProvider } from '../../shared/domain/parties/parties';
import type { PartyStore } from '../../shared/domain/parties/ports';
import { RevocationsQuery } from '../../shared/api/purchases';
import {
  authorizeRevocationsRead,
  revocationsStart,
  signedRevocationList,
  type SignedListDeps,
} from '../../shared/domain/revocations/revocations';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type ProviderRevocationsGetDeps = BaseDeps &
  ListDeps & { readonly revocations: SignedListDeps; readonly parties: PartyStore };

export const makeHandler = (deps: ProviderRevocationsGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'provider', 'operator');
    const providerId = pathParameter(event, 'id');
    authorizeRevocationsRead(principal, providerId);
    const query = parseQuery(RevocationsQuery, event);
    const { since } = query;
    // A list is signed only for a registered provider: another id is 404, as offers and purchases
    // answer; a provider token of no registered provider is the caller's 404 (requireNamedProvider).
    await requireNamedProvider(deps.parties, principal, providerId, 'id');
    const page = await listPage(deps, event, principal, (cursor) =>
      signedRevocationList(
        deps.revocations,
        providerId,
        revocationsStart(providerId, { ...(since === undefined ? {} : { since }), ...(cursor === undefined ? {} : { cursor }) }),
      ),
    );
    return json(200, page);
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    revocations: revocationListDeps(env, base.config),
    listCursors: kmsListCursorKey(env),
    parties: partyStore(env),
  });
});
