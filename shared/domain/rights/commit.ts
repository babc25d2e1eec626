import { DomainError, quoted } from '../../errors';
import { ALLOWANCE_CONFLICT_RETRY } from '../../limits';
import type { Clock } from '../../ports';
import type { Allowance, AllowanceChange, AllowanceStore, CommitOutcome, TicketState } from './ports';

/** What every allowance change needs. */
export interface AllowanceDeps {
  readonly store: AllowanceStore;
  readonly clock: Clock;
  /**
   * Waits before the next attempt after a stale write (full jitter in AWS, nothing in unit
   * tests) and answers true; false when the request has no time left for another attempt
   * (shared/contention.ts): the change gives up with TRANSACTION_CONFLICT.
   */
  readonly pause: (attempt: number) => Promise<boolean>;
}

/** A decision: nothing to write (answer `done`), or a change to commit and what it answers once committed. */
export type Decided<Result> = { readonly done: Result } | { readonly change: AllowanceChange; readonly result: Result };

/** The part of a change that moves an active ticket's allowance from the version read to `next`. */
export const activeChange = (
  ticketId: string,
  read: Allowance,
  next: Allowance,
): Pick<AllowanceChange, 'ticketId' | 'expectedVersion' | 'requireActive' | 'next'> => ({
  ticketId,
  expectedVersion: read.version,
  requireActive: true,
  next,
});

/** The outcomes a caller must answer itself: a record its change creates or closes was there, or was not. */
export type ConditionOutcome = Exclude<CommitOutcome, 'committed' | 'stale'>;

/**
 * Read → decide → commit, once more whenever the allowance moved between the read and the
 * write (the store answers `stale`): optimistic concurrency on the ticket's allowance version.
 * A redeem's debit is not tied to the version (RelativeDebit): it is `stale` only when too
 * little is left by the time it lands, the ticket stopped being active, or DynamoDB cancelled
 * it for an overlapping transaction. The decision is taken again on what is stored now, so a
 * redeem that lost a race to the last use is refused, never debited below zero. At most ALLOWANCE_CONFLICT_RETRY.attemptsMax attempts, and no
 * more than the request has time for (`pause` answers false), then TRANSACTION_CONFLICT
 * (nothing was written: retry with the same request).
 */
export const commitWithRetry = async <Result>(
  deps: AllowanceDeps,
  ticketId: string,
  decide: (state: TicketState | undefined) => Promise<Decided<Result>>,
  onCondition: (outcome: ConditionOutcome) => Promise<Result>,
): Promise<Result> => {
  for (let attempt = 0; attempt < ALLOWANCE_CONFLICT_RETRY.attemptsMax; attempt += 1) {
    const decided = await decide(await deps.store.read(ticketId));
    if ('done' in decided) return decided.done;
    const outcome = await deps.store.commit(decided.change);
    if (outcome === 'committed') return decided.result;
    if (outcome !== 'stale') return onCondition(outcome);
    if (!(await deps.pause(attempt))) break;
  }
  throw new DomainError(
    'TRANSACTION_CONFLICT',
    `Ticket ${quoted(ticketId)} kept changing while this request tried to write; nothing was written, send it again.`,
  );
};
