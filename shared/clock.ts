import type { Clock } from './ports';

/**
 * The clock every function is wired with. In a deployed function it is the wall clock. The
 * local runtime's test clock (a module of the local runtime that no function bundle contains)
 * installs a forward-only offset under this global symbol, so that every handler, worker and
 * scheduled job of the local process sees the same moved time; nothing else sets it.
 */
export const LOCAL_TEST_CLOCK_SYMBOL = /* @__PURE__ */ Symbol.for('kippu.local-test-clock');

/** What the local test clock installs. */
export interface ClockOffsetSource {
  offsetMs(): number;
}

const installedOffsetMs = (): number => {
  const source = (globalThis as Record<symbol, ClockOffsetSource | undefined>)[LOCAL_TEST_CLOCK_SYMBOL];
  return source === undefined ? 0 : source.offsetMs();
};

export const systemClock: Clock = { now: () => Date.now() + installedOffsetMs() };
