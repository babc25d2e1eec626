import * as z from '../zod';
import {
  FEE_BPS_MAX,
  MY_ACCOUNTS_PAGE_LIMIT_DEFAULT,
  MY_ACCOUNTS_PAGE_LIMIT_MAX,
  PARTY_CURRENCIES_MAX,
  PARTY_NAME_LENGTH_MAX,
  TOP_UP_FEE_BPS_MAX,
} from '../limits';
import { AmountMinor, Currency, Identifier, pageOf, pageQuery, Timestamp, VisibleText } from './common';
import { AccountShape } from './ledger';

const FeeBps = /* @__PURE__ */ z.schema(() =>
  z.int().check(z.gte(0), z.lte(FEE_BPS_MAX), z.describe(`basis points (1/100 %), at most ${FEE_BPS_MAX}`)),
);
const Name = /* @__PURE__ */ z.schema(() => VisibleText(PARTY_NAME_LENGTH_MAX));
const Currencies = /* @__PURE__ */ z.schema(() =>
  z
    .optional(z.array(Currency).check(z.minLength(1), z.maxLength(PARTY_CURRENCIES_MAX)))
    .check(
      z.describe('currencies to open ledger accounts in now (default: the deployment currency, JPY); others open on first use'),
    ),
);

export const ProviderCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      name: Name,
      proxySettlement: z.strictObject({ trusted: z.boolean().check(z.describe('a carrier may collect for this provider')) }),
      platformFeeBps: FeeBps,
      currencies: Currencies,
    })
    .check(z.meta({ id: 'ProviderCreateRequest' })),
);

export const ProviderTrustRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      trusted: z
        .boolean()
        .check(
          z.describe('a carrier may collect for this provider: purchases and reconfirms from now on choose their route by it'),
        ),
    })
    .check(z.meta({ id: 'ProviderTrustRequest' })),
);

const AGENT_FEE_BPS_DESCRIPTION = 'collection fee of the carrier route: its cut of the price, borne by the provider';
const TOP_UP_FEE_BPS_DESCRIPTION =
  "surcharge on a top-up, paid by the customer on top of the amount credited: the agent's fee, rounded down; fixed at creation";

export const AgentCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      name: Name,
      feeBps: FeeBps.check(z.describe(AGENT_FEE_BPS_DESCRIPTION)),
      topUpFeeBps: z
        .optional(z.int().check(z.gte(0), z.lte(TOP_UP_FEE_BPS_MAX)))
        .check(z.describe(`${TOP_UP_FEE_BPS_DESCRIPTION}; basis points (1/100 %), at most ${TOP_UP_FEE_BPS_MAX}, default 0`)),
      currencies: Currencies,
    })
    .check(z.meta({ id: 'AgentCreateRequest' })),
);

const CreditLimitMinor = /* @__PURE__ */ z.schema(() => z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)));

export const CustomerCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      name: Name,
      currencies: Currencies,
      carrier: z
        .optional(
          z.strictObject({
            agentId: Identifier,
            creditLimitMinor: CreditLimitMinor,
            currency: z.optional(Currency).check(z.describe('default: the deployment currency')),
          }),
        )
        .check(z.describe('a postpaid account collected by this carrier')),
    })
    .check(z.meta({ id: 'CustomerCreateRequest' })),
);

export const CarrierLinkCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      creditLimitMinor: CreditLimitMinor.check(z.describe('the credit limit of the carrier account the code opens')),
      currency: z.optional(Currency).check(z.describe('default: the deployment currency')),
    })
    .check(z.meta({ id: 'CarrierLinkCreateRequest' })),
);

export const CarrierLinkResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      code: z
        .optional(z.string())
        .check(
          z.describe(
            'the one-time code to hand to the customer; shown once: kippu keeps only its hash, and a replayed answer leaves it out',
          ),
        ),
      agentId: z.string(),
      creditLimitMinor: z.int(),
      currency: z.string(),
      expiresAt: Timestamp.check(z.describe('the code cannot be redeemed from this instant on')),
    })
    .check(z.meta({ id: 'CarrierLink' })),
);

export const CarrierAccountRedeemRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({ code: Identifier.check(z.describe("a carrier's one-time link code")) })
    .check(z.meta({ id: 'CarrierAccountRedeemRequest' })),
);

export const TopUpRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      amountMinor: AmountMinor,
      currency: Currency,
      reference: Identifier.check(z.describe("the agent's own reference (receipt number); a repeat with it changes nothing")),
    })
    .check(z.meta({ id: 'TopUpRequest' })),
);

const AccountKind = /* @__PURE__ */ z.schema(() =>
  z
    .enum(['wallet', 'carrier', 'revenue', 'agentFees', 'agentCash', 'platformFees'])
    .check(z.describe('What the account is for.')),
);

