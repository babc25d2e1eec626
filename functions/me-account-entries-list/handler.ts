import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { ledgerEntries } from '../../shared/adapters/aws/wiring';
import { EntriesQuery } from '../../shared/api/ledger';
import type { LedgerEntries } from '../../shared/domain/ledger/ports';
import { requireOwnAccount } from '../../shared/domain/parties/reads';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { entriesPage } from '../../shared/http/ledger-handlers';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

/** GET /v1/me/accounts/{accountId}/entries: the history of one of the caller's own accounts; another's is a 404. */
export const makeHandler = (deps: BaseDeps & ListDeps & { readonly ledger: LedgerEntries }) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent');
    const accountId = pathParameter(event, 'accountId');
    requireOwnAccount(principal, accountId);
    const query = parseQuery(EntriesQuery, event);
    return json(
      200,
      await listPage(deps, event, principal, (position) => entriesPage(deps.ledger, accountId, query.limit, position)),
    );
  });

export const handler = lazyHandler(() =>
  makeHandler({ ...baseDeps(process.env), ledger: ledgerEntries(process.env), listCursors: kmsListCursorKey(process.env) }),
);
