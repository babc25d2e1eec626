import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { ledgerEntries } from '../../shared/adapters/aws/wiring';
import { requireOwnAccount } from '../../shared/domain/parties/reads';
import { requireRole } from '../../shared/http/auth';
import { baseDeps } from '../../shared/http/base';
import { entriesAnswer, type EntriesListDeps } from '../../shared/http/entries-list';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';

/** GET /v1/me/accounts/{accountId}/entries: the history of one of the caller's own accounts; another's is a 404. */
export const makeHandler = (deps: EntriesListDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent');
    const accountId = pathParameter(event, 'accountId');
    requireOwnAccount(principal, accountId);
    return entriesAnswer(deps, event, principal, accountId);
  });

export const handler = lazyHandler((env) =>
  makeHandler({ ...baseDeps(env), ledger: ledgerEntries(env), listCursors: kmsListCursorKey(env) }),
);
