import type { APIGatewayProxyResult } from 'aws-lambda';
import type { IdempotencyRecord, IdempotencyStore } from '../domain/idempotency/ports';
import type { Principal } from '../domain/principal';
import type { KnownPurchase } from '../domain/purchases/create';
import type { PurchaseClaimStore } from '../domain/purchases/ports';
import {
  asAuthorized,
  isAsAuthorized,
  purchaseView,
  type PurchaseRecord,
  type ServedPurchase,
} from '../domain/purchases/purchase';
import type { TicketStore } from '../domain/tickets/ports';
import type { TicketRecord } from '../domain/tickets/ticket';
import { toStored, type StoredResponse } from './idempotent';
import { json } from './response';

export interface PurchaseIdempotencyDeps {
  readonly claims: PurchaseClaimStore;
  readonly ticketStore: TicketStore;
}

/** The 201 of a purchase: its view with the ticket's token, the record's members in a fixed order. */
const purchaseCreated = (principal: Principal, purchase: ServedPurchase, ticketToken?: string): APIGatewayProxyResult => {
  const ordered = Object.fromEntries(
    Object.entries(purchase).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)),
  ) as unknown as ServedPurchase;
  return json(201, purchaseView(principal, ordered, ticketToken), { location: `/v1/purchases/${purchase.id}` });
};

/**
 * The idempotency store of `POST /v1/purchases`, for one request: the generic flow
 * (runIdempotent: claim, execute, store the answer, replay it) with the record kept in the
 * purchase's own item (PurchaseClaimStore), under the purchase id the key derives.
 *
 * The usual answer is not stored: a purchase answered `authorized` with its ticket is rebuilt
 * from the stored purchase as it was authorized (asAuthorized) and its ticket's token, the
 * same bytes (members in a fixed order). Every other answer (a refusal, a purchase that ended
 * before its ticket was issued, a resumed purchase settled meanwhile) is stored as before.
 *
 * A claim refused by an item that holds a purchase:
 *  - its ticket is stored: the first attempt got past issuing it (enqueueing after it is
 *    repaired by the recovery sweep), so the rebuilt answer is replayed;
 *  - no ticket yet: the attempt that stored the purchase is running (409 while its lease
 *    lasts) or crashed: after the lease it is taken over and createPurchase resumes from the
 *    stored purchase, known from the claim (no second read).
 */
export class PurchaseIdempotency implements IdempotencyStore<StoredResponse> {
  private known: KnownPurchase = { stored: undefined };
  private rebuildable = false;

  constructor(
    private readonly deps: PurchaseIdempotencyDeps,
    private readonly principal: Principal,
    private readonly purchaseId: string,
  ) {}

  /** What the claim found stored under the key: createPurchase does not read it again. */
  knownPurchase(): KnownPurchase {
    return this.known;
  }

  /** The 201 of what createPurchase answered; remembers whether a replay can rebuild it. */
  answer(purchase: ServedPurchase, ticket: TicketRecord | undefined): APIGatewayProxyResult {
    this.rebuildable = ticket !== undefined && isAsAuthorized(purchase);
    return purchaseCreated(this.principal, purchase, ticket?.token);
  }

  async claim(record: IdempotencyRecord<StoredResponse>, nowMs: number) {
    const outcome = await this.deps.claims.claim(this.purchaseId, record, nowMs);
    if (outcome.claimed) return { claimed: true as const };
    const { existing, purchase } = outcome;
    if (existing === undefined) {
      // A purchase stored without a claim: the domain answers the repeat (requireSamePurchase).
      this.known = { stored: purchase };
      return { claimed: true as const };
    }
    if (purchase === undefined || existing.state === 'completed' || existing.fingerprint !== record.fingerprint) {
      return { claimed: false as const, existing };
    }
    const replay = await this.rebuilt(purchase);
    if (replay !== undefined)
      return { claimed: false as const, existing: { ...existing, state: 'completed' as const, response: replay } };
    const takenOver =
      existing.leaseExpiresAtMs <= nowMs &&
      (await this.deps.claims.takeOver(this.purchaseId, record.fingerprint, existing.leaseExpiresAtMs, record.leaseExpiresAtMs));
    if (!takenOver) return { claimed: false as const, existing };
    this.known = { stored: purchase };
    return { claimed: true as const };
  }

  async complete(_scope: string, fingerprint: string, response: StoredResponse) {
    if (this.rebuildable) return;
    await this.deps.claims.complete(this.purchaseId, fingerprint, response);
  }

  release(_scope: string, fingerprint: string) {
    return this.deps.claims.release(this.purchaseId, fingerprint);
  }

  requestOf(scope: string) {
    return this.deps.claims.requestOf(this.purchaseId, scope);
  }

  private async rebuilt(purchase: PurchaseRecord): Promise<StoredResponse | undefined> {
    const ticket = await this.deps.ticketStore.get(purchase.ticketId);
    return ticket === undefined ? undefined : toStored(purchaseCreated(this.principal, asAuthorized(purchase), ticket.token));
  }
}
