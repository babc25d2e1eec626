import { DomainError, quoted, notVisible } from '../../errors';
import { BILLING_STATEMENTS_PAGE_BYTES_MAX } from '../../limits';
import type { PartyStore } from '../parties/ports';
import { requireCallerParty } from '../parties/require';
import type { Principal } from '../principal';
import type { StatementKind } from './accounts';
import type { BillingDeps } from './deps';
import { parsePeriod } from './period';
import type { StatementRecord } from './types';

/**
 * Reading statements: a customer reads its own bills, a provider its own statements, an agent
 * its own agent statements, an operator any. Anyone else is told there is no such statement
 * (404), whether or not it exists.
 */
const visibleKinds = (principal: Principal): readonly StatementKind[] => {
  switch (principal.role) {
    case 'operator':
      return ['customer_bill', 'provider_statement', 'agent_statement'];
    case 'customer':
      return ['customer_bill'];
    case 'provider':
      return ['provider_statement'];
    case 'agent':
      return ['agent_statement'];
    default:
      return [];
  }
};

const mayRead = (principal: Principal, record: StatementRecord): boolean =>
  visibleKinds(principal).includes(record.kind) && (principal.role === 'operator' || principal.subject === record.partyId);

/** The statement the caller may read, else its 404 (as for no statement). */
const readableRecord = async (
  deps: Pick<BillingDeps, 'statements'>,
  principal: Principal,
  statementId: string,
): Promise<StatementRecord> => {
  const record = await deps.statements.get(statementId);
  if (record === undefined || !mayRead(principal, record)) throw notVisible('STATEMENT_NOT_FOUND', 'statement', statementId);
  return record;
};

export const readStatement = async (
  deps: Pick<BillingDeps, 'statements'>,
  principal: Principal,
  statementId: string,
  format: 'json' | 'csv',
): Promise<string> => {
  const record = await readableRecord(deps, principal, statementId);
  return deps.statements.document(record, format);
};

const PAGE_NUMBER = /^[1-9][0-9]{0,5}$/;

/**
 * A page of a paged statement (GET /v1/statements/{id}/pages/{page}), for whoever may read the
 * statement: its canonical JSON `{ statementId, page, lines }` or its CSV. A page that is not
 * a number from 1 to the statement's page count (a whole statement has none) is
 * STATEMENT_PAGE_NOT_FOUND.
 */
export const readStatementPage = async (
  deps: Pick<BillingDeps, 'statements'>,
  principal: Principal,
  statementId: string,
  page: string,
  format: 'json' | 'csv',
): Promise<string> => {
  const record = await readableRecord(deps, principal, statementId);
  const pageCount = record.pageCount ?? 0;
  const number = PAGE_NUMBER.test(page) ? Number(page) : 0;
  if (number < 1 || number > pageCount) {
    throw new DomainError(
      'STATEMENT_PAGE_NOT_FOUND',
      pageCount === 0
        ? `Statement ${quoted(statementId)} is not paged: its lines are in its document.`
        : `Statement ${quoted(statementId)} has pages 1 to ${pageCount}, not ${quoted(page)}.`,
    );
  }
  return deps.statements.page(record, number, format);
};

export interface StatementListRequest {
  readonly partyId?: string;
  readonly period?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Whether a party has statements at all: bills are a customer's, statements a provider's or an
 * agent's. An operator naming anyone else (a typo, an operator) is told so (404
 * PARTY_NOT_FOUND naming partyId) rather than given an empty list that reads as a party without
 * statements.
 */
const requireBilledParty = async (
  parties: Pick<PartyStore, 'getCustomer' | 'getProvider' | 'getAgent'>,
  partyId: string,
): Promise<void> => {
  const [customer, provider, agent] = await Promise.all([
    parties.getCustomer(partyId),
    parties.getProvider(partyId),
    parties.getAgent(partyId),
  ]);
  if (customer === undefined && provider === undefined && agent === undefined) {
    throw new DomainError(
      'PARTY_NOT_FOUND',
      `No customer, provider or agent ${quoted(partyId)} is registered: only they have statements.`,
      [{ field: 'partyId', message: 'is not a registered customer, provider or agent' }],
    );
  }
};

/**
 * A party's statements, oldest first, as served (JSON with token). Customers, providers and
 * agents list their own (`partyId` defaults to them; another party's is a 404); operators name
 * the party, a registered customer, provider or agent. A customer token whose subject is no
 * registered customer lists nothing: 404 CUSTOMER_NOT_FOUND. A page stops before
 * BILLING_STATEMENTS_PAGE_BYTES_MAX and then carries a cursor.
 */
export const listStatements = async (
  deps: Pick<BillingDeps, 'statements' | 'parties'>,
  principal: Principal,
  request: StatementListRequest,
): Promise<{ items: unknown[]; nextCursor?: string }> => {
  const kinds = visibleKinds(principal);
  const partyId = request.partyId ?? (principal.role === 'operator' ? undefined : principal.subject);
  if (partyId === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'Name the party whose statements to list.', [
      { field: 'partyId', message: 'is required' },
    ]);
  }
  if (kinds.length === 0 || (principal.role !== 'operator' && partyId !== principal.subject)) {
    throw new DomainError('STATEMENT_NOT_FOUND', `No statements of party ${quoted(partyId)} are visible to you.`);
  }
  // An operator names a billed party; any other caller reads its own, as the party it acts as.
  if (principal.role === 'operator') await requireBilledParty(deps.parties, partyId);
  else await requireCallerParty(deps.parties, principal);
  const period = request.period === undefined ? undefined : parsePeriod(request.period).id;
  const page = await deps.statements.listForParty({
    partyId,
    kinds,
    limit: request.limit,
    bytesMax: BILLING_STATEMENTS_PAGE_BYTES_MAX,
    ...(period === undefined ? {} : { period }),
    ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
  });
  const items: unknown[] = [];
  for (const record of page.records) items.push(JSON.parse(await deps.statements.document(record, 'json')));
  return { items, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
};
