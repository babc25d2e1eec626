import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { EntriesQuery } from '../api/ledger';
import type { LedgerEntries } from '../domain/ledger/ports';
import type { Principal } from '../domain/principal';
import type { BaseDeps } from './base';
import { listPage, type ListDeps } from './list';
import { parseQuery } from './request';
import { json } from './response';

export type EntriesListDeps = BaseDeps & ListDeps & { readonly ledger: LedgerEntries };

/**
 * One page of an account's history (the operator's and a party's own list): the store's
 * position after the page is sealed for this list, caller and account, so the running balance
 * it carries comes back unchanged or not at all.
 */
export const entriesAnswer = async (
  deps: EntriesListDeps,
  event: APIGatewayProxyEvent,
  caller: Principal,
  accountId: string,
): Promise<APIGatewayProxyResult> => {
  const { limit } = parseQuery(EntriesQuery, event);
  const page = await listPage(deps, event, caller, async (position) => {
    const entries = await deps.ledger.listEntries(accountId, { limit, ...(position === undefined ? {} : { cursor: position }) });
    return { items: entries.entries, nextCursor: entries.nextCursor };
  });
  return json(200, page);
};
