import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { statementStore } from '../../shared/adapters/aws/billing-wiring';
import { partyStore } from '../../shared/adapters/aws/wiring';
import { StatementListQuery } from '../../shared/api/billing';
import type { BillingDeps } from '../../shared/domain/billing/deps';
import { listStatements } from '../../shared/domain/billing/statements';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type StatementListDeps = BaseDeps & ListDeps & Pick<BillingDeps, 'statements' | 'parties'>;

/** GET /v1/statements?partyId=&period=: a party's statements, for the party itself or an operator (naming a registered party). */
export const makeHandler = (deps: StatementListDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const query = parseQuery(StatementListQuery, event);
    const page = await listPage(deps, event, principal, (position) =>
      listStatements(deps, principal, {
        limit: query.limit,
        ...(query.partyId === undefined ? {} : { partyId: query.partyId }),
        ...(query.period === undefined ? {} : { period: query.period }),
        ...(position === undefined ? {} : { cursor: position }),
      }),
    );
    return json(200, page);
  });

export const handler = lazyHandler((env) =>
  makeHandler({
    ...baseDeps(env),
    statements: statementStore(env),
    parties: partyStore(env),
    listCursors: kmsListCursorKey(env),
  }),
);
