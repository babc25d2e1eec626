/**
 * kippu's schemas use zod's functional API (`zod/mini`): the same validation and the same
 * JSON Schema as the classic API, in about a sixth of the code and without building dozens of
 * methods per schema, which is what a function's cold init pays for (docs/cost.md, Cold
 * start). `zod/mini` loads no locale of its own; kippu's problem details carry zod's English
 * messages, so they are configured here, once, for every module that imports its zod from
 * this one. Describe and annotate with checks: `schema.check(z.describe('…'))`,
 * `schema.check(z.meta({ … }))` (each makes a new schema, as the classic methods did).
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export * from 'zod/mini';

/**
 * Builds a schema at import, as `export const X = z.object(…)` would: shared/pure.ts's
 * `atImport` under the name the schema modules use. Called as
 * `/* @__PURE__ *\/ z.schema(() => …)`, it lets the bundler leave the schema out of every
 * function that never uses it. An API module declares its requests, its answers and their
 * parts together, and a handler uses a few of them (docs/cost.md, Cold start).
 */
export { atImport as schema } from './pure';
