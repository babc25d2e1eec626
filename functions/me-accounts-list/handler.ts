import { ledgerQueries, partyStore } from '../../shared/adapters/aws/wiring';
import type { LedgerQueries } from '../../shared/domain/ledger/ports';
import type { PartyStore } from '../../shared/domain/parties/ports';
import { myAccounts } from '../../shared/domain/parties/reads';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { json } from '../../shared/http/response';

export type MeAccountsListDeps = BaseDeps & { readonly parties: PartyStore; readonly ledger: LedgerQueries };

/** GET /v1/me/accounts: the caller's ledger accounts with balances (one page: a party has few). */
export const makeHandler = (deps: MeAccountsListDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent');
    return json(200, { items: await myAccounts(deps, principal) });
  });

export const handler = lazyHandler((env) =>
  makeHandler({ ...baseDeps(env), parties: partyStore(env), ledger: ledgerQueries(env) }),
);
