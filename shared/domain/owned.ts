import { DomainError, quoted, notVisible } from '../errors';
import { IDENTIFIER_LENGTH_MAX } from '../limits';
import { decodeJsonCursor, encodeJsonCursor } from './cursor';
import type { PartyStore } from './parties/ports';
import { requireCallerCustomer } from './parties/require';
import type { Principal } from './principal';

/**
 * A customer's own objects (purchases, reservations), listed newest first from an index
 * whose partition is the customer and whose sort key is `<createdAt ISO>#<id>`. Both stores
 * (in memory and DynamoDB) hand out and accept the same cursors, so both refuse the same ones.
 */
export interface OwnedQuery<Status extends string> {
  readonly customerId: string;
  readonly status?: Status;
  readonly limit: number;
  readonly cursor?: string;
  /**
   * The instant `status` is judged at, for objects whose status a deadline changes before a
   * job writes it (a reservation past `reconfirmBy` is `expired`): the store filters on the
   * status as it stands then. Without it the stored status is filtered on.
   */
  readonly asOfMs?: number;
}

export interface OwnedPage<Item> {
  readonly items: readonly Item[];
  /** Absent on the last page; a filtered page may hold fewer than `limit` items and still have one. */
  readonly nextCursor?: string;
}

/** The index sort key of an object: creation time, then id (ids are unique). */
export const ownedSortKey = (createdAtIso: string, id: string): string => `${createdAtIso}#${id}`;

const SORT_KEY = /* @__PURE__ */ new RegExp(
  `^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z)#([A-Za-z0-9_.:@-]{1,${IDENTIFIER_LENGTH_MAX}})$`,
);

/** Continue after this index entry of this customer. */
export const encodeOwnedCursor = (customerId: string, sortKey: string): string =>
  encodeJsonCursor({ customerId, after: sortKey });

const invalidCursor = () =>
  new DomainError('INVALID_CURSOR', 'The cursor is not one this API returned for this list.', [
    { field: 'cursor', message: 'is not valid' },
  ]);

/**
 * The index entry a cursor continues after: its sort key and the id in it. A cursor of
 * another customer's list, or one whose key could not come from the index, is 400
 * INVALID_CURSOR (DynamoDB would refuse such a start key with a ValidationException).
 */
export const parseOwnedCursor = (
  cursor: string | undefined,
  customerId: string,
): { readonly sortKey: string; readonly id: string } | undefined => {
  if (cursor === undefined) return undefined;
  const parsed = decodeJsonCursor(cursor, invalidCursor);
  if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
  const { customerId: owner, after } = parsed as Record<string, unknown>;
  const match = typeof after === 'string' ? SORT_KEY.exec(after) : null;
  if (owner !== customerId || match === null || Number.isNaN(Date.parse(match[1] ?? ''))) throw invalidCursor();
  return { sortKey: after as string, id: match[2] ?? '' };
};

/** The registered customers, to tell an operator's unknown customerId from a customer with nothing listed. */
export interface OwnedListDeps {
  readonly parties: Pick<PartyStore, 'getCustomer'>;
}

/**
 * Whose list a caller reads. A customer reads its own (naming another customer is that
 * customer's 404, as for every object of another party); an operator names the customer,
 * which must be a registered one (404 CUSTOMER_NOT_FOUND naming customerId: an operator's
 * typo, or a provider's id, is not a customer without purchases). A customer token whose
 * subject is no registered customer reads no list: 404 CUSTOMER_NOT_FOUND naming no field
 * (requireCallerCustomer), not an empty page. The roles allowed are checked before (customer
 * and operator).
 */
export const ownerOfList = async (
  deps: OwnedListDeps,
  principal: Principal,
  customerId: string | undefined,
  list = 'list',
): Promise<string> => {
  if (principal.role === 'operator') {
    if (customerId === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'An operator names the customer whose list to read (customerId).', [
        { field: 'customerId', message: 'is required for operators' },
      ]);
    }
    if ((await deps.parties.getCustomer(customerId)) === undefined) {
      throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${quoted(customerId)} is registered.`, [
        { field: 'customerId', message: 'is not a registered customer' },
      ]);
    }
    return customerId;
  }
  if (customerId !== undefined && customerId !== principal.subject) {
    // Named like every other role's refusal of the filter: the id quoted, the field in `errors`.
    throw notVisible('CUSTOMER_NOT_FOUND', 'customer', customerId, [
      { field: 'customerId', message: `is not a customer whose ${list} you may read` },
    ]);
  }
  return (await requireCallerCustomer(deps.parties, principal.subject)).id;
};

/** What a caller asks of a customer's own list (GET /v1/purchases, GET /v1/reservations). */
export interface OwnedListRequest<Status extends string> {
  readonly customerId?: string | undefined;
  readonly status?: Status | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A page of a customer's own list for this caller, each record in the caller's view. */
export const listOwned = async <Status extends string, Stored, View>(
  deps: OwnedListDeps,
  principal: Principal,
  request: OwnedListRequest<Status>,
  list: (query: OwnedQuery<Status>) => Promise<OwnedPage<Stored>>,
  view: (record: Stored) => View,
): Promise<{ readonly items: View[]; readonly nextCursor?: string }> => {
  const page = await list({
    customerId: await ownerOfList(deps, principal, request.customerId),
    limit: request.limit,
    ...(request.status === undefined ? {} : { status: request.status }),
    ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
  });
  return { items: page.items.map(view), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
};

/**
 * One page of the in-memory index: the same order, filter and cursors as the DynamoDB
 * index (a page carries a cursor when more objects follow it, never the last page).
 */
export const ownedPageOf = <Item extends { readonly id: string; readonly status: string }>(
  candidates: Iterable<Item>,
  query: OwnedQuery<string>,
  ownerOf: (item: Item) => string,
  sortKeyOf: (item: Item) => string,
): OwnedPage<Item> => {
  const after = parseOwnedCursor(query.cursor, query.customerId)?.sortKey;
  const listed = [...candidates]
    .filter((item) => ownerOf(item) === query.customerId)
    .map((item) => ({ item, sortKey: sortKeyOf(item) }))
    .filter(({ sortKey }) => after === undefined || sortKey < after)
    .sort((left, right) => (left.sortKey < right.sortKey ? 1 : -1));
  const matching = listed.filter(({ item }) => query.status === undefined || item.status === query.status);
  const page = matching.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ item }) => item),
    ...(matching.length > query.limit && last !== undefined
      ? { nextCursor: encodeOwnedCursor(query.customerId, last.sortKey) }
      : {}),
  };
};
