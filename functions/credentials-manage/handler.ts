import { CredentialsCreateRequest } from '../../shared/api/identity';
import { credentialDeps } from '../../shared/adapters/aws/identity-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { createCredentials, deleteCredentials, type CredentialDeps } from '../../shared/domain/identity/credentials';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, partyRoleOf, pathParameter } from '../../shared/http/request';
import { json, noContent } from '../../shared/http/response';

export type CredentialsManageDeps = BaseDeps & ApiIdempotencyDeps & { readonly credentials: CredentialDeps };

/**
 * Machine credentials of providers and agents (an operator, or the party for itself):
 *  - POST /v1/{providers|agents}/{id}/credentials: a new app client with the client-credentials
 *    grant. The secret is in this answer only: with an Idempotency-Key a repeat answers the
 *    same client without it.
 *  - DELETE …/credentials/{clientId}: the app client and its mapping go; a repeat is 404, or
 *    with an Idempotency-Key the first answer again.
 */
export const makeHandler = (deps: CredentialsManageDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator', 'provider', 'agent');
    const role = partyRoleOf(event);
    const partyId = pathParameter(event, 'id');
    if (event.httpMethod === 'DELETE') {
      return respondIdempotently(deps, event, principal, idempotencyKey(event, false), {}, async () => {
        await deleteCredentials(deps.credentials, principal, role, partyId, pathParameter(event, 'clientId'));
        return noContent();
      });
    }
    parseJsonBody(CredentialsCreateRequest, event);
    return respondIdempotently(
      deps,
      event,
      principal,
      idempotencyKey(event, false),
      {},
      async () => json(201, await createCredentials(deps.credentials, principal, role, partyId)),
      { shownOnce: ['clientSecret'] },
    );
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    credentials: credentialDeps(env, base.config),
  });
});
