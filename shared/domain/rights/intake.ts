import { DomainError } from '../../errors';
import { INTAKE_LEASE_SECONDS, INTAKE_RETRY_AFTER_SECONDS } from '../../limits';
import type { Clock } from '../../ports';
import { describePrincipal, type Principal } from '../principal';
import type { IntakeMode, IntakeStore } from './ports';

/**
 * The redeem intake and its drain switch (SPEC S5). An operator sets it to `draining`: new
 * redeems are refused with 503 and `Retry-After`, while redeems already running and usage
 * reports (which only finish what earlier redeems started) go on; `inFlight` counts the
 * requests still running and reaches zero once they are done; `open` restores service.
 *
 * Every redeem and usage report holds a lease while it runs, taken BEFORE the switch is read:
 * a redeem that saw `open` is therefore counted by any count taken after the switch moved, so
 * `inFlight: 0` after setting `draining` means no admitted redeem is still running. A lease
 * lapses after INTAKE_LEASE_SECONDS (longer than any API request runs), so a request that
 * crashed without giving its lease back stops counting by itself.
 */
export interface IntakeDeps {
  readonly intake: IntakeStore;
  readonly clock: Clock;
}

export type IntakeWork = 'redeem' | 'usage';

export const intakeView = async (deps: IntakeDeps) => {
  const [state, inFlight] = await Promise.all([deps.intake.getState(), deps.intake.countInFlight(deps.clock.now())]);
  return { redeem: state.redeem, inFlight, ...(state.changedAt === undefined ? {} : { changedAt: state.changedAt }) };
};

export const setIntake = async (deps: IntakeDeps, principal: Principal, redeem: IntakeMode) => {
  await deps.intake.setState({
    redeem,
    changedAt: new Date(deps.clock.now()).toISOString(),
    changedBy: describePrincipal(principal),
  });
  return intakeView(deps);
};

/**
 * Runs a redeem or a usage report under a lease (`leaseId`: the request's id). A redeem while
 * the intake drains is refused (INTAKE_DRAINING, 503, Retry-After) and changes nothing —
 * unless it is the retry of a redeem that was admitted before: `retry` answers that one's
 * first answer (no new work is admitted), or undefined for new work.
 */
export const throughIntake = async <Result>(
  deps: IntakeDeps,
  work: IntakeWork,
  leaseId: string,
  run: () => Promise<Result>,
  retry?: () => Promise<Result | undefined>,
): Promise<Result> => {
  await deps.intake.enter(leaseId, deps.clock.now() + INTAKE_LEASE_SECONDS * 1000);
  try {
    if (work === 'redeem' && (await deps.intake.getState()).redeem === 'draining') {
      const replayed = await retry?.();
      if (replayed !== undefined) return replayed;
      throw new DomainError('INTAKE_DRAINING', 'Redeems are paused while kippu drains its intake; try again later.', [], {
        retryAfterSeconds: INTAKE_RETRY_AFTER_SECONDS,
      });
    }
    return await run();
  } finally {
    await deps.intake.leave(leaseId);
  }
};
