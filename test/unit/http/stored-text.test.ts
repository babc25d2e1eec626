import { describe, expect, it } from 'vitest';
import { VisibleText } from '../../../shared/api/common';
import { operationFor } from '../../../shared/api/operations';
import { normalizeAccount, normalizeOperations } from '../../../shared/domain/ledger/validation';
import { VISIBLE_CHARACTER } from '../../../shared/domain/stored-text';
import { isDomainError } from '../../../shared/errors';
import { asFragment } from '../../../shared/http/problem';
import { validationError } from '../../../shared/http/request';
import { LEDGER_REFERENCE_LENGTH_MAX } from '../../../shared/limits';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { portablePattern } from '../../../shared/http/portable-patterns';
import { operationIdOf, routes } from '../../../shared/resources/routes';
import * as z from '../../../shared/zod';

/**
 * README "API conventions": text a request stores (names, titles, keywords, a show's genre,
 * outline and detail, a failure reason, a ledger reference) holds a visible character and no
 * control character but tab, line feed and carriage return, and the document's pattern says
 * so. The table is every string field of every request body, read from the OpenAPI document,
 * so a new field is checked the day it is added: it refuses such input (its pattern admits
 * only a closed alphabet or format, or it is VisibleText), or it is listed below as a secret
 * or token, which people never read.
 */

/** Request fields that are not text for people, by `METHOD path field`, with why. */
const NOT_TEXT: Readonly<Record<string, string>> = {
  'POST /v1/registrations password': 'a password: only its hash is kept',
  'POST /v1/sessions password': 'a password: compared with the hash, never kept',
  'POST /v1/reservations password': 'a show password: only its hash is kept',
  'PATCH /v1/reservations/{id} password': 'a show password: only its hash is kept',
  'POST /v1/reservations/{id}/viewers password': 'a show password: compared with the hash, never kept',
  'POST /v1/tickets/{id}/redeem password': 'a one-time password: compared, never kept',
  'POST /v1/tickets/{id}/redeem nonce': 'the client’s opaque idempotency token for the redeem, never shown as text',
  'POST /v1/tickets/{id}/redeem proof': 'a DPoP proof JWT: verified, never kept',
  'POST /v1/registrations device.publicJwk.kid': 'a JWK member the device key drops (kty, crv, x, y are kept)',
  'POST /v1/devices publicJwk.kid': 'a JWK member the device key drops (kty, crv, x, y are kept)',
};

type JsonSchema = Readonly<Record<string, unknown>>;

interface StringField {
  readonly operation: string;
  readonly route: (typeof routes)[number];
  /** The field as a 422 names it: members and array indexes (0) joined by dots. */
  readonly field: string;
  readonly path: readonly (string | number)[];
  readonly patterns: readonly string[];
  /** The document's maxLength for the field, when it declares one. */
  readonly maxLength?: number;
}

const document = buildOpenApiDocument('https://kippu.test') as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  components: { schemas: Record<string, JsonSchema> };
};

const resolved = (schema: JsonSchema): JsonSchema =>
  typeof schema.$ref === 'string' ? resolved(document.components.schemas[schema.$ref.split('/').pop() ?? ''] ?? {}) : schema;

const patternsOf = (schema: JsonSchema): string[] => [
  ...(typeof schema.pattern === 'string' ? [schema.pattern] : []),
  ...((schema.allOf as JsonSchema[] | undefined) ?? []).flatMap((part) => patternsOf(resolved(part))),
];

/** Every string leaf under a JSON schema that is not an enum or a constant, with its path. */
const stringLeaves = (
  node: JsonSchema,
  path: readonly (string | number)[],
): { path: (string | number)[]; schema: JsonSchema }[] => {
  const schema = resolved(node);
  const branches = (['anyOf', 'oneOf'] as const).flatMap((key) => (schema[key] as JsonSchema[] | undefined) ?? []);
  const members = Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {});
  return [
    ...branches.flatMap((branch) => stringLeaves(branch, path)),
    ...members.flatMap(([name, member]) => stringLeaves(member, [...path, name])),
    ...(schema.type === 'array' ? stringLeaves(schema.items as JsonSchema, [...path, 0]) : []),
    ...(schema.type === 'string' && schema.enum === undefined && schema.const === undefined ? [{ path: [...path], schema }] : []),
  ];
};

const stringFields: readonly StringField[] = routes.flatMap((route) => {
  const body = document.paths[route.path]?.[route.method.toLowerCase()]?.requestBody?.content['application/json']?.schema;
  if (body === undefined) return [];
  const fields = new Map<string, StringField>();
  for (const { path, schema } of stringLeaves(body, [])) {
    const field = path.join('.');
    const known = fields.get(field);
    const patterns = [...(known?.patterns ?? []), ...patternsOf(schema)];
    const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : known?.maxLength;
    fields.set(field, {
      operation: `${route.method} ${route.path}`,
      route,
      field,
      path,
      patterns,
      ...(maxLength === undefined ? {} : { maxLength }),
    });
  }
  return [...fields.values()];
});

