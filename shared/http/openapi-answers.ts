import { assert } from '../errors';
import { DATA_MEMBERS, mapObjects, type Json } from './openapi-json';

/** The answers' side of the published document (shared/http/openapi.ts, buildOpenApiDocument). */

const SCHEMA_REF = '#/components/schemas/';

/** The names of the components a JSON value references, directly. */
const referencedSchemas = (value: Json, into: Set<string> = new Set()): Set<string> => {
  if (Array.isArray(value)) for (const item of value) referencedSchemas(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      if (key === '$ref' && typeof member === 'string' && member.startsWith(SCHEMA_REF))
        into.add(member.slice(SCHEMA_REF.length));
      else if (!DATA_MEMBERS.has(key)) referencedSchemas(member, into);
    }
  }
  return into;
};

export interface DocumentShape {
  readonly paths: Record<string, Record<string, Record<string, Json>>>;
  readonly components: { readonly schemas: Record<string, Json> } & Record<string, Json>;
}

const isPatternOnly = (part: Json): boolean =>
  typeof part === 'object' && part !== null && Object.keys(part).length === 1 && 'pattern' in part;

/**
 * One schema node as an answer declares it: an object open (no `additionalProperties: false`),
 * and an instant (`format: date-time`) without the `pattern`s beside it. The format says what
 * an answer's instant is; the patterns (zod's date-time expression, the years of a request's
 * Instant) are the requests' checks, and typed clients choke on them: openapi-generator's
 * Python client runs the pattern on a parsed `datetime`, its Go client puts a regexp tag on a
 * `time.Time` that its validator refuses (probe AI1).
 */
const answerNode = (node: Record<string, Json>): Record<string, Json> => {
  const { additionalProperties, ...rest } = node;
  const opened = additionalProperties === false ? rest : node;
  if (opened['format'] !== 'date-time') return opened;
  const { pattern: _pattern, allOf, ...instant } = opened;
  const kept = Array.isArray(allOf) ? allOf.filter((part) => !isPatternOnly(part)) : [];
  return kept.length === 0 ? instant : { ...instant, allOf: kept };
};

/**
 * Answers may gain members in later versions, and clients ignore members they do not know
 * (README, API conventions); requests stay strict, kippu refuses members it does not know. So
 * the published document leaves every object schema of an answer open: `additionalProperties:
 * false` is dropped from the responses and from every component only answers reach, and kept on
 * everything a request body or parameter reaches. Likewise an answer's instant carries
 * `format: date-time` without a `pattern`, a request's keeps its patterns (answerNode). A
 * component that both reach and that an answer declares otherwise (or that references one
 * that does) keeps its request form, and answers reference an answer copy, `<name>Output`.
 * kippu's own tests check answers against the closed form (test/fixtures/contract.ts), so an
 * undeclared member in an answer still fails them.
 */
export const withOpenAnswers = (document: DocumentShape): DocumentShape => {
  const schemas = document.components.schemas;
  const reach = (roots: Json[]): Set<string> => {
    const reached = new Set<string>();
    const pending = roots.flatMap((root) => [...referencedSchemas(root)]);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (reached.has(name)) continue;
      reached.add(name);
      pending.push(...referencedSchemas(schemas[name]));
    }
    return reached;
  };
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
  const requested = reach(operations.flatMap((operation) => [operation['requestBody'], operation['parameters']]));
  const answered = reach(operations.map((operation) => operation['responses']));
  const differs = (value: Json): boolean => JSON.stringify(mapObjects(value, answerNode)) !== JSON.stringify(value);
  // A shared component is copied when its answer form differs, or when it references a copy,
  // so that answers never reach a request form through it.
  const shared = [...requested].filter((name) => answered.has(name));
  const copied = new Set(shared.filter((name) => differs(schemas[name])));
  for (let grown = true; grown;) {
    grown = false;
    for (const name of shared) {
      if (copied.has(name) || ![...referencedSchemas(schemas[name])].some((ref) => copied.has(ref))) continue;
      copied.add(name);
      grown = true;
    }
  }
  const copyName = (name: string): string => {
    const copy = `${name}Output`;
    assert(schemas[copy] === undefined, `the open copy of ${name} would replace the component ${copy}`);
    return copy;
  };
  const open = (value: Json): Json =>
    mapObjects(value, (node) => {
      const kept = answerNode(node);
      const ref = kept['$ref'];
      return typeof ref === 'string' && ref.startsWith(SCHEMA_REF) && copied.has(ref.slice(SCHEMA_REF.length))
        ? { ...kept, $ref: `${SCHEMA_REF}${copyName(ref.slice(SCHEMA_REF.length))}` }
        : kept;
    });
  const openedSchemas = Object.fromEntries([
    ...Object.entries(schemas).map(([name, schema]) => [
      name,
      answered.has(name) && !requested.has(name) ? open(schema) : schema,
    ]),
    ...[...copied].map((name) => [copyName(name), open(schemas[name])]),
  ]);
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [method, { ...operation, responses: open(operation['responses']) }]),
      ),
    ]),
  );
  return { ...document, paths, components: { ...document.components, schemas: openedSchemas } };
};
