/**
 * A Lambda handler whose dependencies are built on its first invocation, once per container,
 * instead of when the module is imported: a unit test imports the module and calls
 * `makeHandler` with in-memory ports, without the deployment's environment. A bad deploy
 * still fails loudly, on the first invocation of each container.
 */
export const lazyHandler = <Args extends unknown[], Result>(
  build: () => (...args: Args) => Promise<Result>,
): ((...args: Args) => Promise<Result>) => {
  let handler: ((...args: Args) => Promise<Result>) | undefined;
  return (...args: Args) => {
    handler ??= build();
    return handler(...args);
  };
};
