import { credentialDeps } from '../../shared/adapters/aws/identity-wiring';
import { deleteCredentials, type CredentialDeps } from '../../shared/domain/identity/credentials';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { partyRoleOf, pathParameter } from '../../shared/http/request';
import { noContent } from '../../shared/http/response';

export type CredentialsDeleteDeps = BaseDeps & { readonly credentials: CredentialDeps };

/** DELETE /v1/{providers|agents}/{id}/credentials/{clientId}: the app client and its mapping go; a repeat is 404. */
export const makeHandler = (deps: CredentialsDeleteDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator', 'provider', 'agent');
    await deleteCredentials(
      deps.credentials,
      principal,
      partyRoleOf(event),
      pathParameter(event, 'id'),
      pathParameter(event, 'clientId'),
    );
    return noContent();
  });

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler({ ...base, credentials: credentialDeps(process.env, base.config) });
});
