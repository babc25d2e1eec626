import { ledgerQueries } from '../../shared/adapters/aws/wiring';
import type { LedgerQueries } from '../../shared/domain/ledger/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export const makeHandler = (deps: BaseDeps & { readonly ledger: LedgerQueries }) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'operator');
    return json(200, await deps.ledger.getAccount(pathParameter(event, 'id')));
  });

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), ledger: ledgerQueries(env) }));
