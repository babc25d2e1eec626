import { statementStore } from '../../shared/adapters/aws/billing-wiring';
import { StatementGetQuery, StatementPageGetQuery } from '../../shared/api/billing';
import type { BillingDeps } from '../../shared/domain/billing/deps';
import { readStatement, readStatementPage } from '../../shared/domain/billing/statements';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery, pathParameter } from '../../shared/http/request';
import { lazyHandler } from '../../shared/http/lazy';

export type StatementGetDeps = BaseDeps & Pick<BillingDeps, 'statements'>;

const HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' };

/**
 * GET /v1/statements/{id}[?format=csv]: the stored bytes exactly (the JSON is canonical and
 * carries its token; the CSV is what `csvSha256` is the digest of), for the party itself or
 * an operator. The same function serves GET /v1/statements/{id}/pages/{page}[?format=csv]: a
 * paged statement's page, whose digests its document lists.
 */
export const makeHandler = (deps: StatementGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const statementId = pathParameter(event, 'id');
    const paged = event.pathParameters?.['page'] !== undefined;
    const { format } = parseQuery(paged ? StatementPageGetQuery : StatementGetQuery, event);
    // A page is no id: whatever the path holds, readStatementPage answers anything but one of the pages 404.
    const page = event.pathParameters?.['page'];
    const body =
      page === undefined
        ? await readStatement(deps, principal, statementId, format)
        : await readStatementPage(deps, principal, statementId, page, format);
    const filename = page === undefined ? statementId : `${statementId}-page-${page}`;
    return format === 'csv'
      ? {
          statusCode: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${filename}.csv"`,
            ...HEADERS,
          },
          body,
        }
      : { statusCode: 200, headers: { 'content-type': 'application/json', ...HEADERS }, body };
  });

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), statements: statementStore(env) }));
