import { describe, expect, it } from 'vitest';
import { memoryListCursorKey } from '../../../shared/adapters/memory/list-cursor-key';
import { encodeJsonCursor } from '../../../shared/domain/cursor';
import { openCursor, sealCursor, type CursorBinding } from '../../../shared/domain/list-cursor';
import type { Principal } from '../../../shared/domain/principal';
import { DomainError } from '../../../shared/errors';
import { listBinding, listPage } from '../../../shared/http/list';
import { apiEvent } from '../../fixtures/handlers';

/**
 * The one cursor mechanism of every list (shared/http/list.ts): a cursor is the store's
 * position and a MAC over it and the list it was handed out for (operation, caller, filters).
 * Only a cursor handed out for this list, this caller and this query opens; anything else
 * is INVALID_CURSOR before any store sees it.
 */
const ALICE: Principal = { role: 'customer', subject: 'cus_alice' };
const BOB: Principal = { role: 'customer', subject: 'cus_bob' };
const POSITION = encodeJsonCursor({ accountId: 'acc_1', afterSortKey: '0001', postedMinor: '100', pendingMinor: '0' });

const eventOf = (options: { path?: string; principal?: Principal; query?: Record<string, string> }) =>
  apiEvent({ method: 'GET', path: options.path ?? '/v1/purchases', ...options });

const codeOf = (act: () => unknown): string | undefined => {
  try {
    act();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};

describe('a sealed list cursor', () => {
  const key = Buffer.alloc(32, 7);
  const binding: CursorBinding = { list: 'GET /v1/purchases', caller: 'customer:cus_alice', filters: [['query:status', 'paid']] };
  const cursor = sealCursor(key, binding, POSITION);

  it('opens to the position it carries, for the same list, caller and filters in any order', () => {
    expect(openCursor(key, binding, cursor)).toBe(POSITION);
    const twoFilters: CursorBinding = {
      ...binding,
      filters: [
        ['query:status', 'paid'],
        ['query:customerId', 'cus_alice'],
      ],
    };
    const reordered: CursorBinding = {
      ...binding,
      filters: [
        ['query:customerId', 'cus_alice'],
        ['query:status', 'paid'],
      ],
    };
    expect(openCursor(key, reordered, sealCursor(key, twoFilters, POSITION))).toBe(POSITION);
  });

  it('is INVALID_CURSOR with any byte changed, in the position or in the seal', () => {
    const tampered = [...cursor].map((character, index) =>
      index === cursor.lastIndexOf('.')
        ? undefined
        : cursor.slice(0, index) + (character === 'A' ? 'B' : 'A') + cursor.slice(index + 1),
    );
    for (const each of tampered.filter((value): value is string => value !== undefined)) {
      expect(codeOf(() => openCursor(key, binding, each))).toBe('INVALID_CURSOR');
    }
  });

  it('is INVALID_CURSOR with a forged position (a running balance changed), for another caller, query, list or key', () => {
    const forged = encodeJsonCursor({ accountId: 'acc_1', afterSortKey: '0001', postedMinor: '123456789', pendingMinor: '0' });
    const seal = cursor.slice(cursor.lastIndexOf('.'));
    expect(codeOf(() => openCursor(key, binding, `${forged}${seal}`))).toBe('INVALID_CURSOR');
    expect(codeOf(() => openCursor(key, { ...binding, caller: 'customer:cus_bob' }, cursor))).toBe('INVALID_CURSOR');
    expect(codeOf(() => openCursor(key, { ...binding, filters: [['query:status', 'refunded']] }, cursor))).toBe('INVALID_CURSOR');
    expect(codeOf(() => openCursor(key, { ...binding, filters: [] }, cursor))).toBe('INVALID_CURSOR');
    expect(codeOf(() => openCursor(key, { ...binding, list: 'GET /v1/reservations' }, cursor))).toBe('INVALID_CURSOR');
    expect(codeOf(() => openCursor(Buffer.alloc(32, 8), binding, cursor))).toBe('INVALID_CURSOR');
  });

  it('is INVALID_CURSOR when it is a bare position, has no position, or a seal of another length', () => {
    for (const each of [POSITION, cursor.slice(cursor.lastIndexOf('.')), `${cursor}A`, cursor.slice(0, -1), `${cursor}.`, '']) {
      expect(codeOf(() => openCursor(key, binding, each))).toBe('INVALID_CURSOR');
    }
  });
});

describe('a list page', () => {
  const deps = { listCursors: memoryListCursorKey() };
  const pageOf = (event: ReturnType<typeof eventOf>, caller: Principal | undefined, seen: (string | undefined)[] = []) =>
    listPage(deps, event, caller, async (position) => {
      seen.push(position);
      return { items: ['one'], nextCursor: 'next-position', extra: 1 };
    });

  it('hands out a sealed nextCursor, keeps the other fields, and gives the store the position it sealed', async () => {
    const first = await pageOf(eventOf({ principal: ALICE, query: { status: 'paid' } }), ALICE);
    const seen: (string | undefined)[] = [];
    const second = await pageOf(
      eventOf({ principal: ALICE, query: { status: 'paid', limit: '5', cursor: first.nextCursor ?? '' } }),
      ALICE,
      seen,
    );
    expect(first).toMatchObject({ items: ['one'], extra: 1 });
    expect(first.nextCursor).toMatch(/^next-position\.[A-Za-z0-9_-]{22}$/);
    expect(seen).toEqual(['next-position']);
    expect(second.nextCursor).toBe(first.nextCursor);
  });

  it('has no nextCursor when the store has no next position', async () => {
    const page = await listPage(deps, eventOf({ principal: ALICE }), ALICE, async () => ({ items: [], nextCursor: undefined }));
    expect(page).toEqual({ items: [] });
  });

  it('refuses the cursor for another caller, another query, another list, and a cursor of another deployment', async () => {
    const { nextCursor = '' } = await pageOf(eventOf({ principal: ALICE, query: { status: 'paid' } }), ALICE);
    const other = await listPage({ listCursors: memoryListCursorKey() }, eventOf({ principal: ALICE }), ALICE, async () => ({
      items: [],
      nextCursor: 'next-position',
    }));
    const refusals = await Promise.all(
      [
        pageOf(eventOf({ principal: BOB, query: { status: 'paid', cursor: nextCursor } }), BOB),
        pageOf(eventOf({ principal: ALICE, query: { status: 'refunded', cursor: nextCursor } }), ALICE),
        pageOf(eventOf({ principal: ALICE, query: { cursor: nextCursor } }), ALICE),
        pageOf(eventOf({ path: '/v1/reservations', principal: ALICE, query: { status: 'paid', cursor: nextCursor } }), ALICE),
        pageOf(eventOf({ principal: ALICE, query: { cursor: other.nextCursor ?? '' } }), ALICE),
      ].map((page) =>
        page.then(
          () => 'opened',
          (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
        ),
      ),
    );
    expect(refusals).toEqual(Array(5).fill('INVALID_CURSOR'));
  });

  it('binds the path parameters and the query filters, not the page size or where the page starts', () => {
    const event = apiEvent({
      method: 'GET',
      path: '/v1/accounts/acc_1/entries',
      pathParameters: { id: 'acc_1' },
      query: { limit: '2', cursor: 'x', since: '3', q: 'news' },
    });
    expect(listBinding(event, undefined)).toEqual({
      list: 'GET /v1/accounts/{id}/entries',
      caller: 'public',
      filters: [
        ['path:id', 'acc_1'],
        ['query:q', 'news'],
      ],
    });
  });
});
