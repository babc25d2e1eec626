import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { contentDeps, usageLogDeps } from '../../shared/adapters/aws/rights-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { ContentCreateRequest, ContentListQuery, MyUsageQuery, UsageQuery } from '../../shared/api/rights';
import {
  contentView,
  createContent,
  listContents,
  requireContent,
  type ContentDeps,
} from '../../shared/domain/contents/contents';
import { keywordsOf } from '../../shared/domain/offers/offers';
import { describePrincipal } from '../../shared/domain/principal';
import { customerUsage, usageLog, type UsageLogDeps } from '../../shared/domain/rights/usage-log';
import { derivedId, randomIds } from '../../shared/ids';
import { principalOf, requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { respondIdempotently, type ApiIdempotencyDeps } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { operationsHandler, type Operation } from '../../shared/http/operations';
import { idempotencyKey, parseJsonBody, parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type ContentManageDeps = BaseDeps &
  ApiIdempotencyDeps &
  ListDeps & { readonly contents: ContentDeps; readonly usage: UsageLogDeps };

/**
 * The content catalogue and its usage log (one function for the five routes: the same table).
 * A provider creates its contents (the key is sealed at once and never answered); every
 * signed-in party searches and reads them; a content's provider reads its usage log, a
 * customer its own, an operator any content's or any customer's.
 */
const OPERATIONS: Readonly<Record<string, Operation<ContentManageDeps>>> = {
  contentCreate: async (deps, event) => {
    const principal = requireRole(event, 'provider');
    const request = parseJsonBody(ContentCreateRequest, event);
    const key = idempotencyKey(event, false);
    const contentId = key === undefined ? randomIds.next('cnt') : derivedId('cnt', describePrincipal(principal), key);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const content = await createContent(
        deps.contents,
        contentId,
        { ...request, contentKey: Buffer.from(request.contentKey, 'base64url') },
        principal,
      );
      return json(201, contentView(content), { location: `/v1/contents/${content.id}` });
    });
  },
  contentList: async (deps, event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const { q, limit } = parseQuery(ContentListQuery, event);
    const page = await listPage(deps, event, principal, (cursor) =>
      listContents(deps.contents.contents, { keywords: keywordsOf(q), limit, ...(cursor === undefined ? {} : { cursor }) }),
    );
    return json(200, page);
  },
  contentGet: async (deps, event) => {
    requireRole(event, 'customer', 'provider', 'agent', 'operator');
    return json(200, contentView(await requireContent(deps.contents.contents, pathParameter(event, 'id'), 'id')));
  },
  contentUsageList: async (deps, event) => {
    // Anyone signed in asks; who may read which log is the domain's (anybody else: 404, as if no such content or customer).
    const principal = principalOf(event);
    const { contentId, customerId, limit } = parseQuery(UsageQuery, event);
    const page = await listPage(deps, event, principal, (cursor) =>
      usageLog(deps.usage, principal, { contentId, customerId }, { limit, ...(cursor === undefined ? {} : { cursor }) }),
    );
    return json(200, page);
  },
  myUsageList: async (deps, event) => {
    const principal = requireRole(event, 'customer');
    const { limit } = parseQuery(MyUsageQuery, event);
    const page = await listPage(deps, event, principal, (cursor) =>
      customerUsage(deps.usage, principal, { limit, ...(cursor === undefined ? {} : { cursor }) }),
    );
    return json(200, page);
  },
};

export const makeHandler = (deps: ContentManageDeps) => operationsHandler('content-manage', deps, OPERATIONS);

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    contents: contentDeps(env),
    usage: usageLogDeps(env),
    listCursors: kmsListCursorKey(env),
  });
});
