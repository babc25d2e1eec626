import { idempotencyDeps, ledgerAccounts } from '../../shared/adapters/aws/wiring';
import { AccountCreateRequest } from '../../shared/api/ledger';
import type { LedgerAccounts } from '../../shared/domain/ledger/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps } from '../../shared/http/base';
import { respondIdempotently } from '../../shared/http/idempotent';
import { statusFor, type LedgerApiDeps } from '../../shared/http/ledger-handlers';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export const makeHandler = (deps: LedgerApiDeps<LedgerAccounts>) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const request = parseJsonBody(AccountCreateRequest, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), request, async () => {
      const { result, account } = await deps.ledger.createAccount(request);
      return json(statusFor(result), { ...account, result }, { location: `/v1/accounts/${encodeURIComponent(account.id)}` });
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), ledger: ledgerAccounts(env) });
});
