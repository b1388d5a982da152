import { CompletionIndex, createCompletionIndex, filterCompletions } from '../traceql/completion-index';
import {
  getSituation,
  NameScope,
  PIPELINE_FUNCTIONS,
  SCOPE_COMPLETIONS,
  Situation,
  SPANSET_OPERATORS,
} from '../traceql/cursor-situation';
import { INTRINSICS } from '../traceql/intrinsics';
import { COMPARISON_OPERATORS } from '../traceql/tokens';
import { escapeTraceQLString, isAttributePathToken, KIND_VALUES, STATUS_VALUES } from '../traceql/literals';
import { ScopedTags, TagSource, TagValue } from '../types';
import { tagNamesOfScope } from './searchBuilderState';

export type SuggestionKind = 'scope' | 'intrinsic' | 'attribute' | 'operator' | 'value' | 'function' | 'snippet';

/** A completion item in plain data; traceqlMonaco.ts turns it into a Monaco CompletionItem. */
export interface TraceQLSuggestion {
  label: string;
  kind: SuggestionKind;
  insertText: string;
  detail?: string;
  documentation?: string;
  /** `insertText` is a Monaco snippet (`$0` is where the cursor ends up). */
  isSnippet?: boolean;
  /** Open the suggestions again after inserting, e.g. attribute names after `span.`. */
  retrigger?: boolean;
  /** What the typed prefix is matched against when the inserted text differs (quoted values). */
  filterText?: string;
}

export interface TraceQLCompletions {
  suggestions: TraceQLSuggestion[];
  /** How many characters before the cursor a chosen suggestion replaces (the typed prefix). */
  replaceLength: number;
  /** Results were cut at the limit: the editor must ask again on the next keystroke. */
  incomplete: boolean;
}

export interface TraceQLCompleter {
  complete(text: string, offset: number): Promise<TraceQLCompletions>;
}

/** Most attribute names or values offered at once; Monaco slows down on longer lists. */
export const SUGGESTION_LIMIT = 500;

const NOTHING: TraceQLCompletions = { suggestions: [], replaceLength: 0, incomplete: false };

const SPANSET_OPERATOR_DOCS: Record<string, string> = {
  '&&': 'Both spansets match in the same trace',
  '||': 'Either spanset matches',
  '>>': 'Right spans that are descendants of left spans',
  '>': 'Right spans that are direct children of left spans',
  '<<': 'Right spans that are ancestors of left spans',
  '<': 'Right spans that are direct parents of left spans',
  '~': 'Right spans that are siblings of left spans',
};

const FUNCTION_DOCS: Record<string, string> = {
  select: 'Add attributes to the returned spans',
  by: 'Group spansets by an attribute',
  coalesce: 'Merge spansets grouped by by() back into one',
  count: 'Number of spans in the spanset, e.g. count() > 2',
  avg: 'Average of an attribute over the spanset',
  rate: 'Metrics: spans per second',
  count_over_time: 'Metrics: number of spans per step',
  quantile_over_time: 'Metrics: quantiles of an attribute, e.g. (duration, 0.9, 0.99)',
  histogram_over_time: 'Metrics: histogram of an attribute',
  compare: 'Metrics: compare a selection of spans with the rest',
};

const KEYWORD_VALUES_OF: Record<string, readonly string[]> = {
  status: STATUS_VALUES,
  'span:status': STATUS_VALUES,
  kind: KIND_VALUES,
  'span:kind': KIND_VALUES,
};

/** Keeps tag-name indexes for the completer's lifetime: tagNames() and index building happen once. */
class TagNameIndexes {
  private readonly byScope = new Map<NameScope, CompletionIndex>();

  constructor(private readonly scopedTags: ScopedTags[]) {}

  get(scope: NameScope): CompletionIndex {
    let index = this.byScope.get(scope);
    if (!index) {
      index = createCompletionIndex(tagNamesOfScope(this.scopedTags, scope));
      this.byScope.set(scope, index);
    }
    return index;
  }
}

export function createTraceQLCompleter(tags: TagSource | undefined, limit = SUGGESTION_LIMIT): TraceQLCompleter {
  let indexes: Promise<TagNameIndexes> | undefined;
  const tagNameIndexes = (source: TagSource) => {
    if (!indexes) {
      indexes = source.tagNames().then((scopedTags) => new TagNameIndexes(scopedTags));
      // A failed request is retried on the next completion instead of being remembered.
      indexes.catch(() => (indexes = undefined));
    }
    return indexes;
  };

  return {
    async complete(text, offset) {
      const situation = getSituation(text, offset);
      try {
        if (situation.type === 'SPANSET_IN_NAME_SCOPE') {
          return tags ? attributeNames((await tagNameIndexes(tags)).get(situation.scope), situation, limit) : NOTHING;
        }
        if (situation.type === 'SPANSET_IN_VALUE') {
          return await valueCompletions(tags, situation, text, offset, limit);
        }
      } catch {
        // Autocomplete is a convenience: a failed tag request must not break typing.
        return NOTHING;
      }
      return staticCompletions(situation, text, offset);
    },
  };
}

