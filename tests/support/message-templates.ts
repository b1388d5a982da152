/**
 * Every message a user can see, as written in src/: read from the source with TypeScript's parser
 * (no type checking, so it is fast), with each `${…}` of a template shown as `…`.
 *
 * Collected: the first argument of `new SomethingError(…)`, what functions named `…Message`/`messageOf`
 * return, the `error` texts of editor fields (`error="…"`, `{ error: '…' }`, `const …_ERROR = '…'`).
 * Constants (`TRACE_WINDOW_LABELS.section`) are resolved; a parameter (`new UserFacingError(hint)`) is
 * followed to the arguments of the calls that pass it; `a ?? b` and `c ? a : b` give both messages.
 */
import fs from 'fs';
import path from 'path';
import ts from 'typescript';

export const WILDCARD = '…';

/**
 * Errors that never reach a user as they are, with the reason (a new one needs a reason here, or a row
 * in the README's troubleshooting table).
 */
export const NOT_SHOWN: Record<string, string> = {
  DecodeError: 'caught by the backend and shown after its "Tempo\'s answer could not be read as…" message',
  NotFastPath: "the JSON scanner's signal to take the general path; never leaves src/decode",
  // messageOf (src/datasource.ts) shows these as "Threadline failed unexpectedly: …", a bug of ours;
  // the one RangeError thrown in src/decode is caught where it is thrown (proto-span-count.ts).
  RangeError: 'a bug of ours: shown as "Threadline failed unexpectedly: …"',
  TypeError: 'a bug of ours: shown as "Threadline failed unexpectedly: …"',
};

/** Messages of programming errors that no query, setting or answer can cause, with the reason. */
export const INTERNAL: Record<string, string> = {
  'trace decoding aborted': 'only when Grafana cancels the query, which then shows nothing',
  '…: at most … keys': 'checked once when the module loads, for key tables written in src/decode',
};

export interface MessageTemplate {
  /** The message with `…` for each interpolated value. */
  text: string;
  /** `src/file.ts:line`. */
  where: string;
}

interface SourceFile {
  file: ts.SourceFile;
  name: string;
}

function sourceFiles(dir: string, root: string): SourceFile[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__snapshots__' ? [] : sourceFiles(full, root);
    }
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name) || entry.name === 'testSupport.tsx') {
      return [];
    }
    const text = fs.readFileSync(full, 'utf8');
    const kind = entry.name.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    return [
      { file: ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true, kind), name: path.relative(root, full) },
    ];
  });
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

function functionName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
    return node.name.getText();
  }
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent)) {
    return node.parent.name.getText();
  }
  return undefined;
}

type FunctionLike = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

class Collector {
  /** Top-level string constants and objects of string constants, by name. */
  private readonly constants = new Map<string, ts.Expression>();
  private readonly functions = new Map<string, FunctionLike[]>();
  private readonly calls: ts.CallExpression[] = [];

  constructor(private readonly files: SourceFile[]) {
    for (const { file } of files) {
      walk(file, (node) => {
        const topLevel = ts.isVariableDeclaration(node) && ts.isSourceFile(node.parent.parent.parent);
        if (topLevel && node.initializer && ts.isIdentifier(node.name)) {
          const init = ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer;
          if (ts.isStringLiteralLike(init) || ts.isObjectLiteralExpression(init)) {
            this.constants.set(node.name.text, init);
          }
        }
        const name = functionName(node);
        if (name) {
          this.functions.set(name, [...(this.functions.get(name) ?? []), node as FunctionLike]);
        }
        if (ts.isCallExpression(node)) {
          this.calls.push(node);
        }
      });
    }
  }

