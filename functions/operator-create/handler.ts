import { operatorDeps } from '../../shared/adapters/aws/identity-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { OperatorCreateRequest } from '../../shared/api/identity';
import { createOperator, type OperatorDeps } from '../../shared/domain/identity/operators';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type OperatorCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly operators: OperatorDeps };

/**
 * POST /v1/operators (operator): a Cognito user with the operator role, invited by e-mail. A
 * repeat answers the same operator with 200; with an Idempotency-Key it replays the first answer.
 */
export const makeHandler = (deps: OperatorCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const request = parseJsonBody(OperatorCreateRequest, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), request, async () => {
      const { created, operator } = await createOperator(deps.operators, request.email);
      return json(created ? 201 : 200, operator);
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), operators: operatorDeps(env) });
});
