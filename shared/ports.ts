/**
 * Interfaces the domain needs from the outside world, declared by their consumer. The AWS
 * implementations live in shared/adapters/aws; tests use the in-memory ones.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can move by hand. */
export class ManualClock implements Clock {
  constructor(private nowMs: number) {}
  now(): number {
    return this.nowMs;
  }
  set(nowMs: number): void {
    this.nowMs = nowMs;
  }
  advanceSeconds(seconds: number): void {
    this.nowMs += seconds * 1000;
  }
}

export interface IdGenerator {
  /** A new opaque id with the given type prefix, e.g. `tkt_…`. */
  next(prefix: string): string;
}
