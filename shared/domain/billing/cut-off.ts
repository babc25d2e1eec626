import type { Period } from './period';
import { previousPeriod } from './period';
import type { RunProgress } from './ports';

export type CutOff = { readonly periodEndMs: number; readonly asOfMs: number } | undefined;

/**
 * The cut-off of the period before `period`, or undefined when `period` opened the billing
 * calendar (nothing was billed before it). Periods are billed in order, so every later period
 * has a previous period record, whose cut-off was fixed once by its first run.
 *
 * A party's first statement and the reconciliation's reading of the platform fee account both
 * split the history before the period by it: what was recorded by then was there for the
 * earlier runs to see, what was recorded after it moved after them (window.ts).
 */
export const previousPeriodAsOf = async (runs: Pick<RunProgress, 'calendar' | 'period'>, period: Period): Promise<CutOff> => {
  const calendar = await runs.calendar();
  if (calendar === undefined || calendar.firstPeriod >= period.id) return undefined;
  const previous = previousPeriod(period);
  const record = await runs.period(previous.id);
  return record === undefined ? undefined : { periodEndMs: previous.endMs, asOfMs: record.asOfMs };
};

/** Cut-offs are fixed once, so a container remembers what it read for a run (per run store). */
const remembered = /* @__PURE__ */ new WeakMap<object, Map<string, CutOff>>();

/** previousPeriodAsOf for a run's period, read once per container and run. */
export const rememberedPreviousPeriodAsOf = async (
  runs: Pick<RunProgress, 'calendar' | 'period'>,
  runId: string,
  period: Period,
): Promise<CutOff> => {
  const known = remembered.get(runs) ?? new Map<string, CutOff>();
  remembered.set(runs, known);
  if (known.has(runId)) return known.get(runId);
  const found = await previousPeriodAsOf(runs, period);
  known.set(runId, found);
  return found;
};
