import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { ledgerQueries, partyStore } from '../../shared/adapters/aws/wiring';
import { MyAccountsQuery } from '../../shared/api/parties';
import type { LedgerQueries } from '../../shared/domain/ledger/ports';
import type { PartyStore } from '../../shared/domain/parties/ports';
import { myAccounts } from '../../shared/domain/parties/reads';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type MeAccountsListDeps = BaseDeps & ListDeps & { readonly parties: PartyStore; readonly ledger: LedgerQueries };

/** GET /v1/me/accounts: a page of the caller's ledger accounts with balances (a party has one per currency and kind). */
export const makeHandler = (deps: MeAccountsListDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent');
    const { limit } = parseQuery(MyAccountsQuery, event);
    return json(200, await listPage(deps, event, principal, (after) => myAccounts(deps, principal, { limit, after })));
  });

export const handler = lazyHandler((env) =>
  makeHandler({
    ...baseDeps(env),
    parties: partyStore(env),
    ledger: ledgerQueries(env),
    listCursors: kmsListCursorKey(env),
  }),
);
