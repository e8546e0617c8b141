// The trigger language of strategy files: `rsi14 < 35 and backwardation > 0.03`. A hand-written tokenizer
// and recursive-descent parser (no eval), checked against the known signal names, compiled to closures
// that read the signal arrays at a day index.
import { UserError } from '../core/errors.js';
import type { SignalTable } from './signal-table.js';

export class TriggerSyntaxError extends UserError {
  constructor(
    readonly expression: string,
    readonly column: number,
    detail: string,
  ) {
    super(`in '${expression}' at column ${column}: ${detail}`);
    this.name = 'TriggerSyntaxError';
  }
}

export class UnknownSignalError extends UserError {
  constructor(
    readonly signal: string,
    suggestions: readonly string[],
  ) {
    super(
      `unknown signal '${signal}'${suggestions.length > 0 ? ` (did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?)` : ''}`,
    );
    this.name = 'UnknownSignalError';
  }
}

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type ArithOp = '+' | '-' | '*' | '/';

export type TriggerAst =
  | { kind: 'bool'; value: boolean }
  | { kind: 'num'; value: number }
  | { kind: 'signal'; name: string }
  | { kind: 'not'; arg: TriggerAst }
  | { kind: 'neg'; arg: TriggerAst }
  | { kind: 'and' | 'or'; left: TriggerAst; right: TriggerAst }
  | { kind: 'cmp'; op: CompareOp; left: TriggerAst; right: TriggerAst }
  | { kind: 'arith'; op: ArithOp; left: TriggerAst; right: TriggerAst };

interface Token {
  type: 'num' | 'ident' | 'op' | 'lparen' | 'rparen' | 'end';
  text: string;
  value: number;
  column: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'always', 'never']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const column = i + 1;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(%?)/.exec(text.slice(i));
      if (!m) throw new TriggerSyntaxError(text, column, `expected a number, found '${c}'`);
      const value = Number(m[0].replace('%', '')) / (m[4] === '%' ? 100 : 1);
      tokens.push({ type: 'num', text: m[0], value, column });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ type: 'ident', text: m[0], value: NaN, column });
      i += m[0].length;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', text: c, value: NaN, column });
      i++;
    } else {
      const two = text.slice(i, i + 2);
      if (['<=', '>=', '==', '!='].includes(two)) {
        tokens.push({ type: 'op', text: two, value: NaN, column });
        i += 2;
      } else if ('<>+-*/'.includes(c)) {
        tokens.push({ type: 'op', text: c, value: NaN, column });
        i++;
      } else {
        throw new TriggerSyntaxError(text, column, `unexpected character '${c}'`);
      }
    }
  }
  tokens.push({ type: 'end', text: 'end of expression', value: NaN, column: text.length + 1 });
  return tokens;
}

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function suggest(name: string, known: readonly string[]): string[] {
  return known
    .map((k) => [k, distance(name, k)] as const)
    .filter(([, d]) => d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, 2)
    .map(([k]) => k);
}

class Parser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly known: ReadonlySet<string>,
    private readonly knownList: readonly string[],
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private fail(expected: string): never {
    const t = this.peek();
    throw new TriggerSyntaxError(
      this.text,
      t.column,
      `expected ${expected}, found ${t.type === 'end' ? 'the end' : `'${t.text}'`}`,
    );
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.text === word;
  }

  parse(): TriggerAst {
    if (this.peek().type === 'end') this.fail('an expression');
    const ast = this.or();
    if (this.peek().type !== 'end') this.fail("'and', 'or', an operator or the end");
    return ast;
  }

  private or(): TriggerAst {
    let left = this.and();
    while (this.isWord('or')) {
      this.pos++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): TriggerAst {
    let left = this.not();
    while (this.isWord('and')) {
      this.pos++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): TriggerAst {
    if (this.isWord('not')) {
      this.pos++;
      return { kind: 'not', arg: this.not() };
    }
    return this.comparison();
  }

  private comparison(): TriggerAst {
    const left = this.sum();
    const t = this.peek();
    if (t.type === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.text)) {
      this.pos++;
      const right = this.sum();
      return { kind: 'cmp', op: t.text as CompareOp, left, right };
    }
    return left;
  }

  private sum(): TriggerAst {
    let left = this.product();
    for (let t = this.peek(); t.type === 'op' && (t.text === '+' || t.text === '-'); t = this.peek()) {
      this.pos++;
      left = { kind: 'arith', op: t.text as ArithOp, left, right: this.product() };
    }
    return left;
  }

  private product(): TriggerAst {
    let left = this.unary();
    for (let t = this.peek(); t.type === 'op' && (t.text === '*' || t.text === '/'); t = this.peek()) {
      this.pos++;
      left = { kind: 'arith', op: t.text as ArithOp, left, right: this.unary() };
    }
    return left;
  }

  private unary(): TriggerAst {
    const t = this.peek();
    if (t.type === 'op' && t.text === '-') {
      this.pos++;
      return { kind: 'neg', arg: this.unary() };
    }
    return this.primary();
  }

  private primary(): TriggerAst {
    const t = this.peek();
    if (t.type === 'num') {
      this.pos++;
      return { kind: 'num', value: t.value };
    }
    if (t.type === 'lparen') {
      this.pos++;
      const inner = this.or();
      if (this.peek().type !== 'rparen') this.fail("')'");
      this.pos++;
      return inner;
    }
    if (t.type === 'ident') {
      if (t.text === 'true' || t.text === 'always') {
        this.pos++;
        return { kind: 'bool', value: true };
      }
      if (t.text === 'false' || t.text === 'never') {
        this.pos++;
        return { kind: 'bool', value: false };
      }
      if (KEYWORDS.has(t.text)) this.fail('a signal, a number or (');
      if (!this.known.has(t.text)) throw new UnknownSignalError(t.text, suggest(t.text, this.knownList));
      this.pos++;
      return { kind: 'signal', name: t.text };
    }
    return this.fail('a signal, a number or (');
  }
}

