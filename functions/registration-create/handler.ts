import { registrationDeps } from '../../shared/adapters/aws/identity-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { RegistrationCreateRequest } from '../../shared/api/identity';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { normalizeEmail } from '../../shared/domain/identity/email';
import { createRegistration, registrationView, type RegistrationDeps } from '../../shared/domain/identity/registration';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type RegistrationCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly registrations: RegistrationDeps };

/**
 * POST /v1/registrations (public, throttled): a provisional registration and its code by
 * e-mail. An Idempotency-Key, scoped by the address, makes a retry answer the same
 * registration (stored with the password hashed, never in plain).
 */
export const makeHandler = (deps: RegistrationCreateDeps) =>
  apiHandler(deps, async (event) => {
    const request = parseJsonBody(RegistrationCreateRequest, event);
    const key = idempotencyKey(event, false);
    const caller = { publicOwner: `registration:${normalizeEmail(request.email)}` };
    return respondIdempotently(deps, event, caller, key, request, async () => {
      const registration = await createRegistration(deps.registrations, request, key);
      // No Location: a registration has no path to read; it is confirmed at /v1/registrations/{id}/confirm.
      return json(201, registrationView(registration));
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    registrations: registrationDeps(env),
  });
});
