import { withMostRecentHint } from './hints';

describe('withMostRecentHint', () => {
  it('appends the hint', () => {
    expect(withMostRecentHint('{ status = error } ')).toBe('{ status = error } with(most_recent=true)');
  });
  it('leaves a query that has hints alone', () => {
    expect(withMostRecentHint('{ } with (most_recent=false)')).toBe('{ } with (most_recent=false)');
  });
});
