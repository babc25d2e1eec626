import { grantDeps, intakeDeps, otpDeps, transferDeps } from '../../shared/adapters/aws/rights-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { GrantRequest, TransferRequest } from '../../shared/api/rights';
import { grantTicket, type GrantDeps } from '../../shared/domain/rights/grants';
import { throughIntake, type IntakeDeps } from '../../shared/domain/rights/intake';
import { issueFixedPassword, issueOtp, type OtpDeps } from '../../shared/domain/rights/otp';
import { transferTicket, type TransferDeps } from '../../shared/domain/rights/transfer';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { respondIdempotently, type ApiIdempotencyDeps } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { leaseIdOf } from '../../shared/http/lease';
import { operationsHandler, type Operation } from '../../shared/http/operations';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type TicketShareDeps = BaseDeps &
  ApiIdempotencyDeps & {
    readonly otp: OtpDeps;
    readonly grants: GrantDeps;
    readonly transfers: TransferDeps;
    readonly intake: IntakeDeps;
  };

/**
 * A connection password for the ticket's holder, one-time or fixed: kippu keeps only its hash,
 * so its answer is stored, and replayed, without it (shown once).
 */
const passwordOperation =
  (issue: typeof issueOtp): Operation<TicketShareDeps> =>
  async (deps, event) => {
    const principal = requireRole(event, 'customer');
    const ticketId = pathParameter(event, 'id');
    return respondIdempotently(
      deps,
      event,
      principal,
      idempotencyKey(event, false),
      { ticketId },
      async () => json(201, await issue(deps.otp, principal, ticketId)),
      { shownOnce: ['password'] },
    );
  };

/**
 * What the holder of a ticket does with it (one function for the four routes: the same
 * table and signing key), each under its Idempotency-Key through the shared layer (the first
 * answer, a refusal included, is the key's answer). A password, one-time or fixed, is shown
 * once (kippu keeps its hash only, not the answer that carried it), so a retry with the same
 * key answers without it and a holder who lost it asks again with a new key; a grant needs an
 * Idempotency-Key (the grantee's ticket id follows from it); a transfer takes one and is
 * idempotent by nature besides (a ticket moves once). Grants and transfers write a ticket's
 * allowance as redeems do, so they pass the redeem intake's drain switch: 503 INTAKE_DRAINING
 * while it drains (never stored as a key's answer), under a lease while they run.
 */
const OPERATIONS: Readonly<Record<string, Operation<TicketShareDeps>>> = {
  ticketOtpCreate: passwordOperation(issueOtp),
  ticketPasswordCreate: passwordOperation(issueFixedPassword),
  ticketGrantCreate: async (deps, event) => {
    const principal = requireRole(event, 'customer');
    const request = parseJsonBody(GrantRequest, event);
    const ticketId = pathParameter(event, 'id');
    const key = idempotencyKey(event, true);
    return respondIdempotently(deps, event, principal, key, { ticketId, ...request }, async () => {
      const granted = await throughIntake(deps.intake, 'grant', leaseIdOf(event), () =>
        grantTicket(deps.grants, principal, ticketId, request, key),
      );
      // No Location: the new ticket is the grantee's, which the grantor may not read.
      return json(201, granted);
    });
  },
  ticketTransfer: async (deps, event) => {
    const principal = requireRole(event, 'customer');
    const request = parseJsonBody(TransferRequest, event);
    const ticketId = pathParameter(event, 'id');
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), { ticketId, ...request }, async () => {
      const moved = await throughIntake(deps.intake, 'transfer', leaseIdOf(event), () =>
        transferTicket(deps.transfers, principal, ticketId, request),
      );
      return json(201, moved, { location: `/v1/tickets/${moved.ticket.id}` });
    });
  },
};

export const makeHandler = (deps: TicketShareDeps) => operationsHandler('ticket-share', deps, OPERATIONS);

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    otp: otpDeps(env),
    grants: grantDeps(env, base.config),
    transfers: transferDeps(env, base.config),
    intake: intakeDeps(env),
  });
});
