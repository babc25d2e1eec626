import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { ledgerEntries } from '../../shared/adapters/aws/wiring';
import { requireRole } from '../../shared/http/auth';
import { baseDeps } from '../../shared/http/base';
import { entriesAnswer, type EntriesListDeps } from '../../shared/http/entries-list';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';

/** History in time order with running balances; `cursor` continues where the last page ended. */
export const makeHandler = (deps: EntriesListDeps) =>
  apiHandler(deps, async (event) => entriesAnswer(deps, event, requireRole(event, 'operator'), pathParameter(event, 'id')));

export const handler = lazyHandler((env) =>
  makeHandler({ ...baseDeps(env), ledger: ledgerEntries(env), listCursors: kmsListCursorKey(env) }),
);
