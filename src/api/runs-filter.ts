/**
 * The run search box: a line of terms typed by a person becomes one Mongo-style W&B runs filter.
 * Pure (no vscode), so the tree, commands and tests share it.
 *
 *   state:running tag:baseline group:g job:train user:alice id:a1b2c3d4
 *   config.lr<0.01  config.optimizer=adam  summary.val/acc>=0.9  -tag:debug  "free text"
 *   config.optimizer.lr<0.01 (nested config: config.optimizer.value.lr)
 *
 *   created:>2025-01-01  created:<7d (newer than 7 days; m, h, d, w)  mine (the viewer's runs)
 *   state:failed OR tag:debug (OR, in capitals, between groups of terms)
 *
 * Terms are ANDed. Repeating a key ORs its values (`state:running state:failed`); `OR` between
 * terms ORs whole groups, across different keys, as QueryGenerator's `{"$or": [...]}` groups do.
 * A leading `-` negates a key term. Bare words and quoted phrases search the display name
 * (case-insensitive).
 * Bad input throws a RunsFilterError whose message says what to type instead: nothing malformed
 * is ever sent to the server.
 */
import { sectionOfBareKey, type NamedKey } from './run-key-check';

export class RunsFilterError extends Error {
  override readonly name = 'RunsFilterError';
}

export const RUN_STATES = ['running', 'finished', 'crashed', 'failed', 'killed', 'pending', 'preempted'] as const;

/** Key terms (`key:value`) and the W&B filter field each one sets. */
const KEY_FIELDS: Record<string, { field: string; label: string }> = {
  state: { field: 'state', label: 'state' },
  status: { field: 'state', label: 'state' },
  tag: { field: 'tags', label: 'tag' },
  tags: { field: 'tags', label: 'tag' },
  group: { field: 'group', label: 'group' },
  job: { field: 'jobType', label: 'job type' },
  jobtype: { field: 'jobType', label: 'job type' },
  job_type: { field: 'jobType', label: 'job type' },
  user: { field: 'username', label: 'user' },
  username: { field: 'username', label: 'user' },
  id: { field: 'name', label: 'run id' },
  sweep: { field: 'sweep', label: 'sweep' },
};

const KEY_HELP = 'state:, tag:, group:, job:, user:, id:, sweep:, created:, mine, config.<key>, summary.<key>';

/** What a search needs besides its text: who "mine" is, and when "now" is for `created:<7d`. */
export interface RunsFilterContext {
  username?: string;
  now?: number;
  /** The project's config and summary keys, when known: a bare `optimizer.lr<0.001` is told which prefix it needs. */
  knownKeys?: readonly NamedKey[];
}

const AGE_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';
const MONGO_OP: Record<Op, string> = { '=': '$eq', '!=': '$ne', '<': '$lt', '<=': '$lte', '>': '$gt', '>=': '$gte' };

export interface ParsedRunsFilter {
  /** The W&B filter object, or undefined when the text has no terms (no filter). */
  filter: Record<string, unknown> | undefined;
  /** The terms in a normalised form, for showing the active filter. */
  terms: string[];
  /** The config and summary keys the terms compare (to check them against the project's keys). */
  keys: NamedKey[];
}

interface Token {
  text: string;
  quoted: boolean;
  start: number;
}

/**
 * Splits on whitespace outside double quotes. A token that starts with a quote is a phrase (the
 * quotes are dropped); quotes inside a token (`tag:"my tag"`) are kept for the value parser.
 */
function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i]!)) i++;
    if (i >= input.length) break;
    const start = i;
    let text = '';
    while (i < input.length && !/\s/.test(input[i]!)) {
      if (input[i] === '"') {
        const end = input.indexOf('"', i + 1);
        if (end < 0) throw new RunsFilterError(`The quote at column ${i + 1} is never closed. Close it with ", e.g. "my run".`);
        text += input.slice(i, end + 1);
        i = end + 1;
      } else {
        text += input[i];
        i++;
      }
    }
    const phrase = /^"[^"]*"$/.test(text);
    out.push({ text: phrase ? text.slice(1, -1) : text, quoted: phrase, start });
  }
  return joinSpacedComparisons(out);
}

