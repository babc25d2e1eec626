import { describe, expect, it } from 'vitest';
import { newestFirstPage } from '../../../shared/adapters/memory/newest-first';
import { usagePage } from '../../../shared/adapters/memory/usage-page';
import type { Page } from '../../../shared/domain/page';
import type { UsageEvent } from '../../../shared/domain/rights/ports';

// Ids whose order by locale (`localeCompare`: '_' and '-' before letters, 'a' before 'A') is not
// their order by UTF-16 code units ('-' < '0' < 'A' < 'B' < '_' < 'a' < 'b'), the order DynamoDB
// sorts keys in. Random ids met such pairs now and then, so a listing walked page by page in
// memory sometimes repeated or skipped an item (a flaky test of the usage log).
const ids = ['a', 'A', '_', '-', 'B', 'b', '0', 'z'].map((last) => `use_${'x'.repeat(21)}${last}`);
const at = '2030-01-01T00:00:00.000Z';
const byCodeUnitsDescending = [...ids].sort().reverse();

const walk = async <Item>(pageOf: (cursor: string | undefined) => Page<Item>): Promise<Item[]> => {
  const seen: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = pageOf(cursor);
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && seen.length <= ids.length);
  return seen;
};

describe('in-memory listings order their keys as DynamoDB does (code units, not locale)', () => {
  it('walks a newest-first listing one item a page: every item once, in key order', async () => {
    // Prepare
    const items = ids.map((id) => ({ id, createdAt: at }));

    // Act
    const seen = await walk((cursor) => newestFirstPage(items, 'offers', 1, cursor));

    // Assess
    expect(seen.map((item) => item.id)).toEqual(byCodeUnitsDescending);
  });

  it('walks a holder usage log one event a page: every event once, in key order', async () => {
    // Prepare
    const events: UsageEvent[] = ids.map((id) => ({
      id,
      kind: 'redeem',
      at,
      ticketId: 'tkt_1',
      providerId: 'prv_1',
      holderId: 'cus_1',
      subject: 'sub_1',
      contentId: 'cnt_1',
    }));

    // Act
    const seen = await walk((cursor) => usagePage(events, 'holder', 'cus_1', 1, cursor));

    // Assess
    expect(seen.map((event) => event.id)).toEqual(byCodeUnitsDescending);
  });
});
