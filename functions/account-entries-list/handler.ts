import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { ledgerEntries } from '../../shared/adapters/aws/wiring';
import { EntriesQuery } from '../../shared/api/ledger';
import type { LedgerEntries } from '../../shared/domain/ledger/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { entriesPage } from '../../shared/http/ledger-handlers';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

/** History in time order with running balances; `cursor` continues where the last page ended. */
export const makeHandler = (deps: BaseDeps & ListDeps & { readonly ledger: LedgerEntries }) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const accountId = pathParameter(event, 'id');
    const query = parseQuery(EntriesQuery, event);
    return json(
      200,
      await listPage(deps, event, principal, (position) => entriesPage(deps.ledger, accountId, query.limit, position)),
    );
  });

export const handler = lazyHandler(() =>
  makeHandler({ ...baseDeps(process.env), ledger: ledgerEntries(process.env), listCursors: kmsListCursorKey(process.env) }),
);