const FIELD_PREFIX = /^-?(config|summary_metrics|summary)\./i;
const STARTS_WITH_OP = /^(<=|>=|!=|==|=|<|>)/;
const ENDS_WITH_OP = /(<=|>=|!=|==|=|<|>|:)$/;

/** `config.lr < 0.01` arrives as three tokens (or two): glue a comparison back together. */
function joinSpacedComparisons(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.quoted || !FIELD_PREFIX.test(t.text)) {
      out.push(t);
      continue;
    }
    let text = t.text;
    const next = tokens[i + 1];
    if (!/(<=|>=|!=|==|=|<|>|:)/.test(text) && next && !next.quoted && STARTS_WITH_OP.test(next.text)) {
      text += next.text;
      i++;
    }
    const value = tokens[i + 1];
    if (ENDS_WITH_OP.test(text) && value) {
      text += value.quoted ? JSON.stringify(value.text) : value.text;
      i++;
    }
    out.push({ text, quoted: false, start: t.start });
  }
  return out;
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** A typed value: numbers and true/false become JSON values unless quoted. */
export function typedValue(raw: string): string | number | boolean {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return JSON.parse(raw) as string;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) return Number(raw);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}

/** Case-insensitive and RE2-safe: each letter becomes `[aA]`, everything else is escaped. */
export function caseInsensitiveLiteral(text: string): string {
  let out = '';
  for (const ch of text) {
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lo !== up && lo.length === 1 && up.length === 1) out += `[${lo}${up}]`;
    else out += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return out;
}

/** Parses the search text. Throws RunsFilterError with a message a person can act on. */
export function parseRunsFilter(input: string, context: RunsFilterContext = {}): ParsedRunsFilter {
  const groups: Token[][] = [[]];
  for (const tok of tokenize(input)) {
    if (!tok.quoted && tok.text === 'OR') groups.push([]);
    else groups[groups.length - 1]!.push(tok);
  }
  if (groups.length === 1) return parseGroup(groups[0]!, context);
  if (groups.some((g) => g.length === 0)) throw new RunsFilterError('OR needs terms on both sides, e.g. state:failed OR tag:debug.');
  const parsed = groups.map((g) => parseGroup(g, context));
  return { filter: { $or: parsed.map((p) => p.filter!) }, terms: parsed.flatMap((p, i) => (i === 0 ? p.terms : ['OR', ...p.terms])), keys: parsed.flatMap((p) => p.keys) };
}

