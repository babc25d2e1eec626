import { billedLedgerTransfers } from '../../shared/adapters/aws/billed-ledger';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { TransferCreateRequest } from '../../shared/api/ledger';
import { assert } from '../../shared/errors';
import { requireRole } from '../../shared/http/auth';
import { baseDeps } from '../../shared/http/base';
import { respondIdempotently } from '../../shared/http/idempotent';
import { statusFor, transferLocation, type LedgerApiDeps } from '../../shared/http/ledger-handlers';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { normalizeOperations } from '../../shared/domain/ledger/validation';
import { transferAsOf } from '../../shared/domain/ledger/views';
import { requireReversalsNotOfFlows } from '../../shared/domain/payments/owned-transfers';

/** One transfer, or `{ transfers: [...] }`: linked legs that all commit or none does. A flow's transfer is not reversed here. */
export const makeHandler = (deps: LedgerApiDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const request = parseJsonBody(TransferCreateRequest, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), request, async () => {
      const legs = 'transfers' in request ? request.transfers : [request];
      const operations = legs.map((leg) => ({ action: 'create' as const, ...leg }));
      // The ledger's input checks first, as the ledger runs them: a bad leg is 422 before any read.
      normalizeOperations(operations);
      await requireReversalsNotOfFlows(deps.ledger, legs);
      const outcomes = await deps.ledger.createTransfers(operations);
      const nowMs = deps.clock.now();
      const views = outcomes.map((outcome) => ({ ...transferAsOf(outcome.transfer, nowMs), result: outcome.result }));
      const status = statusFor(outcomes.every((outcome) => outcome.result === 'exists') ? 'exists' : 'created');
      const first = views[0];
      assert(first !== undefined, 'a transfer request has a leg');
      // Location: the transfer, or the first of a linked batch (each is read at its own path).
      return json(status, 'transfers' in request ? { transfers: views } : first, transferLocation(first.id));
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), ledger: billedLedgerTransfers(env) });
});
