import type { Context } from 'aws-lambda';
import { functionLogger } from '../adapters/powertools/logger';

const isLambdaContext = (value: unknown): value is Context =>
  typeof value === 'object' && value !== null && typeof (value as { awsRequestId?: unknown }).awsRequestId === 'string';

/**
 * A function's module-scope wiring (config parsed, SDK clients built), made on its first
 * invocation instead of at import. Lambda keeps it for the container's life just the same,
 * and a bad environment still fails loudly (on every invocation until it is fixed); but a
 * test can import the module and call `makeHandler` with in-memory ports without any
 * environment at all. `prepare()` builds the wiring without an invocation: the bench
 * (bench/functions.ts) counts it in a function's cold init. Every invocation starts the
 * container's logger afresh (its Lambda context and cold-start flag, no correlation ids of
 * the previous invocation, a new debug sampling decision).
 */
export type LazyHandler<Args extends unknown[], Result> = ((...args: Args) => Promise<Result>) & {
  /**
   * Builds the wiring now, from `env` (default: the process environment): the local runtime
   * passes each function the environment the stack gives it.
   */
  readonly prepare: (env?: NodeJS.ProcessEnv) => void;
};

export const lazyHandler = <Args extends unknown[], Result>(
  build: (env: NodeJS.ProcessEnv) => (...args: Args) => Promise<Result>,
): LazyHandler<Args, Result> => {
  let handler: ((...args: Args) => Promise<Result>) | undefined;
  const built = (env: NodeJS.ProcessEnv = process.env): ((...args: Args) => Promise<Result>) => (handler ??= build(env));
  return Object.assign(
    async (...args: Args) => {
      const context = args[1];
      functionLogger(process.env).beginInvocation(isLambdaContext(context) ? context : undefined);
      return built()(...args);
    },
    {
      prepare: (env?: NodeJS.ProcessEnv) => {
        built(env);
      },
    },
  );
};
