import { describe, expect, it } from 'vitest';
import { MemoryActivityIndex } from '../../../shared/adapters/memory/billing';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import { ActivityMarker, MarkingLedger, MarkingLedgerTransfers, activityPeriods } from '../../../shared/domain/billing/activity';
import type { ActivityMark } from '../../../shared/domain/billing/ports';
import { ManualClock } from '../../fixtures/clock';

const at = (iso: string) => Date.parse(iso);

/** A create of 5 JPY between two accounts. */
const create = (id: string, debitAccountId: string, creditAccountId: string, extra: { timeoutSeconds?: number } = {}) =>
  ({ action: 'create', id, debitAccountId, creditAccountId, amountMinor: 5, currency: 'JPY', ...extra }) as const;

/** The two levels of the marking ledger: functions that only move money take the first, settlement the second. */
const LEVELS = [
  {
    level: 'MarkingLedgerTransfers',
    wrap: (inner: MemoryLedger, marker: ActivityMarker, clock: ManualClock) => new MarkingLedgerTransfers(inner, marker, clock),
  },
  {
    level: 'MarkingLedger',
    wrap: (inner: MemoryLedger, marker: ActivityMarker, clock: ManualClock) => new MarkingLedger(inner, marker, clock),
  },
] as const;

const setUp = async (nowIso = '2026-10-05T10:00:00.000Z', wrap: (typeof LEVELS)[number]['wrap'] = LEVELS[1].wrap) => {
  const clock = new ManualClock(at(nowIso));
  const inner = new MemoryLedger({ clock });
  const activity = new MemoryActivityIndex();
  const ledger = wrap(inner, new ActivityMarker(activity), clock);
  await inner.createAccount({ id: 'wallet:c1:JPY', currency: 'JPY' });
  await inner.createAccount({ id: 'revenue:p1:JPY', currency: 'JPY' });
  await inner.createAccount({ id: 'platform-fees:JPY', currency: 'JPY' });
  const marks = () =>
    [...activity.marks.values()].map((mark: ActivityMark) => `${mark.period} ${mark.kind} ${mark.partyId}`).sort();
  return { clock, inner, ledger, activity, marks };
};

describe('the months a transfer is marked in', () => {
  it('is the month it was recorded in when it takes effect then', () => {
    expect(activityPeriods(at('2026-10-05T10:00:00Z'), at('2026-10-05T10:00:00Z'))).toEqual(['2026-10']);
  });

  it('for a backdated transfer: the month it takes effect, the month it was recorded in, and the month between', () => {
    expect(activityPeriods(at('2026-08-20T00:00:00Z'), at('2026-10-05T00:00:00Z')).sort()).toEqual([
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(activityPeriods(at('2026-09-20T00:00:00Z'), at('2026-10-05T00:00:00Z')).sort()).toEqual(['2026-09', '2026-10']);
  });

  it('for one dated later than it was recorded: the month it was recorded in', () => {
    expect(activityPeriods(at('2026-12-01T00:00:00Z'), at('2026-10-05T00:00:00Z'))).toEqual(['2026-10']);
  });
});

describe.each(LEVELS)('the marking ledger ($level)', ({ wrap }) => {
  it('marks the billed parties of a transfer before writing it, even when the write is then refused', async () => {
    const { ledger, marks } = await setUp(undefined, wrap);
    await expect(
      ledger.createTransfers([
        {
          action: 'create',
          id: 't1',
          debitAccountId: 'wallet:c1:JPY',
          creditAccountId: 'nowhere',
          amountMinor: 5,
          currency: 'JPY',
        },
      ]),
    ).rejects.toThrow();
    expect(marks()).toEqual(['2026-10 customer c1']);
  });

  it('marks the next month too within the margin before a month ends', async () => {
    const { ledger, marks } = await setUp('2026-10-31T23:58:00.000Z', wrap);
    await ledger.createTransfers([
      {
        action: 'create',
        id: 't1',
        debitAccountId: 'wallet:c1:JPY',
        creditAccountId: 'revenue:p1:JPY',
        amountMinor: 5,
        currency: 'JPY',
      },
    ]);
    expect(marks()).toEqual(['2026-10 customer c1', '2026-10 provider p1', '2026-11 customer c1', '2026-11 provider p1']);
  });

  it('marks a posted hold after the write, from the answer, and a hold or a void not at all', async () => {
    const { ledger, marks, clock } = await setUp('2026-10-31T23:30:00.000Z', wrap);
    await ledger.createTransfers([create('hold', 'wallet:c1:JPY', 'revenue:p1:JPY', { timeoutSeconds: 3_600 })]);
    expect(marks()).toEqual([]);
    clock.set(at('2026-11-01T00:10:00.000Z'));
    await ledger.postPending({ pendingId: 'hold' });
    expect(marks()).toEqual(['2026-11 customer c1', '2026-11 provider p1']);
  });

  it('writes a marker once per container', async () => {
    const { ledger, activity } = await setUp(undefined, wrap);
    let puts = 0;
    const mark = activity.mark.bind(activity);
    activity.mark = async (marks) => {
      puts += marks.length;
      return mark(marks);
    };
    for (const id of ['a', 'b', 'c']) {
      await ledger.createTransfers([
        {
          action: 'create',
          id,
          debitAccountId: 'revenue:p1:JPY',
          creditAccountId: 'platform-fees:JPY',
          amountMinor: 1,
          currency: 'JPY',
        },
      ]);
    }
    expect(puts).toBe(1);
  });
});

describe('the whole marking ledger', () => {
  it("marks the billed parties of settlement groups before the write and a refused group's too", async () => {
    const { inner, activity, clock, marks } = await setUp();
    const ledger = new MarkingLedger(inner, new ActivityMarker(activity), clock);
    await inner.createAccount({ id: 'wallet:c2:JPY', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });

    const outcomes = await ledger.createTransferGroups([
      [create('sale', 'wallet:c1:JPY', 'revenue:p1:JPY'), create('fee', 'revenue:p1:JPY', 'platform-fees:JPY')],
      [create('overdraw', 'wallet:c2:JPY', 'revenue:p1:JPY')],
    ]);

    expect(outcomes.map((group) => group.ok)).toEqual([true, false]);
    expect(marks()).toEqual(['2026-10 customer c1', '2026-10 customer c2', '2026-10 provider p1']);
  });

  it('passes the expiry sweep on to the ledger it wraps, marking nothing', async () => {
    const { inner, activity, clock, marks } = await setUp();
    const ledger = new MarkingLedger(inner, new ActivityMarker(activity), clock);
    await inner.createTransfers([create('hold', 'wallet:c1:JPY', 'revenue:p1:JPY', { timeoutSeconds: 60 })]);
    clock.advanceSeconds(120);

    const sweep = await ledger.expireDue({ limit: 10 });

    expect(sweep.expired).toEqual(['hold']);
    expect((await inner.getTransfer('hold')).state).toBe('expired');
    expect(marks()).toEqual([]);
  });
});
