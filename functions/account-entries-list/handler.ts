import { ledgerEntries } from '../../shared/adapters/aws/wiring';
import { EntriesQuery } from '../../shared/api/ledger';
import type { LedgerEntries } from '../../shared/domain/ledger/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { entriesPage } from '../../shared/http/ledger-handlers';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

/** History in time order with running balances; `cursor` continues where the last page ended. */
export const makeHandler = (deps: BaseDeps & { readonly ledger: LedgerEntries }) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'operator');
    return json(200, await entriesPage(deps.ledger, pathParameter(event, 'id'), parseQuery(EntriesQuery, event)));
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), ledger: ledgerEntries(process.env) }));
