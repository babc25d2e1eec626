import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { runStore } from '../../shared/adapters/aws/billing-wiring';
import { BillingRunListQuery } from '../../shared/api/billing';
import type { BillingDeps } from '../../shared/domain/billing/deps';
import { listRuns } from '../../shared/domain/billing/runs';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type BillingRunListDeps = BaseDeps & ListDeps & Pick<BillingDeps, 'runs'>;

/** GET /v1/billing-runs?period=: a month's runs, newest first (operators). */
export const makeHandler = (deps: BillingRunListDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const query = parseQuery(BillingRunListQuery, event);
    const page = await listPage(deps, event, principal, (position) =>
      listRuns(deps, principal, {
        period: query.period,
        limit: query.limit,
        ...(position === undefined ? {} : { cursor: position }),
      }),
    );
    return json(200, page);
  });

export const handler = lazyHandler((env) =>
  makeHandler({ ...baseDeps(env), runs: runStore(env), listCursors: kmsListCursorKey(env) }),
);
