/**
 * JSON.parse reads every number into a double, so a literal whose exact decimal value is not
 * an integer can come out as one: `4503599627370497.5` reads as 4503599627370498 and
 * `1.00000000000000001` as 1. A schema that asks for an integer then accepts an amount the
 * client never sent. Node 20's JSON.parse gives a reviver no source text, so this looks at the
 * raw body: it finds the number tokens (outside strings) whose fractional part, after the
 * exponent, is not zero while their parsed value is an integer, and answers their member
 * paths. `100.0` and `1e2` are exact integers and are not reported.
 */

/** A number token that could have a fraction: a digit followed by `.`, `e` or `E`. No match, no scan. */
const MAYBE_FRACTIONAL = /[0-9][.eE]/;

/** Whether the literal's exact decimal value has a non-zero digit after the decimal point. */
export const hasFraction = (literal: string): boolean => {
  const match = /^-?([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(literal);
  if (match === null) return false;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  const exponent = match[3] === undefined ? 0 : Number.parseInt(match[3], 10);
  const digits = `${whole}${fraction}`;
  // Where the decimal point falls in `digits` once the exponent has moved it.
  const point = whole.length + exponent;
  if (point >= digits.length) return false;
  return /[1-9]/.test(point <= 0 ? digits : digits.slice(point));
};

interface Container {
  readonly kind: 'object' | 'array';
  /** Array: the index of the current element. */
  index: number;
  /** Object: where the current member's name (a JSON string, quotes included) starts and ends. */
  keyStart: number;
  keyEnd: number;
  /** Object: the next string is a member name. */
  expectingKey: boolean;
}

/**
 * The paths (`transfers.0.amountMinor`, `(body)` for a bare number) of the number tokens in
 * `text` whose exact value is not an integer but which parse to one. `text` must be JSON that
 * JSON.parse accepted.
 */
export const inexactIntegerPaths = (text: string): string[] => {
  if (!MAYBE_FRACTIONAL.test(text)) return [];
  const found: string[] = [];
  const stack: Container[] = [];
  const pathOf = (): string => {
    if (stack.length === 0) return '(body)';
    return stack
      .map((container) =>
        container.kind === 'array'
          ? String(container.index)
          : (JSON.parse(text.slice(container.keyStart, container.keyEnd)) as string),
      )
      .join('.');
  };
  let position = 0;
  while (position < text.length) {
    const char = text[position] as string;
    const top = stack[stack.length - 1];
    if (char === '"') {
      const start = position;
      position += 1;
      while (position < text.length && text[position] !== '"') position += text[position] === '\\' ? 2 : 1;
      position += 1;
      if (top !== undefined && top.kind === 'object' && top.expectingKey) {
        top.keyStart = start;
        top.keyEnd = position;
        top.expectingKey = false;
      }
      continue;
    }
    if (char === '-' || (char >= '0' && char <= '9')) {
      const start = position;
      while (position < text.length && /[0-9+\-.eE]/.test(text[position] as string)) position += 1;
      const literal = text.slice(start, position);
      if (Number.isInteger(Number(literal)) && hasFraction(literal)) found.push(pathOf());
      continue;
    }
    if (char === '{') stack.push({ kind: 'object', index: 0, keyStart: 0, keyEnd: 0, expectingKey: true });
    else if (char === '[') stack.push({ kind: 'array', index: 0, keyStart: 0, keyEnd: 0, expectingKey: false });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',' && top !== undefined) {
      if (top.kind === 'array') top.index += 1;
      else top.expectingKey = true;
    }
    position += 1;
  }
  return found;
};
