import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config';
import { systemClock } from '../../../shared/ports';
import {
  ADVANCE_SECONDS_MAX,
  clockStartOf,
  installLocalTestClock,
  startLocalTestClockAt,
} from '../../../scripts/local/test-clock';

/**
 * `KIPPU_LOCAL_CLOCK_AT` (README, docs/billing.md "The local test clock"): `npm start` starts
 * its test clock at the instant named, so a restart on reused emulators keeps the clock where
 * the previous process had moved it; a value that is not an instant stops the start (exit 2).
 */
const NOW_MS = Date.parse('2026-11-28T03:00:00Z');

describe('the local test clock start (KIPPU_LOCAL_CLOCK_AT)', () => {
  it('is unset by default, and names an instant when set', () => {
    // Act & Assess
    expect(clockStartOf({}, NOW_MS)).toBeUndefined();
    expect(clockStartOf({ KIPPU_LOCAL_CLOCK_AT: '' }, NOW_MS)).toBeUndefined();
    expect(clockStartOf({ KIPPU_LOCAL_CLOCK_AT: '2026-12-01T00:09:25.200Z' }, NOW_MS)).toBe(
      Date.parse('2026-12-01T00:09:25.200Z'),
    );
    expect(clockStartOf({ KIPPU_LOCAL_CLOCK_AT: '2026-12-01T09:00:00+09:00' }, NOW_MS)).toBe(Date.parse('2026-12-01T00:00:00Z'));
  });

  it.each(['2026-12-01', 'tomorrow', '2026-13-01T00:00:00Z', '1764547200', '2026-12-01T00:00:00'])(
    'refuses %j as a ConfigError naming the variable',
    (value) => {
      // Act & Assess
      expect(() => clockStartOf({ KIPPU_LOCAL_CLOCK_AT: value }, NOW_MS)).toThrow(ConfigError);
      expect(() => clockStartOf({ KIPPU_LOCAL_CLOCK_AT: value }, NOW_MS)).toThrow(
        /^invalid configuration: KIPPU_LOCAL_CLOCK_AT: /,
      );
    },
  );

  it('refuses an instant further ahead than the clock can be advanced', () => {
    // Prepare
    const tooFar = new Date(NOW_MS + (ADVANCE_SECONDS_MAX + 1) * 1000).toISOString();

    // Act & Assess
    expect(() => clockStartOf({ KIPPU_LOCAL_CLOCK_AT: tooFar }, NOW_MS)).toThrow(/at most/);
  });

  it('starts the process clock at the instant, which every reader of the system clock then sees; an instant passed already moves nothing', () => {
    // Prepare
    const atMs = Date.now() + 3 * 86_400_000 + 500;

    // Act
    const clock = startLocalTestClockAt(atMs);
    const offset = clock.offsetSeconds();
    const again = startLocalTestClockAt(Date.now() - 60_000);

    // Assess: at the instant (rounded up to the whole second), not before it.
    expect(systemClock.now()).toBeGreaterThanOrEqual(atMs);
    expect(systemClock.now() - atMs).toBeLessThan(60_000);
    expect(offset).toBeGreaterThanOrEqual(3 * 86_400);
    expect(again.offsetSeconds()).toBe(offset);
    expect(installLocalTestClock().offsetSeconds()).toBe(offset);
  });
});