  /** The texts an expression can have (`…` where a value goes). */
  texts(expr: ts.Expression, depth = 0): string[] {
    if (depth > 6) {
      return [WILDCARD];
    }
    if (ts.isStringLiteralLike(expr)) {
      return [expr.text];
    }
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) {
      return this.texts(expr.expression, depth);
    }
    if (ts.isTemplateExpression(expr)) {
      let results = [expr.head.text];
      for (const span of expr.templateSpans) {
        const values = this.constantText(span.expression) ?? [WILDCARD];
        results = results.flatMap((r) => values.map((v) => r + v + span.literal.text));
      }
      return results;
    }
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) {
        const left = this.texts(expr.left, depth + 1);
        const right = this.texts(expr.right, depth + 1);
        return left.flatMap((l) => right.map((r) => l + r));
      }
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        return [...this.texts(expr.left, depth + 1), ...this.texts(expr.right, depth + 1)];
      }
    }
    if (ts.isConditionalExpression(expr)) {
      return [...this.texts(expr.whenTrue, depth + 1), ...this.texts(expr.whenFalse, depth + 1)];
    }
    const constant = this.constantText(expr);
    if (constant) {
      return constant;
    }
    if (ts.isIdentifier(expr)) {
      const passed = this.passedAs(expr, depth);
      if (passed) {
        return passed;
      }
    }
    if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && /Message$/.test(expr.expression.text)) {
      return this.returned(expr.expression.text, depth + 1);
    }
    return [WILDCARD];
  }

  /** `NAME` or `NAME.key` of a string constant. */
  private constantText(expr: ts.Expression): string[] | undefined {
    if (ts.isIdentifier(expr)) {
      const value = this.constants.get(expr.text);
      return value && ts.isStringLiteralLike(value) ? [value.text] : undefined;
    }
    if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
      const object = this.constants.get(expr.expression.text);
      const property =
        object && ts.isObjectLiteralExpression(object)
          ? object.properties.find((p) => p.name?.getText() === expr.name.text)
          : undefined;
      return property && ts.isPropertyAssignment(property) && ts.isStringLiteralLike(property.initializer)
        ? [property.initializer.text]
        : undefined;
    }
    return undefined;
  }

  /** A parameter of the enclosing function: the texts its callers pass (nothing when none pass one). */
  private passedAs(id: ts.Identifier, depth: number): string[] | undefined {
    let fn: ts.Node | undefined = id.parent;
    while (fn && !ts.isFunctionLike(fn)) {
      fn = fn.parent;
    }
    const name = fn && functionName(fn);
    const index = fn && ts.isFunctionLike(fn) ? fn.parameters.findIndex((p) => p.name.getText() === id.text) : -1;
    if (!name || index < 0) {
      return undefined;
    }
    const args = this.calls
      .filter((call) => call.expression.getText().split('.').pop() === name && call.arguments.length > index)
      .map((call) => call.arguments[index]);
    return args.length > 0 ? args.flatMap((arg) => this.texts(arg, depth + 1)) : [];
  }

  /** What the functions of that name return. */
  returned(name: string, depth = 0): string[] {
    const results: string[] = [];
    for (const fn of this.functions.get(name) ?? []) {
      if (fn.body && !ts.isBlock(fn.body)) {
        results.push(...this.texts(fn.body, depth));
        continue;
      }
      walk(fn, (node) => {
        if (ts.isReturnStatement(node) && node.expression) {
          results.push(...this.texts(node.expression, depth));
        }
      });
    }
    return results;
  }

  collect(): MessageTemplate[] {
    const found: MessageTemplate[] = [];
    for (const { file, name } of this.files) {
      const add = (node: ts.Node, expr: ts.Expression) => {
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        for (const text of this.texts(expr)) {
          found.push({ text, where: `${name}:${line}` });
        }
      };
      walk(file, (node) => {
        if (ts.isNewExpression(node) && /Error$/.test(node.expression.getText()) && node.arguments?.length) {
          if (!(node.expression.getText() in NOT_SHOWN)) {
            add(node, node.arguments[0]);
          }
        } else if (ts.isJsxAttribute(node) && node.name.getText() === 'error' && node.initializer) {
          const init = node.initializer;
          if (ts.isStringLiteral(init)) {
            add(node, init);
          }
        } else if (ts.isPropertyAssignment(node) && node.name.getText() === 'error') {
          if (ts.isStringLiteralLike(node.initializer)) {
            add(node, node.initializer);
          }
        } else if (ts.isVariableDeclaration(node) && /_ERROR$/.test(node.name.getText()) && node.initializer) {
          if (ts.isStringLiteralLike(node.initializer)) {
            add(node, node.initializer);
          }
        } else {
          const fnName = functionName(node);
          if (fnName && (/Message$/.test(fnName) || fnName === 'messageOf')) {
            walk(node, (inner) => {
              if (ts.isReturnStatement(inner) && inner.expression) {
                add(inner, inner.expression);
              }
            });
            if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && !ts.isBlock(node.body)) {
              add(node, node.body);
            }
          }
        }
      });
    }
    return found;
  }
}

/** Several `${…}` in a row read as one `…`; spaces as one. */
export function normalize(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/…(\s*…)+/g, WILDCARD)
    .trim();
}

export function messageTemplates(srcDir: string): MessageTemplate[] {
  const root = path.resolve(srcDir, '..');
  const templates = new Collector(sourceFiles(srcDir, root)).collect();
  const seen = new Set<string>();
  return templates
    .map((t) => ({ ...t, text: normalize(t.text) }))
    .filter((t) => t.text !== WILDCARD && t.text !== '')
    .filter((t) => !seen.has(t.text + t.where) && seen.add(t.text + t.where));
}
