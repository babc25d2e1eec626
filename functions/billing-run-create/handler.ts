import { activityListing, billingQueue, runStore } from '../../shared/adapters/aws/billing-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { BillingRunCreateRequest } from '../../shared/api/billing';
import { runIdForKey } from '../../shared/domain/billing/ids';
import { runView, startRun, type StartRunDeps } from '../../shared/domain/billing/runs';
import { describePrincipal } from '../../shared/domain/principal';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { respondIdempotently, type ApiIdempotencyDeps } from '../../shared/http/idempotent';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { systemClock, type IdGenerator } from '../../shared/ports';
import { randomIds } from '../../shared/ids';
import { lazyHandler } from '../../shared/http/lazy';

export type BillingRunCreateDeps = BaseDeps & ApiIdempotencyDeps & StartRunDeps & { readonly ids: IdGenerator };

/** POST /v1/billing-runs { period }: an operator starts (or, with the same Idempotency-Key, finds) a run. */
export const makeHandler = (deps: BillingRunCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const request = parseJsonBody(BillingRunCreateRequest, event);
    const key = idempotencyKey(event, false);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const runId = key === undefined ? deps.ids.next('run') : runIdForKey(describePrincipal(principal), key);
      const run = await startRun(deps, {
        period: request.period,
        runId,
        trigger: 'operator',
        requestedBy: describePrincipal(principal),
      });
      return json(201, runView(run), { location: `/v1/billing-runs/${run.id}` });
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    runs: runStore(env),
    activity: activityListing(env),
    queue: billingQueue(env, { runs: true }),
    clock: systemClock,
    ids: randomIds,
  });
});
