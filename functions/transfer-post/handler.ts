import { billedLedgerTransfers } from '../../shared/adapters/aws/billed-ledger';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { TransferResolveRequest } from '../../shared/api/ledger';
import { requireRole } from '../../shared/http/auth';
import { baseDeps } from '../../shared/http/base';
import { respondIdempotently } from '../../shared/http/idempotent';
import { resolveHoldOfPath } from '../../shared/http/hold-of-path';
import { statusFor, transferLocation, type LedgerApiDeps } from '../../shared/http/ledger-handlers';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

/** Post a hold, in full or in part (the rest is released). */
export const makeHandler = (deps: LedgerApiDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const pendingId = pathParameter(event, 'id');
    const request = parseJsonBody(TransferResolveRequest, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), request, async () => {
      const outcome = await resolveHoldOfPath(deps.ledger, pendingId, request, () =>
        deps.ledger.postPending({ ...request, pendingId }),
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
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), ledger: billedLedgerTransfers(env) });
});
