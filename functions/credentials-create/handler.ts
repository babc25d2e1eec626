import { credentialDeps } from '../../shared/adapters/aws/identity-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import type { IdempotencyDeps } from '../../shared/domain/idempotency/idempotency';
import { createCredentials, type CredentialDeps } from '../../shared/domain/identity/credentials';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { respondIdempotently } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, partyRoleOf, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { z } from 'zod';

export type CredentialsCreateDeps = BaseDeps & IdempotencyDeps & { readonly credentials: CredentialDeps };

const NoBody = z.strictObject({});

/**
 * POST /v1/providers/{id}/credentials and POST /v1/agents/{id}/credentials (an operator, or
 * the party for itself): a new app client with the client-credentials grant. The secret is in
 * this answer only: with an Idempotency-Key a repeat answers the same client without it.
 */
export const makeHandler = (deps: CredentialsCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator', 'provider', 'agent');
    parseJsonBody(NoBody, event);
    const role = partyRoleOf(event);
    const partyId = pathParameter(event, 'id');
    const key = idempotencyKey(event, false);
    return respondIdempotently(
      deps,
      event,
      principal,
      key,
      {},
      async () => json(201, await createCredentials(deps.credentials, principal, role, partyId)),
      { shownOnce: ['clientSecret'] },
    );
  });

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(process.env, base.config),
    credentials: credentialDeps(process.env, base.config),
  });
});
