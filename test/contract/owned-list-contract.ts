import { expect, it } from 'vitest';
import type { OwnedPage, OwnedQuery } from '../../shared/domain/owned';
import { DomainError } from '../../shared/errors';

/**
 * The behaviour of a customer's own list (PurchaseStore.listByCustomer,
 * ReservationStore.listByBooker), run inside each store's contract suite so the in-memory and
 * the DynamoDB store list, filter and page alike and refuse the same cursors.
 */
export interface OwnedListSubject<Status extends string> {
  /** A store (empty, or shared with ids of their own) and what the tests do with it. */
  readonly make: () => Promise<{
    readonly list: (query: OwnedQuery<Status>) => Promise<OwnedPage<{ readonly id: string; readonly status: string }>>;
    /** Stores `count` objects of the customer, created one second apart; their ids, oldest first. */
    readonly seed: (customerId: string, count: number) => Promise<string[]>;
    /** Moves one stored object into `changedStatus`. */
    readonly change: (id: string) => Promise<void>;
  }>;
  readonly changedStatus: Status;
  /** Distinct customer ids per test (DynamoDB tables are shared between tests). */
  readonly customerId: (name: string) => string;
}

const PAGES_MAX = 20;

/** Every page of a list, following the cursors; the pages' sizes beside the items. */
const readAll = async <Status extends string>(
  list: (query: OwnedQuery<Status>) => Promise<OwnedPage<{ readonly id: string; readonly status: string }>>,
  query: Omit<OwnedQuery<Status>, 'cursor'>,
) => {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < PAGES_MAX; page += 1) {
    const answer = await list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    ids.push(...answer.items.map((item) => item.id));
    sizes.push(answer.items.length);
    cursor = answer.nextCursor;
    if (cursor === undefined) return { ids, sizes };
  }
  throw new Error(`more than ${PAGES_MAX} pages`);
};

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'NO_ERROR';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

export const ownedListContract = <Status extends string>(subject: OwnedListSubject<Status>) => {
  it("lists a customer's own objects newest first, in pages whose cursors continue, and nobody else's", async () => {
    // Prepare
    const { list, seed } = await subject.make();
    const alice = subject.customerId('alice');
    const bob = subject.customerId('bob');
    const ids = await seed(alice, 4);
    const bobs = await seed(bob, 1);

    // Act
    const paged = await readAll(list, { customerId: alice, limit: 3 });
    const whole = await list({ customerId: alice, limit: 10 });
    const stranger = await list({ customerId: subject.customerId('carol'), limit: 10 });

    // Assess
    expect(paged.ids).toEqual([...ids].reverse());
    expect(paged.sizes.every((size) => size <= 3)).toBe(true);
    expect(whole.items.map((item) => item.id)).toEqual([...ids].reverse());
    expect(whole.nextCursor).toBeUndefined();
    expect(whole.items.map((item) => item.id)).not.toContain(bobs[0]);
    expect(stranger).toEqual({ items: [] });
  });

  it('filters by status across pages', async () => {
    // Prepare
    const { list, seed, change } = await subject.make();
    const alice = subject.customerId('alice');
    const ids = await seed(alice, 4);
    const changed = [ids[0] ?? '', ids[2] ?? ''];
    for (const id of changed) await change(id);

    // Act
    const filtered = await readAll(list, { customerId: alice, status: subject.changedStatus, limit: 1 });

    // Assess
    expect(filtered.ids).toEqual([...changed].reverse());
    expect(filtered.sizes.every((size) => size <= 1)).toBe(true);
  });

  it("refuses a cursor it did not hand out, or handed out for another customer's list, as INVALID_CURSOR", async () => {
    // Prepare
    const { list, seed } = await subject.make();
    const alice = subject.customerId('alice');
    await seed(alice, 2);
    const { nextCursor } = await list({ customerId: alice, limit: 1 });
    const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    // Act
    const codes = [
      await codeOf(list({ customerId: alice, limit: 1, cursor: 'not-a-cursor' })),
      await codeOf(list({ customerId: alice, limit: 1, cursor: crafted({ customerId: alice, after: 'x#y' }) })),
      await codeOf(
        list({ customerId: alice, limit: 1, cursor: crafted({ customerId: alice, after: '2026-13-45T00:00:00Z#a' }) }),
      ),
      await codeOf(list({ customerId: subject.customerId('bob'), limit: 1, cursor: nextCursor ?? '' })),
    ];

    // Assess
    expect(nextCursor).toEqual(expect.any(String));
    expect(codes).toEqual(['INVALID_CURSOR', 'INVALID_CURSOR', 'INVALID_CURSOR', 'INVALID_CURSOR']);
  });
};
