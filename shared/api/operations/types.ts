import type * as z from '../../zod';
import type { ErrorCode } from '../../errors';
import type { Role } from '../../domain/principal';

/** What the OpenAPI document says of one operation (see `shared/api/operations.ts`). */
export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.core.$ZodType;
  /** The same answer in other media types (chosen by a query parameter), e.g. `text/csv`. */
  readonly alternatives?: Readonly<Record<string, z.core.$ZodType>>;
  /**
   * The answer carries a Location header, the path of the object it names (the one created,
   * or the existing one): this is the path template of the GET route that reads it (a unit
   * test checks that the route exists), so a Location is always a path the caller can read.
   */
  readonly location?: `/v1/${string}`;
}

export interface OperationDoc {
  readonly summary: string;
  readonly description?: string;
  /** The roles allowed; an empty list is a public operation. */
  readonly roles: readonly Role[];
  readonly query?: z.core.$ZodObject;
  /**
   * What a path parameter that is not an id means (`{page}` is a page number): its
   * description; it is checked as every path parameter is (PathId), then by the operation.
   */
  readonly pathDescriptions?: Readonly<Record<string, string>>;
  readonly request?: z.core.$ZodType;
  /** The request body's media type when it is not JSON (a CSV upload, whose `request` is a string schema). */
  readonly requestMediaType?: 'text/csv';
  /** An example request body (it must pass `request`; a unit test checks). */
  readonly example?: unknown;
  readonly idempotencyKey?: 'required' | 'optional';
  /** Other request headers it reads (Idempotency-Key comes from `idempotencyKey`). */
  readonly headers?: z.core.$ZodObject;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** Problem codes the operation's own logic answers (the transport's are added). */
  readonly problems?: readonly ErrorCode[];
}

export const EVERY_ROLE: readonly Role[] = ['customer', 'provider', 'agent', 'operator'];

/** A list operation: one page (`{ items, nextCursor }`) of what it lists; a cursor it did not hand out is INVALID_CURSOR. */
export const listOperation = (
  doc: Omit<OperationDoc, 'responses' | 'query'> & { readonly query: z.core.$ZodObject; readonly page: ResponseDoc },
): OperationDoc => {
  const { page, problems = [], ...rest } = doc;
  return { ...rest, responses: { 200: page }, problems: [...problems, 'INVALID_CURSOR'] };
};

/**
 * Reading one object by its id: 200 with it; one that does not exist, or that the caller may
 * not read (another party's), is the 404 `notFound`.
 */
export const getOperation = (summary: string, roles: readonly Role[], found: ResponseDoc, notFound: ErrorCode): OperationDoc => ({
  summary,
  roles,
  responses: { 200: found },
  problems: [notFound],
});

/** Removing one object: 204 and no body. */
export const removeOperation = (summary: string, roles: readonly Role[], problems: readonly ErrorCode[]): OperationDoc => ({
  summary,
  roles,
  responses: { 204: { description: 'Removed.' } },
  problems,
});

/**
 * The answers of a create that is idempotent: 201 with what it created, 200 with what exists
 * already; with `location`, both carry the object's path as Location.
 */
export const createdOrExisting = (
  schema: z.core.$ZodType,
  created: string,
  existing: string,
  options: { readonly location?: ResponseDoc['location'] } = {},
): OperationDoc['responses'] => ({
  201: { description: created, schema, ...options },
  200: { description: existing, schema, ...options },
});

/** A customer's own list (its bookings, its purchases), newest first: an operator names the customer with customerId. */
export const customerListOperation = (
  what: string,
  query: z.core.$ZodObject,
  page: ResponseDoc,
  providersNote: string,
): OperationDoc =>
  listOperation({
    summary: `A customer's ${what}, newest first, optionally in one status; paginated with a cursor`,
    description: `A customer reads its own (another customer's customerId is 404 CUSTOMER_NOT_FOUND, and so is a customer token whose subject is no registered customer, naming no field); an operator names the customer with customerId (without it: 422 VALIDATION_FAILED), a registered one (else 404 CUSTOMER_NOT_FOUND naming customerId). ${providersNote}`,
    roles: ['customer', 'operator'],
    query,
    page,
    problems: ['CUSTOMER_NOT_FOUND'],
  });
