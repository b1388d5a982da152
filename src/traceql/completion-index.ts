/** Attribute names filtered by what is typed, for autocomplete over tens of thousands of names. */

export interface CompletionIndex {
  readonly size: number;
  /**
   * Up to `limit` names containing `prefix`, case-insensitively: names starting with it first,
   * then the others, each group in the original order. An empty prefix gives the first `limit`.
   */
  filter(prefix: string, limit: number): string[];
}

/** Lowercases the names once, so each keystroke is one indexOf per name and no allocation per name. */
export function createCompletionIndex(items: readonly string[]): CompletionIndex {
  const names = items.slice();
  const lowered = names.map((name) => name.toLowerCase());
  return {
    size: names.length,
    filter(prefix: string, limit: number): string[] {
      if (limit <= 0) {
        return [];
      }
      const needle = prefix.toLowerCase();
      if (!needle) {
        return names.slice(0, limit);
      }
      const starting: string[] = [];
      const containing: string[] = [];
      for (let i = 0; i < lowered.length && starting.length < limit; i++) {
        const at = lowered[i].indexOf(needle);
        if (at === 0) {
          starting.push(names[i]);
        } else if (at > 0 && containing.length < limit) {
          containing.push(names[i]);
        }
      }
      return starting.concat(containing.slice(0, limit - starting.length));
    },
  };
}

/** One-off filtering; for repeated keystrokes over the same names keep a createCompletionIndex. */
export function filterCompletions(items: readonly string[], prefix: string, limit: number): string[] {
  return createCompletionIndex(items).filter(prefix, limit);
}