/** Completions that need no tag source. */
export function staticCompletions(situation: Situation, text: string, offset: number): TraceQLCompletions {
  const spaced = (insert: string) => (isAfterWhitespace(text, offset) ? insert : ` ${insert}`);
  switch (situation.type) {
    case 'EMPTY':
      return complete([{ label: '{ }', kind: 'snippet', insertText: '{ $0 }', isSnippet: true, retrigger: true }]);
    case 'SPANSET_START':
      return complete([...scopeSuggestions(), ...intrinsicSuggestions()], situation.prefix.length);
    case 'SPANSET_EXPRESSION_OPERATORS':
      return complete(operatorsFor(situation.tag).map((operator) => operatorSuggestion(operator, `${operator} `)));
    case 'SPANSET_IN_THE_MIDDLE':
    case 'SPANSET_AFTER_VALUE':
      return complete([
        operatorSuggestion('&&', spaced('&& ')),
        operatorSuggestion('||', spaced('|| ')),
        { label: '}', kind: 'operator', insertText: spaced('}') },
      ]);
    case 'NEW_SPANSET':
      return complete([
        ...SPANSET_OPERATORS.map((operator) => operatorSuggestion(operator, spaced(`${operator} `))),
        { label: '|', kind: 'operator', insertText: spaced('| '), retrigger: true, detail: 'Pipe into a function' },
        {
          label: 'with(most_recent=true)',
          kind: 'function',
          insertText: spaced('with(most_recent=true)'),
          documentation: 'Return the most recent traces instead of the first found (Tempo 2.7+)',
        },
      ]);
    case 'PIPELINE_FUNCTION':
      return complete(PIPELINE_FUNCTIONS.map(functionSuggestion), situation.prefix.length);
    default:
      return NOTHING;
  }
}

function complete(suggestions: TraceQLSuggestion[], replaceLength = 0, incomplete = false): TraceQLCompletions {
  return { suggestions, replaceLength, incomplete };
}

function isAfterWhitespace(text: string, offset: number): boolean {
  return offset === 0 || /\s/.test(text[offset - 1]);
}

function scopeSuggestions(): TraceQLSuggestion[] {
  return SCOPE_COMPLETIONS.map((scope) => ({
    label: scope,
    kind: 'scope',
    insertText: scope,
    retrigger: true,
    detail: scope === '.' ? 'Attribute of any scope' : 'Attribute scope',
  }));
}

function intrinsicSuggestions(): TraceQLSuggestion[] {
  return INTRINSICS.map((intrinsic) => ({
    label: intrinsic.name,
    kind: 'intrinsic',
    insertText: intrinsic.name,
    detail: intrinsic.type,
    documentation: intrinsic.description,
  }));
}

function attributeNames(index: CompletionIndex, situation: { prefix: string }, limit: number): TraceQLCompletions {
  // One more than the limit tells whether the list was cut.
  const names = index.filter(situation.prefix, limit + 1);
  const suggestions = names.slice(0, limit).map<TraceQLSuggestion>((name) => ({
    label: name,
    kind: 'attribute',
    insertText: isAttributePathToken(name) ? name : `"${escapeTraceQLString(name)}"`,
  }));
  return complete(suggestions, situation.prefix.length, names.length > limit);
}

function operatorsFor(tag: string): readonly string[] {
  return KEYWORD_VALUES_OF[tag] ? ['=', '!='] : COMPARISON_OPERATORS;
}

function operatorSuggestion(operator: string, insertText: string): TraceQLSuggestion {
  return {
    label: operator,
    kind: 'operator',
    insertText,
    retrigger: true,
    documentation: SPANSET_OPERATOR_DOCS[operator],
  };
}

function functionSuggestion(entry: string): TraceQLSuggestion {
  const name = entry.replace(/[()]/g, '');
  const takesArguments = entry.endsWith('(');
  const body = name === 'compare' ? '{ $0 }' : '$0';
  return {
    label: takesArguments ? `${name}()` : entry,
    kind: 'function',
    insertText: takesArguments ? `${name}(${body})` : entry,
    isSnippet: takesArguments,
    retrigger: takesArguments && name !== 'compare',
    documentation: FUNCTION_DOCS[name],
  };
}

type ValueSituation = Extract<Situation, { type: 'SPANSET_IN_VALUE' }>;

async function valueCompletions(
  tags: TagSource | undefined,
  situation: ValueSituation,
  text: string,
  offset: number,
  limit: number
): Promise<TraceQLCompletions> {
  const keywords = KEYWORD_VALUES_OF[situation.tag];
  const values: TagValue[] = keywords
    ? keywords.map((value) => ({ type: 'keyword', value }))
    : tags
      ? await tags.tagValues(situation.tag, situation.query)
      : [];
  const shown = values.length > limit ? pickValues(values, situation.prefix, limit) : values;
  const suggestions = shown.map((value) => valueSuggestion(value, situation, text, offset));
  return complete(suggestions, situation.prefix.length, shown.length < values.length);
}

function pickValues(values: TagValue[], prefix: string, limit: number): TagValue[] {
  const wanted = new Set(
    filterCompletions(
      values.map((value) => value.value),
      prefix,
      limit
    )
  );
  return values.filter((value) => wanted.has(value.value));
}

function valueSuggestion(value: TagValue, situation: ValueSituation, text: string, offset: number): TraceQLSuggestion {
  const suggestion: TraceQLSuggestion = {
    label: value.value,
    kind: 'value',
    insertText: value.value,
    detail: value.type,
  };
  if (situation.betweenQuotes) {
    // Monaco usually auto-closes the quote; add the closing one only when it is missing.
    const closing = text[offset] === '"' ? '' : '"';
    return { ...suggestion, insertText: escapeTraceQLString(value.value) + closing };
  }
  const lead = situation.prefix === '' && !isAfterWhitespace(text, offset) ? ' ' : '';
  const literal = value.type === 'string' ? `"${escapeTraceQLString(value.value)}"` : value.value;
  return { ...suggestion, insertText: lead + literal, filterText: value.value };
}
