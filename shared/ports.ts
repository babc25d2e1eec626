/**
 * The ports every area of the domain needs (time and ids), in one place; each area declares
 * its own in shared/domain/<area>/ports.ts. Neither throws.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real clock; tests inject a ManualClock (test/fixtures/clock.ts). */
export const systemClock: Clock = { now: () => Date.now() };

export interface IdGenerator {
  /** A new opaque id with the given type prefix, e.g. `tkt_…`. */
  next(prefix: string): string;
}
