import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config';
import { environmentValues, integer, list, number, oneOf, parseEnvironment, text, url } from '../../../shared/config/fields';

describe('the configuration field parsers', () => {
  it('text: accepts what matches its pattern, takes its default when unset, refuses a mismatch or a missing required value', () => {
    // Arrange
    const stage = text(/^[a-z]+$/);
    const currency = text(/^[A-Z]{3}$/, 'JPY');

    // Act & Assess
    expect(stage('prod')).toEqual({ ok: true, value: 'prod' });
    expect(currency(undefined)).toEqual({ ok: true, value: 'JPY' });
    expect(currency('')).toEqual({ ok: false, problems: ['Invalid string: must match pattern /^[A-Z]{3}$/'] });
    expect(stage(undefined)).toEqual({ ok: false, problems: ['Invalid input: expected string, received undefined'] });
  });

  it('url: accepts an absolute URL without its surrounding white space, tabs or line breaks, refuses others', () => {
    // Arrange
    const issuer = url();

    // Act & Assess
    expect(issuer(' https://kippu.test/a\tb\n ')).toEqual({ ok: true, value: 'https://kippu.test/ab' });
    expect(issuer('kippu.test')).toEqual({ ok: false, problems: ['Invalid URL'] });
    expect(issuer(undefined)).toEqual({ ok: false, problems: ['Invalid input: expected string, received undefined'] });
  });

  it('list: splits at commas, trims the items and drops empty ones; unset is the empty list', () => {
    // Arrange
    const keys = list();

    // Act & Assess
    expect(keys(' key-a , key-b,,')).toEqual({ ok: true, value: ['key-a', 'key-b'] });
    expect(keys(undefined)).toEqual({ ok: true, value: [] });
  });

  it('integer: reads plain decimal digits (a `-` before them), takes its default when unset, and refuses each bound it breaks', () => {
    // Arrange
    const leeway = integer(30, { atLeast: 0, atMost: 60 });
    const lease = integer(30, { above: 0 });
    const offset = integer(0, { atLeast: -5 });

    // Act & Assess
    expect(leeway('12')).toEqual({ ok: true, value: 12 });
    expect(leeway('012')).toEqual({ ok: true, value: 12 });
    expect(leeway('-0')).toEqual({ ok: true, value: 0 });
    expect(offset('-5')).toEqual({ ok: true, value: -5 });
    expect(leeway(undefined)).toEqual({ ok: true, value: 30 });
    expect(leeway('-1')).toEqual({ ok: false, problems: ['Too small: expected number to be >=0'] });
    expect(leeway('61')).toEqual({ ok: false, problems: ['Too big: expected number to be <=60'] });
    expect(lease('0')).toEqual({ ok: false, problems: ['Too small: expected number to be >0'] });
    expect(leeway('1.5')).toEqual({ ok: false, problems: ['Invalid input: expected int, received number'] });
    expect(leeway('100000000000000000000')).toEqual({
      ok: false,
      problems: ['Too big: expected int to be <=9007199254740991', 'Too big: expected number to be <=60'],
    });
  });

  it.each(['0x10', '1e1', '+3', ' 3', '3 ', '3\n', 'ten', '-Infinity', '1_0', '٣', '--3', '-'])(
    'integer: refuses %j, which is not plain decimal digits',
    (raw) => {
      // Act
      const parsed = integer(30, { atLeast: 0, atMost: 60 })(raw);

      // Assess
      expect(parsed).toEqual({ ok: false, problems: ['Invalid input: expected int written in decimal digits'] });
    },
  );

  it('integer and number: refuse an empty value as no number rather than reading it as 0', () => {
    // Act & Assess
    expect(integer(10_000, { atLeast: 1 })('')).toEqual({
      ok: false,
      problems: ['Invalid input: expected int, received an empty value'],
    });
    expect(number(0, { atLeast: 0 })('')).toEqual({
      ok: false,
      problems: ['Invalid input: expected number, received an empty value'],
    });
  });

  it('number: accepts a decimal fraction within its bounds, takes its default when unset, refuses one outside or not in decimal', () => {
    // Arrange
    const rate = number(0, { atLeast: 0, atMost: 1 });
    const seconds = number(60, { above: 0 });

    // Act & Assess
    expect(rate('0.25')).toEqual({ ok: true, value: 0.25 });
    expect(rate('1')).toEqual({ ok: true, value: 1 });
    expect(rate(undefined)).toEqual({ ok: true, value: 0 });
    expect(rate('1.5')).toEqual({ ok: false, problems: ['Too big: expected number to be <=1'] });
    for (const raw of ['Infinity', '.5', '5.', '1e-1', '0x1', ' 0.5', '+0.5'])
      expect(rate(raw)).toEqual({ ok: false, problems: ['Invalid input: expected number written in decimal digits'] });
    expect(seconds(`1${'0'.repeat(400)}`)).toEqual({
      ok: false,
      problems: ['Invalid input: expected number, received Infinity'],
    });
  });

  it('oneOf: accepts an option (after upper-casing when asked), takes its default when unset, refuses anything else', () => {
    // Arrange
    const level = oneOf(['DEBUG', 'INFO'], 'INFO', { upperCase: true });
    const mode = oneOf(['kms', 'delegated'], 'delegated');

    // Act & Assess
    expect(level('debug')).toEqual({ ok: true, value: 'DEBUG' });
    expect(level(undefined)).toEqual({ ok: true, value: 'INFO' });
    expect(mode('KMS')).toEqual({ ok: false, problems: ['Invalid option: expected one of "kms"|"delegated"'] });
    expect(level('')).toEqual({ ok: false, problems: ['Invalid option: expected one of "DEBUG"|"INFO"'] });
  });

  it('parseEnvironment gives every value, or every problem named by its variable in the order the fields are declared', () => {
    // Arrange
    const fields = { B_SECOND: integer(1, { atLeast: 1 }), A_FIRST: text(/^x$/), C_THIRD: list() };

    // Act
    const accepted = parseEnvironment(fields, { A_FIRST: 'x', C_THIRD: 'a,b' });
    const refused = parseEnvironment(fields, { B_SECOND: '0' });

    // Assess
    expect(accepted).toEqual({ ok: true, values: { B_SECOND: 1, A_FIRST: 'x', C_THIRD: ['a', 'b'] } });
    expect(refused).toEqual({
      ok: false,
      problems: ['B_SECOND: Too small: expected number to be >=1', 'A_FIRST: Invalid input: expected string, received undefined'],
    });
  });

  it('environmentValues throws one ConfigError naming every problem', () => {
    // Arrange
    const fields = { ONE: integer(1, { atMost: 2 }), TWO: url() };

    // Act
    const refused = () => environmentValues(fields, { ONE: '3', TWO: 'nowhere' });

    // Assess
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow('invalid configuration: ONE: Too big: expected number to be <=2; TWO: Invalid URL');
  });
});
