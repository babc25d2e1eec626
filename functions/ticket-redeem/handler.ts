import { intakeDeps, redeemDeps } from '../../shared/adapters/aws/rights-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { IntakeRequest, RedeemRequest, UsageReportRequest } from '../../shared/api/rights';
import { intakeView, setIntake, throughIntake, type IntakeDeps } from '../../shared/domain/rights/intake';
import { redeemRetry, redeemTicket, type RedeemDeps } from '../../shared/domain/rights/redeem';
import { reportUsage } from '../../shared/domain/rights/usage';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { respondIdempotently, type ApiIdempotencyDeps } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { leaseIdOf } from '../../shared/http/lease';
import { operationsHandler, type Operation } from '../../shared/http/operations';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type TicketRedeemDeps = BaseDeps & ApiIdempotencyDeps & { readonly redeem: RedeemDeps; readonly intake: IntakeDeps };

/**
 * The redeem intake (one function for the four routes: the same table and the same switch).
 * The ticket's provider redeems and reports usage; each runs under a lease on the intake, and
 * a redeem while it drains is 503 with Retry-After, without a lease (the retry of a nonce that
 * was redeemed still answers its first answer). Grants and device transfers (ticket-share)
 * pass the same switch. The nonce makes a redeem idempotent (its retry answers the
 * first answer), and a usage report is idempotent by nature; each mutating route also takes
 * an optional Idempotency-Key through the shared layer. The operator sets and reads the switch.
 */
const OPERATIONS: Readonly<Record<string, Operation<TicketRedeemDeps>>> = {
  ticketRedeem: async (deps, event) => {
    const principal = requireRole(event, 'provider');
    const request = parseJsonBody(RedeemRequest, event);
    const ticketId = pathParameter(event, 'id');
    // The proof is not part of the key's request: a device makes a new one for each attempt.
    const { proof: _proof, ...keyed } = request;
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), { ticketId, ...keyed }, async () =>
      json(
        200,
        await throughIntake(
          deps.intake,
          'redeem',
          leaseIdOf(event),
          () => redeemTicket(deps.redeem, principal, ticketId, request),
          () => redeemRetry(deps.redeem, principal, ticketId, request),
        ),
      ),
    );
  },
  ticketUsageReport: async (deps, event) => {
    const principal = requireRole(event, 'provider');
    const request = parseJsonBody(UsageReportRequest, event);
    const ticketId = pathParameter(event, 'id');
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), { ticketId, ...request }, async () =>
      json(
        200,
        await throughIntake(deps.intake, 'usage', leaseIdOf(event), () => reportUsage(deps.redeem, principal, ticketId, request)),
      ),
    );
  },
  intakeSet: async (deps, event) => {
    const principal = requireRole(event, 'operator');
    const request = parseJsonBody(IntakeRequest, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), request, async () =>
      json(200, await setIntake(deps.intake, principal, request.redeem)),
    );
  },
  intakeGet: async (deps, event) => {
    requireRole(event, 'operator');
    return json(200, await intakeView(deps.intake));
  },
};

export const makeHandler = (deps: TicketRedeemDeps) => operationsHandler('ticket-redeem', deps, OPERATIONS);

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    redeem: redeemDeps(env),
    intake: intakeDeps(env),
  });
});
