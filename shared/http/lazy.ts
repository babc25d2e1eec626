/**
 * A function's module-scope wiring (config parsed, SDK clients built), made on its first
 * invocation instead of at import. Lambda keeps it for the container's life just the same,
 * and a bad environment still fails loudly (on every invocation until it is fixed); but a
 * test can import the module and call `makeHandler` with in-memory ports without any
 * environment at all.
 */
export const lazyHandler = <Args extends unknown[], Result>(
  build: () => (...args: Args) => Promise<Result>,
): ((...args: Args) => Promise<Result>) => {
  let handler: ((...args: Args) => Promise<Result>) | undefined;
  return async (...args: Args) => {
    handler ??= build();
    return handler(...args);
  };
};
