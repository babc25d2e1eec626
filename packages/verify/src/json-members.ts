/**
 * I-JSON (RFC 7493 §2.3): an object must not have two members with the same name. JSON.parse
 * keeps the last one silently, so a text that repeats `offerId` or `lines` would be read one
 * way by kippu and another way by any reader that keeps the first (a WAF rule, an audit log, a
 * client-side validator, a person reading a statement). JSON.parse shows no duplicates and a
 * reviver sees only the surviving value, so this scans the raw text once: every member name
 * (outside string values) is decoded — `"a"` and `"\u0061"` are the same name — and looked up
 * in the names of its own object so far. One pass, one set of names per open object: linear in
 * the text's length. kippu's API refuses a request body that repeats a name (400
 * MALFORMED_JSON), and the verifiers refuse a document, a statement, a page or a JWS header or
 * payload that does (MALFORMED). No dependencies: kippu's functions bundle it too.
 */

/** A member name repeated in one object: where (`proxySettlement.trusted`, `transfers.0.id`) and which name. */
export interface RepeatedMember {
  /** The member's path, the parent's path then the name, as a field is named in `errors`. */
  readonly path: string;
  readonly name: string;
}

interface ObjectFrame {
  readonly kind: 'object';
  readonly names: Set<string>;
  /** The name of the member being read (its value may be an object or array on the stack above). */
  current: string;
  /** The next string is a member name. */
  expectingName: boolean;
}

interface ArrayFrame {
  readonly kind: 'array';
  /** The index of the element being read. */
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

/** A name as JSON writes it, quotes included: escapes are decoded only when there is one. */
const decodeName = (literal: string): string => (literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1));

const pathOf = (stack: readonly Frame[]): string =>
  stack.map((frame) => (frame.kind === 'array' ? String(frame.index) : frame.current)).join('.');

/**
 * The first member, in the order of the text, whose name its object has already: undefined
 * when every object's names are distinct. `text` must be JSON that JSON.parse accepted.
 */
export const firstRepeatedMember = (text: string): RepeatedMember | undefined => {
  // No object, no member names.
  if (!text.includes('{')) return undefined;
  const stack: Frame[] = [];
  let position = 0;
  while (position < text.length) {
    const char = text[position] as string;
    if (char === '"') {
      const start = position;
      position += 1;
      while (position < text.length && text[position] !== '"') position += text[position] === '\\' ? 2 : 1;
      position += 1;
      const top = stack[stack.length - 1];
      if (top !== undefined && top.kind === 'object' && top.expectingName) {
        const name = decodeName(text.slice(start, position));
        top.current = name;
        top.expectingName = false;
        if (top.names.has(name)) return { path: pathOf(stack), name };
        top.names.add(name);
      }
      continue;
    }
    if (char === '{') stack.push({ kind: 'object', names: new Set<string>(), current: '', expectingName: true });
    else if (char === '[') stack.push({ kind: 'array', index: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index += 1;
      else if (top?.kind === 'object') top.expectingName = true;
    }
    position += 1;
  }
  return undefined;
};

/** The host's UTF-8 decoder (Node.js 20 and browsers have it); declared here, as the package takes no DOM or Node types. */
declare const TextDecoder: new () => { decode(input: Uint8Array): string };

/** The first repeated member of a JSON text given as UTF-8 bytes (a JWS header or payload, decoded from base64url). */
export const firstRepeatedMemberOfBytes = (bytes: Uint8Array): RepeatedMember | undefined =>
  firstRepeatedMember(new TextDecoder().decode(bytes));
