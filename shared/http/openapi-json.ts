/** JSON values of the OpenAPI document and the walk its post-processing rules (shared/http/openapi.ts) share. */

/** A JSON value of the document, walked by the post-processing rules of shared/http/openapi.ts. */
export type Json = unknown;

/** Members whose values are data, not schemas: the rules never rewrite inside them. */
export const DATA_MEMBERS: ReadonlySet<string> = /* @__PURE__ */ new Set(['example', 'examples', 'const', 'enum', 'default']);

/** A copy of `value` with `rewrite` applied to every object, children first, data members left alone. */
export const mapObjects = (value: Json, rewrite: (node: Record<string, Json>) => Record<string, Json>): Json => {
  if (Array.isArray(value)) return value.map((item) => mapObjects(item, rewrite));
  if (typeof value !== 'object' || value === null) return value;
  return rewrite(
    Object.fromEntries(
      Object.entries(value).map(([key, member]) => [key, DATA_MEMBERS.has(key) ? member : mapObjects(member, rewrite)]),
    ),
  );
};
