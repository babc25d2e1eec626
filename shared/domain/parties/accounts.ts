/**
 * Which ledger accounts belong to which party. Ids are derived from the party id and the
 * currency, so any capability (purchases, reservations, billing) finds an account without a
 * lookup, and creating a party's accounts is idempotent (the ledger's create is idempotent on id).
 *
 * Flags (see docs/ledger.md):
 *  - customer wallet: prepaid, debitsMustNotExceedCredits, limit 0 (never negative);
 *  - customer carrier account: postpaid through an agent, debitsMustNotExceedCredits with the
 *    credit limit as limitMinor (the customer may owe up to the limit);
 *  - provider revenue, agent fee income, platform fee income: credit-only revenue accounts
 *    with no flag, sharded (they are the hot accounts);
 *  - agent cash: what an agent collected and owes kippu; no flag.
 */

/**
 * Every kind of account id kippu derives, `<kind>:<party>:<CUR>` for a party's account and
 * `<kind>:<CUR>` for the platform's: the one list of the namespaces kippu owns. Every derived
 * id is built by `derivedAccountId`, so a new kind is added here or not at all; the
 * operator's `POST /v1/accounts` refuses any id in these namespaces (its request schema,
 * shared/api/ledger.ts: 422 VALIDATION_FAILED naming `id`),
 * since an account opened there with other fields would lock its party out of the currency.
 */
export const DERIVED_ACCOUNT_KINDS = [
  'wallet',
  'carrier',
  'revenue',
  'agent-fees',
  'agent-cash',
  'platform-fees',
  'payouts',
] as const;
export type DerivedAccountKind = (typeof DERIVED_ACCOUNT_KINDS)[number];

/**
 * The kinds of account a statement states (docs/billing.md "Accounts"): a customer's wallet and
 * carrier account (its bill), a provider's revenue (its statement), an agent's fees (its agent
 * statement). The ledger keeps their posted money within what a statement can state
 * (LEDGER_STATED_POSTED_MINOR_MAX); an agent's cash, the platform's fees and payouts are on no statement.
 */
export const STATED_ACCOUNT_KINDS: readonly DerivedAccountKind[] = ['wallet', 'carrier', 'revenue', 'agent-fees'];

/** Whether an account id is in a namespace a statement states (the operator cannot open accounts there). */
export const isStatedAccountId = (accountId: string): boolean =>
  STATED_ACCOUNT_KINDS.some((kind) => accountId.startsWith(`${kind}:`));

export const derivedAccountId = (kind: DerivedAccountKind, ...parts: readonly string[]): string => [kind, ...parts].join(':');

export const customerWalletAccountId = (customerId: string, currency: string): string =>
  derivedAccountId('wallet', customerId, currency);
export const customerCarrierAccountId = (customerId: string, currency: string): string =>
  derivedAccountId('carrier', customerId, currency);
export const providerRevenueAccountId = (providerId: string, currency: string): string =>
  derivedAccountId('revenue', providerId, currency);
export const agentFeeAccountId = (agentId: string, currency: string): string => derivedAccountId('agent-fees', agentId, currency);
export const agentCashAccountId = (agentId: string, currency: string): string =>
  derivedAccountId('agent-cash', agentId, currency);
export const platformFeeAccountId = (currency: string): string => derivedAccountId('platform-fees', currency);
/** Whether an account id is a provider's revenue account (any provider, any currency). */
export const isProviderRevenueAccountId = (accountId: string): boolean => accountId.startsWith(derivedAccountId('revenue', ''));

/**
 * The ledger `createAccount` inputs for those accounts, so that every capability opens them
 * with exactly the same fields (the ledger's create is idempotent on id only when the fields
 * match). No code, no reference, the ledger's default shard count for unlimited accounts.
 */
export const customerWalletAccount = (customerId: string, currency: string) => ({
  id: customerWalletAccountId(customerId, currency),
  currency,
  flags: { debitsMustNotExceedCredits: true },
  limitMinor: 0,
});
export const customerCarrierAccount = (customerId: string, currency: string, creditLimitMinor: number) => ({
  id: customerCarrierAccountId(customerId, currency),
  currency,
  flags: { debitsMustNotExceedCredits: true },
  limitMinor: creditLimitMinor,
});
export const providerRevenueAccount = (providerId: string, currency: string) => ({
  id: providerRevenueAccountId(providerId, currency),
  currency,
});
export const agentFeeAccount = (agentId: string, currency: string) => ({ id: agentFeeAccountId(agentId, currency), currency });
export const agentCashAccount = (agentId: string, currency: string) => ({ id: agentCashAccountId(agentId, currency), currency });
export const platformFeeAccount = (currency: string) => ({ id: platformFeeAccountId(currency), currency });
