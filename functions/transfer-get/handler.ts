import { ledgerQueries } from '../../shared/adapters/aws/wiring';
import type { LedgerQueries } from '../../shared/domain/ledger/ports';
import { transferAsOf } from '../../shared/domain/ledger/views';
import { systemClock, type Clock } from '../../shared/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

/** A transfer as it stands now: a hold past its expiry reads `expired` before the sweeper records it. */
export const makeHandler = (deps: BaseDeps & { readonly ledger: LedgerQueries; readonly clock: Clock }) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'operator');
    return json(200, transferAsOf(await deps.ledger.getTransfer(pathParameter(event, 'id')), deps.clock.now()));
  });

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), ledger: ledgerQueries(env), clock: systemClock }));