function parseGroup(tokens: Token[], context: RunsFilterContext): ParsedRunsFilter {
  const clauses: Record<string, unknown>[] = [];
  const terms: string[] = [];
  const keys: ParsedRunsFilter['keys'] = [];
  // Positive values per key field are ORed: state:running state:failed → $in.
  const positives = new Map<string, { values: Array<string>; label: string }>();

  for (const tok of tokens) {
    if (tok.quoted) {
      // A quoted phrase is always free text.
      if (!tok.text.trim()) throw new RunsFilterError('An empty quoted phrase ("") matches nothing useful; remove it.');
      clauses.push({ display_name: { $regex: caseInsensitiveLiteral(tok.text) } });
      terms.push(JSON.stringify(tok.text));
      continue;
    }
    const text = tok.text;
    const negated = text.startsWith('-') && text.length > 1 && !/^-[\d.]/.test(text);
    const body = negated ? text.slice(1) : text;

    const cmp = /^(config|summary_metrics|summary)\.(.+?)(<=|>=|!=|==|=|<|>|:)(.*)$/is.exec(body);
    if (/^(config|summary_metrics|summary)\./i.test(body)) {
      const prefixOnly = /^(config|summary_metrics|summary)\.$/i.exec(body.replace(/(<=|>=|!=|==|=|<|>|:).*$/s, ''));
      if (prefixOnly) {
        const p = prefixOnly[1]!.toLowerCase();
        throw new RunsFilterError(`"${text}" names no key after "${p}.", e.g. ${p === 'config' ? 'config.lr < 0.01' : 'summary.loss < 0.5'}.`);
      }
      if (!cmp) {
        throw new RunsFilterError(`"${text}" needs a comparison: ${body} < 0.01, ${body} >= 0.9, ${body} = adam, or ${body} != 3.`);
      }
      const [, prefixRaw, keyRaw, opRaw, valueRaw] = cmp as unknown as [string, string, string, string, string];
      const prefix = prefixRaw.toLowerCase();
      const key = keyRaw.trim();
      if (!key || key.endsWith('.')) throw new RunsFilterError(`"${text}" names no key after "${prefix}.", e.g. ${prefix === 'config' ? 'config.lr' : 'summary.loss'} < 0.5.`);
      if (valueRaw === '') throw new RunsFilterError(`"${text}" needs a value after ${opRaw}, e.g. ${prefix}.${key} ${opRaw === ':' ? '=' : opRaw} 0.5.`);
      let op: Op = opRaw === ':' || opRaw === '==' ? '=' : (opRaw as Op);
      const value = typedValue(valueRaw);
      if ((op === '<' || op === '<=' || op === '>' || op === '>=') && typeof value === 'boolean') {
        throw new RunsFilterError(`"${text}" compares with ${op} against true/false; use = or != for booleans.`);
      }
      if (negated) op = negate(op);
      const field = prefix === 'config' ? configPath(key) : `summary_metrics.${key}`;
      keys.push({ source: prefix === 'config' ? 'config' : 'summary', key });
      clauses.push(op === '=' ? { [field]: value } : { [field]: { [MONGO_OP[op]]: value } });
      terms.push(`${prefix === 'config' ? 'config' : 'summary'}.${key}${op === '=' ? '=' : op}${typeof value === 'string' ? quoteIfNeeded(value) : String(value)}`);
      continue;
    }

    if (!negated && body.toLowerCase() === 'mine') {
      if (!context.username) throw new RunsFilterError('"mine" needs to know who you are: sign in first, or type user:<name>.');
      const slot = positives.get('username') ?? { values: [], label: 'user' };
      if (!slot.values.includes(context.username)) slot.values.push(context.username);
      positives.set('username', slot);
      continue;
    }
    const created = /^created(?:_at)?:(.*)$/i.exec(body);
    if (created) {
      const { clause, term } = createdClause(created[1]!, negated, context, text);
      clauses.push(clause);
      terms.push(term);
      continue;
    }

    const colon = body.indexOf(':');
    if (colon > 0) {
      const keyName = body.slice(0, colon).toLowerCase();
      const value = unquote(body.slice(colon + 1));
      const spec = KEY_FIELDS[keyName];
      if (!spec) {
        if (/^[a-z_]+$/i.test(keyName)) {
          throw new RunsFilterError(`Unknown filter "${body.slice(0, colon)}:". Use ${KEY_HELP}, or put text with a colon in quotes.`);
        }
      } else {
        if (!value.trim()) throw new RunsFilterError(`"${text}" needs a value after the colon, e.g. ${keyName}:${example(spec.field)}.`);
        let v = value;
        if (spec.field === 'state') {
          v = value.toLowerCase();
          if (!(RUN_STATES as readonly string[]).includes(v)) {
            throw new RunsFilterError(`Unknown run state "${value}". States: ${RUN_STATES.join(', ')}.`);
          }
        }
        if (negated) {
          clauses.push(notEqual(spec.field, v));
          terms.push(`-${keyName === 'status' ? 'state' : keyName}:${quoteIfNeeded(v)}`);
        } else {
          const slot = positives.get(spec.field) ?? { values: [], label: keyName === 'status' ? 'state' : keyName };
          if (!slot.values.includes(v)) slot.values.push(v);
          positives.set(spec.field, slot);
        }
        continue;
      }
    }
    if (/^(<=|>=|!=|==|=|<|>)/.test(body) || /(<=|>=|!=|=|<|>)$/.test(body)) {
      throw new RunsFilterError(`"${text}": comparisons work on config.<key> and summary.<key> only, e.g. config.lr < 0.01.`);
    }
    // A key compared without its section (`optimizer.lr<0.001`, `val/acc>0.9`) would otherwise
    // become a name search matching nothing.
    const cmpOther = /^([A-Za-z_][\w./-]*?)(<=|>=|!=|=|<|>)(.+)$/.exec(body);
    if (cmpOther) {
      const [, k, op, v] = cmpOther as unknown as [string, string, string, string];
      if (KEY_FIELDS[k.toLowerCase()]) throw new RunsFilterError(`"${text}": ${k} takes no comparison; type ${k}:${v}.`);
      const section = sectionOfBareKey(k, context.knownKeys ?? []);
      throw new RunsFilterError(
        section
          ? `"${text}": ${k} is a ${section === 'config' ? 'config key' : 'summary metric'} of this project's runs; type ${section}.${k}${op}${v}.`
          : `"${text}": comparisons work on config and summary values; did you mean config.${k}${op}${v} or summary.${k}${op}${v}?`,
      );
    }
    // Free text on the display name.
    if (negated) {
      clauses.push({ $nor: [{ display_name: { $regex: caseInsensitiveLiteral(unquote(body)) } }] });
      terms.push(`-${quoteIfNeeded(unquote(body))}`);
    } else {
      clauses.push({ display_name: { $regex: caseInsensitiveLiteral(unquote(text)) } });
      terms.push(quoteIfNeeded(unquote(text)));
    }
  }

  const keyClauses: Record<string, unknown>[] = [];
  const keyTerms: string[] = [];
  for (const [field, { values, label }] of positives) {
    keyTerms.push(...values.map((v) => `${label}:${quoteIfNeeded(v)}`));
    if (values.length === 1) keyClauses.push({ [field]: values[0] });
    else keyClauses.push({ [field]: { $in: values } });
  }
  const all = [...keyClauses, ...clauses];
  return {
    filter: all.length === 0 ? undefined : all.length === 1 ? all[0] : { $and: all },
    terms: [...keyTerms, ...terms],
    keys,
  };
}

