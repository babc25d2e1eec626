import { createHash } from 'node:crypto';
import { confirmDeps } from '../../shared/adapters/aws/identity-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { RegistrationConfirmRequest } from '../../shared/api/identity';
import { confirmationView, confirmRegistration, type ConfirmDeps } from '../../shared/domain/identity/registration';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type RegistrationConfirmDeps = BaseDeps & ApiIdempotencyDeps & { readonly confirm: ConfirmDeps };

/**
 * POST /v1/registrations/{id}/confirm (public, throttled). Idempotent by nature: a repeat
 * with the right code answers the same confirmation, and every step it takes is idempotent.
 * With an Idempotency-Key (scoped by the registration) a repeat replays the first answer.
 */
export const makeHandler = (deps: RegistrationConfirmDeps) =>
  apiHandler(deps, async (event) => {
    const request = parseJsonBody(RegistrationConfirmRequest, event);
    const registrationId = pathParameter(event, 'id');
    const caller = { publicOwner: `registration-confirm:${registrationId}` };
    // The code is bound to the key as a hash: an idempotency record never holds it in plain.
    const bound = { code: `sha256:${createHash('sha256').update(`${registrationId}\u0000${request.code}`).digest('base64url')}` };
    return respondIdempotently(deps, event, caller, idempotencyKey(event, false), bound, async () => {
      const registration = await confirmRegistration(deps.confirm, registrationId, request.code);
      return json(200, confirmationView(registration));
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), confirm: confirmDeps(env) });
});
