/**
 * The one rule for free text that kippu stores (README "API conventions"): names, titles,
 * device names, content keywords, a show's genre, outline and detail, a failure reason, a
 * ledger reference. Such a text
 *  - is 1 to its maximum characters long, counted in code points (as JSON Schema's
 *    `maxLength` counts them: an emoji is one character, not two UTF-16 units);
 *  - holds no control character but tab, line feed and carriage return: no C0 control, no
 *    DEL and no C1 control (U+0080–U+009F, such as NEL and the 8-bit CSI that terminals act
 *    on: Unicode category Cc);
 *  - holds no lone UTF-16 surrogate (the HTTP layer refuses one in every string of a body,
 *    shared/http/request.ts, before any schema);
 *  - holds at least one visible character: whitespace and the zero-width characters
 *    (U+200B–U+200D, U+2060, U+FEFF) do not count;
 *  - is stored trimmed (String.prototype.trim).
 *
 * shared/api/common.ts's VisibleText states it as a schema (its patterns go into the OpenAPI
 * document), and the ledger checks a reference with storedTextIssues below: the same rule,
 * the same words (test/unit/http/stored-text.test.ts compares them).
 */

/**
 * The characters that do not count as visible, spelled out for every regex dialect that reads
 * the document (ECMA-262 and Python's differ on `\s`): JavaScript's whitespace (`\s`, which
 * String.prototype.trim removes, U+FEFF among it) and the zero-width characters.
 */
export const INVISIBLE_CHARACTERS =
  '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200d\\u2028\\u2029\\u202f\\u205f\\u2060\\u3000\\ufeff';

/** C0 controls but tab (09), line feed (0a) and carriage return (0d), DEL and the C1 controls (built from text: eslint's no-control-regex reads a literal). */
export const CONTROL_CHARACTERS = '\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f';

/** Matches a text with a visible character. */
export const VISIBLE_CHARACTER = /* @__PURE__ */ new RegExp(`[^${INVISIBLE_CHARACTERS}]`);

/** Matches a text without a control character (but tab, line feed and carriage return). */
export const NO_CONTROL_CHARACTER = /* @__PURE__ */ new RegExp(`^[^${CONTROL_CHARACTERS}]*$`);

/** A UTF-16 surrogate without its other half: JSON can spell one (`"\\ud800"`), Unicode text cannot hold it. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A caller's name (a member name, a path) as an answer may hold it: each lone surrogate spelled
 * as its JSON escape, six characters (`\ud83d`), so the answer stays Unicode text and two
 * different names stay apart (`quoted` spells it the same way inside a detail).
 */
export const escapeLoneSurrogates = (text: string): string =>
  text.replace(new RegExp(LONE_SURROGATE.source, 'g'), (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);

export const VISIBLE_CHARACTER_MESSAGE = 'must hold a visible character';
export const NO_CONTROL_CHARACTER_MESSAGE = 'must not hold a control character';
export const LONE_SURROGATE_MESSAGE = 'must be Unicode text: it holds a lone UTF-16 surrogate';

/** A text's length in characters (code points), as JSON Schema's minLength and maxLength count it. */
export const codePointLength = (text: string): number => [...text].length;

const typeName = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * What is wrong with a value as stored text of at most `lengthMax` characters: one message per
 * failure, in the words the schema's checks use (zod's for the lengths), empty when it passes.
 */
export const storedTextIssues = (value: unknown, lengthMax: number): string[] => {
  if (typeof value !== 'string') return [`Invalid input: expected string, received ${typeName(value)}`];
  if (LONE_SURROGATE.test(value)) return [LONE_SURROGATE_MESSAGE];
  const length = codePointLength(value);
  return [
    ...(length < 1 ? ['Too small: expected string to have >=1 characters'] : []),
    ...(length > lengthMax ? [`Too big: expected string to have <=${lengthMax} characters`] : []),
    ...(VISIBLE_CHARACTER.test(value) ? [] : [VISIBLE_CHARACTER_MESSAGE]),
    ...(NO_CONTROL_CHARACTER.test(value) ? [] : [NO_CONTROL_CHARACTER_MESSAGE]),
  ];
};
