import createClient, { type ClientOptions } from 'openapi-fetch';
import type { paths } from './kippu-api';

/**
 * A typed kippu client: openapi-fetch over the types generated from the OpenAPI document
 * (kippu-api.d.ts), so paths, parameters, bodies and answers are checked by the compiler.
 *
 *   const kippu = createKippuClient({ baseUrl: 'http://127.0.0.1:3000', headers: { authorization: `Bearer ${token}` } });
 *   const { data, error } = await kippu.POST('/v1/purchases', { params: { header: { 'Idempotency-Key': key } }, body: { offerId } });
 */
export type { components, operations, paths } from './kippu-api';

export const createKippuClient = (options: ClientOptions) => createClient<paths>(options);
export type KippuClient = ReturnType<typeof createKippuClient>;
