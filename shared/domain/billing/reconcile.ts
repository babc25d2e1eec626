import { BILLING_OUTCOMES_PAGE_SIZE, BILLING_RUN_FAILURES_LISTED_MAX } from '../../limits';
import { isProviderRevenueAccountId, platformFeeAccountId } from '../parties/accounts';
import type { BilledPartyKind } from './accounts';
import type { BillingDeps } from './deps';
import type { RunProgress } from './ports';
import { addFingerprints } from './figures';
import { previousPeriodAsOf } from './cut-off';
import { parsePeriod } from './period';
import type {
  CurrencyReconciliation,
  PartyFailure,
  PartyOutcome,
  ReconciliationFigures,
  RunReconciliation,
  RunRecord,
} from './types';
import { movementInWindow } from './window';

export type FinalizeDeps = Pick<BillingDeps, 'history' | 'clock' | 'logger'> & { readonly runs: RunProgress };

interface SideTotals {
  salesMinor: number;
  salesFingerprint: string;
  refundsMinor: number;
  refundsFingerprint: string;
  platformFeesMinor: number;
  carrierFeesMinor: number;
  carrierFeesFingerprint: string;
}

const emptySide = (): SideTotals => ({
  salesMinor: 0,
  salesFingerprint: '0',
  refundsMinor: 0,
  refundsFingerprint: '0',
  platformFeesMinor: 0,
  carrierFeesMinor: 0,
  carrierFeesFingerprint: '0',
});

type Sides = Record<BilledPartyKind, SideTotals>;

const emptySides = (): Sides => ({ customer: emptySide(), provider: emptySide(), agent: emptySide() });

const addFigures = (side: SideTotals, figures: ReconciliationFigures): void => {
  side.salesMinor += figures.salesMinor;
  side.salesFingerprint = addFingerprints(side.salesFingerprint, figures.salesFingerprint);
  side.refundsMinor += figures.refundsMinor;
  side.refundsFingerprint = addFingerprints(side.refundsFingerprint, figures.refundsFingerprint);
  side.platformFeesMinor += figures.platformFeesMinor;
  side.carrierFeesMinor += figures.carrierFeesMinor ?? 0;
  side.carrierFeesFingerprint = addFingerprints(side.carrierFeesFingerprint, figures.carrierFeesFingerprint ?? '0');
};

interface Collected {
  readonly sides: Map<string, Sides>;
  readonly failures: PartyFailure[];
  failed: number;
}