const AccountRefSchema = /* @__PURE__ */ z.schema(() =>
  z.object({
    kind: AccountKind,
    currency: z.string(),
    id: z.string().check(z.describe('ledger account id')),
  }),
);

const PartyBase = /* @__PURE__ */ z.schema(() => ({
  id: z.string(),
  name: z.string(),
  currencies: z.array(z.string()),
  createdAt: Timestamp,
  accounts: z.array(AccountRefSchema),
}));

/*
 * Each party's shape without its document id: the caller's party (MeResponse) extends it, and
 * an extension keeps the checks of what it extends, the `z.meta` id included.
 */
const ProviderShape = /* @__PURE__ */ z.schema(() =>
  z.object({
    ...PartyBase,
    proxySettlement: z.object({
      trusted: z.boolean().check(z.describe('a carrier may collect for this provider (the carrier route)')),
      changedAt: z
        .optional(Timestamp)
        .check(
          z.describe('when an operator last changed trusted (PUT /v1/providers/{id}/proxy-settlement); absent: as registered'),
        ),
    }),
    platformFeeBps: z.int(),
  }),
);
const AgentShape = /* @__PURE__ */ z.schema(() =>
  z.object({
    ...PartyBase,
    feeBps: z.int().check(z.describe(AGENT_FEE_BPS_DESCRIPTION)),
    topUpFeeBps: z.int().check(z.describe(TOP_UP_FEE_BPS_DESCRIPTION)),
  }),
);
const CustomerShape = /* @__PURE__ */ z.schema(() =>
  z.object({
    ...PartyBase,
    carrier: z
      .optional(z.object({ agentId: z.string(), creditLimitMinor: z.int(), currency: z.string() }))
      .check(z.describe('the carrier the customer subscribes to now: purchases may take the carrier route')),
    formerCarrier: z
      .optional(z.object({ agentId: z.string(), creditLimitMinor: z.int(), currency: z.string(), endedAt: Timestamp }))
      .check(
        z.describe(
          'the last carrier subscription that ended: its carrier account stays among the accounts, and what is owed on it is collected by this carrier',
        ),
      ),
  }),
);

export const ProviderResponse = /* @__PURE__ */ z.schema(() => ProviderShape.check(z.meta({ id: 'Provider' })));
export const AgentResponse = /* @__PURE__ */ z.schema(() => AgentShape.check(z.meta({ id: 'Agent' })));
export const CustomerResponse = /* @__PURE__ */ z.schema(() => CustomerShape.check(z.meta({ id: 'Customer' })));

export const TopUpResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string().check(z.describe('the ledger transfer that credits the wallet')),
      customerId: z.string(),
      agentId: z.string(),
      amountMinor: z.int().check(z.describe('credited to the wallet')),
      feeMinor: z
        .int()
        .check(z.describe("the agent's surcharge: amountMinor at its topUpFeeBps, rounded down (0 when it has none)")),
      collectedMinor: z.int().check(z.describe('what the agent charges the customer at the counter: amountMinor + feeMinor')),
      feeTransferId: z
        .optional(z.string())
        .check(
          z.describe(
            "the ledger transfer that moves feeMinor from the agent's cash account to its fee account, linked to the top-up (absent when feeMinor is 0)",
          ),
        ),
      currency: z.string(),
      reference: z.string(),
      walletAccountId: z.string(),
      agentCashAccountId: z.string(),
      recordedAt: Timestamp,
    })
    .check(z.meta({ id: 'TopUp' })),
);

/** The caller's party: `kind` says which shape follows (an operator has no party record). */
export const MeResponse = /* @__PURE__ */ z.schema(() =>
  z
    .discriminatedUnion('kind', [
      z.extend(CustomerShape, { kind: z.literal('customer') }),
      z.extend(ProviderShape, { kind: z.literal('provider') }),
      z.extend(AgentShape, { kind: z.literal('agent') }),
      z.object({ kind: z.literal('operator'), id: z.string() }),
    ])
    .check(z.meta({ id: 'Me' })),
);

/** One of the caller's ledger accounts with its balances and what it is for. */
export const MyAccountResponse = /* @__PURE__ */ z.schema(() =>
  z.extend(AccountShape, { kind: AccountKind }).check(z.meta({ id: 'MyAccount' })),
);

export const MyAccountsResponse = /* @__PURE__ */ z.schema(() => pageOf(MyAccountResponse, 'MyAccounts'));

/** The paging of the caller's accounts: no parameter is the first page. */
export const MyAccountsQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ ...pageQuery(MY_ACCOUNTS_PAGE_LIMIT_MAX, MY_ACCOUNTS_PAGE_LIMIT_DEFAULT, 'Accounts per page.') }),
);
