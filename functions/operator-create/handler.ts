import { operatorIdentity } from '../../shared/adapters/aws/identity-wiring';
import { OperatorCreateRequest } from '../../shared/api/identity';
import type { IdentityProvider } from '../../shared/domain/identity/ports';
import { createOperator } from '../../shared/domain/identity/operators';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type OperatorCreateDeps = BaseDeps & { readonly identity: Pick<IdentityProvider, 'createUser'> };

/** POST /v1/operators (operator): a Cognito user with the operator role, invited by e-mail. A repeat answers the same operator with 200. */
export const makeHandler = (deps: OperatorCreateDeps) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'operator');
    const request = parseJsonBody(OperatorCreateRequest, event);
    const { created, operator } = await createOperator(deps.identity, request.email);
    return json(created ? 201 : 200, operator);
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), identity: operatorIdentity(process.env) }));
