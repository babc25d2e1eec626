import { billedLedgerTransfers } from '../../shared/adapters/aws/billed-ledger';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { partyDeps } from '../../shared/adapters/aws/purchases-wiring';
import { TopUpRequest } from '../../shared/api/parties';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import type { LedgerTransfers } from '../../shared/domain/ledger/ports';
import type { PartyDeps } from '../../shared/domain/parties/parties';
import { topUpWallet } from '../../shared/domain/parties/topup';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { membersOf, namedAsRequested } from '../../shared/http/request-fields';
import { json } from '../../shared/http/response';

export type CustomerTopupDeps = BaseDeps & ApiIdempotencyDeps & { readonly parties: PartyDeps<LedgerTransfers> };

export const makeHandler = (deps: CustomerTopupDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'agent');
    const customerId = pathParameter(event, 'id');
    const request = parseJsonBody(TopUpRequest, event);
    const key = idempotencyKey(event, false);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      // A refusal names the customer by the path parameter `id` (the request has no customerId).
      const { result, topUp } = await topUpWallet(deps.parties, customerId, request, principal).catch((error: unknown) => {
        throw namedAsRequested(error, { customerId: 'id' }, ['id', ...membersOf(request)]);
      });
      return json(result === 'created' ? 201 : 200, topUp);
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  // The billed ledger marks the kiosk's fee account (its agent statement) where a fee moves.
  const parties = { ...partyDeps(env), ledger: billedLedgerTransfers(env) };
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), parties });
});
