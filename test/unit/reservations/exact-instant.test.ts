import { describe, expect, it } from 'vitest';
import { exactInstant, isAfter, msAtOrAfter, wholeMs } from '../../../shared/domain/instant';

/** An instant as the request wrote it: the digits below the millisecond that Date.parse drops are kept. */
describe('exactInstant', () => {
  it('keeps the digits below the millisecond, without trailing zeros, beside the whole milliseconds', () => {
    // Act
    const instants = [
      exactInstant('2026-11-28T16:00:00.0009Z'),
      exactInstant('2026-11-28T15:00:00.000001Z'),
      exactInstant('2026-11-28T16:00:00.000000Z'),
      exactInstant('2026-11-28T16:00:00Z'),
      exactInstant('2026-11-29T01:00:00.1234500+09:00'),
    ];

    // Assess
    expect(instants).toEqual([
      { ms: Date.UTC(2026, 10, 28, 16), belowMs: '9' },
      { ms: Date.UTC(2026, 10, 28, 15), belowMs: '001' },
      { ms: Date.UTC(2026, 10, 28, 16), belowMs: '' },
      { ms: Date.UTC(2026, 10, 28, 16), belowMs: '' },
      { ms: Date.UTC(2026, 10, 28, 16, 0, 0, 123), belowMs: '45' },
    ]);
  });

  it('orders instants to the last digit written, and rounds up to the next whole millisecond only when there are digits below it', () => {
    // Prepare
    const at = (text: string) => exactInstant(`2026-11-28T16:00:00${text}Z`);

    // Act
    const after = [
      isAfter(at('.0002'), at('.0001')),
      isAfter(at('.0001'), at('.0002')),
      isAfter(at('.00010'), at('.0001')),
      isAfter(at('.00011'), at('.0001')),
      isAfter(at('.001'), at('.0009999')),
      isAfter(wholeMs(at('').ms), at('.0000001')),
    ];

    // Assess
    expect(after).toEqual([true, false, false, true, true, false]);
    expect([msAtOrAfter(at('.0009')), msAtOrAfter(at('.000'))]).toEqual([at('').ms + 1, at('').ms]);
  });
});
