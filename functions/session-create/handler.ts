import { sessionDeps } from '../../shared/adapters/aws/identity-wiring';
import { SessionCreateRequest } from '../../shared/api/identity';
import { createSession, type SessionDeps } from '../../shared/domain/identity/sessions';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { header, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type SessionCreateDeps = BaseDeps & { readonly sessions: SessionDeps };

/** The URL clients name in the proof's `htu`: this route under the API's public base URL. */
export const SESSIONS_PATH = '/v1/sessions';

/**
 * POST /v1/sessions (public, throttled) with a DPoP header: a Cognito access token for a
 * customer signing in from a registered device. Each call is a new session; a retry needs a
 * new proof (a proof is good for one request).
 */
export const makeHandler = (deps: SessionCreateDeps) =>
  apiHandler(deps, async (event) => {
    const request = parseJsonBody(SessionCreateRequest, event);
    const session = await createSession(deps.sessions, {
      ...request,
      proof: header(event, 'dpop'),
      method: event.httpMethod,
      url: `${deps.config.issuer.replace(/\/+$/, '')}${SESSIONS_PATH}`,
    });
    return json(201, session);
  });

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), sessions: sessionDeps(env) }));