/**
 * W&B stores config as `{key: {value, desc}}`, so a filter path puts `value` after the top-level
 * key: `lr` → `config.lr.value`, nested `optimizer.lr` → `config.optimizer.value.lr` (as the web
 * app sends). A path that already names `value` (`config.optimizer.lr.value` for a top-level key
 * that itself contains dots) is kept as typed.
 */
function configPath(key: string): string {
  const segs = key.split('.');
  if (segs.includes('value')) return `config.${key}`;
  return ['config', segs[0], 'value', ...segs.slice(1)].join('.');
}

/**
 * `created:>2025-01-01` (after that moment, UTC), `created:<2025-01-01`, `created:<7d` (newer
 * than 7 days: created after now − 7 d), `created:>7d` (older). Units: m, h, d, w.
 */
function createdClause(spec: string, negated: boolean, context: RunsFilterContext, text: string): { clause: Record<string, unknown>; term: string } {
  const m = /^(<=|>=|<|>)(.+)$/.exec(spec.trim());
  const usage = 'e.g. created:>2025-01-01 or created:<7d (newer than 7 days)';
  if (!m) throw new RunsFilterError(`"${text}" needs < or > and a date or an age, ${usage}.`);
  let op = m[1] as '<' | '<=' | '>' | '>=';
  const raw = m[2]!.trim();
  const age = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(raw);
  let at: number;
  if (age) {
    at = (context.now ?? Date.now()) - Number(age[1]) * AGE_UNITS[age[2]!.toLowerCase()]!;
    // Younger than an age is created after that moment.
    op = op === '<' ? '>' : op === '<=' ? '>=' : op === '>' ? '<' : '<=';
  } else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?Z?$/.test(raw)) {
    at = Date.parse(/Z$/.test(raw) ? raw.replace(' ', 'T') : `${raw.replace(' ', 'T')}${raw.length === 10 ? 'T00:00:00' : ''}Z`);
  } else {
    throw new RunsFilterError(`"${text}": "${raw}" is neither a date (2025-01-01) nor an age (7d, 12h), ${usage}.`);
  }
  if (!Number.isFinite(at)) throw new RunsFilterError(`"${text}": "${raw}" is not a date, ${usage}.`);
  if (negated) op = negate(op) as typeof op;
  // W&B dates are UTC without a zone suffix.
  const when = new Date(at).toISOString().slice(0, 19);
  return { clause: { createdAt: { [MONGO_OP[op]]: when } }, term: `${negated ? '-' : ''}created:${m[1]}${raw}` };
}