/** The field's key in NOT_TEXT (array indexes left out). */
const keyOf = (field: StringField): string => `${field.operation} ${field.field.replace(/\.0(?=\.|$)/g, '')}`;
const isNotText = (field: StringField): boolean => keyOf(field) in NOT_TEXT;

/**
 * The zod schemas the handler validates the field with (several when a union declares it in
 * more than one branch): the request schema walked along the field's path.
 */
const serverSchemasAt = (schema: z.core.$ZodType, path: readonly (string | number)[]): z.core.$ZodType[] => {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return serverSchemasAt(def.innerType as z.core.$ZodType, path);
    case 'pipe':
      return serverSchemasAt(def.in as z.core.$ZodType, path);
    case 'lazy':
      return serverSchemasAt((def.getter as () => z.core.$ZodType)(), path);
    case 'union':
      return (def.options as z.core.$ZodType[]).flatMap((option) => serverSchemasAt(option, path));
    default:
  }
  if (path.length === 0) return [schema];
  const [step, ...rest] = path;
  if (def.type === 'array' && step === 0) return serverSchemasAt(def.element as z.core.$ZodType, rest);
  const member = def.type === 'object' ? (def.shape as Record<string, z.core.$ZodType>)[String(step)] : undefined;
  return member === undefined ? [] : serverSchemasAt(member, rest);
};

/** Values with a control character, or no visible one, which no stored text may be. */
const REFUSED = [
  ['NUL', 'Aiko\u0000'],
  ['SOH', 'a\u0001b'],
  ['BEL', 't\u0007x'],
  ['vertical tab', 'a\u000bb'],
  ['form feed', 'a\u000cb'],
  ['escape', '\u001b[31mAiko'],
  ['unit separator', 'a\u001fb'],
  ['DEL', 'a\u007fb'],
  ['a C1 control (padding character, U+0080)', 'a\u0080b'],
  ['a C1 next line (U+0085)', 'A\u0085B'],
  ['a C1 control sequence introducer (U+009B)', '\u009b31mAiko'],
  ['a C1 application program command (U+009F)', 'a\u009fb'],
  ['spaces only', '   '],
  ['a byte order mark only', '\ufeff'],
  ['zero-width spaces only (U+200B)', '\u200b\u200b'],
  ['a zero-width non-joiner and joiner only (U+200C, U+200D)', '\u200c\u200d'],
  ['a word joiner among spaces (U+2060)', ' \u2060 '],
  ['ideographic and no-break spaces only', '\u3000\u00a0'],
  ['empty', ''],
] as const;

/** The visible-character rule as the document spells it (portablePattern: its characters, not `\u` escapes). */
const VISIBLE_PATTERN = String(portablePattern(VISIBLE_CHARACTER.source)['pattern']);

const documentAdmits = (field: StringField, value: string): boolean =>
  field.patterns.every((pattern) => new RegExp(pattern, 'u').test(value));

describe('stored text in request bodies (README "API conventions")', () => {
  it('reads the string fields from the document: among them the names, titles and show texts, and every exemption is one of them', () => {
    // Act
    const named = new Set(stringFields.map((field) => `${field.operation} ${field.field}`));

    // Assess
    for (const expected of [
      'POST /v1/providers name',
      'POST /v1/channels name',
      'POST /v1/contents title',
      'POST /v1/contents keywords.0',
      'POST /v1/reservations genre',
      'PATCH /v1/reservations/{id} detail',
      'POST /v1/transfers transfers.0.reference',
    ]) {
      expect(named, expected).toContain(expected);
    }
    for (const exempt of Object.keys(NOT_TEXT)) expect(stringFields.map(keyOf), exempt).toContain(exempt);
  });

  it.each(
    stringFields.filter((field) => !isNotText(field)).map((field) => [`${field.operation} ${field.field}`, field] as const),
  )('%s: the document’s pattern and the server refuse a control character and a blank value', (_name, field) => {
    // Prepare
    const operation = operationFor(operationIdOf(field.route));
    const schemas = operation.request === undefined ? [] : serverSchemasAt(operation.request, field.path);

    // Act
    const admittedByDocument = REFUSED.filter(([, value]) => documentAdmits(field, value)).map(([kind]) => kind);
    const admittedByServer = REFUSED.filter(([, value]) => schemas.some((schema) => z.safeParse(schema, value).success)).map(
      ([kind]) => kind,
    );

    // Assess
    expect(schemas.length).toBeGreaterThan(0);
    expect({ admittedByServer, admittedByDocument }).toEqual({ admittedByServer: [], admittedByDocument: [] });
  });

  it.each([
    ['POST /v1/channels', 'name'],
    ['POST /v1/contents', 'title'],
    ['POST /v1/contents', 'keywords.0'],
    ['POST /v1/reservations', 'genre'],
    ['POST /v1/reservations', 'detail'],
    ['POST /v1/reservations/{id}/outcome', 'reason'],
    ['POST /v1/accounts', 'reference'],
  ] as const)('%s %s takes tab, line feed and carriage return, and stores the text trimmed', (operationName, fieldName) => {
    // Prepare
    const field = stringFields.find((candidate) => candidate.operation === operationName && candidate.field === fieldName);
    expect(field).toBeDefined();
    const { route, path } = field as StringField;
    const [schema] = serverSchemasAt(operationFor(operationIdOf(route)).request as z.core.$ZodType, path);

    // Act
    const parsed = z.safeParse(schema as z.core.$ZodType, ' Live\tat\r\nnine ');

    // Assess
    expect(documentAdmits(field as StringField, ' Live\tat\r\nnine ')).toBe(true);
    expect(parsed).toMatchObject({ success: true, data: 'Live\tat\r\nnine' });
  });

  it.each(
    stringFields
      .filter((field) => field.maxLength !== undefined && field.patterns.includes(VISIBLE_PATTERN))
      .map((field) => [`${field.operation} ${field.field}`, field] as const),
  )('%s (free text): counts its length in characters (code points), as the document’s maxLength does', (_name, field) => {
    // Prepare
    const operation = operationFor(operationIdOf(field.route));
    const schemas = operation.request === undefined ? [] : serverSchemasAt(operation.request, field.path);
    const lengthMax = field.maxLength ?? 0;
    const longest = '😀'.repeat(lengthMax);
    const tooLong = '😀'.repeat(lengthMax + 1);

    // Act
    const admitted = (value: string) => schemas.some((schema) => z.safeParse(schema, value).success);

    // Assess
    expect(schemas.length).toBeGreaterThan(0);
    expect({ longest: admitted(longest), tooLong: admitted(tooLong) }).toEqual({ longest: true, tooLong: false });
  });
});

