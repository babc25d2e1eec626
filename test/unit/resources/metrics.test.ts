import { describe, expect, it } from 'vitest';
import { functions, type FunctionId } from '../../../shared/resources/functions';
import { ERROR_STATUS } from '../../../shared/errors';
import { REDEEM_REFUSAL_CODES, TICKET_KINDS, metricList, metrics } from '../../../shared/resources/metrics';
import { routes } from '../../../shared/resources/routes';
import { periodicSchedules } from '../../../shared/resources/schedules';

/**
 * The metric declarations are a contract between the functions that emit (EMF lines,
 * shared/adapters/powertools/metrics.ts) and the alarms and dashboard built from them; these checks keep the declared
 * emitters in step with the resource declarations they follow from.
 */
const idsOf = (predicate: (id: FunctionId) => boolean): FunctionId[] =>
  (Object.keys(functions) as FunctionId[]).filter(predicate).sort();

describe('metric declarations', () => {
  it('gives every metric a unique name in PascalCase', () => {
    const names = metricList.map((metric) => metric.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
  });

  it('declares exactly these names, units and dimensions (the contract the alarms, the dashboard and the EMF lines share)', () => {
    expect(Object.fromEntries(metricList.map(({ name, unit, dimensions }) => [name, [unit, ...dimensions]]))).toEqual({
      TicketsIssued: ['Count', 'kind'],
      PurchasesAuthorized: ['Count'],
      PurchasesSettled: ['Count'],
      PurchasesRejected: ['Count'],
      PurchasesRefunded: ['Count'],
      AmountHeldMinor: ['None', 'currency'],
      AmountPostedMinor: ['None', 'currency'],
      SettlementLatency: ['Milliseconds'],
      OldestAuthorizedPurchaseAge: ['Seconds'],
      PurchaseTicketUnissuable: ['Count'],
      ReservationsBooked: ['Count'],
      ReservationsConfirmed: ['Count'],
      ReservationsExpired: ['Count'],
      ReservationsCompleted: ['Count'],
      SweeperItemsRead: ['Count', 'sweeper'],
      SweeperDueItemsLeft: ['Count', 'sweeper'],
      LedgerHoldsNotExpired: ['Count'],
      DeadLetterArrivals: ['Count', 'queue'],
      KmsThrottles: ['Count'],
      Redeems: ['Count'],
      RedeemRefusals: ['Count', 'code'],
      BillingSettlementsWithheld: ['Count'],
    });
    expect(TICKET_KINDS).toEqual(['direct', 'purchase', 'broadcaster', 'viewer', 'grant', 'transfer']);
  });

  it('has redeems and their refusals counted by the function behind the redeem route, refusals by 4xx codes', () => {
    const redeemRoute = routes.find((route) => route.method === 'POST' && route.path === '/v1/tickets/{id}/redeem');
    expect(redeemRoute?.functionId).toBe('ticketRedeem');
    expect(metrics.redeems.emittedBy).toEqual([redeemRoute?.functionId]);
    expect(metrics.redeemRefusals.emittedBy).toEqual([redeemRoute?.functionId]);
    for (const code of REDEEM_REFUSAL_CODES) expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
    for (const code of REDEEM_REFUSAL_CODES) expect(ERROR_STATUS[code], code).toBeLessThan(500);
    expect(REDEEM_REFUSAL_CODES).not.toContain('VALIDATION_FAILED');
  });

  it('names only declared functions as emitters, each metric at least one', () => {
    for (const metric of metricList) {
      expect(metric.emittedBy.length, metric.name).toBeGreaterThan(0);
      for (const id of metric.emittedBy) expect(functions[id], `${metric.name} ${id}`).toBeDefined();
    }
  });

  it('has the sweeper metrics emitted by exactly the targets of the periodic schedules that sweep a due index', () => {
    // The signing key rotation runs on a schedule but sweeps nothing: it makes the next window's key. The billing
    // run nudge reads one run, not a due index.
    const targets = [...new Set(periodicSchedules.map((schedule) => schedule.functionId))]
      .filter((id) => id !== 'signingKeyRotate' && id !== 'billingRunSchedule')
      .sort();
    expect([...metrics.sweeperItemsRead.emittedBy].sort()).toEqual(targets);
    expect([...metrics.sweeperDueItemsLeft.emittedBy].sort()).toEqual(targets);
  });

  it('has KMS throttles counted by exactly the functions that use a KMS key on their requests', () => {
    // Deriving the list cursor key (generateMac) is one call per container, not counted (shared/resources/metrics.ts).
    const perRequest = (id: keyof typeof functions) =>
      functions[id].keys.some(({ access }) => (access as readonly string[]).some((each) => each !== 'generateMac'));
    expect([...metrics.kmsThrottles.emittedBy].sort()).toEqual(idsOf(perRequest));
  });

  it('has dead-letter arrivals counted by exactly the queue consumers', () => {
    const consumers = idsOf((id) =>
      ((functions[id] as { queues?: readonly { access: string }[] }).queues ?? []).some((use) => use.access === 'consume'),
    );
    expect([...metrics.deadLetterArrivals.emittedBy].sort()).toEqual(consumers);
  });

  it('has tickets issued counted by exactly the functions that sign with the ticket key and issue tickets', () => {
    const signers = idsOf((id) => functions[id].keys.some(({ access }) => (access as readonly string[]).includes('sign')));
    // Settlement signs dockets (and a late docket read signs one again, through the docket route or a
    // purchase read), a refund signs its refund docket,
    // revocation lists sign lists, billing signs statements and the rotation signs delegations: none issues tickets.
    const issuers = signers.filter(
      (id) =>
        id !== 'settlementWorker' &&
        id !== 'purchaseDocketGet' &&
        id !== 'purchaseGet' &&
        id !== 'purchaseRefund' &&
        id !== 'providerRevocationsGet' &&
        id !== 'billingStatementWorker' &&
        id !== 'signingKeyRotate',
    );
    expect([...metrics.ticketsIssued.emittedBy].sort()).toEqual(issuers);
  });
});
