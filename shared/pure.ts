/**
 * Builds a module-level value at import, in a form a bundle can drop when its function never
 * uses the value: `export const table = /* @__PURE__ *\/ atImport(() => [entry(…), …])`.
 * esbuild keeps every top-level expression that calls something (it cannot know the call is
 * free of side effects) unless the call carries the annotation, and it honours the annotation
 * only where it is written, at the call site; a value with many calls inside it then needs
 * one annotation instead of one per call. Zod schemas have the same form in `z.schema`
 * (shared/zod.ts). test/unit/http/bundle-retention.test.ts checks every bundle.
 */
export const atImport = <T>(build: () => T): T => build();
