import {
  agentFeeAccountId,
  customerCarrierAccountId,
  customerWalletAccountId,
  derivedAccountId,
  providerRevenueAccountId,
} from '../parties/accounts';

/**
 * Which ledger accounts billing reads and posts to, and what an account id says about its
 * owner. Account ids are `<kind>:<party>:<CUR>` (parties/accounts.ts), system accounts
 * `<kind>:<CUR>`; a party id may itself contain `:`, so the kind is what precedes the first
 * colon and the currency what follows the last.
 */
export type BilledPartyKind = 'customer' | 'provider' | 'agent';
export type StatementKind = 'customer_bill' | 'provider_statement' | 'agent_statement';

export const BILLED_PARTY_KINDS: readonly BilledPartyKind[] = ['customer', 'provider', 'agent'];

const STATEMENT_KIND_OF: Readonly<Record<BilledPartyKind, StatementKind>> = {
  customer: 'customer_bill',
  provider: 'provider_statement',
  agent: 'agent_statement',
};

export const statementKindOf = (partyKind: BilledPartyKind): StatementKind => STATEMENT_KIND_OF[partyKind];
export const partyKindOf = (kind: StatementKind): BilledPartyKind =>
  kind === 'customer_bill' ? 'customer' : kind === 'provider_statement' ? 'provider' : 'agent';

/** Money on its way to the providers' banks: credited by every payout. Unlimited, so sharded. */
export const providerPayoutsAccountId = (currency: string): string => derivedAccountId('payouts', currency);
export const providerPayoutsAccount = (currency: string) => ({ id: providerPayoutsAccountId(currency), currency });

export type AccountRole =
  | { readonly role: 'wallet' | 'carrier'; readonly customerId: string; readonly currency: string }
  | { readonly role: 'revenue'; readonly providerId: string; readonly currency: string }
  | { readonly role: 'agentFees' | 'agentCash'; readonly agentId: string; readonly currency: string }
  | { readonly role: 'platformFees' | 'payouts'; readonly currency: string }
  | { readonly role: 'other' };

const PARTY_ACCOUNT_ROLES = {
  wallet: 'wallet',
  carrier: 'carrier',
  revenue: 'revenue',
  'agent-fees': 'agentFees',
  'agent-cash': 'agentCash',
} as const;

export const accountRoleOf = (accountId: string): AccountRole => {
  const first = accountId.indexOf(':');
  const last = accountId.lastIndexOf(':');
  if (first < 0) return { role: 'other' };
  const prefix = accountId.slice(0, first);
  const currency = accountId.slice(last + 1);
  if (!/^[A-Z]{3}$/.test(currency)) return { role: 'other' };
  if (first === last) {
    if (prefix === 'platform-fees') return { role: 'platformFees', currency };
    if (prefix === 'payouts') return { role: 'payouts', currency };
    return { role: 'other' };
  }
  const owner = accountId.slice(first + 1, last);
  const role = PARTY_ACCOUNT_ROLES[prefix as keyof typeof PARTY_ACCOUNT_ROLES];
  switch (role) {
    case 'wallet':
    case 'carrier':
      return { role, customerId: owner, currency };
    case 'revenue':
      return { role, providerId: owner, currency };
    case 'agentFees':
    case 'agentCash':
      return { role, agentId: owner, currency };
    default:
      return { role: 'other' };
  }
};

/** The billed party that owns an account, if any. */
export const billedPartyOf = (
  accountId: string,
): { readonly kind: BilledPartyKind; readonly partyId: string; readonly currency: string } | undefined => {
  const role = accountRoleOf(accountId);
  if (role.role === 'wallet' || role.role === 'carrier')
    return { kind: 'customer', partyId: role.customerId, currency: role.currency };
  if (role.role === 'revenue') return { kind: 'provider', partyId: role.providerId, currency: role.currency };
  // An agent's fee account is on its agent statement; its cash account (what a carrier owes kippu) is on none.
  if (role.role === 'agentFees') return { kind: 'agent', partyId: role.agentId, currency: role.currency };
  return undefined;
};

/**
 * The accounts a statement reads: a customer's wallet and carrier account, a provider's revenue
 * account, an agent's fee account.
 */
export const billedAccountsOf = (kind: BilledPartyKind, partyId: string, currency: string): readonly string[] => {
  switch (kind) {
    case 'customer':
      return [customerWalletAccountId(partyId, currency), customerCarrierAccountId(partyId, currency)];
    case 'provider':
      return [providerRevenueAccountId(partyId, currency)];
    case 'agent':
      return [agentFeeAccountId(partyId, currency)];
  }
};
