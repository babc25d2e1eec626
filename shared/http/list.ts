import type { APIGatewayProxyEvent } from 'aws-lambda';
import { openCursor, sealCursor, type CursorBinding, type ListCursorKey } from '../domain/list-cursor';
import type { Principal } from '../domain/principal';

/** What a function that serves a list adds to its deps: the key its cursors are sealed with. */
export interface ListDeps {
  readonly listCursors: ListCursorKey;
}

/**
 * Query parameters that say where a page starts and how long it is, not what the list holds:
 * `since` is the revocation list's version to start after, which a cursor overrides.
 */
const PAGING_PARAMETERS: ReadonlySet<string> = /* @__PURE__ */ new Set(['cursor', 'limit', 'since']);

/**
 * The list a request reads: its operation (method and declared route), who asks (the public
 * listings: nobody), and every path and query parameter but the paging ones, as sent.
 */
export const listBinding = (event: APIGatewayProxyEvent, caller: Principal | undefined): CursorBinding => ({
  list: `${event.httpMethod} ${event.resource}`,
  caller: caller === undefined ? 'public' : `${caller.role}:${caller.subject}`,
  filters: [
    ...Object.entries(event.pathParameters ?? {}).map(([name, value]) => [`path:${name}`, value ?? ''] as const),
    ...Object.entries(event.queryStringParameters ?? {})
      .filter(([name]) => !PAGING_PARAMETERS.has(name))
      .map(([name, value]) => [`query:${name}`, value ?? ''] as const),
  ],
});

/** A page as the store answers it: `nextCursor` is its position after the page, absent on the last page. */
export interface PositionPage {
  readonly items: readonly unknown[];
  readonly nextCursor?: string | undefined;
}

/**
 * One page of a list, the same way for every list: the request's `cursor` (its query already
 * parsed by the handler) is opened to the store's position, and is 400 INVALID_CURSOR unless
 * this list handed it out to this caller for this query; the position after the page is sealed
 * the same way as `nextCursor`. The key is derived on the first cursor, never at init.
 */
export const listPage = async <Page extends PositionPage>(
  deps: ListDeps,
  event: APIGatewayProxyEvent,
  caller: Principal | undefined,
  read: (position: string | undefined) => Promise<Page>,
): Promise<Omit<Page, 'nextCursor'> & { readonly nextCursor?: string }> => {
  const binding = listBinding(event, caller);
  const cursor = event.queryStringParameters?.['cursor'];
  const position =
    cursor === undefined || cursor === null ? undefined : openCursor(await deps.listCursors.key(), binding, cursor);
  const { nextCursor, ...page } = await read(position);
  return {
    ...page,
    ...(nextCursor === undefined ? {} : { nextCursor: sealCursor(await deps.listCursors.key(), binding, nextCursor) }),
  };
};
