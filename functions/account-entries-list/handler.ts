import { ledger } from '../../shared/adapters/aws/wiring';
import { EntriesQuery } from '../../shared/api/ledger';
import type { Ledger } from '../../shared/domain/ledger/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { parseWith, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { LEDGER_ENTRIES_PAGE_LIMIT_MAX } from '../../shared/limits';

/** History in time order with running balances; `cursor` continues where the last page ended. */
export const makeHandler = (deps: BaseDeps & { readonly ledger: Ledger }) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'operator');
    const query = parseWith(EntriesQuery, event.queryStringParameters ?? {}, 'query string');
    const page = await deps.ledger.listEntries(pathParameter(event, 'id'), {
      limit: query.limit ?? LEDGER_ENTRIES_PAGE_LIMIT_MAX,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
    return json(200, page);
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), ledger: ledger(process.env) }));
