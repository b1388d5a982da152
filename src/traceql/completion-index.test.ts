import { createCompletionIndex, filterCompletions } from './completion-index';

describe('filterCompletions and createCompletionIndex', () => {
  const names = ['http.method', 'http.url', 'HTTP.route', 'db.system', 'net.peer.http', 'messaging.system'];

  it('matches case-insensitively, prefix matches first, then substring matches, in input order', () => {
    expect(filterCompletions(names, 'http', 10)).toEqual(['http.method', 'http.url', 'HTTP.route', 'net.peer.http']);
    expect(filterCompletions(names, 'SYS', 10)).toEqual(['db.system', 'messaging.system']);
  });

  it('returns at most limit names', () => {
    expect(filterCompletions(names, 'http', 2)).toEqual(['http.method', 'http.url']);
    expect(filterCompletions(names, 'http', 0)).toEqual([]);
  });

  it('returns the first names for an empty prefix and nothing without a match', () => {
    expect(filterCompletions(names, '', 3)).toEqual(['http.method', 'http.url', 'HTTP.route']);
    expect(filterCompletions(names, 'zzz', 3)).toEqual([]);
  });

  it('treats regex characters in the prefix literally', () => {
    expect(filterCompletions(['a.b', 'axb', 'a(b'], 'a.', 5)).toEqual(['a.b']);
    expect(filterCompletions(['a.b', 'axb', 'a(b'], '(', 5)).toEqual(['a(b']);
  });

  it('keeps its own copy of the names', () => {
    const items = ['b', 'a'];
    const index = createCompletionIndex(items);
    items.push('ab');
    expect(index.size).toBe(2);
    expect(index.filter('a', 5)).toEqual(['a']);
  });

  it('stays fast on 30,000 names', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => `service.attribute_${i}.Name${i % 97}`);
    const index = createCompletionIndex(many);
    const start = performance.now();
    for (const prefix of ['s', 'se', 'ser', 'attribute_29', 'name9', 'NAME96', 'zz']) {
      index.filter(prefix, 100);
    }
    expect(performance.now() - start).toBeLessThan(200);
    expect(index.filter('attribute_2999', 3)).toEqual([
      'service.attribute_2999.Name89',
      'service.attribute_29990.Name17',
      'service.attribute_29991.Name18',
    ]);
  });
});
