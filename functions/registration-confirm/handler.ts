import { confirmDeps } from '../../shared/adapters/aws/identity-wiring';
import { RegistrationConfirmRequest } from '../../shared/api/identity';
import { confirmationView, confirmRegistration, type ConfirmDeps } from '../../shared/domain/identity/registration';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type RegistrationConfirmDeps = BaseDeps & { readonly confirm: ConfirmDeps };

/**
 * POST /v1/registrations/{id}/confirm (public, throttled). Idempotent by nature: a repeat
 * with the right code answers the same confirmation, and every step it takes is idempotent.
 */
export const makeHandler = (deps: RegistrationConfirmDeps) =>
  apiHandler(deps, async (event) => {
    const request = parseJsonBody(RegistrationConfirmRequest, event);
    const registration = await confirmRegistration(deps.confirm, pathParameter(event, 'id'), request.code);
    return json(200, confirmationView(registration));
  });

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler({ ...base, confirm: confirmDeps(process.env) });
});