const collectOutcomes = async (deps: FinalizeDeps, runId: string): Promise<Collected> => {
  const collected: Collected = { sides: new Map(), failures: [], failed: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.runs.outcomes(runId, {
      limit: BILLING_OUTCOMES_PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const outcome of page.outcomes) addOutcome(collected, outcome);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return collected;
};

const addOutcome = (collected: Collected, outcome: PartyOutcome): void => {
  if (outcome.result === 'failed') {
    collected.failed += 1;
    if (outcome.failure !== undefined && collected.failures.length < BILLING_RUN_FAILURES_LISTED_MAX) {
      collected.failures.push(outcome.failure);
    }
    return;
  }
  // A listed party's currency is reconciled even when the party got no statement: the ledger
  // may have moved the platform fee account in it all the same.
  const sides = collected.sides.get(outcome.currency) ?? emptySides();
  collected.sides.set(outcome.currency, sides);
  const figures = outcome.reconciliation;
  if (figures !== undefined) addFigures(sides[figures.side], figures);
};

/**
 * How much the platform fee account moved in the run's period with the providers' revenue
 * accounts, read from the ledger by the statements' own rule: the other side of the fee legs
 * of their sales and refunds and of the operator's transfers between the two, which is what
 * the provider statements state. What the platform moves between its fee account and any
 * other account (withdrawing its fees, say) is on no statement, and left out.
 */
const ledgerPlatformFees = async (deps: FinalizeDeps, run: RunRecord, currency: string): Promise<number> => {
  const period = parsePeriod(run.period);
  const previous = await previousPeriodAsOf(deps.runs, period);
  const moved = await movementInWindow(
    deps.history,
    {
      accountIds: [platformFeeAccountId(currency)],
      period,
      asOfMs: run.asOfMs,
      ...(previous === undefined ? {} : { previous: { ...previous, closingBalances: {} } }),
    },
    (entry) => isProviderRevenueAccountId(entry.counterAccountId),
  );
  // The platform's income is the other side of the providers' fee legs.
  return moved.movedMinor;
};

const reconcileCurrency = async (
  deps: FinalizeDeps,
  run: RunRecord,
  currency: string,
  sides: Sides,
): Promise<CurrencyReconciliation> => {
  const { customer, provider, agent } = sides;
  const ledgerPlatformFeesMinor = await ledgerPlatformFees(deps, run, currency);
  return {
    currency,
    customerChargesMinor: customer.salesMinor,
    providerGrossMinor: provider.salesMinor,
    customerRefundsMinor: customer.refundsMinor,
    providerRefundsMinor: provider.refundsMinor,
    salesMatch: customer.salesMinor === provider.salesMinor && customer.salesFingerprint === provider.salesFingerprint,
    refundsMatch: customer.refundsMinor === provider.refundsMinor && customer.refundsFingerprint === provider.refundsFingerprint,
    statementPlatformFeesMinor: provider.platformFeesMinor,
    ledgerPlatformFeesMinor,
    platformFeesMatch: provider.platformFeesMinor === ledgerPlatformFeesMinor,
    providerCarrierFeesMinor: provider.carrierFeesMinor,
    agentCarrierFeesMinor: agent.carrierFeesMinor,
    carrierFeesMatch:
      provider.carrierFeesMinor === agent.carrierFeesMinor && provider.carrierFeesFingerprint === agent.carrierFeesFingerprint,
  };
};

const mismatchesOf = (currency: CurrencyReconciliation): string[] => [
  ...(currency.salesMatch
    ? []
    : [
        `${currency.currency}: the sales on customer bills (${currency.customerChargesMinor}) are not the sales on provider statements (${currency.providerGrossMinor}), or not the same transfers.`,
      ]),
  ...(currency.refundsMatch
    ? []
    : [
        `${currency.currency}: the refunds on customer bills (${currency.customerRefundsMinor}) are not the refunds on provider statements (${currency.providerRefundsMinor}), or not the same transfers.`,
      ]),
  ...(currency.platformFeesMatch
    ? []
    : [
        `${currency.currency}: the platform fees on provider statements (${currency.statementPlatformFeesMinor}) are not the platform fee account's movement in the ledger (${currency.ledgerPlatformFeesMinor}).`,
      ]),
  ...(currency.carrierFeesMatch
    ? []
    : [
        `${currency.currency}: the carrier fees on provider statements (${currency.providerCarrierFeesMinor}) are not the carrier fees on agent statements (${currency.agentCarrierFeesMinor}), or not the same transfers.`,
      ]),
];

/**
 * The run's report: per currency, both sides of every sale and refund (sums and
 * fingerprints of the customer → provider transfers on all bills against all statements), both
 * sides of every carrier fee leg (the provider statements' against the agent statements'), and
 * the statements' platform fees against the ledger's platform fee account; and every party
 * succeeded.
 */
export const reconcileRun = async (
  deps: FinalizeDeps,
  run: RunRecord,
): Promise<{ reconciliation: RunReconciliation; failures: PartyFailure[]; failed: number }> => {
  const collected = await collectOutcomes(deps, run.id);
  const currencies: CurrencyReconciliation[] = [];
  for (const currency of [...collected.sides.keys()].sort()) {
    currencies.push(await reconcileCurrency(deps, run, currency, collected.sides.get(currency) ?? emptySides()));
  }
  const mismatches = [
    ...currencies.flatMap(mismatchesOf),
    ...(collected.failed === 0 ? [] : [`${collected.failed} parties could not be billed (see failures).`]),
  ];
  return {
    reconciliation: { ok: mismatches.length === 0, currencies, mismatches },
    failures: collected.failures,
    failed: collected.failed,
  };
};

/**
 * Ends a run once its listing is complete and every listed party is accounted for: reconcile,
 * mark the period completed (before the run, so a crash in between is finished by the next
 * caller), and move the run to completed or failed — once, whoever gets there first (the last
 * worker or the coordinator). A failed run is logged as an error with its mismatches.
 */
export const finalizeIfDone = async (deps: FinalizeDeps, runId: string): Promise<void> => {
  const run = await deps.runs.getRun(runId);
  if (run === undefined || run.status !== 'running' || !run.listing.complete) return;
  const { partiesTotal, partiesDone, partiesFailed } = run.progress;
  if (partiesDone + partiesFailed < partiesTotal) return;
  const { reconciliation, failures } = await reconcileRun(deps, run);
  const status = reconciliation.ok ? 'completed' : 'failed';
  if (status === 'completed') await deps.runs.completePeriod(run.period);
  const finished = await deps.runs.finishRun(runId, { status, reconciliation, failures, finishedAtMs: deps.clock.now() });
  if (!finished) return;
  if (status === 'failed') {
    deps.logger.error('billing run failed', { runId, period: run.period, mismatches: reconciliation.mismatches, failures });
  } else {
    deps.logger.info('billing run completed', { runId, period: run.period, progress: run.progress });
  }
};