/** Values for the ledger's own check of a reference, which must say what VisibleText says. */
const REFERENCES = [
  ['a plain reference', 'order-7'],
  ['a trimmed reference', ' order 7\t'],
  ['129 emoji (258 UTF-16 units)', '😀'.repeat(129)],
  ['the most emoji', '😀'.repeat(LEDGER_REFERENCE_LENGTH_MAX)],
  ['one emoji too many', '😀'.repeat(LEDGER_REFERENCE_LENGTH_MAX + 1)],
  ['one letter too many', 'x'.repeat(LEDGER_REFERENCE_LENGTH_MAX + 1)],
  ...REFUSED,
] as const;

/** What a domain check answers for a value: the stored value, or its refusal as an HTTP answer words it. */
const outcomeOf = (check: () => string | undefined) => {
  try {
    return { stored: check() };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return {
      refused: {
        code: error.code,
        detail: error.detail,
        errors: error.fields.map((issue) => ({ field: issue.field, message: asFragment(issue.message) })),
      },
    };
  }
};

/** What the request schema answers for the same value, at the same field. */
const schemaOutcomeOf = (field: string, value: string) => {
  const parsed = z.safeParse(z.strictObject({ [field.split('.').pop() ?? field]: VisibleText(LEDGER_REFERENCE_LENGTH_MAX) }), {
    [field.split('.').pop() ?? field]: value,
  });
  if (parsed.success) return { stored: Object.values(parsed.data)[0] };
  const error = validationError(
    parsed.error.issues.map((issue) => ({
      ...issue,
      path: field.split('.').map((step) => (/^\d+$/.test(step) ? Number(step) : step)),
    })),
    {},
  );
  return {
    refused: {
      code: error.code,
      detail: error.detail,
      errors: error.fields.map((issue) => ({ field: issue.field, message: asFragment(issue.message) })),
    },
  };
};

describe('a ledger reference is stored text like every other (README "API conventions")', () => {
  const leg = (reference: string) => ({
    action: 'create' as const,
    id: 't-1',
    debitAccountId: 'a-1',
    creditAccountId: 'a-2',
    amountMinor: 1,
    currency: 'JPY',
    reference,
  });

  it.each(REFERENCES)('%s: the ledger stores or refuses it as the schema does, in the same words', (_kind, value) => {
    // Act
    const account = outcomeOf(() => normalizeAccount({ currency: 'JPY', reference: value }).reference);
    const transfer = outcomeOf(() => {
      const [operation] = normalizeOperations([leg(value)]);
      return operation?.action === 'create' ? operation.reference : undefined;
    });
    const linked = outcomeOf(() => {
      const [, operation] = normalizeOperations([leg('first'), { ...leg(value), id: 't-2' }]);
      return operation?.action === 'create' ? operation.reference : undefined;
    });

    // Assess
    expect(account).toEqual(schemaOutcomeOf('reference', value));
    expect(transfer).toEqual(schemaOutcomeOf('reference', value));
    expect(linked).toEqual(schemaOutcomeOf('transfers.1.reference', value));
  });
});
