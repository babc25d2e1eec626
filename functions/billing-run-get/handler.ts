import { runStore } from '../../shared/adapters/aws/billing-wiring';
import type { BillingDeps } from '../../shared/domain/billing/deps';
import { readRun, runView } from '../../shared/domain/billing/runs';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type BillingRunGetDeps = BaseDeps & Pick<BillingDeps, 'runs'>;

/** GET /v1/billing-runs/{id}: progress, and the reconciliation once it ended (operators). */
export const makeHandler = (deps: BillingRunGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    return json(200, runView(await readRun(deps, principal, pathParameter(event, 'id'))));
  });

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), runs: runStore(env) }));