/** Parses an expression; every identifier must be one of `knownSignals`. */
export function parseTrigger(text: string, knownSignals: readonly string[]): TriggerAst {
  return new Parser(text, tokenize(text), new Set(knownSignals), knownSignals).parse();
}

/** The signal names an expression reads. */
export function triggerSignals(ast: TriggerAst): string[] {
  const out = new Set<string>();
  const walk = (a: TriggerAst): void => {
    if (a.kind === 'signal') out.add(a.name);
    else if (a.kind === 'not' || a.kind === 'neg') walk(a.arg);
    else if (a.kind === 'and' || a.kind === 'or' || a.kind === 'cmp' || a.kind === 'arith') {
      walk(a.left);
      walk(a.right);
    }
  };
  walk(ast);
  return [...out];
}

const PRECEDENCE: Record<TriggerAst['kind'], number> = {
  or: 1,
  and: 2,
  not: 3,
  cmp: 4,
  arith: 5,
  neg: 6,
  num: 7,
  bool: 7,
  signal: 7,
};

function arithPrecedence(op: ArithOp): number {
  return op === '+' || op === '-' ? 5 : 5.5;
}

/** Prints an expression back in the language, with only the parentheses it needs. */
export function formatTrigger(ast: TriggerAst): string {
  const prec = (a: TriggerAst): number => (a.kind === 'arith' ? arithPrecedence(a.op) : PRECEDENCE[a.kind]);
  const wrap = (a: TriggerAst, min: number): string =>
    prec(a) < min ? `(${formatTrigger(a)})` : formatTrigger(a);
  switch (ast.kind) {
    case 'bool':
      return ast.value ? 'true' : 'false';
    case 'num':
      return String(ast.value);
    case 'signal':
      return ast.name;
    case 'not':
      return `not ${wrap(ast.arg, 3)}`;
    case 'neg':
      return `-${wrap(ast.arg, 6)}`;
    case 'and':
    case 'or': {
      const p = PRECEDENCE[ast.kind];
      return `${wrap(ast.left, p)} ${ast.kind} ${wrap(ast.right, p + 0.1)}`;
    }
    case 'cmp':
      return `${wrap(ast.left, 5)} ${ast.op} ${wrap(ast.right, 5)}`;
    case 'arith': {
      const p = arithPrecedence(ast.op);
      return `${wrap(ast.left, p)} ${ast.op} ${wrap(ast.right, p + 0.1)}`;
    }
  }
}

type NumFn = (i: number) => number;
export type Predicate = (i: number) => boolean;

function compileNum(ast: TriggerAst, table: SignalTable): NumFn {
  switch (ast.kind) {
    case 'num': {
      const v = ast.value;
      return () => v;
    }
    case 'signal': {
      const arr = table.get(ast.name);
      return (i) => arr[i];
    }
    case 'neg': {
      const f = compileNum(ast.arg, table);
      return (i) => -f(i);
    }
    case 'arith': {
      const l = compileNum(ast.left, table);
      const r = compileNum(ast.right, table);
      switch (ast.op) {
        case '+':
          return (i) => l(i) + r(i);
        case '-':
          return (i) => l(i) - r(i);
        case '*':
          return (i) => l(i) * r(i);
        case '/':
          return (i) => l(i) / r(i);
      }
      break;
    }
    default: {
      // A boolean where a number is expected counts as 1 or 0.
      const p = compileTrigger(ast, table);
      return (i) => (p(i) ? 1 : 0);
    }
  }
  throw new Error('unreachable');
}

/**
 * A predicate over day indices. A number (or signal) used as a condition is true when non-zero and not
 * NaN; any comparison involving NaN is false.
 */
export function compileTrigger(ast: TriggerAst, table: SignalTable): Predicate {
  switch (ast.kind) {
    case 'bool': {
      const v = ast.value;
      return () => v;
    }
    case 'not': {
      const f = compileTrigger(ast.arg, table);
      return (i) => !f(i);
    }
    case 'and': {
      const l = compileTrigger(ast.left, table);
      const r = compileTrigger(ast.right, table);
      return (i) => l(i) && r(i);
    }
    case 'or': {
      const l = compileTrigger(ast.left, table);
      const r = compileTrigger(ast.right, table);
      return (i) => l(i) || r(i);
    }
    case 'cmp': {
      const l = compileNum(ast.left, table);
      const r = compileNum(ast.right, table);
      switch (ast.op) {
        case '<':
          return (i) => l(i) < r(i);
        case '<=':
          return (i) => l(i) <= r(i);
        case '>':
          return (i) => l(i) > r(i);
        case '>=':
          return (i) => l(i) >= r(i);
        case '==':
          return (i) => l(i) === r(i);
        case '!=':
          return (i) => {
            const a = l(i);
            const b = r(i);
            return a === a && b === b && a !== b;
          };
      }
      break;
    }
    default: {
      const f = compileNum(ast, table);
      return (i) => {
        const v = f(i);
        return v !== 0 && v === v;
      };
    }
  }
  throw new Error('unreachable');
}
