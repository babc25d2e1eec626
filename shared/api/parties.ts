import * as z from 'zod';
import { FEE_BPS_MAX, PARTY_CURRENCIES_MAX, PARTY_NAME_LENGTH_MAX } from '../limits';
import { Currency, Identifier, pageOf, Timestamp, VisibleText } from './common';
import { AccountResponse } from './ledger';

/** Minor units: integers, never floats. */
export const AmountMinor = z.int().positive().max(Number.MAX_SAFE_INTEGER);
const FeeBps = z.int().min(0).max(FEE_BPS_MAX).describe(`basis points (1/100 %), at most ${FEE_BPS_MAX}`);
const Name = VisibleText(PARTY_NAME_LENGTH_MAX);
const Currencies = z
  .array(Currency)
  .min(1)
  .max(PARTY_CURRENCIES_MAX)
  .optional()
  .describe('currencies to open ledger accounts in now (default: the deployment currency, JPY); others open on first use');

export const ProviderCreateRequest = z
  .strictObject({
    name: Name,
    proxySettlement: z.strictObject({ trusted: z.boolean().describe('a carrier may collect for this provider') }),
    platformFeeBps: FeeBps,
    currencies: Currencies,
  })
  .meta({ id: 'ProviderCreateRequest' });

export const AgentCreateRequest = z
  .strictObject({ name: Name, feeBps: FeeBps.describe('collection fee of the carrier'), currencies: Currencies })
  .meta({ id: 'AgentCreateRequest' });

export const CustomerCreateRequest = z
  .strictObject({
    name: Name,
    currencies: Currencies,
    carrier: z
      .strictObject({
        agentId: Identifier,
        creditLimitMinor: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
        currency: Currency.optional().describe('default: the deployment currency'),
      })
      .optional()
      .describe('a postpaid account collected by this carrier'),
  })
  .meta({ id: 'CustomerCreateRequest' });

export const TopUpRequest = z
  .strictObject({
    amountMinor: AmountMinor,
    currency: Currency,
    reference: Identifier.describe("the agent's own reference (receipt number); a repeat with it changes nothing"),
  })
  .meta({ id: 'TopUpRequest' });

const AccountKind = z
  .enum(['wallet', 'carrier', 'revenue', 'agentFees', 'agentCash', 'platformFees'])
  .describe('What the account is for.');

const AccountRefSchema = z.object({
  kind: AccountKind,
  currency: z.string(),
  id: z.string().describe('ledger account id'),
});

const PartyBase = {
  id: z.string(),
  name: z.string(),
  currencies: z.array(z.string()),
  createdAt: Timestamp,
  accounts: z.array(AccountRefSchema),
};

export const ProviderResponse = z
  .object({ ...PartyBase, proxySettlement: z.object({ trusted: z.boolean() }), platformFeeBps: z.int() })
  .meta({ id: 'Provider' });
export const AgentResponse = z.object({ ...PartyBase, feeBps: z.int() }).meta({ id: 'Agent' });
export const CustomerResponse = z
  .object({
    ...PartyBase,
    carrier: z.object({ agentId: z.string(), creditLimitMinor: z.int(), currency: z.string() }).optional(),
  })
  .meta({ id: 'Customer' });

export const TopUpResponse = z
  .object({
    id: z.string().describe('the ledger transfer'),
    customerId: z.string(),
    agentId: z.string(),
    amountMinor: z.int(),
    currency: z.string(),
    reference: z.string(),
    walletAccountId: z.string(),
    agentCashAccountId: z.string(),
    recordedAt: Timestamp,
  })
  .meta({ id: 'TopUp' });

/** The caller's party: `kind` says which shape follows (an operator has no party record). */
export const MeResponse = z
  .discriminatedUnion('kind', [
    CustomerResponse.extend({ kind: z.literal('customer') }),
    ProviderResponse.extend({ kind: z.literal('provider') }),
    AgentResponse.extend({ kind: z.literal('agent') }),
    z.object({ kind: z.literal('operator'), id: z.string() }),
  ])
  .meta({ id: 'Me' });

/** One of the caller's ledger accounts with its balances and what it is for. */
export const MyAccountResponse = AccountResponse.extend({ kind: AccountKind }).meta({ id: 'MyAccount' });

export const MyAccountsResponse = pageOf(MyAccountResponse, 'MyAccounts');
