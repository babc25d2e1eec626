import { DomainError } from '../../errors';
import { INTAKE_LEASE_SECONDS, INTAKE_RETRY_AFTER_SECONDS } from '../../limits';
import type { Clock } from '../../ports';
import { describePrincipal, type Principal } from '../principal';
import type { IntakeMode, IntakeStore } from './ports';

/**
 * The redeem intake and its drain switch (SPEC S5). It covers every writer of a ticket's
 * allowance that a change of the usage-rights tables must not meet half-way: redeems, grants
 * and device transfers. An operator sets it to `draining`: new ones are refused with 503 and
 * `Retry-After`, while those already running and usage reports (which only finish what
 * earlier redeems started) go on; `inFlight` counts the admitted requests still running and
 * reaches zero once they are done; `open` restores service.
 *
 * A request of a drained kind reads the switch first and, while it drains, is refused without
 * taking a lease, so a refusal is never counted in `inFlight`. One that found the switch open
 * takes its lease and only then reads the switch again, and runs only if it is still open:
 * a request admitted by that second read is counted by any count taken after the switch
 * moved, so `inFlight: 0` after setting `draining` means no admitted request is still
 * running. Usage reports take a lease without reading the switch. A lease lapses after
 * INTAKE_LEASE_SECONDS (longer than any API request runs), so a request that crashed without
 * giving its lease back stops counting by itself.
 */
export interface IntakeDeps {
  readonly intake: IntakeStore;
  readonly clock: Clock;
}

/** What runs through the intake: the drain refuses new redeems, grants and transfers; usage reports go on. */
export type IntakeWork = 'redeem' | 'grant' | 'transfer' | 'usage';

const DRAINED_WORK: ReadonlySet<IntakeWork> = new Set(['redeem', 'grant', 'transfer']);

const WORK_NAMES: Readonly<Record<IntakeWork, string>> = {
  redeem: 'Redeems',
  grant: 'Grants',
  transfer: 'Device transfers',
  usage: 'Usage reports',
};

export const intakeView = async (deps: IntakeDeps) => {
  const [state, inFlight] = await Promise.all([deps.intake.getState(), deps.intake.countInFlight(deps.clock.now())]);
  return { redeem: state.redeem, inFlight, ...(state.changedAt === undefined ? {} : { changedAt: state.changedAt }) };
};

/**
 * Set the switch. `changedAt` is the moment the mode last changed: setting the mode already in
 * force changes nothing (the store writes only a change of mode, atomically), so a repeated
 * drain keeps the moment the drain began; `changed` says which it was.
 */
export const setIntake = async (deps: IntakeDeps, principal: Principal, redeem: IntakeMode) => {
  const changed = await deps.intake.setState({
    redeem,
    changedAt: new Date(deps.clock.now()).toISOString(),
    changedBy: describePrincipal(principal),
  });
  return { ...(await intakeView(deps)), changed };
};

const isDraining = async (deps: IntakeDeps): Promise<boolean> => (await deps.intake.getState()).redeem === 'draining';

/** While draining: the first answer of a retry of admitted work, else INTAKE_DRAINING (503, Retry-After). */
const whileDraining = async <Result>(work: IntakeWork, retry?: () => Promise<Result | undefined>): Promise<Result> => {
  const replayed = await retry?.();
  if (replayed !== undefined) return replayed;
  throw new DomainError('INTAKE_DRAINING', `${WORK_NAMES[work]} are paused while kippu drains its intake; try again later.`, [], {
    retryAfterSeconds: INTAKE_RETRY_AFTER_SECONDS,
  });
};

/**
 * Runs a redeem, grant, device transfer or usage report under a lease (`leaseId`: the
 * request's id). A redeem, grant or transfer while the intake drains is refused
 * (INTAKE_DRAINING, 503, Retry-After) and changes nothing, without a lease — unless it is the
 * retry of a redeem that was admitted before: `retry` answers that one's first answer (no new
 * work is admitted), or undefined for new work. One that found the switch open takes its lease
 * and reads the switch again before it runs (the lease first, so that a count taken after the
 * switch moved sees every request the second read admits).
 */
export const throughIntake = async <Result>(
  deps: IntakeDeps,
  work: IntakeWork,
  leaseId: string,
  run: () => Promise<Result>,
  retry?: () => Promise<Result | undefined>,
): Promise<Result> => {
  const drained = DRAINED_WORK.has(work);
  if (drained && (await isDraining(deps))) return whileDraining(work, retry);
  await deps.intake.enter(leaseId, deps.clock.now() + INTAKE_LEASE_SECONDS * 1000);
  try {
    if (drained && (await isDraining(deps))) return await whileDraining(work, retry);
    return await run();
  } finally {
    await deps.intake.leave(leaseId);
  }
};
