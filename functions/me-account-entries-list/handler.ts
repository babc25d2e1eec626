import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { ledgerEntries, partyStore } from '../../shared/adapters/aws/wiring';
import type { PartyStore } from '../../shared/domain/parties/ports';
import { requireOwnAccount } from '../../shared/domain/parties/reads';
import { requireRole } from '../../shared/http/auth';
import { baseDeps } from '../../shared/http/base';
import { entriesAnswer, type EntriesListDeps } from '../../shared/http/entries-list';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';

export type MeAccountEntriesListDeps = EntriesListDeps & { readonly parties: PartyStore };

/** GET /v1/me/accounts/{accountId}/entries: the history of one of the caller's own accounts; another's is a 404. */
export const makeHandler = (deps: MeAccountEntriesListDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent');
    const accountId = pathParameter(event, 'accountId');
    await requireOwnAccount(deps.parties, principal, accountId);
    return entriesAnswer(deps, event, principal, accountId);
  });

export const handler = lazyHandler((env) =>
  makeHandler({ ...baseDeps(env), ledger: ledgerEntries(env), parties: partyStore(env), listCursors: kmsListCursorKey(env) }),
);
