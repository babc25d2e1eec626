import type { FunctionDefinition } from '../../shared/resources/functions';

/**
 * Loads the handler module a Lambda function runs, once per process. The local runtime calls
 * these exactly as Lambda would (API Gateway events, SQS batch events, scheduler input).
 */
const cache = new Map<string, Promise<unknown>>();

export const loadFunctionHandler = <Handler>(definition: FunctionDefinition): Promise<Handler> => {
  let loaded = cache.get(definition.name);
  if (loaded === undefined) {
    loaded = import(`../../functions/${definition.name}/handler.ts`).then((module: { handler: unknown }) => module.handler);
    cache.set(definition.name, loaded);
  }
  return loaded as Promise<Handler>;
};
