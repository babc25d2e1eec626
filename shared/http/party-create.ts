import type { PartyDeps } from '../domain/parties/parties';
import { describePrincipal, type Principal, type Role } from '../domain/principal';
import { derivedId, randomIds } from '../ids';
import type * as z from '../zod';
import { requireRole } from './auth';
import type { BaseDeps } from './base';
import { type ApiIdempotencyDeps, respondIdempotently } from './idempotent';
import { apiHandler, type ApiHandler } from './middleware';
import { idempotencyKey, parseJsonBody } from './request';
import { json } from './response';

export type PartyCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly parties: PartyDeps };

/**
 * `POST /v1/<parties>` for one kind of party: `roles` may ask, the body is read with `request`.
 * The new party's id (`prefix`, e.g. `agt`) is random, or with an Idempotency-Key derived from
 * the caller and the key, so that a retry names the same party; `create` stores it and the
 * answer is 201 with `view` of it at `path`/{id}, replayed for a repeated key. Answers the
 * function's `makeHandler`. The arguments are positional, as in partyGetHandler, so that each
 * function's bundle stays within a few bytes of when each handler spelled this out.
 */
export const partyCreateHandler =
  <Request extends Readonly<Record<string, unknown>>, Party extends { readonly id: string }>(
    roles: readonly Role[],
    request: z.core.$ZodType<Request>,
    create: (parties: PartyDeps, id: string, request: Request, principal: Principal) => Promise<Party>,
    view: (party: Party) => unknown,
    prefix: string,
    path: string,
  ) =>
  (deps: PartyCreateDeps): ApiHandler =>
    apiHandler(deps, async (event) => {
      const principal = requireRole(event, ...roles);
      const body = parseJsonBody(request, event);
      const key = idempotencyKey(event, false);
      const id = key === undefined ? randomIds.next(prefix) : derivedId(prefix, describePrincipal(principal), key);
      return respondIdempotently(deps, event, principal, key, body, async () => {
        const party = await create(deps.parties, id, body, principal);
        return json(201, view(party), { location: `${path}/${party.id}` });
      });
    });
