import { idempotencyDeps, ledgerTransfers } from '../../shared/adapters/aws/wiring';
import { TransferVoidRequest } from '../../shared/api/ledger';
import { requireRole } from '../../shared/http/auth';
import { baseDeps } from '../../shared/http/base';
import { respondIdempotently } from '../../shared/http/idempotent';
import { resolveHoldOfPath } from '../../shared/http/hold-of-path';
import { statusFor, transferLocation, type LedgerApiDeps } from '../../shared/http/ledger-handlers';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

/** Release a hold. */
export const makeHandler = (deps: LedgerApiDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const pendingId = pathParameter(event, 'id');
    const request = parseJsonBody(TransferVoidRequest, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), request, async () => {
      const outcome = await resolveHoldOfPath(deps.ledger, pendingId, request, () =>
        deps.ledger.voidPending({ ...request, pendingId }),
      );
      return json(
        statusFor(outcome.result),
        { ...outcome.transfer, result: outcome.result },
        transferLocation(outcome.transfer.id),
      );
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), ledger: ledgerTransfers(env) });
});
