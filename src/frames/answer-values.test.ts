import { finiteNumber, nanosToMs } from './answer-values';

describe('finiteNumber', () => {
  it('reads decimal digits to the very double Number() gives, however many digits (the timestamps of search answers)', () => {
    const texts = ['0', '7', '000123', '999999999', '1000000000', '9007199254740993', '1795501192468123456'];
    // Every length up to 22 digits, from a fixed pseudo-random sequence (the slow and the fast reading both).
    let seed = 12345;
    const digit = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String(seed % 10);
    };
    for (let length = 1; length <= 22; length++) {
      for (let i = 0; i < 200; i++) {
        texts.push(Array.from({ length }, digit).join(''));
      }
    }
    // Past 2^53 / 1953125 billions (4.6e18) the first part times 1e9 is no longer exact.
    texts.push('4611686018427387904', '4611686018427387903', '18446744073709551615', '99999999999999999999');
    for (const text of texts) {
      expect(finiteNumber(text)).toBe(Number(text));
    }
  });

  it('reads other decimals as before, and refuses what is not one', () => {
    expect(finiteNumber('-12')).toBe(-12);
    expect(finiteNumber('1.5e3')).toBe(1500);
    expect(finiteNumber(42)).toBe(42);
    for (const text of ['', ' 12', '12 ', '0x10', '+1', '.5', '1.', '1e400', 'NaN', '12a']) {
      expect(finiteNumber(text)).toBeUndefined();
    }
    expect(finiteNumber(Infinity)).toBeUndefined();
    expect(finiteNumber(null)).toBeUndefined();
  });

  it('turns nanoseconds into milliseconds', () => {
    expect(nanosToMs('1795501192468123456')).toBe(Number('1795501192468123456') / 1e6);
    expect(nanosToMs('garbage')).toBeUndefined();
  });
});
