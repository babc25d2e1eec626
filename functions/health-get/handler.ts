import { functionLogger } from '../../shared/adapters/powertools/logger';
import type { Logger } from '../../shared/logger';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { json } from '../../shared/http/response';

export const makeHandler = (deps: { readonly logger: Logger }) => apiHandler(deps, async () => json(200, { status: 'ok' }));

export const handler = lazyHandler((env) => makeHandler({ logger: functionLogger(env) }));
