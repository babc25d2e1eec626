import { EntriesQuery, EntriesResponse } from '../ledger';
import {
  AgentCreateRequest,
  AgentResponse,
  CarrierAccountRedeemRequest,
  CarrierLinkCreateRequest,
  CarrierLinkResponse,
  CustomerCreateRequest,
  CustomerResponse,
  MeResponse,
  MyAccountsQuery,
  MyAccountsResponse,
  ProviderCreateRequest,
  ProviderResponse,
  ProviderTrustRequest,
  TopUpRequest,
  TopUpResponse,
} from '../parties';
import { FLOW_TRANSFER_PROBLEMS } from './ledger';
import { createdOrExisting, EVERY_ROLE, getOperation, listOperation, type OperationDoc, type ResponseDoc } from './types';

const PARTY_NOT_FOUND = { provider: 'PROVIDER_NOT_FOUND', agent: 'AGENT_NOT_FOUND', customer: 'CUSTOMER_NOT_FOUND' } as const;

/**
 * Reading a party of one kind (one handler serves the three kinds, shared/http/party-get.ts):
 * any role may ask, and whoever `readers` does not name gets the kind's 404.
 */
const partyGet = (
  kind: keyof typeof PARTY_NOT_FOUND,
  readers: string,
  schema: NonNullable<ResponseDoc['schema']>,
): OperationDoc =>
  getOperation(
    `Read ${kind === 'agent' ? 'an' : 'a'} ${kind} (${readers})`,
    EVERY_ROLE,
    { description: `The ${kind}.`, schema },
    PARTY_NOT_FOUND[kind],
  );

/** What both ways of ending a carrier subscription do (docs/identity.md, "Leaving or changing carrier"). */
const CARRIER_END_DESCRIPTION =
  'New purchases and reconfirms take the wallet route (402 NO_PAYMENT_ROUTE when it cannot pay either); a purchase authorized on the carrier route keeps its hold on the carrier account and settles there. The carrier account is not closed: what the customer owes on it stays owed, on its bills and collected by this carrier (formerCarrier), and remittances still apply to it. A subscription that ended already is answered as it stands (200); a customer that never subscribed to a carrier is 409 CARRIER_ACCOUNT_NOT_FOUND.';
const CARRIER_END_ANSWER =
  'The customer as it now stands: no carrier, the ended terms as formerCarrier, the carrier account still among its accounts.';

