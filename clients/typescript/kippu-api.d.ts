// Generated from the OpenAPI document by scripts/api/generate-client.ts (npm run generate:client). Do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Public: no token needed.
         */
        get: operations["healthGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI 3.1 document
         * @description Public: no token needed.
         */
        get: operations["openapiGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public keys that verify tickets, dockets and revocation lists
         * @description Public: no token needed.
         */
        get: operations["jwksGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a KMS-signed ticket (an operator, or a provider for itself)
         * @description The window (notBefore, default now, plus validitySeconds) must end after now: else 422 VALIDATION_FAILED naming notBefore. The provider must be registered (404 PROVIDER_NOT_FOUND) and the holder a registered customer (404 CUSTOMER_NOT_FOUND naming holderId).
         *
         *     Roles: operator, provider.
         */
        post: operations["ticketCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tickets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a ticket (its holder, its provider or an operator)
         * @description Roles: customer, provider, operator.
         */
        get: operations["ticketGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/revocations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provider's signed revocation list since a version (the provider itself or an operator)
         * @description Roles: provider, operator.
         */
        get: operations["providerRevocationsGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a ledger account; idempotent on its id
         * @description An account limits its debits or its credits, not both; limitMinor needs one of those flags; an account with a flag keeps one balance shard. Else 422 VALIDATION_FAILED naming the field. An id in a namespace kippu derives for parties and the platform (wallet:, carrier:, revenue:, agent-fees:, agent-cash:, platform-fees:, payouts:) is refused by the request schema (422 VALIDATION_FAILED naming id): kippu opens those accounts itself.
         *
         *     Roles: operator.
         */
        post: operations["accountCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account with its balances
         * @description Roles: operator.
         */
        get: operations["accountGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's history in time order with the running balance after each entry
         * @description Roles: operator.
         */
        get: operations["accountEntriesList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A transfer (a hold with timeoutSeconds), or linked transfers that all commit or none does
         * @description A reversal (reversesTransferId) of a transfer that a kippu flow wrote (a purchase, a reservation, billing or a top-up, known by its code) is 409 TRANSFER_OWNED_BY_FLOW naming the flow: that money is corrected through its flow. A reversal of an operator transfer, or of its reversal, goes through. A code that kippu's own flows write with (purchase_hold, purchase_settlement, purchase_refund, purchase_rejected, reservation, platform_fee, carrier_fee, billing_payout, billing_collection, billing_adjustment, topup, topup_fee) is refused by the request schema: 422 VALIDATION_FAILED naming code.
         *
         *     Roles: operator.
         */
        post: operations["transferCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A transfer
         * @description Roles: operator.
         */
        get: operations["transferGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}/post": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a hold, in full or in part (the rest is released)
         * @description A hold a kippu flow owns is 409 PENDING_TRANSFER_OWNED_BY_FLOW. A refusal about the hold (not found, not a hold, resolved, expired, owned by a flow, or a resolution id stored for another hold) names it as the path does: field id. A code that kippu's own flows write with (purchase_hold, purchase_settlement, purchase_refund, purchase_rejected, reservation, platform_fee, carrier_fee, billing_payout, billing_collection, billing_adjustment, topup, topup_fee) is refused by the request schema: 422 VALIDATION_FAILED naming code.
         *
         *     Roles: operator.
         */
        post: operations["transferPost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Void a hold
         * @description A hold a kippu flow owns is 409 PENDING_TRANSFER_OWNED_BY_FLOW. A refusal about the hold (not found, not a hold, resolved, expired, owned by a flow, or a resolution id stored for another hold) names it as the path does: field id. A code that kippu's own flows write with (purchase_hold, purchase_settlement, purchase_refund, purchase_rejected, reservation, platform_fee, carrier_fee, billing_payout, billing_collection, billing_adjustment, topup, topup_fee) is refused by the request schema: 422 VALIDATION_FAILED naming code.
         *
         *     Roles: operator.
         */
        post: operations["transferVoid"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a provider and open its revenue accounts (operator)
         * @description Roles: operator.
         */
        post: operations["providerCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register an agent (carrier, kiosk) and open its fee and cash accounts (operator)
         * @description Roles: operator.
         */
        post: operations["agentCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a customer: a prepaid wallet and optionally a postpaid carrier account (an operator, or an agent for its own books)
         * @description Roles: operator, agent.
         */
        post: operations["customerCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/topups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An agent's cash top-up of a customer's wallet; idempotent on the agent's reference
         * @description The wallet is credited amountMinor. An agent with a topUpFeeBps charges the customer a surcharge on top: feeMinor (amountMinor at that rate, rounded down) moves from the agent's cash account to its fee account in the same linked ledger write (feeTransferId), and collectedMinor is what the agent takes at the counter. A repeat with the reference answers the same top-up (200); the reference with another amount, currency or customer is 409 TOPUP_REFERENCE_REUSED naming the field. An amount whose collectedMinor would pass 2^53 − 1 is 422 VALIDATION_FAILED naming amountMinor.
         *
         *     Roles: agent.
         */
        post: operations["customerTopup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{id}/carrier-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A carrier's one-time code that makes a registered customer its subscriber on these terms (the agent for its own books, or an operator)
         * @description The code is shown once (kippu keeps only its hash; a replay with the Idempotency-Key leaves it out) and can be redeemed once, until `expiresAt` (KIPPU_CARRIER_LINK_SECONDS, a week by default), with POST /v1/me/carrier-account. Another agent's id is 403 FORBIDDEN.
         *
         *     Roles: operator, agent.
         */
        post: operations["carrierLinkCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/carrier-account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A customer accepts a carrier's terms: redeeming its one-time code opens the customer's carrier account
         * @description The code is used once: a code already redeemed is 409 CARRIER_LINK_USED (the customer who redeemed it gets the same answer again), an expired one 409 CARRIER_LINK_EXPIRED, and a customer who subscribes to a carrier gets 409 CARRIER_ACCOUNT_EXISTS naming it (to change carrier, leave first: DELETE /v1/me/carrier-account). After leaving, a code of another carrier (or of the former one in another currency) is 409 CARRIER_BALANCE_OUTSTANDING until the former carrier has collected what is owed; a code whose credit limit differs from that of the carrier account the customer has in its currency is 409 CARRIER_CREDIT_LIMIT_FIXED.
         *
         *     Roles: customer.
         */
        post: operations["carrierAccountRedeem"];
        /**
         * The signed-in customer leaves its carrier: from now on its purchases take the wallet route
         * @description New purchases and reconfirms take the wallet route (402 NO_PAYMENT_ROUTE when it cannot pay either); a purchase authorized on the carrier route keeps its hold on the carrier account and settles there. The carrier account is not closed: what the customer owes on it stays owed, on its bills and collected by this carrier (formerCarrier), and remittances still apply to it. A subscription that ended already is answered as it stands (200); a customer that never subscribed to a carrier is 409 CARRIER_ACCOUNT_NOT_FOUND.
         *
         *     Roles: customer.
         */
        delete: operations["carrierAccountLeave"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/carrier-account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * A carrier ends a subscriber's subscription (the carrier for its own subscribers, or an operator)
         * @description New purchases and reconfirms take the wallet route (402 NO_PAYMENT_ROUTE when it cannot pay either); a purchase authorized on the carrier route keeps its hold on the carrier account and settles there. The carrier account is not closed: what the customer owes on it stays owed, on its bills and collected by this carrier (formerCarrier), and remittances still apply to it. A subscription that ended already is answered as it stands (200); a customer that never subscribed to a carrier is 409 CARRIER_ACCOUNT_NOT_FOUND. A carrier ends only its own subscribers: another carrier's subscriber, or a customer that does not exist, is 404 CUSTOMER_NOT_FOUND.
         *
         *     Roles: operator, agent.
         */
        delete: operations["customerCarrierAccountEnd"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own party (an operator is only its id)
         * @description Roles: customer, provider, agent, operator.
         */
        get: operations["meGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's ledger accounts with balances: a customer's wallet and carrier account, a provider's revenue, an agent's fee and cash accounts; paginated with a cursor
         * @description In the order of the party: the registered currencies' accounts, then those opened later in another currency, then a customer's carrier account. A party has one account per currency and kind, so a provider selling in many currencies has many: pass nextCursor as cursor for the next page (a request with no parameter is the first page).
         *
         *     Roles: customer, provider, agent.
         */
        get: operations["meAccountsList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/accounts/{accountId}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The history of one of the caller's own accounts, with the running balance after each entry
         * @description Another party's account is 404 ACCOUNT_NOT_FOUND, as if it did not exist. A token whose subject is no registered party of its role is that party's 404, naming no field: CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND or AGENT_NOT_FOUND.
         *
         *     Roles: customer, provider, agent.
         */
        get: operations["meAccountEntriesList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a provider (the provider itself, operators)
         * @description Roles: customer, provider, agent, operator.
         */
        get: operations["providerGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/proxy-settlement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change whether a provider is trusted for proxy settlement, the carrier route (operator)
         * @description Purchases and reservation reconfirms from now on choose their route by the new setting; a purchase already authorized keeps the route it was authorized on (its hold is on that payer account) and settles on it. Setting the value in force changes nothing (proxySettlement.changedAt kept). No provider: 404 PROVIDER_NOT_FOUND.
         *
         *     Roles: operator.
         */
        put: operations["providerTrustUpdate"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an agent (the agent itself, operators)
         * @description Roles: customer, provider, agent, operator.
         */
        get: operations["agentGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a customer (the customer itself, operators, the agent that registered it or collects for it)
         * @description Roles: customer, provider, agent, operator.
         */
        get: operations["customerGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List offers on sale, newest first, optionally by provider and keywords (q); paginated with a cursor
         * @description Withdrawn offers are left out; include=withdrawn lists them too, for the provider in its own listing (providerId its own) and for operators (anyone else: 403 FORBIDDEN naming include). A provider token whose subject is no registered provider that names itself in providerId is 404 PROVIDER_NOT_FOUND (naming no field), not an empty page.
         *
         *     Roles: customer, provider, agent, operator.
         */
        get: operations["offerList"];
        put?: never;
        /**
         * Create an offer (a provider for itself, or an operator)
         * @description Roles: provider, operator.
         */
        post: operations["offerCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an offer (any signed-in role: every offer is readable by everyone, a withdrawn one too; GET /v1/offers lists those on sale)
         * @description Roles: customer, provider, agent, operator.
         */
        get: operations["offerGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offers/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw an offer: it is not sold from then on (its provider, or an operator)
         * @description The offer shows withdrawnAt; a new purchase of it is 409 OFFER_WITHDRAWN; GET /v1/offers leaves it out unless asked (include=withdrawn). Purchases and tickets made before are unaffected: they settle, redeem and refund as before. Its terms never change. A repeat answers the offer with its first withdrawnAt. Another provider's offer is 403 FORBIDDEN (every offer is readable by everyone, so a 404 would hide nothing).
         *
         *     Roles: provider, operator.
         */
        post: operations["offerWithdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A customer's purchases, newest first, optionally in one status; paginated with a cursor
         * @description A customer reads its own (another customer's customerId is 404 CUSTOMER_NOT_FOUND, and so is a customer token whose subject is no registered customer, naming no field); an operator names the customer with customerId (without it: 422 VALIDATION_FAILED), a registered one (else 404 CUSTOMER_NOT_FOUND naming customerId). Providers read each purchase of their offers by id (GET /v1/purchases/{id}) and their sales in their revenue account's entries (GET /v1/me/accounts/{accountId}/entries).
         *
         *     Roles: customer, operator.
         */
        get: operations["purchaseList"];
        put?: never;
        /**
         * Buy an offer: hold the money, issue the ticket, settle in the background
         * @description A refusal (402) is the stored answer for its Idempotency-Key: after topping up, buy again with a new key.
         *
         *     Roles: customer.
         */
        post: operations["purchaseCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a purchase (its customer, the provider of its offer, operators)
         * @description Roles: customer, provider, operator.
         */
        get: operations["purchaseGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchases/{id}/docket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A settled purchase's signed docket (its customer, the provider of its offer, its carrier agent, operators)
         * @description The carrier agent of a carrier-route purchase reads the docket addressed to it (its `aud` names the carrier); any other agent gets 404. The docket proves the charge and never changes: a settled purchase that was refunded keeps its docket, byte for byte, and the reversal is its own signed document, the refund docket at GET /v1/purchases/{id}/refund-docket (the purchase's `refund.refundDocketId` names it). 404 DOCKET_NOT_FOUND is for a purchase that has not been settled (authorized, rejected, or refunded before its settlement posted).
         *
         *     Roles: customer, provider, agent, operator.
         */
        get: operations["purchaseDocketGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchases/{id}/refund-docket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A refunded purchase's signed refund docket (its customer, the provider of its offer, its carrier agent, operators)
         * @description The signed reversal of the settlement the docket recorded: the docket it reverses (`dkt`), each reversal transfer with the leg it reverses and the amount given back, and the amounts, addressed to the docket's `aud`. A carrier that collects against dockets nets a purchase with its refund docket to nothing. Signed by the KMS key (typ kippu-refund-docket+jwt), written once by the refund; read by the same parties as the docket (any other agent gets 404 PURCHASE_NOT_FOUND). 404 REFUND_DOCKET_NOT_FOUND when the purchase was not refunded, or was refunded before it was settled (its hold was released: nothing was charged, and it has no docket).
         *
         *     Roles: customer, provider, agent, operator.
         */
        get: operations["purchaseRefundDocketGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchases/{id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund a purchase: reverse every leg, revoke the ticket (the provider of the offer, or an operator)
         * @description A customer may ask too: its own purchase is 403 REFUND_NOT_ALLOWED, another's is 404.
         *
         *     Roles: provider, operator, customer.
         */
        post: operations["purchaseRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a channel (a registered provider, for itself)
         * @description Roles: provider.
         */
        post: operations["channelCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a channel: its provider, capacity, bandwidth and fee per slot (any signed-in role, as its availability)
         * @description Roles: customer, provider, agent, operator.
         */
        get: operations["channelGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/channels/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Each slot of [from, to) free or booked
         * @description A slot of a booking past its reconfirmBy (not reconfirmed) is free, whether or not its expiry has run.
         *
         *     Roles: customer, provider, agent, operator.
         */
        get: operations["channelAvailabilityGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A customer's reservations (bookings), newest first, optionally in one status; paginated with a cursor
         * @description A customer reads its own (another customer's customerId is 404 CUSTOMER_NOT_FOUND, and so is a customer token whose subject is no registered customer, naming no field); an operator names the customer with customerId (without it: 422 VALIDATION_FAILED), a registered one (else 404 CUSTOMER_NOT_FOUND naming customerId). A channel's provider sees a booking only through the channel's availability and a failed show's outcome, as elsewhere.
         *
         *     Roles: customer, operator.
         */
        get: operations["reservationList"];
        put?: never;
        /**
         * Book channel slots tentatively (pending_reconfirmation, not chargeable); a registered customer, registered friends
         * @description Slots held by a booking past its reconfirmBy (not reconfirmed, its expiry not run yet) are taken: that booking is expired first.
         *
         *     Roles: customer.
         */
        post: operations["reservationCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reservations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a reservation (its booker, operators)
         * @description Roles: customer, operator.
         */
        get: operations["reservationGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a reservation's metadata; channel and time changes are refused (cancel and book again)
         * @description Roles: customer, operator.
         */
        patch: operations["reservationUpdate"];
        trace?: never;
    };
    "/v1/reservations/{id}/reconfirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reconfirm before the deadline: hold the price on the carrier account or the wallet (fee rates fixed), get the broadcaster ticket (409 RESERVATION_EXPIRED after it)
         * @description Roles: customer.
         */
        post: operations["reservationReconfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reservations/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel: free before reconfirmation, the fee captured after it (also while the show runs); 409 SHOW_ENDED once it has ended
         * @description Roles: customer, operator.
         */
        post: operations["reservationCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reservations/{id}/outcome": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The channel's provider reports that the show failed: the hold is voided
         * @description Allowed while the show is confirmed and before endsAt + the completion grace (KIPPU_RESERVATION_COMPLETION_GRACE_SECONDS), the instant the completion job posts the hold; from then on 409 SHOW_ENDED, whether or not the completion job has run yet.
         *
         *     Roles: provider, operator.
         */
        post: operations["reservationOutcome"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reservations/{id}/viewers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Admit a viewer while watching < capacity (password for password/secret shows); 409 RESERVATION_FULL at capacity
         * @description One seat per show and customer: a customer who holds an active viewer ticket of the show gets that ticket again (201, Location naming it), whatever the Idempotency-Key and whatever password it gives or none (its password is not judged again, also when the show was made secret since), and takes no second seat; after leaving, an admit takes a seat again and the password is judged as for anyone.
         *
         *     Roles: customer.
         */
        post: operations["reservationViewerAdmit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reservations/{id}/viewers/{ticketId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke the viewer ticket (record and the provider's signed revocation list) and free the seat (exactly once)
         * @description Roles: customer, provider, operator.
         */
        delete: operations["reservationViewerLeave"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/listings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Confirmed public and password shows starting in [from, to) with OPEN/CLOSE
         * @description Public: no token needed.
         */
        get: operations["listingsGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register as a customer: provisional until the code sent by e-mail is confirmed (public, throttled)
         * @description Public: no token needed.
         */
        post: operations["registrationCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registrations/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a registration with its code: the customer, its Cognito user and its first device (public, throttled)
         * @description REGISTRATION_CODE_INVALID names the attempts left; each different code takes one, the same code sent again none. PASSWORD_REJECTED (the pool refused the password) ends the registration: register again.
         *
         *     Public: no token needed.
         */
        post: operations["registrationConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in from a registered device with a DPoP proof (public, throttled)
         * @description The DPoP header carries a proof (RFC 9449, typ dpop+jwt, ES256, claims htm, htu, iat, jti) signed by the key of one of your registered devices. The access token it answers is a bearer token (send it as Authorization: Bearer; it carries no cnf and needs no DPoP proof per request); its session is bound on kippu's side to the device that signed in, and ends when that device is removed (SESSION_REVOKED) or when the token expires. It takes no Idempotency-Key, on purpose: its answer holds an access token that kippu never stores, and each sign-in is bound to its one-time proof, so a retry signs in again with a new proof.
         *
         *     Public: no token needed.
         */
        post: operations["sessionCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's devices
         * @description Roles: customer.
         */
        get: operations["deviceList"];
        put?: never;
        /**
         * Register a device: a P-256 public key, known by its RFC 7638 thumbprint
         * @description Roles: customer.
         */
        post: operations["deviceCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a device (not one in a device pair, not the last one)
         * @description Roles: customer.
         */
        delete: operations["deviceDelete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/device-pairs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's device pairs
         * @description Roles: customer.
         */
        get: operations["devicePairList"];
        put?: never;
        /**
         * Allow tickets to move from one of the caller's devices to another
         * @description Roles: customer.
         */
        post: operations["devicePairCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/device-pairs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a device pair
         * @description Roles: customer.
         */
        delete: operations["devicePairDelete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Machine credentials for a provider (an operator, or the provider itself): a Cognito app client with the client-credentials grant whose tokens act as that provider
         * @description Roles: operator, provider.
         */
        post: operations["providerCredentialsCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/credentials/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove machine credentials of a provider: the app client and its mapping to the provider
         * @description Roles: operator, provider.
         */
        delete: operations["providerCredentialsDelete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{id}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Machine credentials for a agent (an operator, or the agent itself): a Cognito app client with the client-credentials grant whose tokens act as that agent
         * @description Roles: operator, agent.
         */
        post: operations["agentCredentialsCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{id}/credentials/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove machine credentials of a agent: the app client and its mapping to the agent
         * @description Roles: operator, agent.
         */
        delete: operations["agentCredentialsDelete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give an operator a user identity (Cognito e-mails an invitation)
         * @description An address that a customer registration holds, pending or confirmed, is refused as a registration would be.
         *
         *     Roles: operator.
         */
        post: operations["operatorCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A month's billing runs, newest first (operator)
         * @description Every run of the period, the one the monthly schedule started included (trigger schedule), with its progress, and its reconciliation and failures once it ended.
         *
         *     Roles: operator.
         */
        get: operations["billingRunList"];
        put?: never;
        /**
         * Start a billing run for a closed month (operator)
         * @description Statements for every party with activity, payouts and collections posted, then reconciled. The month must have ended (409 PERIOD_NOT_CLOSED), the month before must be billed (409 PREVIOUS_PERIOD_NOT_BILLED) and the month may not precede the first billed one (409 PERIOD_BEFORE_BILLING_START). The first run ever is for the last closed month (the month before the current UTC month, what the monthly schedule bills, also in the minute after it ended while it is PERIOD_NOT_CLOSED) or a month with recorded activity (409 PERIOD_WITHOUT_ACTIVITY).
         *
         *     Roles: operator.
         */
        post: operations["billingRunCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A billing run's progress, and its reconciliation and failures once it ended (operator)
         * @description Roles: operator.
         */
        get: operations["billingRunGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing-runs/{id}/remittances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a carrier's remittance report for a completed run (operator)
         * @description The body is text/csv with the header customerId,currency,remittedMinor. The run must be completed (409 BILLING_RUN_NOT_COMPLETED) and agentId an agent (404 AGENT_NOT_FOUND) that its bills asked to collect (422 NO_COLLECTIONS_BILLED). The report is checked whole before anything is stored or posted: a row naming a customer and currency the bills did not ask of that carrier is 422 REMITTANCE_NOT_BILLED. A different report for the same run and carrier is 409 REMITTANCE_ALREADY_IMPORTED. An accepted report is compared at once and its differences are posted by the billing worker in chunks: the answer is 202 with the import `importing` (or already `completed` when no difference needs posting); read it at its Location until it is `completed`, and its differences at …/differences. The same report again, also sent several times at once, answers 200 with the import as it stands (one request answers 202); a repeat with the same Idempotency-Key answers 202 while the import is importing and 200 once it is completed.
         *
         *     Roles: operator.
         */
        post: operations["billingRemittanceImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing-runs/{id}/remittances/{agentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A carrier's remittance import of a run's period: its state, counts and totals (operator)
         * @description importing while the billing worker posts its differences, chunk after chunk (chunksDone of chunks); completed once all are. The differences themselves are listed by GET /v1/billing-runs/{id}/remittances/{agentId}/differences.
         *
         *     Roles: operator.
         */
        get: operations["billingRemittanceGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing-runs/{id}/remittances/{agentId}/differences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A remittance import's differences, by customer and currency (operator)
         * @description Each customer and currency whose remittance differs from its bill, with its outcome and the adjustment posted. While the import is importing, the page holds the differences of the chunks posted so far.
         *
         *     Roles: operator.
         */
        get: operations["billingRemittanceDifferenceList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A party's statements by period (the party itself, or an operator naming partyId)
         * @description A customer lists its bills, a provider its statements and an agent (carrier, kiosk) its agent statements; naming another party is 404 STATEMENT_NOT_FOUND. An operator names the party with partyId (without it: 422 VALIDATION_FAILED), a registered customer, provider or agent: anyone else is 404 PARTY_NOT_FOUND naming partyId. A token whose subject is no registered party of its role is the 404 of that party, naming no field: CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND or AGENT_NOT_FOUND.
         *
         *     Roles: customer, provider, agent, operator.
         */
        get: operations["statementList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/statements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A statement as its canonical JSON with token, or with format=csv as the signed CSV (the party itself, or an operator)
         * @description A customer reads its bills, a provider its statements, an agent its agent statements (its fees and their payout); anyone else's is 404 STATEMENT_NOT_FOUND. A paged statement (more lines than a page) carries lineCount and pages instead of lines, and its CSV only the header, total and withheld rows: its lines are served page by page (GET /v1/statements/{id}/pages/{page}).
         *
         *     Roles: customer, provider, agent, operator.
         */
        get: operations["statementGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/statements/{id}/pages/{page}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of a paged statement as its canonical JSON, or with format=csv as its CSV (the party itself, or an operator)
         * @description A statement of more lines than a page lists its pages (lineCount, pages: each page's line count and the SHA-256 of its canonical JSON and CSV) instead of its lines; its token signs that list, so every page verifies against it. Pages are numbered from 1. Whoever may read the statement may read its pages; anyone else's statement is 404 STATEMENT_NOT_FOUND. A page that is not one of the statement's (0, beyond its last page, anything but a decimal page number, or any page of a statement that is not paged) is 404 STATEMENT_PAGE_NOT_FOUND.
         *
         *     Roles: customer, provider, agent, operator.
         */
        get: operations["statementPageGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the catalogue (q: every keyword must match), newest first; paginated with a cursor
         * @description Roles: customer, provider, agent, operator.
         */
        get: operations["contentList"];
        put?: never;
        /**
         * Add a content to the catalogue (its provider); the key is sealed under KMS and never answered
         * @description Roles: provider.
         */
        post: operations["contentCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A content of the catalogue
         * @description Roles: customer, provider, agent, operator.
         */
        get: operations["contentGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The usage log per content (its provider or an operator) or per user (an operator names the customer), newest first
         * @description Give exactly one of contentId and customerId (neither, or both, is 422 VALIDATION_FAILED naming the two). contentId: the content's provider or an operator reads its events with each holder's pseudonym (subject), never a customer id; anyone else gets 404 CONTENT_NOT_FOUND. customerId: an operator reads a registered customer's events as the customer reads its own in GET /v1/me/usage (holderId, granteeId; an id that is no registered customer is 404 CUSTOMER_NOT_FOUND naming customerId); a customer may name itself, and another customer's id, like any id a provider or an agent names, is 404 CUSTOMER_NOT_FOUND.
         *
         *     Roles: customer, provider, agent, operator.
         */
        get: operations["contentUsageList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The calling customer's usage log, newest first
         * @description A customer token whose subject is no registered customer is 404 CUSTOMER_NOT_FOUND (naming no field).
         *
         *     Roles: customer.
         */
        get: operations["myUsageList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tickets/{id}/redeem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeem a ticket online (its provider): take uses, reserve seconds, or check the window; the nonce makes a retry answer the first answer
         * @description A nonce seen before answers its first answer and debits nothing; the same nonce with other uses or seconds is 422 IDEMPOTENCY_KEY_REUSED, whose detail names the nonce and whose errors name each field that differs (a new nonce is a new redemption). An Idempotency-Key, when sent, covers nonce, uses, seconds and password besides.
         *
         *     Roles: provider.
         */
        post: operations["ticketRedeem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tickets/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report the seconds a redemption used (its provider); the rest of the reservation goes back to the ticket
         * @description Roles: provider.
         */
        post: operations["ticketUsageReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/intake": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The redeem intake: its switch and the admitted redeems, grants, transfers and usage reports in flight (operator)
         * @description Roles: operator.
         */
        get: operations["intakeGet"];
        /**
         * Open the redeem intake, or drain it: new redeems, grants and device transfers get 503 with Retry-After, work in flight finishes (operator)
         * @description Draining refuses new redeems, grants and device transfers (every new writer of a ticket’s allowance); usage reports, purchases, bookings and the settlement queue go on. Setting the mode already in force changes nothing: changed is false and changedAt stays the moment the mode last changed.
         *
         *     Roles: operator.
         */
        put: operations["intakeSet"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tickets/{id}/otp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A one-time password for one connection with a ticket that needs one (its holder)
         * @description Roles: customer.
         */
        post: operations["ticketOtpCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tickets/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The fixed password of a ticket that needs one (its holder): a new one, replacing the ticket's current one
         * @description The password is good for every connection until the end of the ticket’s window, until a new one replaces it (the old one stops working at once). kippu keeps only its hash: a repeat with the same Idempotency-Key answers 201 with expiresAt and without the password; ask again with a new key for a new one. A ticket made from this one (a grant, a transfer) needs a fixed password too, and has none until its own holder asks for one.
         *
         *     Roles: customer.
         */
        post: operations["ticketPasswordCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tickets/{id}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pass part of a ticket's allowance to another registered customer (its holder); never more than is left
         * @description uses and seconds are required exactly when the ticket counts them, and refused when it does not (422 VALIDATION_FAILED naming the field). A ticket that counts neither uses nor seconds is good for its window alone, which cannot be split: its grant is refused with 409 TICKET_NOT_DIVISIBLE, whatever the body names. A bound ticket's grant names one of the grantee's devices (granteeDeviceId); an unbound ticket's names none. Seconds reserved by a redeem are not free to grant until they are reported or their reservation expires; a reservation past its expiresAt holds none, whether or not the sweep has run. While the operator drains the intake a grant is 503 INTAKE_DRAINING with Retry-After (not stored as the key’s answer: send it again later with the same key).
         *
         *     Roles: customer.
         */
        post: operations["ticketGrantCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tickets/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a device-bound ticket to another of the holder's devices along a registered device pair
         * @description A ticket with seconds reserved is 409 TICKET_IN_USE until they are reported or their reservation expires; a reservation past its expiresAt holds none, whether or not the sweep has run. While the operator drains the intake a transfer is 503 INTAKE_DRAINING with Retry-After.
         *
         *     Roles: customer.
         */
        post: operations["ticketTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A repeat with the same key replays the first answer (Idempotent-Replayed: true); the same key with a different request, on this route or any other of the caller's, is 422 IDEMPOTENCY_KEY_REUSED. */
        IdempotencyKey: string;
        TicketCreateRequest: {
            providerId: string;
            holderId: string;
            /** @description server/stream, channel or content id */
            resource: string;
            /**
             * Format: int32
             * @description at most 31622400 (366 days) or the deployment's shorter maximum; the window must end after now
             */
            validitySeconds: number;
            capabilities: string[];
            /**
             * Format: date-time
             * @description start of the window; defaults to now
             */
            notBefore?: string & (unknown & unknown);
            /** Format: int64 */
            maxUses?: number;
            /** Format: int64 */
            maxSeconds?: number;
            /** @description a one-time password is required per connection */
            otp?: boolean;
            /** @description the holder’s fixed password (POST /v1/tickets/{id}/password) is required on every connection; not together with otp (else 422 VALIDATION_FAILED naming fixedPassword) */
            fixedPassword?: boolean;
        };
        /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
        PathId: string;
        AccountCreateRequest: {
            id?: string & (unknown & unknown);
            /** @enum {string} */
            currency: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL";
            flags?: {
                debitsMustNotExceedCredits?: boolean;
                creditsMustNotExceedDebits?: boolean;
            };
            /**
             * Format: int64
             * @description overdraft (debit-limited) or credit (credit-limited) allowance in minor units, at most 2^53 − 1; only with one of the flags; 0 when omitted
             */
            limitMinor?: number;
            /**
             * Format: int32
             * @description balance shards for an account without a limit flag (a hot account); 1 with a flag; the ledger's default when omitted (a replay compares it so)
             */
            balanceShards?: number;
            code?: number | string;
            reference?: string & (unknown & unknown);
        };
        TransferCreateRequest: {
            /** @description the transfer's id, its idempotency key; not starting with trf_, the prefix of the ids kippu derives */
            id: string & (unknown & unknown);
            debitAccountId: string;
            creditAccountId: string;
            /**
             * Format: int64
             * @description minor units, 1 to 2^53 − 1 (the largest integer a JSON number carries exactly); a literal with a fractional part is refused, never rounded
             */
            amountMinor: number;
            /** @enum {string} */
            currency: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL";
            /**
             * Format: int32
             * @description makes the transfer a hold (pending) that expires after this many seconds; not with reversesTransferId (422 VALIDATION_FAILED naming timeoutSeconds)
             */
            timeoutSeconds?: number;
            code?: number | (string & (unknown & unknown));
            reference?: string & (unknown & unknown);
            /** Format: date-time */
            effectiveAt?: string & (unknown & unknown);
            /** @description makes the transfer a reversal of this posted transfer: the accounts swapped, at most what is left of its amount, moved at once (never a hold) */
            reversesTransferId?: string;
        } | {
            transfers: {
                /** @description the transfer's id, its idempotency key; not starting with trf_, the prefix of the ids kippu derives */
                id: string & (unknown & unknown);
                debitAccountId: string;
                creditAccountId: string;
                /**
                 * Format: int64
                 * @description minor units, 1 to 2^53 − 1 (the largest integer a JSON number carries exactly); a literal with a fractional part is refused, never rounded
                 */
                amountMinor: number;
                /** @enum {string} */
                currency: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL";
                /**
                 * Format: int32
                 * @description makes the transfer a hold (pending) that expires after this many seconds; not with reversesTransferId (422 VALIDATION_FAILED naming timeoutSeconds)
                 */
                timeoutSeconds?: number;
                code?: number | (string & (unknown & unknown));
                reference?: string & (unknown & unknown);
                /** Format: date-time */
                effectiveAt?: string & (unknown & unknown);
                /** @description makes the transfer a reversal of this posted transfer: the accounts swapped, at most what is left of its amount, moved at once (never a hold) */
                reversesTransferId?: string;
            }[];
        };
        TransferResolveRequest: {
            /** @description the id of the posting/voiding transfer; derived from the hold id when absent (a trf_… id is kippu's own and refused) */
            id?: string & (unknown & unknown);
            /**
             * Format: int64
             * @description post only: a partial amount (1 to 2^53 − 1 minor units); the rest is released
             */
            amountMinor?: number;
            code?: number | (string & (unknown & unknown));
            reference?: string & (unknown & unknown);
        };
        TransferVoidRequest: {
            /** @description the id of the posting/voiding transfer; derived from the hold id when absent (a trf_… id is kippu's own and refused) */
            id?: string & (unknown & unknown);
            code?: number | (string & (unknown & unknown));
            reference?: string & (unknown & unknown);
        };
        ProviderCreateRequest: {
            name: string & (unknown & unknown);
            proxySettlement: {
                /** @description a carrier may collect for this provider */
                trusted: boolean;
            };
            /**
             * Format: int32
             * @description basis points (1/100 %), at most 5000
             */
            platformFeeBps: number;
            /** @description currencies to open ledger accounts in now (default: the deployment currency, JPY); others open on first use */
            currencies?: ("AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL")[];
        };
        AgentCreateRequest: {
            name: string & (unknown & unknown);
            /**
             * Format: int32
             * @description collection fee of the carrier route: its cut of the price, borne by the provider
             */
            feeBps: number;
            /**
             * Format: int32
             * @description surcharge on a top-up, paid by the customer on top of the amount credited: the agent's fee, rounded down; fixed at creation; basis points (1/100 %), at most 10000, default 0
             */
            topUpFeeBps?: number;
            /** @description currencies to open ledger accounts in now (default: the deployment currency, JPY); others open on first use */
            currencies?: ("AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL")[];
        };
        CustomerCreateRequest: {
            name: string & (unknown & unknown);
            /** @description currencies to open ledger accounts in now (default: the deployment currency, JPY); others open on first use */
            currencies?: ("AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL")[];
            /** @description a postpaid account collected by this carrier */
            carrier?: {
                agentId: string;
                /** Format: int64 */
                creditLimitMinor: number;
                /**
                 * @description default: the deployment currency
                 * @enum {string}
                 */
                currency?: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL";
            };
        };
        TopUpRequest: {
            /** Format: int64 */
            amountMinor: number;
            /** @enum {string} */
            currency: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL";
            /** @description the agent's own reference (receipt number); a repeat with it changes nothing */
            reference: string;
        };
        CarrierLinkCreateRequest: {
            /**
             * Format: int64
             * @description the credit limit of the carrier account the code opens
             */
            creditLimitMinor: number;
            /**
             * @description default: the deployment currency
             * @enum {string}
             */
            currency?: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL";
        };
        CarrierAccountRedeemRequest: {
            /** @description a carrier's one-time link code */
            code: string;
        };
        /** @description This operation takes no body: send none, or an empty JSON object. A member is 422 VALIDATION_FAILED naming it. */
        NoBody: Record<string, never>;
        ProviderTrustRequest: {
            /** @description a carrier may collect for this provider: purchases and reconfirms from now on choose their route by it */
            trusted: boolean;
        };
        OfferCreateRequest: {
            providerId: string;
            title?: string & (unknown & unknown);
            /** @description server/stream, channel or content id: required unless the offer names a content, whose id it defaults to */
            resource?: string;
            /** Format: int64 */
            priceMinor: number;
            /** @enum {string} */
            currency: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL";
            /**
             * Format: int32
             * @description the ticket window, from the moment of purchase: at most 366 days or the deployment's shorter maximum
             */
            validitySeconds: number;
            /** @description for a content, among the content’s capabilities (else 422 VALIDATION_FAILED naming capabilities) */
            capabilities: string[];
            /** Format: int64 */
            maxUses?: number;
            /** Format: int64 */
            maxSeconds?: number;
            /** @description a one-time password is required per connection */
            otp?: boolean;
            /** @description the holder’s fixed password (POST /v1/tickets/{id}/password) is required on every connection; not together with otp (else 422 VALIDATION_FAILED naming fixedPassword) */
            fixedPassword?: boolean;
            /** @description a usage right for this content (one of the provider’s) */
            contentId?: string;
            /** @description the purposes a purchase may name, among the content’s (default: all of the content’s) */
            purposes?: string[];
            /** @description a purchase names one of the buyer’s devices and the ticket is bound to it */
            deviceBound?: boolean;
        };
        PurchaseCreateRequest: {
            offerId: string;
            /**
             * @description default: carrier when possible, else wallet
             * @enum {string}
             */
            route?: "carrier" | "wallet";
            /** @description one of your devices: required by a device-bound offer, whose ticket is bound to it */
            deviceId?: string;
            /** @description for an offer of a content: one of the purposes the content and the offer allow */
            purpose?: string;
            /**
             * Format: int64
             * @description for an offer of a content: the period of the right, at most the content’s maxPeriodSeconds and the offer’s validitySeconds (the default)
             */
            periodSeconds?: number;
        };
        PurchaseRefundRequest: Record<string, never>;
        ChannelCreateRequest: {
            name: string & (unknown & unknown);
            /**
             * Format: int32
             * @description viewers admitted at most at once
             */
            capacity: number;
            /** Format: int32 */
            bandwidthKbps: number;
            /**
             * Format: int64
             * @description price of one slot in minor units; 0 is a free channel (nothing is held or charged)
             */
            feePerSlotMinor: number;
            /** @enum {string} */
            currency: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HRK" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SLL" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XCG" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG" | "ZWL";
        };
        ReservationCreateRequest: {
            channelId: string;
            /**
             * Format: date-time
             * @description aligned to the slot length (default 10 minutes, UTC), to the last digit written: fraction digits below the millisecond other than zeros (…:00.0009Z, …:00.000001Z) name an instant between two boundaries, 422 MISALIGNED_START, never rounded to another instant; …:00.000000Z is the boundary
             */
            startsAt: string & (unknown & unknown);
            /** Format: int32 */
            slots: number;
            title: string & (unknown & unknown);
            genre?: string & (unknown & unknown);
            /** @description at most 20 characters */
            outline?: string & (unknown & unknown);
            /** @description at most 200 characters */
            detail?: string & (unknown & unknown);
            /** @enum {string} */
            openLevel: "public" | "password" | "secret";
            /** @description required for password and secret shows; only its hash is stored */
            password?: string;
            /** @description customer ids told about changes and cancellations: other customers than the booker, each named once (else 422 naming friends.<index>) */
            friends?: string[];
        };
        ReservationUpdateRequest: {
            title?: string & (unknown & unknown);
            /** @description null removes it */
            genre?: (string & (unknown & unknown)) | null;
            outline?: (string & (unknown & unknown)) | null;
            detail?: (string & (unknown & unknown)) | null;
            /** @enum {string} */
            openLevel?: "public" | "password" | "secret";
            password?: string;
            /** @description cannot change: 409 CHANGE_NOT_ALLOWED (cancel and book again) */
            channelId?: unknown;
            /** @description cannot change: 409 CHANGE_NOT_ALLOWED (cancel and book again) */
            startsAt?: unknown;
            /** @description cannot change: 409 CHANGE_NOT_ALLOWED (cancel and book again) */
            slots?: unknown;
            /** @description cannot change: 409 CHANGE_NOT_ALLOWED (cancel and book again) */
            endsAt?: unknown;
        };
        ReservationOutcomeRequest: {
            /**
             * @description the service failed: the hold is voided
             * @constant
             */
            outcome: "failed";
            reason?: string & (unknown & unknown);
        };
        ViewerAdmitRequest: {
            password?: string;
        };
        RegistrationCreateRequest: {
            /** @description An e-mail address; spaces, tabs and line breaks around it are trimmed away, and case does not matter. */
            email: string & (unknown & unknown);
            /** @description 12 to 256 characters with a lower-case and an upper-case letter, a digit and a symbol */
            password: string & (unknown & unknown & unknown & unknown & unknown & unknown);
            /** @description the first device, from which the customer signs in */
            device: {
                name: string & (unknown & unknown);
                publicJwk: components["schemas"]["PublicJwk"];
            };
            /** @description the confirmed customer's name, which its carrier and operators read (default: its customer id; never the address) */
            name?: string & (unknown & unknown);
        };
        /** @description the device public key: a P-256 JWK (kty EC, crv P-256, x, y) without private members; a private member (d, p, q, dp, dq, qi, k, oth) is refused, 422 VALIDATION_FAILED naming it */
        PublicJwk: {
            /** @constant */
            kty: "EC";
            /** @constant */
            crv: "P-256";
            /** @description a 32-byte base64url coordinate */
            x: string;
            /** @description a 32-byte base64url coordinate */
            y: string;
            kid?: string;
            /** @constant */
            use?: "sig";
            /** @constant */
            alg?: "ES256";
            key_ops?: "verify"[];
        };
        RegistrationConfirmRequest: {
            /** @description the code from the e-mail */
            code: string;
        };
        SessionCreateRequest: {
            /** @description An e-mail address; spaces, tabs and line breaks around it are trimmed away, and case does not matter. */
            email: string & (unknown & unknown);
            password: string;
        };
        DeviceCreateRequest: {
            name: string & (unknown & unknown);
            publicJwk: components["schemas"]["PublicJwk"];
        };
        DevicePairCreateRequest: {
            fromDeviceId: string;
            toDeviceId: string;
        };
        CredentialsCreateRequest: Record<string, never>;
        OperatorCreateRequest: {
            /** @description An e-mail address; spaces, tabs and line breaks around it are trimmed away, and case does not matter. */
            email: string & (unknown & unknown);
        };
        BillingRunCreateRequest: {
            /** @description A calendar month in UTC, YYYY-MM (from 2000-01 to 9989-12). */
            period: string;
        };
        ContentCreateRequest: {
            title: string & (unknown & unknown);
            keywords: (string & (unknown & unknown))[];
            /** @description the purposes a usage right for it may name */
            purposes: string[];
            /**
             * Format: int64
             * @description the longest period a usage right for it may have
             */
            maxPeriodSeconds: number;
            capabilities: string[];
            /** @description the AES key of the content, base64url of 16 or 32 bytes; kept sealed, never returned */
            contentKey: string;
        };
        RedeemRequest: {
            /** @description the client’s id for this redeem: a retry with it answers the first answer; with other uses, seconds or password it is 422 IDEMPOTENCY_KEY_REUSED naming each field that differs */
            nonce: string;
            /**
             * Format: int32
             * @description uses to take (default 1 on a ticket with max)
             */
            uses?: number;
            /**
             * Format: int64
             * @description seconds to reserve (required on a ticket with sec); one redeem reserves at most the deployment’s reservation length, KIPPU_USAGE_RESERVATION_SECONDS (3600 unless configured), else 422 VALIDATION_FAILED naming seconds; and no more than the whole seconds left in the ticket’s window (rounded up): reservation.seconds says what was reserved
             */
            seconds?: number;
            /** @description the one-time password of a ticket with otp, or the current fixed password of a ticket with fixedPassword (else 403 OTP_INVALID); a ticket with neither takes none (else 422 VALIDATION_FAILED naming password); a retried nonce takes the password it was first redeemed with (another one, even one good now, is 422 IDEMPOTENCY_KEY_REUSED naming password) */
            password?: string;
            /** @description a bound ticket: compact JWS, typ kippu-proof+jwt, ES256 by the bound device, claims nonce, tkt, iat; a ticket bound to no device takes none (else 422 VALIDATION_FAILED naming proof) */
            proof?: string;
        };
        UsageReportRequest: {
            redemptionId: string;
            /** Format: int64 */
            usedSeconds: number;
        };
        IntakeRequest: {
            /**
             * @description draining: new redeems, grants and device transfers get 503 with Retry-After
             * @enum {string}
             */
            redeem: "open" | "draining";
        };
        GrantRequest: {
            /** @description a registered customer */
            granteeId: string;
            /**
             * Format: int64
             * @description required when the ticket counts uses
             */
            uses?: number;
            /**
             * Format: int64
             * @description required when the ticket counts seconds
             */
            seconds?: number;
            /** @description a device of the grantee: required for a device-bound ticket, refused otherwise */
            granteeDeviceId?: string;
        };
        TransferRequest: {
            toDeviceId: string;
        };
        /** @description The nextCursor of the previous page, unchanged, with the same query (every parameter but cursor, limit and since); a cursor kippu did not hand out to this caller for this query is 400 INVALID_CURSOR. */
        Cursor: string;
        Health: {
            /** @constant */
            status: "ok";
        };
        OpenApiDocument: {
            openapi: string;
            info: {
                title: string;
                version: string;
            } & {
                [key: string]: unknown;
            };
            paths: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        JsonWebKeySet: {
            keys: {
                [key: string]: unknown;
            }[];
        };
        Ticket: {
            id: string;
            /** @description compact JWS, ES256, typ kippu-ticket+jwt */
            token: string;
            providerId: string;
            /** @description absent for providers */
            holderId?: string;
            /** @description the pseudonymous sub claim */
            subject: string;
            resource: string;
            capabilities: string[];
            /** Format: date-time */
            issuedAt: string;
            /** Format: date-time */
            notBefore: string;
            /** Format: date-time */
            expiresAt: string;
            /**
             * @description revoked; else expired once the window has ended (redeems answer TICKET_EXPIRED); else active
             * @enum {string}
             */
            status: "active" | "revoked" | "expired";
            /** Format: date-time */
            revokedAt?: string;
            keyId: string;
            /** Format: int64 */
            maxUses?: number;
            /** Format: int64 */
            maxSeconds?: number;
            /** @description a one-time password is required per connection (claim otp) */
            otp?: boolean;
            /** @description the holder’s fixed password is required on every connection (claim pwd) */
            fixedPassword?: boolean;
            remaining?: components["schemas"]["TicketRemaining"];
            /** @description the content this ticket is a usage right for */
            contentId?: string;
            purpose?: string;
            /** @description the device the ticket is bound to (cnf.jkt); shown to its holder */
            deviceId?: string;
            /** @description the ticket this one was granted from */
            grantedFrom?: string;
            /** @description the ticket this one replaced on another device */
            transferredFrom?: string;
        };
        /** @description what is left on the ticket at the instant of the answer; a ticket that moved to another device shows nothing left (its allowance went with it); a revoked or expired ticket shows what was left when it stopped, except that seconds reserved before it stopped still settle against it (a usage report spends what was used and gives the rest back to seconds; a lapsed reservation gives all back) */
        TicketRemaining: {
            /**
             * Format: int64
             * @description uses left (a ticket with maxUses)
             */
            uses?: number;
            /**
             * Format: int64
             * @description seconds left that no redeem holds (a ticket with maxSeconds): what a redeem or a grant may take now
             */
            seconds?: number;
            /**
             * Format: int64
             * @description seconds held by redeems whose usage is not reported yet (a ticket with maxSeconds); a reservation past its expiry counts as given back, as a redeem judges it
             */
            reservedSeconds?: number;
        };
        RevocationList: {
            providerId: string;
            /** Format: int64 */
            since: number;
            /**
             * Format: int64
             * @description the version this page brings the verifier to
             */
            version: number;
            /** Format: int64 */
            latestVersion: number;
            /** @description ask again with since=version */
            more: boolean;
            /** Format: int64 */
            count: number;
            /** @description compact JWS, ES256, typ kippu-revocations+jwt, aud = the provider */
            token: string;
            /** @description The revoked tickets of this page, as signed in the token. */
            items: components["schemas"]["RevokedTicket"][];
            /** @description Present when there is more (more = true); absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        RevokedTicket: {
            ticketId: string;
            /**
             * Format: int64
             * @description The version of the list that revoked it.
             */
            version: number;
            /** Format: date-time */
            revokedAt: string;
        };
        Account: {
            id: string;
            currency: string;
            flags: {
                debitsMustNotExceedCredits: boolean;
                creditsMustNotExceedDebits: boolean;
            };
            /** Format: int64 */
            limitMinor: number;
            code?: number | string;
            reference?: string;
            /** Format: int64 */
            balanceShards: number;
            /** Format: date-time */
            createdAt: string;
            balances: {
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                debitsPosted: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                creditsPosted: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                debitsPending: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                creditsPending: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                posted: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                pending: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                available: number | string;
            };
            /** @enum {string} */
            result?: "created" | "exists";
        };
        AccountEntries: {
            items: components["schemas"]["AccountEntry"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        AccountEntry: {
            accountId: string;
            transferId: string;
            kind: string;
            /** @enum {string} */
            side: "debit" | "credit";
            /** Format: int64 */
            amountMinor: number;
            currency: string;
            /** Format: date-time */
            recordedAt: string;
            /** Format: date-time */
            effectiveAt: string;
            /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
            postedBalanceAfter: number | string;
            /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
            pendingBalanceAfter: number | string;
        };
        TransferCreated: components["schemas"]["Transfer"] | components["schemas"]["LinkedTransfers"];
        Transfer: {
            id: string;
            /** @enum {string} */
            kind: "single" | "pending" | "post" | "void" | "expire";
            debitAccountId: string;
            creditAccountId: string;
            /** Format: int64 */
            amountMinor: number;
            currency: string;
            code?: number | string;
            reference?: string;
            /** Format: date-time */
            effectiveAt: string;
            /** Format: date-time */
            recordedAt: string;
            /** Format: int64 */
            timeoutSeconds?: number;
            /** Format: date-time */
            expiresAt?: string;
            /**
             * @description A hold only. Past its expiresAt a hold reads expired, also before the sweeper records the expiry (resolvedByTransferId is set once it has).
             * @enum {string}
             */
            state?: "pending" | "posted" | "voided" | "expired";
            resolvedByTransferId?: string;
            pendingId?: string;
            reversesTransferId?: string;
            /** @enum {string} */
            result?: "created" | "exists";
        };
        LinkedTransfers: {
            transfers: components["schemas"]["Transfer"][];
        };
        Provider: {
            id: string;
            name: string;
            currencies: string[];
            /** Format: date-time */
            createdAt: string;
            accounts: {
                /**
                 * @description What the account is for.
                 * @enum {string}
                 */
                kind: "wallet" | "carrier" | "revenue" | "agentFees" | "agentCash" | "platformFees";
                currency: string;
                /** @description ledger account id */
                id: string;
            }[];
            proxySettlement: {
                /** @description a carrier may collect for this provider (the carrier route) */
                trusted: boolean;
                /**
                 * Format: date-time
                 * @description when an operator last changed trusted (PUT /v1/providers/{id}/proxy-settlement); absent: as registered
                 */
                changedAt?: string;
            };
            /** Format: int64 */
            platformFeeBps: number;
        };
        Agent: {
            id: string;
            name: string;
            currencies: string[];
            /** Format: date-time */
            createdAt: string;
            accounts: {
                /**
                 * @description What the account is for.
                 * @enum {string}
                 */
                kind: "wallet" | "carrier" | "revenue" | "agentFees" | "agentCash" | "platformFees";
                currency: string;
                /** @description ledger account id */
                id: string;
            }[];
            /**
             * Format: int64
             * @description collection fee of the carrier route: its cut of the price, borne by the provider
             */
            feeBps: number;
            /**
             * Format: int64
             * @description surcharge on a top-up, paid by the customer on top of the amount credited: the agent's fee, rounded down; fixed at creation
             */
            topUpFeeBps: number;
        };
        Customer: {
            id: string;
            name: string;
            currencies: string[];
            /** Format: date-time */
            createdAt: string;
            accounts: {
                /**
                 * @description What the account is for.
                 * @enum {string}
                 */
                kind: "wallet" | "carrier" | "revenue" | "agentFees" | "agentCash" | "platformFees";
                currency: string;
                /** @description ledger account id */
                id: string;
            }[];
            /** @description the carrier the customer subscribes to now: purchases may take the carrier route */
            carrier?: {
                agentId: string;
                /** Format: int64 */
                creditLimitMinor: number;
                currency: string;
            };
            /** @description the last carrier subscription that ended: its carrier account stays among the accounts, and what is owed on it is collected by this carrier */
            formerCarrier?: {
                agentId: string;
                /** Format: int64 */
                creditLimitMinor: number;
                currency: string;
                /** Format: date-time */
                endedAt: string;
            };
        };
        TopUp: {
            /** @description the ledger transfer that credits the wallet */
            id: string;
            customerId: string;
            agentId: string;
            /**
             * Format: int64
             * @description credited to the wallet
             */
            amountMinor: number;
            /**
             * Format: int64
             * @description the agent's surcharge: amountMinor at its topUpFeeBps, rounded down (0 when it has none)
             */
            feeMinor: number;
            /**
             * Format: int64
             * @description what the agent charges the customer at the counter: amountMinor + feeMinor
             */
            collectedMinor: number;
            /** @description the ledger transfer that moves feeMinor from the agent's cash account to its fee account, linked to the top-up (absent when feeMinor is 0) */
            feeTransferId?: string;
            currency: string;
            reference: string;
            walletAccountId: string;
            agentCashAccountId: string;
            /** Format: date-time */
            recordedAt: string;
        };
        CarrierLink: {
            id: string;
            /** @description the one-time code to hand to the customer; shown once: kippu keeps only its hash, and a replayed answer leaves it out */
            code?: string;
            agentId: string;
            /** Format: int64 */
            creditLimitMinor: number;
            currency: string;
            /**
             * Format: date-time
             * @description the code cannot be redeemed from this instant on
             */
            expiresAt: string;
        };
        Me: {
            id: string;
            name: string;
            currencies: string[];
            /** Format: date-time */
            createdAt: string;
            accounts: {
                /**
                 * @description What the account is for.
                 * @enum {string}
                 */
                kind: "wallet" | "carrier" | "revenue" | "agentFees" | "agentCash" | "platformFees";
                currency: string;
                /** @description ledger account id */
                id: string;
            }[];
            /** @description the carrier the customer subscribes to now: purchases may take the carrier route */
            carrier?: {
                agentId: string;
                /** Format: int64 */
                creditLimitMinor: number;
                currency: string;
            };
            /** @description the last carrier subscription that ended: its carrier account stays among the accounts, and what is owed on it is collected by this carrier */
            formerCarrier?: {
                agentId: string;
                /** Format: int64 */
                creditLimitMinor: number;
                currency: string;
                /** Format: date-time */
                endedAt: string;
            };
            /** @constant */
            kind: "customer";
        } | {
            id: string;
            name: string;
            currencies: string[];
            /** Format: date-time */
            createdAt: string;
            accounts: {
                /**
                 * @description What the account is for.
                 * @enum {string}
                 */
                kind: "wallet" | "carrier" | "revenue" | "agentFees" | "agentCash" | "platformFees";
                currency: string;
                /** @description ledger account id */
                id: string;
            }[];
            proxySettlement: {
                /** @description a carrier may collect for this provider (the carrier route) */
                trusted: boolean;
                /**
                 * Format: date-time
                 * @description when an operator last changed trusted (PUT /v1/providers/{id}/proxy-settlement); absent: as registered
                 */
                changedAt?: string;
            };
            /** Format: int64 */
            platformFeeBps: number;
            /** @constant */
            kind: "provider";
        } | {
            id: string;
            name: string;
            currencies: string[];
            /** Format: date-time */
            createdAt: string;
            accounts: {
                /**
                 * @description What the account is for.
                 * @enum {string}
                 */
                kind: "wallet" | "carrier" | "revenue" | "agentFees" | "agentCash" | "platformFees";
                currency: string;
                /** @description ledger account id */
                id: string;
            }[];
            /**
             * Format: int64
             * @description collection fee of the carrier route: its cut of the price, borne by the provider
             */
            feeBps: number;
            /**
             * Format: int64
             * @description surcharge on a top-up, paid by the customer on top of the amount credited: the agent's fee, rounded down; fixed at creation
             */
            topUpFeeBps: number;
            /** @constant */
            kind: "agent";
        } | {
            /** @constant */
            kind: "operator";
            id: string;
        };
        MyAccounts: {
            items: components["schemas"]["MyAccount"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        MyAccount: {
            id: string;
            currency: string;
            flags: {
                debitsMustNotExceedCredits: boolean;
                creditsMustNotExceedDebits: boolean;
            };
            /** Format: int64 */
            limitMinor: number;
            code?: number | string;
            reference?: string;
            /** Format: int64 */
            balanceShards: number;
            /** Format: date-time */
            createdAt: string;
            balances: {
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                debitsPosted: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                creditsPosted: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                debitsPending: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                creditsPending: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                posted: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                pending: number | string;
                /** @description minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1 */
                available: number | string;
            };
            /** @enum {string} */
            result?: "created" | "exists";
            /**
             * @description What the account is for.
             * @enum {string}
             */
            kind: "wallet" | "carrier" | "revenue" | "agentFees" | "agentCash" | "platformFees";
        };
        Offer: {
            id: string;
            providerId: string;
            title?: string;
            resource: string;
            /** Format: int64 */
            priceMinor: number;
            currency: string;
            /** Format: int64 */
            validitySeconds: number;
            capabilities: string[];
            /** Format: int64 */
            maxUses?: number;
            /** Format: int64 */
            maxSeconds?: number;
            otp?: boolean;
            fixedPassword?: boolean;
            contentId?: string;
            purposes?: string[];
            deviceBound?: boolean;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description when the offer was withdrawn: it is not sold from then on (absent: on sale)
             */
            withdrawnAt?: string;
        };
        OfferList: {
            items: components["schemas"]["Offer"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        Purchase: {
            id: string;
            /** @enum {string} */
            status: "authorized" | "settled" | "rejected" | "refunded";
            /** @enum {string} */
            route: "carrier" | "wallet";
            offerId: string;
            providerId: string;
            /** @description absent for providers */
            customerId?: string;
            /** @description absent for providers */
            payerAccountId?: string;
            /** @description the carrier agent that collects, on the carrier route; absent for providers */
            agentId?: string;
            resource: string;
            /** Format: int64 */
            amountMinor: number;
            currency: string;
            /** Format: int64 */
            platformFeeBps: number;
            /** Format: int64 */
            carrierFeeBps: number;
            /** Format: date-time */
            createdAt: string;
            contentId?: string;
            purpose?: string;
            /** Format: int64 */
            periodSeconds?: number;
            /** @description the device the ticket is bound to; absent for providers */
            deviceId?: string;
            ticket: {
                id: string;
                /** @description on creation; read it later from GET /v1/tickets/{id} */
                token?: string;
            };
            hold: {
                transferId: string;
                /** Format: date-time */
                expiresAt: string;
            };
            settlement?: {
                /** Format: date-time */
                settledAt: string;
                split: components["schemas"]["FeeSplit"];
                legs: {
                    /** @enum {string} */
                    kind: "post" | "platformFee" | "carrierFee";
                    transferId: string;
                    /** Format: int64 */
                    amountMinor: number;
                    /** @description absent for providers */
                    debitAccountId?: string;
                    /** @description absent for providers */
                    creditAccountId?: string;
                }[];
                docketId: string;
                /** @description compact JWS, ES256, typ kippu-docket+jwt; verify with the JWKS */
                docket: string;
            };
            rejection?: {
                reasonCode: string;
                detail: string;
                /** Format: date-time */
                rejectedAt: string;
            };
            refund?: {
                /** Format: date-time */
                refundedAt: string;
                refundedBy: string;
                transferIds: string[];
                /** @description when the refund reversed a settlement: its signed refund docket, read at GET /v1/purchases/{id}/refund-docket */
                refundDocketId?: string;
            };
            /** @description set when settlement could not process this purchase and an operator must look */
            attention?: {
                reason: string;
                detail: string;
                /** Format: date-time */
                at: string;
                messageId: string;
            };
        };
        FeeSplit: {
            /** Format: int64 */
            grossMinor: number;
            /** Format: int64 */
            providerNetMinor: number;
            /** Format: int64 */
            platformFeeMinor: number;
            /** Format: int64 */
            carrierFeeMinor: number;
        };
        PurchaseList: {
            items: components["schemas"]["Purchase"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        Docket: {
            purchaseId: string;
            docketId: string;
            /** @description compact JWS, ES256, typ kippu-docket+jwt; verify with the JWKS */
            token: string;
        };
        RefundDocket: {
            purchaseId: string;
            refundDocketId: string;
            /** @description the docket whose settlement the refund reversed (its jti) */
            docketId: string;
            /** @description compact JWS, ES256, typ kippu-refund-docket+jwt; verify with the JWKS */
            token: string;
        };
        Channel: {
            id: string;
            providerId: string;
            name: string;
            /** Format: int64 */
            capacity: number;
            /** Format: int64 */
            bandwidthKbps: number;
            /** Format: int64 */
            feePerSlotMinor: number;
            currency: string;
            /** Format: date-time */
            createdAt: string;
        };
        ChannelAvailability: {
            channelId: string;
            /** Format: int64 */
            slotSeconds: number;
            /** Format: int64 */
            feePerSlotMinor: number;
            currency: string;
            slots: {
                /** Format: date-time */
                startsAt: string;
                /** Format: date-time */
                endsAt: string;
                /** @enum {string} */
                status: "free" | "booked";
            }[];
        };
        Reservation: {
            id: string;
            channelId: string;
            customerId: string;
            /** @enum {string} */
            status: "pending_reconfirmation" | "confirmed" | "expired" | "cancelled" | "completed" | "failed";
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string;
            /** Format: int64 */
            slots: number;
            /** Format: date-time */
            reconfirmBy: string;
            /** Format: int64 */
            priceMinor: number;
            currency: string;
            chargeable: boolean;
            title: string;
            genre?: string;
            outline?: string;
            detail?: string;
            /** @enum {string} */
            openLevel: "public" | "password" | "secret";
            friends: string[];
            /** Format: int64 */
            capacity: number;
            /** Format: int64 */
            viewersWatching: number;
            holdTransferId?: string;
            /** @description fixed at reconfirmation with the hold; the split is what the posting moves (absent for a free show) */
            payment?: {
                /** @enum {string} */
                route: "carrier" | "wallet";
                payerAccountId: string;
                /** @description the carrier that collects, on the carrier route */
                agentId?: string;
                /** Format: int64 */
                platformFeeBps: number;
                /** Format: int64 */
                carrierFeeBps: number;
                split: components["schemas"]["FeeSplit"];
            };
            ticketId?: string;
            failureReason?: string;
            /**
             * @description the price was not captured: the hold was no longer pending when the money step ran, or (balance_overflow) the ledger refused the capture because an account it moves money through is at its stated bound, and the hold was voided; final, needs attention
             * @enum {string}
             */
            settlementProblem?: "hold_expired" | "hold_already_posted" | "hold_already_voided" | "hold_not_found" | "balance_overflow";
            /** @description the hold had expired before the money step, and the price was captured late by this posted transfer from the payer, with the same fee split */
            lateCaptureTransferId?: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ReservationList: {
            items: components["schemas"]["Reservation"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        ReservationReconfirmed: {
            id: string;
            channelId: string;
            customerId: string;
            /** @enum {string} */
            status: "pending_reconfirmation" | "confirmed" | "expired" | "cancelled" | "completed" | "failed";
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string;
            /** Format: int64 */
            slots: number;
            /** Format: date-time */
            reconfirmBy: string;
            /** Format: int64 */
            priceMinor: number;
            currency: string;
            chargeable: boolean;
            title: string;
            genre?: string;
            outline?: string;
            detail?: string;
            /** @enum {string} */
            openLevel: "public" | "password" | "secret";
            friends: string[];
            /** Format: int64 */
            capacity: number;
            /** Format: int64 */
            viewersWatching: number;
            holdTransferId?: string;
            /** @description fixed at reconfirmation with the hold; the split is what the posting moves (absent for a free show) */
            payment?: {
                /** @enum {string} */
                route: "carrier" | "wallet";
                payerAccountId: string;
                /** @description the carrier that collects, on the carrier route */
                agentId?: string;
                /** Format: int64 */
                platformFeeBps: number;
                /** Format: int64 */
                carrierFeeBps: number;
                split: components["schemas"]["FeeSplit"];
            };
            ticketId?: string;
            failureReason?: string;
            /**
             * @description the price was not captured: the hold was no longer pending when the money step ran, or (balance_overflow) the ledger refused the capture because an account it moves money through is at its stated bound, and the hold was voided; final, needs attention
             * @enum {string}
             */
            settlementProblem?: "hold_expired" | "hold_already_posted" | "hold_already_voided" | "hold_not_found" | "balance_overflow";
            /** @description the hold had expired before the money step, and the price was captured late by this posted transfer from the payer, with the same fee split */
            lateCaptureTransferId?: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            ticket: components["schemas"]["IssuedTicket"];
        };
        IssuedTicket: {
            id: string;
            /** @description compact JWS, ES256, typ kippu-ticket+jwt, with the rsv claim */
            token: string;
            /** Format: date-time */
            notBefore: string;
            /** Format: date-time */
            expiresAt: string;
        };
        ReservationOutcome: {
            id: string;
            channelId: string;
            /** @description Operators only. */
            customerId?: string;
            /** @enum {string} */
            status: "pending_reconfirmation" | "confirmed" | "expired" | "cancelled" | "completed" | "failed";
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string;
            /** Format: int64 */
            slots: number;
            /** Format: date-time */
            reconfirmBy: string;
            /** Format: int64 */
            priceMinor: number;
            currency: string;
            chargeable: boolean;
            title: string;
            genre?: string;
            outline?: string;
            detail?: string;
            /** @enum {string} */
            openLevel: "public" | "password" | "secret";
            /** @description Operators only. */
            friends?: string[];
            /** Format: int64 */
            capacity: number;
            /** Format: int64 */
            viewersWatching: number;
            holdTransferId?: string;
            /** @description fixed at reconfirmation with the hold; the split is what the posting moves (absent for a free show) */
            payment?: {
                /** @enum {string} */
                route: "carrier" | "wallet";
                /** @description Operators only: it names the customer. */
                payerAccountId?: string;
                /** @description the carrier that collects, on the carrier route; operators only */
                agentId?: string;
                /** Format: int64 */
                platformFeeBps: number;
                /** Format: int64 */
                carrierFeeBps: number;
                split: components["schemas"]["FeeSplit"];
            };
            ticketId?: string;
            failureReason?: string;
            /**
             * @description the price was not captured: the hold was no longer pending when the money step ran, or (balance_overflow) the ledger refused the capture because an account it moves money through is at its stated bound, and the hold was voided; final, needs attention
             * @enum {string}
             */
            settlementProblem?: "hold_expired" | "hold_already_posted" | "hold_already_voided" | "hold_not_found" | "balance_overflow";
            /** @description the hold had expired before the money step, and the price was captured late by this posted transfer from the payer, with the same fee split */
            lateCaptureTransferId?: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Viewer: {
            reservationId: string;
            ticket: components["schemas"]["IssuedTicket"];
            /** Format: int64 */
            viewersWatching?: number;
        };
        ViewerLeft: {
            reservationId: string;
            ticketId: string;
            /** @enum {string} */
            status: "active" | "left";
        };
        Listings: {
            items: components["schemas"]["Listing"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        Listing: {
            reservationId: string;
            channelId: string;
            title: string;
            genre?: string;
            outline?: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string;
            /** @enum {string} */
            openLevel: "public" | "password";
            /** @enum {string} */
            state: "OPEN" | "CLOSE";
        };
        Registration: {
            id: string;
            /** @enum {string} */
            status: "provisional" | "confirmed" | "expired";
            /** Format: date-time */
            expiresAt: string;
        };
        RegistrationConfirmation: {
            /** @constant */
            status: "confirmed";
            /** @description The new customer's id: drawn at random for the address (never computed from it, docs/identity.md, Customer ids); no provider is shown it. */
            customerId: string;
        };
        Session: {
            /** @description a Cognito access token: send it as a bearer token */
            accessToken: string;
            /**
             * Format: int64
             * @description seconds until the access token expires
             */
            expiresIn: number;
            /** @description the device whose key signed the DPoP proof; the session is bound to it */
            deviceId: string;
        };
        Device: {
            id: string;
            name: string;
            /** @description the RFC 7638 thumbprint (SHA-256) of the key */
            jkt: string;
            publicJwk: {
                /** @constant */
                kty: "EC";
                /** @constant */
                crv: "P-256";
                x: string;
                y: string;
            };
            /** Format: date-time */
            createdAt: string;
        };
        DeviceList: {
            items: components["schemas"]["Device"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        DevicePair: {
            id: string;
            fromDeviceId: string;
            toDeviceId: string;
            /** Format: date-time */
            createdAt: string;
        };
        DevicePairList: {
            items: components["schemas"]["DevicePair"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        Credentials: {
            clientId: string;
            /** @description shown once: kippu does not keep it, and a replayed answer leaves it out */
            clientSecret?: string;
            /** @description the OAuth 2.0 token endpoint for the client-credentials grant */
            tokenUrl: string;
            /** @description the one scope the client may ask for, kippu/provider or kippu/agent */
            scope: string;
        };
        Operator: {
            id: string;
            email: string;
            /** @constant */
            role: "operator";
        };
        BillingRun: {
            id: string;
            period: string;
            /** @enum {string} */
            status: "running" | "completed" | "failed";
            progress: {
                /** Format: int64 */
                partiesTotal: number;
                /** Format: int64 */
                partiesDone: number;
                /** Format: int64 */
                partiesFailed: number;
            };
            /** @enum {string} */
            trigger: "operator" | "schedule";
            requestedBy: string;
            /**
             * Format: date-time
             * @description the period cut-off: nothing recorded after it is on its statements
             */
            cutoffAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            finishedAt?: string;
            reconciliation?: {
                ok: boolean;
                currencies: {
                    currency: string;
                    /** Format: int64 */
                    customerChargesMinor: number;
                    /** Format: int64 */
                    providerGrossMinor: number;
                    /** Format: int64 */
                    customerRefundsMinor: number;
                    /** Format: int64 */
                    providerRefundsMinor: number;
                    salesMatch: boolean;
                    refundsMatch: boolean;
                    /** Format: int64 */
                    statementPlatformFeesMinor: number;
                    /** Format: int64 */
                    ledgerPlatformFeesMinor: number;
                    platformFeesMatch: boolean;
                    /** Format: int64 */
                    providerCarrierFeesMinor: number;
                    /** Format: int64 */
                    agentCarrierFeesMinor: number;
                    carrierFeesMatch: boolean;
                }[];
                mismatches: string[];
            };
            failures?: {
                kind: string;
                partyId: string;
                currency: string;
                code: string;
                detail: string;
            }[];
        };
        BillingRunList: {
            items: components["schemas"]["BillingRun"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        Remittance: {
            id: string;
            runId: string;
            period: string;
            agentId: string;
            /**
             * @description importing: the billing worker is posting the adjustments, a chunk at a time; completed: every difference is listed and every adjustment posted.
             * @enum {string}
             */
            status: "importing" | "completed";
            csvSha256: string;
            /** Format: int64 */
            toleranceMinor: number;
            /** Format: int64 */
            rows: number;
            /**
             * Format: int64
             * @description customers and currencies whose remittance equals the bill
             */
            matched: number;
            /**
             * Format: int64
             * @description customers and currencies whose remittance differs from the bill (GET …/differences lists them)
             */
            differenceCount: number;
            /**
             * Format: int64
             * @description differences processed so far that were within the tolerance (listed only)
             */
            withinTolerance: number;
            /**
             * Format: int64
             * @description differences processed so far that were posted as an adjustment
             */
            adjusted: number;
            /**
             * Format: int64
             * @description differences processed so far whose adjustment the ledger refused
             */
            refused: number;
            /**
             * Format: int64
             * @description the chunks the differences are posted in
             */
            chunks: number;
            /**
             * Format: int64
             * @description the chunks posted so far (all of them once completed)
             */
            chunksDone: number;
            /** @description per currency with a difference, in currency order */
            totals: {
                currency: string;
                /**
                 * Format: int64
                 * @description the shortfalls posted so far: owed again by the customers
                 */
                shortfallMinor: number;
                /**
                 * Format: int64
                 * @description the surpluses posted so far: credited to the customers
                 */
                surplusMinor: number;
            }[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            completedAt?: string;
        };
        RemittanceDifferenceList: {
            items: components["schemas"]["RemittanceDifference"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        RemittanceDifference: {
            customerId: string;
            currency: string;
            /** Format: int64 */
            billedMinor: number;
            /** Format: int64 */
            remittedMinor: number;
            /**
             * Format: int64
             * @description remitted − billed: negative when the carrier collected less
             */
            differenceMinor: number;
            /** @enum {string} */
            outcome: "within_tolerance" | "adjusted" | "refused";
            transferId?: string;
            /** @description why the ledger refused the adjustment (e.g. EXCEEDS_CREDITS: the customer's credit limit) */
            refusal?: string;
        };
        StatementList: {
            items: components["schemas"]["Statement"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        Statement: {
            id: string;
            partyId: string;
            period: string;
            currency: string;
            /** @description JWS (typ kippu-statement+jwt) over the SHA-256 of the canonical JSON without token and of the CSV */
            token: string;
            /** @constant */
            kind: "customer_bill";
            totals: {
                /** Format: int64 */
                chargesMinor: number;
                /** Format: int64 */
                refundsMinor: number;
                /** Format: int64 */
                totalMinor: number;
                byRoute: {
                    /** Format: int64 */
                    carrier: number;
                    /** Format: int64 */
                    wallet: number;
                };
            };
            collectionWithheld?: components["schemas"]["SettlementWithheld"];
            /** @description The statement's lines (absent on a paged statement: see pages) */
            lines?: {
                /** Format: date-time */
                date: string;
                /** @enum {string} */
                kind: "charge" | "refund" | "adjustment" | "balance_forward" | "collection";
                reference?: string;
                providerId?: string;
                offerId?: string;
                channelId?: string;
                /** @enum {string} */
                route?: "carrier" | "wallet";
                /** Format: int64 */
                amountMinor: number;
                transferId?: string;
            }[];
            /**
             * Format: int64
             * @description A paged statement: how many lines its pages hold
             */
            lineCount?: number;
            /** @description A paged statement: its pages, each with the digests of the page's canonical JSON and CSV */
            pages?: {
                /** Format: int64 */
                page: number;
                /** Format: int64 */
                lineCount: number;
                /** @description Lowercase hex SHA-256 of the page's canonical JSON */
                sha256: string;
                /** @description Lowercase hex SHA-256 of the page's CSV */
                csvSha256: string;
            }[];
        } | {
            id: string;
            partyId: string;
            period: string;
            currency: string;
            /** @description JWS (typ kippu-statement+jwt) over the SHA-256 of the canonical JSON without token and of the CSV */
            token: string;
            /** @constant */
            kind: "provider_statement";
            totals: {
                /** Format: int64 */
                grossMinor: number;
                /** Format: int64 */
                platformFeesMinor: number;
                /** Format: int64 */
                carrierFeesMinor: number;
                /** Format: int64 */
                refundsMinor: number;
                /** Format: int64 */
                adjustmentsMinor: number;
                /** Format: int64 */
                netPayoutMinor: number;
                /** Format: int64 */
                openingBalanceMinor: number;
                /** Format: int64 */
                closingBalanceMinor: number;
            };
            payoutWithheld?: components["schemas"]["SettlementWithheld"];
            /** @description The statement's lines (absent on a paged statement: see pages) */
            lines?: {
                /** Format: date-time */
                date: string;
                /** @enum {string} */
                kind: "sale" | "refund" | "adjustment" | "payout";
                reference?: string;
                offerId?: string;
                channelId?: string;
                /** @enum {string} */
                route?: "carrier" | "wallet";
                /** Format: int64 */
                grossMinor: number;
                /** Format: int64 */
                platformFeeMinor: number;
                /** Format: int64 */
                carrierFeeMinor: number;
                /** Format: int64 */
                netMinor: number;
                carriedForward: boolean;
                transferIds: string[];
            }[];
            /**
             * Format: int64
             * @description A paged statement: how many lines its pages hold
             */
            lineCount?: number;
            /** @description A paged statement: its pages, each with the digests of the page's canonical JSON and CSV */
            pages?: {
                /** Format: int64 */
                page: number;
                /** Format: int64 */
                lineCount: number;
                /** @description Lowercase hex SHA-256 of the page's canonical JSON */
                sha256: string;
                /** @description Lowercase hex SHA-256 of the page's CSV */
                csvSha256: string;
            }[];
        } | {
            id: string;
            partyId: string;
            period: string;
            currency: string;
            /** @description JWS (typ kippu-statement+jwt) over the SHA-256 of the canonical JSON without token and of the CSV */
            token: string;
            /** @constant */
            kind: "agent_statement";
            totals: {
                /** Format: int64 */
                carrierFeesMinor: number;
                /** Format: int64 */
                carrierFeeRefundsMinor: number;
                /** Format: int64 */
                topUpFeesMinor: number;
                /** Format: int64 */
                adjustmentsMinor: number;
                /** Format: int64 */
                netPayoutMinor: number;
                /** Format: int64 */
                openingBalanceMinor: number;
                /** Format: int64 */
                closingBalanceMinor: number;
            };
            payoutWithheld?: components["schemas"]["SettlementWithheld"];
            /** @description The statement's lines (absent on a paged statement: see pages) */
            lines?: {
                /** Format: date-time */
                date: string;
                /** @enum {string} */
                kind: "carrier_fee" | "carrier_fee_refund" | "topup_fee" | "topup_fee_reversal" | "adjustment" | "payout";
                reference?: string;
                offerId?: string;
                channelId?: string;
                /** Format: int64 */
                amountMinor: number;
                carriedForward: boolean;
                transferId: string;
            }[];
            /**
             * Format: int64
             * @description A paged statement: how many lines its pages hold
             */
            lineCount?: number;
            /** @description A paged statement: its pages, each with the digests of the page's canonical JSON and CSV */
            pages?: {
                /** Format: int64 */
                page: number;
                /** Format: int64 */
                lineCount: number;
                /** @description Lowercase hex SHA-256 of the page's canonical JSON */
                sha256: string;
                /** @description Lowercase hex SHA-256 of the page's CSV */
                csvSha256: string;
            }[];
        };
        /** @description The ledger refused what this statement owed (reason): it was not posted, the amount is in the closing balance and the next period tries again */
        SettlementWithheld: {
            /** @enum {string} */
            reason: "BALANCE_OVERFLOW";
            /** Format: int64 */
            amountMinor: number;
        };
        StatementPage: {
            statementId: string;
            /** Format: int64 */
            page: number;
            lines: {
                /** Format: date-time */
                date: string;
                /** @enum {string} */
                kind: "charge" | "refund" | "adjustment" | "balance_forward" | "collection";
                reference?: string;
                providerId?: string;
                offerId?: string;
                channelId?: string;
                /** @enum {string} */
                route?: "carrier" | "wallet";
                /** Format: int64 */
                amountMinor: number;
                transferId?: string;
            }[] | {
                /** Format: date-time */
                date: string;
                /** @enum {string} */
                kind: "sale" | "refund" | "adjustment" | "payout";
                reference?: string;
                offerId?: string;
                channelId?: string;
                /** @enum {string} */
                route?: "carrier" | "wallet";
                /** Format: int64 */
                grossMinor: number;
                /** Format: int64 */
                platformFeeMinor: number;
                /** Format: int64 */
                carrierFeeMinor: number;
                /** Format: int64 */
                netMinor: number;
                carriedForward: boolean;
                transferIds: string[];
            }[] | {
                /** Format: date-time */
                date: string;
                /** @enum {string} */
                kind: "carrier_fee" | "carrier_fee_refund" | "topup_fee" | "topup_fee_reversal" | "adjustment" | "payout";
                reference?: string;
                offerId?: string;
                channelId?: string;
                /** Format: int64 */
                amountMinor: number;
                carriedForward: boolean;
                transferId: string;
            }[];
        };
        Content: {
            id: string;
            providerId: string;
            title: string;
            keywords: string[];
            purposes: string[];
            /** Format: int64 */
            maxPeriodSeconds: number;
            capabilities: string[];
            /** Format: date-time */
            createdAt: string;
        };
        ContentList: {
            items: components["schemas"]["Content"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        UsageList: {
            items: components["schemas"]["UsageEvent"][];
            /** @description Absent on the last page. */
            nextCursor?: components["schemas"]["Cursor"];
        };
        UsageEvent: {
            id: string;
            /** @enum {string} */
            kind: "redeem" | "usage" | "expiry" | "grant" | "transfer";
            /** Format: date-time */
            at: string;
            ticketId: string;
            providerId: string;
            /** @description the customer’s own log only */
            holderId?: string;
            /** @description the holder’s pseudonym: a provider’s log only */
            subject?: string;
            contentId?: string;
            redemptionId?: string;
            /** Format: int64 */
            uses?: number;
            /** Format: int64 */
            seconds?: number;
            /** Format: int64 */
            usedSeconds?: number;
            /** Format: int64 */
            releasedSeconds?: number;
            toTicketId?: string;
            granteeId?: string;
            toDeviceId?: string;
        };
        Redemption: {
            redemptionId: string;
            /** @description what the redeem read less its debit: exact unless other redeems of the ticket committed in between, then at most this much is left */
            remaining: {
                /** Format: int64 */
                uses?: number;
                /** Format: int64 */
                seconds?: number;
            };
            /** @description a bound ticket for a content: its key as a compact JWE (ECDH-ES, A256GCM) to the bound device */
            contentKey?: string;
            /** @description seconds reserved; report their use before expiresAt or they go back */
            reservation?: {
                /** Format: int64 */
                seconds: number;
                /** Format: date-time */
                expiresAt: string;
            };
        };
        UsageReport: {
            redemptionId: string;
            /**
             * @description a reservation that expired first is 409 USAGE_RESERVATION_EXPIRED
             * @enum {string}
             */
            status: "settled";
            /** Format: int64 */
            usedSeconds: number;
            /** Format: int64 */
            releasedSeconds: number;
            /** @description what the ticket has left: uses (max), seconds not reserved (sec) */
            remaining: {
                /** Format: int64 */
                uses?: number;
                /** Format: int64 */
                seconds?: number;
            };
        };
        IntakeSet: {
            /** @enum {string} */
            redeem: "open" | "draining";
            /**
             * Format: int64
             * @description admitted redeems, grants, device transfers and usage reports running now (a request refused because the intake drains is never counted)
             */
            inFlight: number;
            /**
             * Format: date-time
             * @description when the mode last changed (setting the mode already in force keeps it); absent: never set
             */
            changedAt?: string;
            /** @description whether this request changed the mode; false when it was in force already (changedAt then kept) */
            changed: boolean;
        };
        Intake: {
            /** @enum {string} */
            redeem: "open" | "draining";
            /**
             * Format: int64
             * @description admitted redeems, grants, device transfers and usage reports running now (a request refused because the intake drains is never counted)
             */
            inFlight: number;
            /**
             * Format: date-time
             * @description when the mode last changed (setting the mode already in force keeps it); absent: never set
             */
            changedAt?: string;
        };
        OneTimePassword: {
            /** @description good for one connection until expiresAt; shown once: kippu keeps only its hash, and a replayed answer (the same Idempotency-Key) leaves it out */
            password?: string;
            /**
             * Format: date-time
             * @description when the password stops working if unused: 300 seconds after it was made, never past the ticket’s window
             */
            expiresAt: string;
        };
        FixedPassword: {
            /** @description the ticket’s password for every connection until expiresAt or until a new one replaces it; shown once: kippu keeps only its hash, and a replayed answer (the same Idempotency-Key) leaves it out */
            password?: string;
            /**
             * Format: date-time
             * @description the end of the ticket’s window
             */
            expiresAt: string;
        };
        HandedOverTicket: {
            ticket: {
                id: string;
                /** @description compact JWS, ES256, typ kippu-ticket+jwt */
                token: string;
            };
        };
        /**
         * @example {
         *       "type": "https://kippu.dev/problems/validation-failed",
         *       "title": "Validation failed",
         *       "status": 422,
         *       "code": "VALIDATION_FAILED",
         *       "detail": "The request body is invalid: \"amountMinor\".",
         *       "errors": [
         *         {
         *           "field": "amountMinor",
         *           "message": "too small: expected number to be >=1"
         *         }
         *       ]
         *     }
         */
        Problem: {
            type: string;
            title: string;
            /** Format: int64 */
            status: number;
            /** @enum {string} */
            code: "MALFORMED_JSON" | "MALFORMED_PATH" | "MISSING_IDEMPOTENCY_KEY" | "INVALID_IDEMPOTENCY_KEY" | "UNSUPPORTED_MEDIA_TYPE" | "PAYLOAD_TOO_LARGE" | "VALIDATION_FAILED" | "ROUTE_NOT_FOUND" | "METHOD_NOT_ALLOWED" | "UNAUTHENTICATED" | "FORBIDDEN" | "IDEMPOTENCY_KEY_REUSED" | "IDEMPOTENCY_REQUEST_IN_PROGRESS" | "TICKET_NOT_FOUND" | "ACCOUNT_NOT_FOUND" | "ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS" | "TRANSFER_NOT_FOUND" | "TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS" | "CURRENCY_MISMATCH" | "SAME_DEBIT_AND_CREDIT_ACCOUNT" | "AMOUNT_NOT_POSITIVE" | "EXCEEDS_CREDITS" | "EXCEEDS_DEBITS" | "PENDING_TRANSFER_NOT_FOUND" | "TRANSFER_NOT_PENDING" | "PENDING_TRANSFER_ALREADY_POSTED" | "PENDING_TRANSFER_ALREADY_VOIDED" | "PENDING_TRANSFER_EXPIRED" | "PENDING_TRANSFER_OWNED_BY_FLOW" | "TRANSFER_OWNED_BY_FLOW" | "POST_AMOUNT_EXCEEDS_PENDING" | "LINKED_BATCH_TOO_LARGE" | "LINKED_BATCH_DUPLICATE_ID" | "LINKED_TRANSFER_FAILED" | "TRANSACTION_CONFLICT" | "REVERSAL_DOES_NOT_MATCH_ORIGINAL" | "REVERSAL_AMOUNT_EXCEEDS_ORIGINAL" | "BALANCE_OVERFLOW" | "PROVIDER_NOT_FOUND" | "AGENT_NOT_FOUND" | "CUSTOMER_NOT_FOUND" | "PARTY_NOT_FOUND" | "OFFER_NOT_FOUND" | "OFFER_WITHDRAWN" | "PURCHASE_NOT_FOUND" | "DOCKET_NOT_FOUND" | "REFUND_DOCKET_NOT_FOUND" | "INVALID_CURSOR" | "TOPUP_REFERENCE_REUSED" | "INSUFFICIENT_FUNDS" | "CREDIT_LIMIT_EXCEEDED" | "NO_PAYMENT_ROUTE" | "PROVIDER_NOT_TRUSTED" | "CARRIER_ACCOUNT_NOT_FOUND" | "CARRIER_CURRENCY_MISMATCH" | "CARRIER_LINK_NOT_FOUND" | "CARRIER_LINK_EXPIRED" | "CARRIER_LINK_USED" | "CARRIER_ACCOUNT_EXISTS" | "CARRIER_BALANCE_OUTSTANDING" | "CARRIER_CREDIT_LIMIT_FIXED" | "REFUND_NOT_ALLOWED" | "PURCHASE_NOT_REFUNDABLE" | "SETTLEMENT_MESSAGE_MALFORMED" | "CHANNEL_NOT_FOUND" | "RESERVATION_NOT_FOUND" | "MISALIGNED_START" | "INSIDE_RECONFIRM_LEAD" | "BEYOND_BOOKING_HORIZON" | "RANGE_TOO_LARGE" | "SLOT_TAKEN" | "QUOTA_EXCEEDED" | "RESERVATION_EXPIRED" | "RESERVATION_NOT_ACTIVE" | "SHOW_ENDED" | "CHANGE_NOT_ALLOWED" | "PASSWORD_REQUIRED" | "WRONG_PASSWORD" | "RESERVATION_FULL" | "NOT_ADMITTING" | "VIEWER_NOT_FOUND" | "REGISTRATION_NOT_FOUND" | "REGISTRATION_PENDING" | "REGISTRATION_CODE_INVALID" | "REGISTRATION_EXPIRED" | "EMAIL_ALREADY_REGISTERED" | "PASSWORD_REJECTED" | "INVALID_CREDENTIALS" | "SIGN_IN_CHALLENGE_REQUIRED" | "DPOP_PROOF_MISSING" | "DPOP_PROOF_INVALID" | "DPOP_PROOF_STALE" | "DPOP_PROOF_REPLAYED" | "DEVICE_NOT_REGISTERED" | "DEVICE_NOT_FOUND" | "DEVICE_ALREADY_REGISTERED" | "DEVICE_LIMIT_REACHED" | "LAST_DEVICE" | "DEVICE_IN_PAIR" | "DEVICE_PAIR_NOT_FOUND" | "DEVICE_PAIR_SAME_DEVICE" | "CREDENTIAL_NOT_FOUND" | "CREDENTIALS_LIMIT_REACHED" | "CLIENT_NOT_REGISTERED" | "SESSION_REVOKED" | "BILLING_RUN_NOT_FOUND" | "STATEMENT_NOT_FOUND" | "STATEMENT_PAGE_NOT_FOUND" | "PERIOD_NOT_CLOSED" | "PREVIOUS_PERIOD_NOT_BILLED" | "PERIOD_BEFORE_BILLING_START" | "PERIOD_WITHOUT_ACTIVITY" | "BILLING_RUN_NOT_COMPLETED" | "REMITTANCE_ALREADY_IMPORTED" | "REMITTANCE_NOT_FOUND" | "NO_COLLECTIONS_BILLED" | "REMITTANCE_NOT_BILLED" | "STATEMENT_TOO_LARGE" | "STATEMENT_AMOUNT_TOO_LARGE" | "CONTENT_NOT_FOUND" | "PURPOSE_NOT_ALLOWED" | "PERIOD_TOO_LONG" | "TICKET_REVOKED" | "TICKET_EXPIRED" | "TICKET_NOT_YET_VALID" | "TICKET_EXHAUSTED" | "DEVICE_PROOF_INVALID" | "OTP_INVALID" | "REDEMPTION_NOT_FOUND" | "USAGE_NOT_RESERVED" | "USAGE_RESERVATION_EXPIRED" | "USAGE_ALREADY_REPORTED" | "GRANT_EXCEEDS_ALLOWANCE" | "TICKET_NOT_BOUND" | "TICKET_NOT_DIVISIBLE" | "TICKET_IN_USE" | "OTP_NOT_REQUIRED" | "FIXED_PASSWORD_NOT_REQUIRED" | "TRANSFER_NOT_ALLOWED" | "INTAKE_DRAINING" | "REQUEST_TIMED_OUT" | "THROTTLED" | "REQUEST_REJECTED" | "REQUEST_BLOCKED" | "INTERNAL_ERROR";
            /** @description A sentence for people. */
            detail: string;
            errors?: {
                field: string;
                message: string;
            }[];
            instance?: string;
            /** @description On a 500: quote it when reporting the error. */
            requestId?: string;
            /**
             * Format: int64
             * @description The failing leg of a linked batch.
             */
            index?: number;
            /**
             * Format: date-time
             * @description On RESERVATION_EXPIRED: the deadline that passed.
             */
            reconfirmBy?: string;
            /** @description On QUOTA_EXCEEDED: the UTC month (YYYY-MM) over its quota. */
            month?: string;
            /**
             * Format: int64
             * @description On QUOTA_EXCEEDED: the slots a customer may book in a month.
             */
            quota?: number;
            /**
             * Format: int64
             * @description On REGISTRATION_CODE_INVALID: the attempts left.
             */
            attemptsLeft?: number;
            /** @description On SLOT_TAKEN: the slots that are booked already. */
            slots?: string[];
            /**
             * Format: int64
             * @description On RESERVATION_FULL: the seats of the show.
             */
            capacity?: number;
            /**
             * Format: int64
             * @description On INSUFFICIENT_FUNDS at reconfirmation: the price to hold.
             */
            priceMinor?: number;
            /** @description With priceMinor. */
            currency?: string;
            /** @description On a refused purchase: why each payment route could not pay (a problem code each). */
            routes?: {
                carrier: string;
                wallet: string;
            };
            /** @description On PURPOSE_NOT_ALLOWED: the purposes the offer allows. */
            allowedPurposes?: string[];
            /**
             * Format: int64
             * @description On PERIOD_TOO_LONG: the content's longest period.
             */
            maxPeriodSeconds?: number;
            /**
             * Format: int64
             * @description On PERIOD_TOO_LONG: the offer's ticket window.
             */
            validitySeconds?: number;
            /** @description On TICKET_EXHAUSTED and GRANT_EXCEEDS_ALLOWANCE: what the ticket has left. */
            remaining?: {
                /** Format: int64 */
                uses?: number;
                /** Format: int64 */
                seconds?: number;
            };
            /** @description With remaining: what was asked for. */
            requested?: {
                /** Format: int64 */
                uses?: number;
                /** Format: int64 */
                seconds?: number;
            };
            /**
             * Format: int64
             * @description On INTAKE_DRAINING and REQUEST_TIMED_OUT: when to try again, in seconds (also in Retry-After).
             */
            retryAfterSeconds?: number;
            /**
             * @description On PENDING_TRANSFER_OWNED_BY_FLOW and TRANSFER_OWNED_BY_FLOW: the kippu flow that resolves the hold or corrects the transfer (a hold: purchase or reservation).
             * @enum {string}
             */
            flow?: "purchase" | "reservation" | "billing" | "topup";
            /** @description With flow: the transfer's reference, the purchase, reservation, statement or remittance it belongs to (a top-up: the agent's reference). */
            ownerId?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The challenge of a 401 on an operation that takes a token: Bearer (RFC 6750). Every token is a bearer token, a customer's access token from POST /v1/sessions included (it carries no cnf, and no DPoP proof is asked per request); kippu does not accept the DPoP scheme here, so it does not offer it. */
        WWWAuthenticate: "Bearer";
        /** @description The challenge of a 401 from the sign-in (POST /v1/sessions), which requires a DPoP proof with ES256 (RFC 9449 §7.1) by a registered device. When a proof was presented and refused (DPOP_PROOF_INVALID, DPOP_PROOF_STALE, DPOP_PROOF_REPLAYED) it carries error="invalid_dpop_proof" (RFC 9449 §12.2). */
        WWWAuthenticateDPoP: "DPoP algs=\"ES256\"" | "DPoP error=\"invalid_dpop_proof\", algs=\"ES256\"";
        /** @description Sent when the request carried an Idempotency-Key and its answer is the one stored under the key: false on the request that ran, true on a repeat that replays its answer (same status and body). */
        IdempotentReplayed: "true" | "false";
        /** @description The path of the object the answer names: the one created, or the one that existed already. */
        Location: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    healthGet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description kippu is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openapiGet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    jwksGet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A JWK Set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JsonWebKeySet"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ticketCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "providerId": "prov-1",
                 *       "holderId": "cust-1",
                 *       "resource": "server-1/stream-7",
                 *       "validitySeconds": 3600,
                 *       "capabilities": [
                 *         "image",
                 *         "voice"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["TicketCreateRequest"];
            };
        };
        responses: {
            /** @description The ticket was issued (a repeat with the same Idempotency-Key replays it). */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ticket"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND, CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ticketGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ticket. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ticket"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TICKET_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    providerRevocationsGet: {
        parameters: {
            query?: {
                /** @description The version the verifier holds (default 0; at most the largest version a list can reach). Beyond this list's latest version: 422 VALIDATION_FAILED naming since. */
                since?: number;
                /** @description The nextCursor of the previous page (it wins over since). */
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One signed page of revoked tickets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevocationList"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    accountCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "acct-wallet-1",
                 *       "currency": "JPY",
                 *       "flags": {
                 *         "debitsMustNotExceedCredits": true
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AccountCreateRequest"];
            };
        };
        responses: {
            /** @description An account with this id and these fields exists. */
            200: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description Created. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    accountGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: ACCOUNT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    accountEntriesList: {
        parameters: {
            query?: {
                /** @description Entries per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of entries; pass nextCursor as cursor for the next. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountEntries"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: ACCOUNT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    transferCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "trf-1",
                 *       "debitAccountId": "acct-a",
                 *       "creditAccountId": "acct-b",
                 *       "amountMinor": 500,
                 *       "currency": "JPY"
                 *     }
                 */
                "application/json": components["schemas"]["TransferCreateRequest"];
            };
        };
        responses: {
            /** @description Every transfer exists with these fields. */
            200: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferCreated"];
                };
            };
            /** @description Created: a single transfer, or { transfers } for a linked batch (Location: the transfer, or the first of the batch). */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferCreated"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: ACCOUNT_NOT_FOUND, TRANSFER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, EXCEEDS_CREDITS, EXCEEDS_DEBITS, LINKED_TRANSFER_FAILED, TRANSFER_OWNED_BY_FLOW. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, CURRENCY_MISMATCH, SAME_DEBIT_AND_CREDIT_ACCOUNT, LINKED_BATCH_DUPLICATE_ID, REVERSAL_DOES_NOT_MATCH_ORIGINAL, REVERSAL_AMOUNT_EXCEEDS_ORIGINAL, BALANCE_OVERFLOW. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    transferGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The transfer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSFER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    transferPost: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TransferResolveRequest"];
            };
        };
        responses: {
            /** @description This posting exists already. */
            200: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description The posting transfer. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PENDING_TRANSFER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, TRANSFER_NOT_PENDING, PENDING_TRANSFER_ALREADY_POSTED, PENDING_TRANSFER_ALREADY_VOIDED, PENDING_TRANSFER_EXPIRED, PENDING_TRANSFER_OWNED_BY_FLOW. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, BALANCE_OVERFLOW, POST_AMOUNT_EXCEEDS_PENDING. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    transferVoid: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TransferVoidRequest"];
            };
        };
        responses: {
            /** @description This void exists already. */
            200: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description The voiding transfer. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PENDING_TRANSFER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, TRANSFER_NOT_PENDING, PENDING_TRANSFER_ALREADY_POSTED, PENDING_TRANSFER_ALREADY_VOIDED, PENDING_TRANSFER_EXPIRED, PENDING_TRANSFER_OWNED_BY_FLOW. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, BALANCE_OVERFLOW. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    providerCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Harbour Cams",
                 *       "proxySettlement": {
                 *         "trusted": true
                 *       },
                 *       "platformFeeBps": 500
                 *     }
                 */
                "application/json": components["schemas"]["ProviderCreateRequest"];
            };
        };
        responses: {
            /** @description The provider with the ids of its ledger accounts. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Provider"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    agentCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Corner Kiosk",
                 *       "feeBps": 200,
                 *       "topUpFeeBps": 250
                 *     }
                 */
                "application/json": components["schemas"]["AgentCreateRequest"];
            };
        };
        responses: {
            /** @description The agent with the ids of its ledger accounts. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    customerCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Aiko"
                 *     }
                 */
                "application/json": components["schemas"]["CustomerCreateRequest"];
            };
        };
        responses: {
            /** @description The customer with the ids of its ledger accounts. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: AGENT_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    customerTopup: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amountMinor": 5000,
                 *       "currency": "JPY",
                 *       "reference": "receipt-0001"
                 *     }
                 */
                "application/json": components["schemas"]["TopUpRequest"];
            };
        };
        responses: {
            /** @description A top-up with this reference exists already. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopUp"];
                };
            };
            /** @description The top-up transfer. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopUp"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, AGENT_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, TOPUP_REFERENCE_REUSED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, BALANCE_OVERFLOW. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    carrierLinkCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "creditLimitMinor": 50000,
                 *       "currency": "JPY"
                 *     }
                 */
                "application/json": components["schemas"]["CarrierLinkCreateRequest"];
            };
        };
        responses: {
            /** @description The link, with its code. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CarrierLink"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: AGENT_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    carrierAccountRedeem: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CarrierAccountRedeemRequest"];
            };
        };
        responses: {
            /** @description The customer with the ids of its ledger accounts, the carrier account among them. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, CARRIER_LINK_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, CARRIER_LINK_USED, CARRIER_LINK_EXPIRED, CARRIER_ACCOUNT_EXISTS, CARRIER_BALANCE_OUTSTANDING, CARRIER_CREDIT_LIMIT_FIXED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    carrierAccountLeave: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description The customer as it now stands: no carrier, the ended terms as formerCarrier, the carrier account still among its accounts. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, CARRIER_ACCOUNT_NOT_FOUND. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    customerCarrierAccountEnd: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description The customer as it now stands: no carrier, the ended terms as formerCarrier, the carrier account still among its accounts. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, CARRIER_ACCOUNT_NOT_FOUND. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    meGet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The party, with `kind` naming its shape. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND, AGENT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    meAccountsList: {
        parameters: {
            query?: {
                /** @description Accounts per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the accounts of the caller; pass nextCursor as cursor for the next. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyAccounts"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND, AGENT_NOT_FOUND, ACCOUNT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    meAccountEntriesList: {
        parameters: {
            query?: {
                /** @description Entries per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                accountId: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of entries; pass nextCursor as cursor for the next. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountEntries"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: ACCOUNT_NOT_FOUND, CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND, AGENT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    providerGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The provider. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Provider"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    providerTrustUpdate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "trusted": false
                 *     }
                 */
                "application/json": components["schemas"]["ProviderTrustRequest"];
            };
        };
        responses: {
            /** @description The provider, as GET /v1/providers/{id} shows it. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Provider"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    agentGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agent. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: AGENT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    customerGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The customer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    offerList: {
        parameters: {
            query?: {
                /** @description keywords; every one must match a word of the title, resource or capabilities; at most 8 distinct ones (else 422 VALIDATION_FAILED naming q) */
                q?: string;
                providerId?: string;
                /** @description withdrawn: list withdrawn offers too (they are left out by default); for the provider with providerId its own, and operators (anyone else: 403 FORBIDDEN naming include) */
                include?: "withdrawn";
                /** @description Offers per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of offers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfferList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED, FORBIDDEN. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    offerCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "providerId": "prov-1",
                 *       "title": "Harbour webcam, one day",
                 *       "resource": "server-1/stream-7",
                 *       "priceMinor": 300,
                 *       "currency": "JPY",
                 *       "validitySeconds": 86400,
                 *       "capabilities": [
                 *         "image"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["OfferCreateRequest"];
            };
        };
        responses: {
            /** @description The offer. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Offer"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND, CONTENT_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, PURPOSE_NOT_ALLOWED, PERIOD_TOO_LONG. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    offerGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The offer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Offer"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: OFFER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    offerWithdraw: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description The withdrawn offer. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Offer"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: OFFER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    purchaseList: {
        parameters: {
            query?: {
                /** @description Only the purchases in this status. */
                status?: "authorized" | "settled" | "rejected" | "refunded";
                /** @description Whose purchases: a customer reads its own (another customer's id is 404 CUSTOMER_NOT_FOUND); an operator must name the customer (else 422 VALIDATION_FAILED naming customerId). */
                customerId?: string;
                /** @description At most this many purchases per page (a filtered page may hold fewer and still have a nextCursor). */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of purchases. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    purchaseCreate: {
        parameters: {
            query?: never;
            header: {
                /** @description A repeat with the same key replays the first answer (Idempotent-Replayed: true); the same key with a different request, on this route or any other of the caller's, is 422 IDEMPOTENCY_KEY_REUSED. */
                "Idempotency-Key": components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "offerId": "ofr_example"
                 *     }
                 */
                "application/json": components["schemas"]["PurchaseCreateRequest"];
            };
        };
        responses: {
            /** @description The purchase, authorized, with its ticket and hold. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Purchase"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY, MISSING_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INSUFFICIENT_FUNDS, CREDIT_LIMIT_EXCEEDED, NO_PAYMENT_ROUTE. */
            402: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, OFFER_NOT_FOUND, CONTENT_NOT_FOUND, DEVICE_NOT_FOUND, PROVIDER_NOT_FOUND, AGENT_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, OFFER_WITHDRAWN, PROVIDER_NOT_TRUSTED, CARRIER_ACCOUNT_NOT_FOUND, CARRIER_CURRENCY_MISMATCH. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, PURPOSE_NOT_ALLOWED, PERIOD_TOO_LONG. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    purchaseGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The purchase. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Purchase"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PURCHASE_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    purchaseDocketGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The docket. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Docket"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PURCHASE_NOT_FOUND, DOCKET_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    purchaseRefundDocketGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refund docket. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundDocket"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PURCHASE_NOT_FOUND, REFUND_DOCKET_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    purchaseRefund: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PurchaseRefundRequest"];
            };
        };
        responses: {
            /** @description The refunded purchase (a repeat answers the same). */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Purchase"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED, REFUND_NOT_ALLOWED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PURCHASE_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, PURCHASE_NOT_REFUNDABLE. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, BALANCE_OVERFLOW. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    channelCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Studio A",
                 *       "capacity": 100,
                 *       "bandwidthKbps": 4000,
                 *       "feePerSlotMinor": 1000,
                 *       "currency": "JPY"
                 *     }
                 */
                "application/json": components["schemas"]["ChannelCreateRequest"];
            };
        };
        responses: {
            /** @description The channel. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Channel"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    channelGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The channel. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Channel"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CHANNEL_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    channelAvailabilityGet: {
        parameters: {
            query: {
                /** @description Start of the range (inclusive), rounded down to a slot boundary. */
                from: string & (unknown & unknown);
                /** @description End of the range (exclusive), rounded up to a slot boundary from the instant as written (a fraction of a millisecond past a boundary reaches into the next slot): at most 1008 slots after from (else 422 RANGE_TOO_LARGE); it must be after from, to the last digit written (else 422 VALIDATION_FAILED naming to). */
                to: string & (unknown & unknown);
            };
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The slots. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAvailability"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CHANNEL_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, RANGE_TOO_LARGE. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationList: {
        parameters: {
            query?: {
                /** @description Only the reservations in this status. */
                status?: "pending_reconfirmation" | "confirmed" | "expired" | "cancelled" | "completed" | "failed";
                /** @description Whose reservations: a customer reads its own (another customer's id is 404 CUSTOMER_NOT_FOUND); an operator must name the customer (else 422 VALIDATION_FAILED naming customerId). */
                customerId?: string;
                /** @description At most this many reservations per page (a filtered page may hold fewer and still have a nextCursor). */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of reservations; status is judged at the request (a booking past its reconfirmBy is expired). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReservationList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "channelId": "chn_example",
                 *       "startsAt": "2030-01-01T12:00:00Z",
                 *       "slots": 3,
                 *       "title": "Evening show",
                 *       "openLevel": "public"
                 *     }
                 */
                "application/json": components["schemas"]["ReservationCreateRequest"];
            };
        };
        responses: {
            /** @description The booking. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, CHANNEL_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, SLOT_TAKEN, QUOTA_EXCEEDED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, MISALIGNED_START, INSIDE_RECONFIRM_LEAD, BEYOND_BOOKING_HORIZON, PASSWORD_REQUIRED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reservation; a booking past its reconfirmBy reads expired, whether or not its expiry has run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: RESERVATION_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationUpdate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReservationUpdateRequest"];
            };
        };
        responses: {
            /** @description The reservation. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: RESERVATION_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, RESERVATION_NOT_ACTIVE, RESERVATION_EXPIRED, CHANGE_NOT_ALLOWED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, PASSWORD_REQUIRED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationReconfirm: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description Confirmed, with the broadcaster ticket. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReservationReconfirmed"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INSUFFICIENT_FUNDS, CREDIT_LIMIT_EXCEEDED, NO_PAYMENT_ROUTE. */
            402: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: RESERVATION_NOT_FOUND, CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND, AGENT_NOT_FOUND, ACCOUNT_NOT_FOUND, CHANNEL_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, RESERVATION_NOT_ACTIVE, RESERVATION_EXPIRED, PROVIDER_NOT_TRUSTED, CARRIER_ACCOUNT_NOT_FOUND, CARRIER_CURRENCY_MISMATCH. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationCancel: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description The cancelled reservation. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: RESERVATION_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, RESERVATION_NOT_ACTIVE, RESERVATION_EXPIRED, SHOW_ENDED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationOutcome: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReservationOutcomeRequest"];
            };
        };
        responses: {
            /** @description The failed reservation. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReservationOutcome"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: RESERVATION_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, RESERVATION_NOT_ACTIVE, RESERVATION_EXPIRED, SHOW_ENDED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationViewerAdmit: {
        parameters: {
            query?: never;
            header: {
                /** @description A repeat with the same key replays the first answer (Idempotent-Replayed: true); the same key with a different request, on this route or any other of the caller's, is 422 IDEMPOTENCY_KEY_REUSED. */
                "Idempotency-Key": components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ViewerAdmitRequest"];
            };
        };
        responses: {
            /** @description The viewer ticket: the seat the customer holds already, if any (Location: the ticket, which the viewer reads). */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Viewer"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY, MISSING_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED, WRONG_PASSWORD. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, RESERVATION_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, RESERVATION_FULL, NOT_ADMITTING. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, PASSWORD_REQUIRED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reservationViewerLeave: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                ticketId: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description The viewer has left. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ViewerLeft"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: RESERVATION_NOT_FOUND, VIEWER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listingsGet: {
        parameters: {
            query: {
                /** @description Shows starting at or after this time. */
                from: string & (unknown & unknown);
                /** @description Shows starting before this time: at most 31 days after from (else 422 RANGE_TOO_LARGE); it must be after from (else 422 VALIDATION_FAILED naming to). */
                to: string & (unknown & unknown);
                /** @description Shows per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of shows. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Listings"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, RANGE_TOO_LARGE. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registrationCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegistrationCreateRequest"];
            };
        };
        responses: {
            /** @description The provisional registration; the code is on its way. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registration"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, EMAIL_ALREADY_REGISTERED, REGISTRATION_PENDING. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, PASSWORD_REJECTED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registrationConfirm: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegistrationConfirmRequest"];
            };
        };
        responses: {
            /** @description Confirmed (a repeat with the code answers the same). */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationConfirmation"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REGISTRATION_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, REGISTRATION_EXPIRED, EMAIL_ALREADY_REGISTERED, DEVICE_LIMIT_REACHED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, REGISTRATION_CODE_INVALID, PASSWORD_REJECTED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sessionCreate: {
        parameters: {
            query?: never;
            header: {
                /** @description A DPoP proof: a compact JWS, typ dpop+jwt, ES256, with the public key in its header (else 401 DPOP_PROOF_MISSING). */
                DPoP: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionCreateRequest"];
            };
        };
        responses: {
            /** @description A Cognito access token, a bearer token whose session is bound to the device that proved itself (ended when that device is removed). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: DPOP_PROOF_MISSING, DPOP_PROOF_INVALID, DPOP_PROOF_STALE, DPOP_PROOF_REPLAYED, INVALID_CREDENTIALS, SIGN_IN_CHALLENGE_REQUIRED, DEVICE_NOT_REGISTERED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticateDPoP"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED, FORBIDDEN. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deviceList: {
        parameters: {
            query?: {
                /** @description Items per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of devices. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deviceCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceCreateRequest"];
            };
        };
        responses: {
            /** @description This key is registered already under this name. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description The device. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, DEVICE_LIMIT_REACHED, DEVICE_ALREADY_REGISTERED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deviceDelete: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, DEVICE_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, LAST_DEVICE, DEVICE_IN_PAIR. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devicePairList: {
        parameters: {
            query?: {
                /** @description Items per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of device pairs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevicePairList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devicePairCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DevicePairCreateRequest"];
            };
        };
        responses: {
            /** @description This pair exists already. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevicePair"];
                };
            };
            /** @description The pair. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevicePair"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, DEVICE_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, DEVICE_PAIR_SAME_DEVICE. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devicePairDelete: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND, DEVICE_PAIR_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    providerCredentialsCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CredentialsCreateRequest"];
            };
        };
        responses: {
            /** @description The credentials; the secret is shown once (a replay leaves it out). */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credentials"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, CREDENTIALS_LIMIT_REACHED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    providerCredentialsDelete: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                clientId: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND, CREDENTIAL_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    agentCredentialsCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CredentialsCreateRequest"];
            };
        };
        responses: {
            /** @description The credentials; the secret is shown once (a replay leaves it out). */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credentials"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: AGENT_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, CREDENTIALS_LIMIT_REACHED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    agentCredentialsDelete: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                clientId: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: AGENT_NOT_FOUND, CREDENTIAL_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    operatorCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OperatorCreateRequest"];
            };
        };
        responses: {
            /** @description This operator exists already. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
            /** @description The operator. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, EMAIL_ALREADY_REGISTERED, REGISTRATION_PENDING. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    billingRunList: {
        parameters: {
            query: {
                /** @description The month whose runs to list (the monthly schedule bills the month before its firing). */
                period: string;
                /** @description At most this many runs per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of runs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingRunList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    billingRunCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "period": "2026-10"
                 *     }
                 */
                "application/json": components["schemas"]["BillingRunCreateRequest"];
            };
        };
        responses: {
            /** @description The run, running (a repeat with the same Idempotency-Key answers it). */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingRun"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, PERIOD_NOT_CLOSED, PREVIOUS_PERIOD_NOT_BILLED, PERIOD_BEFORE_BILLING_START, PERIOD_WITHOUT_ACTIVITY. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    billingRunGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingRun"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: BILLING_RUN_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    billingRemittanceImport: {
        parameters: {
            query: {
                /** @description the carrier whose report this is */
                agentId: string;
            };
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example customerId,currency,remittedMinor
                 *     cust-1,JPY,1200
                 */
                "text/csv": string;
            };
        };
        responses: {
            /** @description The same report was imported before: its import as it stands. */
            200: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Remittance"];
                };
            };
            /** @description The report was accepted: the import, its counts, its adjustments being posted. */
            202: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Remittance"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: BILLING_RUN_NOT_FOUND, AGENT_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, BILLING_RUN_NOT_COMPLETED, REMITTANCE_ALREADY_IMPORTED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, NO_COLLECTIONS_BILLED, REMITTANCE_NOT_BILLED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    billingRemittanceGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                agentId: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Remittance"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: BILLING_RUN_NOT_FOUND, REMITTANCE_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    billingRemittanceDifferenceList: {
        parameters: {
            query?: {
                /** @description At most this many differences per page. */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                agentId: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of differences. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RemittanceDifferenceList"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: BILLING_RUN_NOT_FOUND, REMITTANCE_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    statementList: {
        parameters: {
            query?: {
                /** @description the party (default: the caller; required for operators) */
                partyId?: string;
                period?: string;
                /** @description At most this many statements per page (a page stops earlier when it grows large, with a nextCursor). */
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of statements. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: STATEMENT_NOT_FOUND, PARTY_NOT_FOUND, CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND, AGENT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    statementGet: {
        parameters: {
            query?: {
                /** @description json: the canonical JSON with its token; csv: the signed CSV. */
                format?: "json" | "csv";
            };
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statement (text/csv with format=csv). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Statement"];
                    "text/csv": string;
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: STATEMENT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    statementPageGet: {
        parameters: {
            query?: {
                /** @description json: the page's canonical JSON (no token: its SHA-256 is listed in the signed statement's `pages`); csv: the page's CSV (not signed itself: its SHA-256 is the page's `csvSha256` in the statement). */
                format?: "json" | "csv";
            };
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
                /** @description The page number, from 1, in decimal with no leading zero (a statement lists its pages in `pages`); any other value is 404 STATEMENT_PAGE_NOT_FOUND. */
                page: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page (text/csv with format=csv). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementPage"];
                    "text/csv": string;
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: STATEMENT_NOT_FOUND, STATEMENT_PAGE_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    contentList: {
        parameters: {
            query?: {
                /** @description keywords; every one must match a word of the title or the keywords; at most 8 distinct ones (else 422 VALIDATION_FAILED naming q) */
                q?: string;
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of contents */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    contentCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContentCreateRequest"];
            };
        };
        responses: {
            /** @description the content, without its key */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Content"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PROVIDER_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    contentGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the content, without its key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Content"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CONTENT_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    contentUsageList: {
        parameters: {
            query?: {
                /** @description The content whose log to read: its provider's or an operator's query (the holders as pseudonyms, `subject`). */
                contentId?: string;
                /** @description The customer whose log to read: an operator's query per user (a customer may name itself; anyone else gets 404 CUSTOMER_NOT_FOUND). The events carry holderId, as in the customer's own log. */
                customerId?: string;
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of usage events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CONTENT_NOT_FOUND, CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    myUsageList: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: components["schemas"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of usage events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageList"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_CURSOR. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: CUSTOMER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ticketRedeem: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedeemRequest"];
            };
        };
        responses: {
            /** @description the redemption (the first answer again for a nonce seen before) */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Redemption"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED, DEVICE_PROOF_INVALID, OTP_INVALID. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TICKET_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, TICKET_REVOKED, TICKET_EXPIRED, TICKET_NOT_YET_VALID, TICKET_EXHAUSTED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT, INTAKE_DRAINING. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ticketUsageReport: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UsageReportRequest"];
            };
        };
        responses: {
            /** @description the settled (or expired) reservation */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TICKET_NOT_FOUND, REDEMPTION_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, USAGE_NOT_RESERVED, USAGE_RESERVATION_EXPIRED, USAGE_ALREADY_REPORTED. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    intakeGet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the switch and the requests in flight */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Intake"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    intakeSet: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IntakeRequest"];
            };
        };
        responses: {
            /** @description the switch, whether this request changed it, and the requests in flight */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntakeSet"];
                };
            };
            /** @description Problem codes: MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ticketOtpCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description the password, good for one redeem until expiresAt */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OneTimePassword"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TICKET_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, OTP_NOT_REQUIRED, TICKET_REVOKED, TICKET_EXPIRED, TICKET_NOT_YET_VALID. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ticketPasswordCreate: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description the password, shown once, good for every connection until expiresAt */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FixedPassword"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TICKET_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, FIXED_PASSWORD_NOT_REQUIRED, TICKET_REVOKED, TICKET_EXPIRED, TICKET_NOT_YET_VALID. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ticketGrantCreate: {
        parameters: {
            query?: never;
            header: {
                /** @description A repeat with the same key replays the first answer (Idempotent-Replayed: true); the same key with a different request, on this route or any other of the caller's, is 422 IDEMPOTENCY_KEY_REUSED. */
                "Idempotency-Key": components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantRequest"];
            };
        };
        responses: {
            /** @description the grantee's ticket (no Location: the ticket is the grantee's, which the grantor cannot read) */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HandedOverTicket"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY, MISSING_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TICKET_NOT_FOUND, CUSTOMER_NOT_FOUND, DEVICE_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, GRANT_EXCEEDS_ALLOWANCE, TICKET_NOT_DIVISIBLE, TICKET_REVOKED, TICKET_EXPIRED, TICKET_NOT_YET_VALID, TICKET_IN_USE. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT, INTAKE_DRAINING. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ticketTransfer: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: components["schemas"]["IdempotencyKey"];
            };
            path: {
                /** @description An id that kippu handed out (or a ledger id): 1 to 128 letters, digits and _ . : -. */
                id: components["schemas"]["PathId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferRequest"];
            };
        };
        responses: {
            /** @description the new ticket, bound to the new device; the old one is revoked */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HandedOverTicket"];
                };
            };
            /** @description Problem codes: MALFORMED_PATH, MALFORMED_JSON, REQUEST_REJECTED, INVALID_IDEMPOTENCY_KEY. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNAUTHENTICATED, CLIENT_NOT_REGISTERED, SESSION_REVOKED. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: FORBIDDEN, REQUEST_BLOCKED, TRANSFER_NOT_ALLOWED. */
            403: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TICKET_NOT_FOUND, DEVICE_NOT_FOUND. */
            404: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: TRANSACTION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS, TICKET_NOT_BOUND, TICKET_REVOKED, TICKET_EXPIRED, TICKET_NOT_YET_VALID, TICKET_IN_USE. */
            409: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: PAYLOAD_TOO_LARGE. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: UNSUPPORTED_MEDIA_TYPE. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED. */
            422: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: THROTTLED. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: INTERNAL_ERROR. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem codes: REQUEST_TIMED_OUT, INTAKE_DRAINING. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
