import { assert } from '../errors';
import { mapObjects, type Json } from './openapi-json';

/**
 * A pattern with the escapes that engines read differently spelled out: `\uXXXX` (RE2, the
 * engine of Go's regexp that kin-openapi and libopenapi-validator use, has no such escape;
 * Python's `re` and ECMA-262 do) as the character itself, and `\d` (any Unicode digit in
 * Python's `re`) as the ASCII digits it is in ECMA-262 and RE2. Other escapes stay as written.
 */
const withPortableEscapes = (pattern: string): string => {
  let portable = '';
  let inClass = false;
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index] ?? '';
    if (character === '\\') {
      const next = pattern[index + 1] ?? '';
      const hex = pattern.slice(index + 2, index + 6);
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
        const code = Number.parseInt(hex, 16);
        // Only characters that are never syntax (`\u005d` is `]`), and no surrogate: it is no character.
        assert(code >= 0x80 && (code < 0xd800 || code > 0xdfff), `pattern escape \\u${hex} is a character to spell otherwise`);
        portable += String.fromCharCode(code);
        index += 5;
      } else {
        portable += next === 'd' ? (inClass ? '0-9' : '[0-9]') : `${character}${next}`;
        index += 1;
      }
      continue;
    }
    if (inClass) inClass = character !== ']';
    else inClass = character === '[';
    portable += character;
  }
  return portable;
};

/** The groups of a pattern that is `^` followed by look-aheads only (`^(?=…)(?!…)`), or undefined. */
const lookAheads = (pattern: string): { readonly negative: boolean; readonly body: string }[] | undefined => {
  if (!pattern.startsWith('^(?')) return undefined;
  const groups: { negative: boolean; body: string }[] = [];
  let index = 1;
  while (index < pattern.length) {
    const opening = pattern.slice(index, index + 3);
    if (opening !== '(?=' && opening !== '(?!') return undefined;
    let depth = 0;
    let inClass = false;
    let end = index;
    for (; end < pattern.length; end += 1) {
      const character = pattern[end];
      if (character === '\\') end += 1;
      else if (inClass) inClass = character !== ']';
      else if (character === '[') inClass = true;
      else if (character === '(') depth += 1;
      else if (character === ')' && --depth === 0) break;
    }
    if (depth !== 0) return undefined;
    groups.push({ negative: opening === '(?!', body: pattern.slice(index + 3, end) });
    index = end + 1;
  }
  return groups;
};

/** What a search for `[\s\S]*X` anchored at the start finds is what a search for X finds anywhere. */
const ANY_PREFIX = '[\\s\\S]*';
const searchFor = (body: string): string => (body.startsWith(ANY_PREFIX) ? body.slice(ANY_PREFIX.length) : `^${body}`);

/**
 * The pattern in a form every validator reads the same, JavaScript's, Python's `re` and RE2
 * (Go) alike: escapes they read differently spelled out (withPortableEscapes), and a pattern made of look-aheads
 * at the start (`^(?!trf_)`, the password policy's "contains a …" rules) as what each says, a
 * `pattern` that must match or a `not: {pattern}` that must not (RE2 has no look-around). The
 * server's checks keep their own regular expressions; test/unit/http/portable-patterns.test.ts
 * shows that both forms accept the same strings, and that the served document has no other.
 */
export const portablePattern = (pattern: string): Record<string, Json> => {
  const literal = withPortableEscapes(pattern);
  const groups = lookAheads(literal);
  if (groups === undefined) return { pattern: literal };
  const parts = groups.map(({ negative, body }) =>
    negative ? { not: { pattern: searchFor(body) } } : { pattern: searchFor(body) },
  );
  return parts.length === 1 ? (parts[0] as Record<string, Json>) : { allOf: parts };
};

/**
 * Every `pattern` of the document in its portable form (portablePattern): a pattern that
 * becomes several checks joins the schema's `allOf`.
 */
export const withPortablePatterns = (document: Json): Json =>
  mapObjects(document, (node) => {
    const pattern = node['pattern'];
    if (typeof pattern !== 'string') return node;
    const { pattern: _declared, ...rest } = node;
    const portable = portablePattern(pattern);
    if (typeof portable['pattern'] === 'string') return { ...rest, pattern: portable['pattern'] };
    if (portable['not'] !== undefined && rest['not'] === undefined) return { ...rest, ...portable };
    const parts = Array.isArray(portable['allOf']) ? portable['allOf'] : [portable];
    const allOf = Array.isArray(rest['allOf']) ? rest['allOf'] : [];
    return { ...rest, allOf: [...allOf, ...parts] };
  });
