import fs from 'fs';
import path from 'path';

import { finishSteps } from './columns';
import { parseJsonSteps } from './json-parse-steps';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** Every JSON file of the fixtures, real bodies of every format the trace files read. */
function jsonFixtures(dir = FIXTURES): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? jsonFixtures(file) : entry.name.endsWith('.json') ? [file] : [];
  });
}

describe('parseJsonSteps', () => {
  it.each(jsonFixtures().map((file) => [path.relative(FIXTURES, file)]))(
    '%s: what JSON.parse gives, walking every object and array',
    (file) => {
      const bytes = fs.readFileSync(path.join(FIXTURES, file));
      // 1 byte: nothing is small enough to hand to JSON.parse whole but scalars and keys.
      for (const small of [1, 200, 64 * 1024]) {
        expect(finishSteps(parseJsonSteps(bytes, small))).toEqual(JSON.parse(bytes.toString('utf8')));
      }
    }
  );

  it('reads strings with escapes, brackets and quotes inside, unicode, numbers and literals', () => {
    const text = ` { "a\\"]}" : ["x\\\\", "}{][", "é\\u00e9😀", -1.5e3, 0, true, false, null, [], {}, [[{}]]] ,"b":{"c":[1,2,{"d":"e"}]} } `;
    expect(finishSteps(parseJsonSteps(bytesOf(text), 1))).toEqual(JSON.parse(text));
  });

  it('keeps `__proto__` an ordinary key, as JSON.parse does', () => {
    const parsed = finishSteps(parseJsonSteps(bytesOf('{"__proto__":{"polluted":true},"x":[1,2]}'), 1)) as object;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['{"a":1', '[1,2', '{"a" 1}', '[1 2]', '{"a":1}x', '', '{"a":tru}', '["\\"]'])(
    'throws the SyntaxError JSON.parse throws for %j',
    (text) => {
      let expected: unknown;
      try {
        JSON.parse(text);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(SyntaxError);
      expect(() => finishSteps(parseJsonSteps(bytesOf(text), 1))).toThrow((expected as Error).message);
    }
  );

  it('pauses between pieces of a big body', () => {
    const big = JSON.stringify(
      Array.from({ length: 20_000 }, (_, i) => ({
        traceId: 'ab'.repeat(16),
        id: String(i),
        tags: { k: 'v'.repeat(40) },
      }))
    );
    const steps = parseJsonSteps(bytesOf(big));
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      pauses++;
    }
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(big.length / (512 * 1024)) - 1);
    expect(step.value).toEqual(JSON.parse(big));
  });
});
