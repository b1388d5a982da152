import { traceqlMonarchLanguage } from './traceqlMonaco';

describe('traceqlMonarchLanguage', () => {
  type Action = string | string[] | { cases: Record<string, string> };
  type Rule = [RegExp, Action, string?];
  const language = traceqlMonarchLanguage as unknown as Record<string, unknown> & {
    tokenizer: Record<string, Rule[]>;
  };

  function tokenType(action: string | { cases: Record<string, string> }, text: string): string {
    if (typeof action === 'string') {
      return action === '@brackets' ? 'bracket' : action;
    }
    for (const [key, token] of Object.entries(action.cases)) {
      if (key === '@default' || (language[key.slice(1)] as string[]).includes(text)) {
        return token;
      }
    }
    return '';
  }

  /** Enough of Monarch's rule matching (first rule matching at the position wins) to check ours. */
  function tokenize(line: string): Array<[string, string]> {
    const tokens: Array<[string, string]> = [];
    const states = ['root'];
    let position = 0;
    while (position < line.length) {
      const rule = language.tokenizer[states[states.length - 1]].find(([regex]) => {
        const source = regex.source.replace(/@(\w+)/g, (_, name) => (language[name] as RegExp).source);
        const sticky = new RegExp(source, 'y');
        sticky.lastIndex = position;
        return (sticky.exec(line)?.[0].length ?? 0) > 0;
      });
      if (!rule) {
        throw new Error(`No rule matches at ${position} of ${line}`);
      }
      const [regex, action, next] = rule;
      const sticky = new RegExp(
        regex.source.replace(/@(\w+)/g, (_, name) => (language[name] as RegExp).source),
        'y'
      );
      sticky.lastIndex = position;
      const match = sticky.exec(line)!;
      if (Array.isArray(action)) {
        action.forEach((token, group) => match[group + 1] && tokens.push([match[group + 1], token]));
      } else {
        tokens.push([match[0], tokenType(action, match[0])]);
      }
      if (next === '@pop') {
        states.pop();
      } else if (next) {
        states.push(next.slice(1));
      }
      position += match[0].length;
    }
    return tokens.filter(([, type]) => type !== 'white');
  }

  it('refers only to states and lists it defines', () => {
    for (const rules of Object.values(language.tokenizer)) {
      for (const [, action, next] of rules) {
        if (next && next !== '@pop') {
          expect(language.tokenizer).toHaveProperty(next.slice(1));
        }
        if (typeof action === 'object' && !Array.isArray(action)) {
          Object.keys(action.cases)
            .filter((key) => key !== '@default')
            .forEach((key) => expect(Array.isArray(language[key.slice(1)])).toBe(true));
        }
      }
    }
  });

  it('tokenizes scopes, intrinsics, operators, strings, numbers, durations, keywords and comments', () => {
    expect(
      tokenize('{ resource.service.name = "a\\"b" && status = error && duration > 1.5s && .x >= 3 } | rate() // hi')
    ).toEqual([
      ['{', 'bracket'],
      ['resource', 'type'],
      ['.', 'delimiter'],
      ['service.name', 'key'],
      ['=', 'operator'],
      ['"', 'string'],
      ['a', 'string'],
      ['\\"', 'string.escape'],
      ['b', 'string'],
      ['"', 'string'],
      ['&&', 'operator'],
      ['status', 'variable.predefined'],
      ['=', 'operator'],
      ['error', 'keyword'],
      ['&&', 'operator'],
      ['duration', 'variable.predefined'],
      ['>', 'operator'],
      ['1.5s', 'number.duration'],
      ['&&', 'operator'],
      ['.', 'delimiter'],
      ['x', 'key'],
      ['>=', 'operator'],
      ['3', 'number'],
      ['}', 'bracket'],
      ['|', 'operator'],
      ['rate', 'predefined'],
      ['(', 'bracket'],
      [')', 'bracket'],
      ['// hi', 'comment'],
    ]);
  });

  it('tokenizes colon intrinsics, structural operators, hints, variables and block comments', () => {
    expect(tokenize('{ span:name = $svc } >> { trace:duration > 2m } with(most_recent=true) /* c */')).toEqual([
      ['{', 'bracket'],
      ['span:name', 'variable.predefined'],
      ['=', 'operator'],
      ['$svc', 'variable'],
      ['}', 'bracket'],
      ['>>', 'operator'],
      ['{', 'bracket'],
      ['trace:duration', 'variable.predefined'],
      ['>', 'operator'],
      ['2m', 'number.duration'],
      ['}', 'bracket'],
      ['with', 'keyword'],
      ['(', 'bracket'],
      ['most_recent', 'identifier'],
      ['=', 'operator'],
      ['true', 'keyword'],
      [')', 'bracket'],
      ['/*', 'comment'],
      [' c ', 'comment'],
      ['*/', 'comment'],
    ]);
  });
});