/** Parties and what a party reads of itself. */
export const partiesOperations: Readonly<Record<string, OperationDoc>> = {
  providerCreate: {
    summary: 'Register a provider and open its revenue accounts (operator)',
    roles: ['operator'],
    request: ProviderCreateRequest,
    example: { name: 'Harbour Cams', proxySettlement: { trusted: true }, platformFeeBps: 500 },
    idempotencyKey: 'optional',
    responses: {
      201: {
        description: 'The provider with the ids of its ledger accounts.',
        schema: ProviderResponse,
        location: '/v1/providers/{id}',
      },
    },
    problems: ['TRANSACTION_CONFLICT'],
  },
  providerTrustUpdate: {
    summary: 'Change whether a provider is trusted for proxy settlement, the carrier route (operator)',
    description:
      'Purchases and reservation reconfirms from now on choose their route by the new setting; a purchase already authorized keeps the route it was authorized on (its hold is on that payer account) and settles on it. Setting the value in force changes nothing (proxySettlement.changedAt kept). No provider: 404 PROVIDER_NOT_FOUND.',
    roles: ['operator'],
    request: ProviderTrustRequest,
    example: { trusted: false },
    idempotencyKey: 'optional',
    responses: { 200: { description: 'The provider, as GET /v1/providers/{id} shows it.', schema: ProviderResponse } },
    problems: ['PROVIDER_NOT_FOUND'],
  },
  agentCreate: {
    summary: 'Register an agent (carrier, kiosk) and open its fee and cash accounts (operator)',
    roles: ['operator'],
    request: AgentCreateRequest,
    example: { name: 'Corner Kiosk', feeBps: 200, topUpFeeBps: 250 },
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'The agent with the ids of its ledger accounts.', schema: AgentResponse, location: '/v1/agents/{id}' },
    },
    problems: ['TRANSACTION_CONFLICT'],
  },
  customerCreate: {
    summary:
      'Register a customer: a prepaid wallet and optionally a postpaid carrier account (an operator, or an agent for its own books)',
    roles: ['operator', 'agent'],
    request: CustomerCreateRequest,
    example: { name: 'Aiko' },
    idempotencyKey: 'optional',
    responses: {
      201: {
        description: 'The customer with the ids of its ledger accounts.',
        schema: CustomerResponse,
        location: '/v1/customers/{id}',
      },
    },
    problems: ['AGENT_NOT_FOUND', 'TRANSACTION_CONFLICT'],
  },
  carrierLinkCreate: {
    summary:
      "A carrier's one-time code that makes a registered customer its subscriber on these terms (the agent for its own books, or an operator)",
    description:
      "The code is shown once (kippu keeps only its hash; a replay with the Idempotency-Key leaves it out) and can be redeemed once, until `expiresAt` (KIPPU_CARRIER_LINK_SECONDS, a week by default), with POST /v1/me/carrier-account. Another agent's id is 403 FORBIDDEN.",
    roles: ['operator', 'agent'],
    request: CarrierLinkCreateRequest,
    example: { creditLimitMinor: 50_000, currency: 'JPY' },
    idempotencyKey: 'optional',
    responses: { 201: { description: 'The link, with its code.', schema: CarrierLinkResponse } },
    problems: ['AGENT_NOT_FOUND'],
  },
  carrierAccountRedeem: {
    summary: "A customer accepts a carrier's terms: redeeming its one-time code opens the customer's carrier account",
    description:
      'The code is used once: a code already redeemed is 409 CARRIER_LINK_USED (the customer who redeemed it gets the same answer again), an expired one 409 CARRIER_LINK_EXPIRED, and a customer who subscribes to a carrier gets 409 CARRIER_ACCOUNT_EXISTS naming it (to change carrier, leave first: DELETE /v1/me/carrier-account). After leaving, a code of another carrier (or of the former one in another currency) is 409 CARRIER_BALANCE_OUTSTANDING until the former carrier has collected what is owed; a code whose credit limit differs from that of the carrier account the customer has in its currency is 409 CARRIER_CREDIT_LIMIT_FIXED.',
    roles: ['customer'],
    request: CarrierAccountRedeemRequest,
    idempotencyKey: 'optional',
    responses: {
      201: {
        description: 'The customer with the ids of its ledger accounts, the carrier account among them.',
        schema: CustomerResponse,
      },
    },
    problems: [
      'CUSTOMER_NOT_FOUND',
      'CARRIER_LINK_NOT_FOUND',
      'CARRIER_LINK_USED',
      'CARRIER_LINK_EXPIRED',
      'CARRIER_ACCOUNT_EXISTS',
      'CARRIER_BALANCE_OUTSTANDING',
      'CARRIER_CREDIT_LIMIT_FIXED',
      'TRANSACTION_CONFLICT',
    ],
  },
  carrierAccountLeave: {
    summary: 'The signed-in customer leaves its carrier: from now on its purchases take the wallet route',
    description: CARRIER_END_DESCRIPTION,
    roles: ['customer'],
    idempotencyKey: 'optional',
    responses: { 200: { description: CARRIER_END_ANSWER, schema: CustomerResponse } },
    problems: ['CUSTOMER_NOT_FOUND', 'CARRIER_ACCOUNT_NOT_FOUND', 'TRANSACTION_CONFLICT'],
  },
  customerCarrierAccountEnd: {
    summary: "A carrier ends a subscriber's subscription (the carrier for its own subscribers, or an operator)",
    description: `${CARRIER_END_DESCRIPTION} A carrier ends only its own subscribers: another carrier's subscriber, or a customer that does not exist, is 404 CUSTOMER_NOT_FOUND.`,
    roles: ['operator', 'agent'],
    idempotencyKey: 'optional',
    responses: { 200: { description: CARRIER_END_ANSWER, schema: CustomerResponse } },
    problems: ['CUSTOMER_NOT_FOUND', 'CARRIER_ACCOUNT_NOT_FOUND', 'TRANSACTION_CONFLICT'],
  },
  customerTopup: {
    summary: "An agent's cash top-up of a customer's wallet; idempotent on the agent's reference",
    description:
      "The wallet is credited amountMinor. An agent with a topUpFeeBps charges the customer a surcharge on top: feeMinor (amountMinor at that rate, rounded down) moves from the agent's cash account to its fee account in the same linked ledger write (feeTransferId), and collectedMinor is what the agent takes at the counter. A repeat with the reference answers the same top-up (200); the reference with another amount, currency or customer is 409 TOPUP_REFERENCE_REUSED naming the field. An amount whose collectedMinor would pass 2^53 − 1 is 422 VALIDATION_FAILED naming amountMinor.",
    roles: ['agent'],
    request: TopUpRequest,
    example: { amountMinor: 5000, currency: 'JPY', reference: 'receipt-0001' },
    idempotencyKey: 'optional',
    responses: createdOrExisting(TopUpResponse, 'The top-up transfer.', 'A top-up with this reference exists already.'),
    problems: ['CUSTOMER_NOT_FOUND', 'AGENT_NOT_FOUND', 'TOPUP_REFERENCE_REUSED', ...FLOW_TRANSFER_PROBLEMS],
  },
  meGet: {
    summary: "The caller's own party (an operator is only its id)",
    roles: EVERY_ROLE,
    responses: { 200: { description: 'The party, with `kind` naming its shape.', schema: MeResponse } },
    problems: ['CUSTOMER_NOT_FOUND', 'PROVIDER_NOT_FOUND', 'AGENT_NOT_FOUND'],
  },
  meAccountsList: listOperation({
    summary:
      "The caller's ledger accounts with balances: a customer's wallet and carrier account, a provider's revenue, an agent's fee and cash accounts; paginated with a cursor",
    description:
      "In the order of the party: the registered currencies' accounts, then those opened later in another currency, then a customer's carrier account. A party has one account per currency and kind, so a provider selling in many currencies has many: pass nextCursor as cursor for the next page (a request with no parameter is the first page).",
    roles: ['customer', 'provider', 'agent'],
    query: MyAccountsQuery,
    page: {
      description: 'A page of the accounts of the caller; pass nextCursor as cursor for the next.',
      schema: MyAccountsResponse,
    },
    problems: ['CUSTOMER_NOT_FOUND', 'PROVIDER_NOT_FOUND', 'AGENT_NOT_FOUND', 'ACCOUNT_NOT_FOUND'],
  }),
  meAccountEntriesList: listOperation({
    summary: "The history of one of the caller's own accounts, with the running balance after each entry",
    description:
      "Another party's account is 404 ACCOUNT_NOT_FOUND, as if it did not exist. A token whose subject is no registered party of its role is that party's 404, naming no field: CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND or AGENT_NOT_FOUND.",
    roles: ['customer', 'provider', 'agent'],
    query: EntriesQuery,
    page: { description: 'A page of entries; pass nextCursor as cursor for the next.', schema: EntriesResponse },
    problems: ['ACCOUNT_NOT_FOUND', 'CUSTOMER_NOT_FOUND', 'PROVIDER_NOT_FOUND', 'AGENT_NOT_FOUND'],
  }),
  providerGet: partyGet('provider', 'the provider itself, operators', ProviderResponse),
  agentGet: partyGet('agent', 'the agent itself, operators', AgentResponse),
  customerGet: partyGet(
    'customer',
    'the customer itself, operators, the agent that registered it or collects for it',
    CustomerResponse,
  ),
};