/**
 * "Not v" that keeps runs with no value: the backend never matches a missing value with `$ne`
 * (or `$nin`), so the SDK's QueryGenerator (`wandb/apis/public/query_generator.py`,
 * `_to_mongo_individual`) writes "not tagged x" as `{"$or":[{"tags":null},{"tags":{"$ne":x}}]}`.
 * Every negated key term takes that form.
 */
function notEqual(field: string, v: string): Record<string, unknown> {
  return { $or: [{ [field]: null }, { [field]: { $ne: v } }] };
}

function negate(op: Op): Op {
  switch (op) {
    case '=':
      return '!=';
    case '!=':
      return '=';
    case '<':
      return '>=';
    case '<=':
      return '>';
    case '>':
      return '<=';
    case '>=':
      return '<';
  }
}

function quoteIfNeeded(v: string): string {
  return /[\s":]/.test(v) || v === '' ? JSON.stringify(v) : v;
}

function example(field: string): string {
  switch (field) {
    case 'state':
      return 'running';
    case 'tags':
      return 'baseline';
    case 'jobType':
      return 'train';
    case 'username':
      return 'alice';
    default:
      return 'name';
  }
}

/** Checks the text without throwing: undefined when fine, else the message (for input boxes). */
export function checkRunsFilter(input: string, context: RunsFilterContext = {}): string | undefined {
  try {
    parseRunsFilter(input, context);
    return undefined;
  } catch (e) {
    return e instanceof RunsFilterError ? e.message : String(e);
  }
}

/**
 * How a Runs level is sorted. `metric` is a summary key (`val/acc`) for `by: 'summary'`, a config
 * key (`lr`, nested `optimizer.lr`) for `by: 'config'`. The run fields (name, state, user, group,
 * job type) are what the runs table sorts by from a header; the tree shows them too.
 */
export interface RunsOrder {
  by: 'created' | 'heartbeat' | 'summary' | 'config' | RunsOrderField;
  metric?: string;
  descending: boolean;
}

export const DEFAULT_RUNS_ORDER: RunsOrder = { by: 'created', descending: true };

/** Run fields W&B's runs query sorts by, and their order keys (the same as the table's headers). */
const ORDER_FIELDS = { name: 'display_name', state: 'state', user: 'username', group: 'group', jobType: 'job_type' } as const;
export type RunsOrderField = keyof typeof ORDER_FIELDS;

/**
 * The `order` argument W&B's runs query takes: `-created_at`, `+heartbeat_at`,
 * `-summary_metrics.loss`, `-config.lr.value` (the keys the SDK's `QueryGenerator.format_order_key`
 * passes through for the `config` and `summary_metrics` sections; config keeps W&B's `value`).
 */
export function runsOrderArg(o: RunsOrder): string {
  const sign = o.descending ? '-' : '+';
  switch (o.by) {
    case 'created':
      return `${sign}created_at`;
    case 'heartbeat':
      return `${sign}heartbeat_at`;
    case 'summary': {
      const metric = (o.metric ?? '').trim();
      if (!metric) throw new RunsFilterError('Sorting by a summary metric needs the metric name, e.g. val/acc.');
      return `${sign}summary_metrics.${metric}`;
    }
    case 'config': {
      const key = (o.metric ?? '').trim().replace(/^config\./, '');
      if (!key) throw new RunsFilterError('Sorting by a config value needs the config key, e.g. lr or optimizer.lr.');
      return `${sign}${configPath(key)}`;
    }
    default: {
      const field = Object.prototype.hasOwnProperty.call(ORDER_FIELDS, o.by) ? ORDER_FIELDS[o.by] : undefined;
      if (!field) throw new RunsFilterError(`W&B cannot sort runs by "${String(o.by)}".`);
      return `${sign}${field}`;
    }
  }
}

/** "created ↓", "val/acc ↑": a short label for the view description. */
export function describeRunsOrder(o: RunsOrder): string {
  const arrow = o.descending ? '↓' : '↑';
  return o.by === 'summary' ? `${o.metric} ${arrow}` : o.by === 'config' ? `config.${o.metric} ${arrow}` : `${o.by} ${arrow}`;
}
