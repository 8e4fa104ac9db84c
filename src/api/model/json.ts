/**
 * W&B writes JSON in Python's dialect: bare `NaN`, `Infinity` and `-Infinity` may appear where
 * numbers go (summaries, history rows, config), and a string may hold a raw control character,
 * which the SDK's reader lets through (`json.loads(value, strict=False)` in
 * `wandb/apis/public/runs.py` `_convert_to_dict`, for config and summaries). This parses that
 * dialect into plain values (JS NaN / ±Infinity). The common case (strict JSON) costs one
 * `JSON.parse`.
 */
const NONCE = Math.random().toString(36).slice(2, 10);
const NAN = `\uE000wbx-${NONCE}-NaN`;
const POS = `\uE000wbx-${NONCE}-Inf`;
const NEG = `\uE000wbx-${NONCE}--Inf`;

export function parseWandbJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (strictError) {
    const rewritten = toStrictJson(text);
    if (rewritten === text) throw strictError;
    return JSON.parse(rewritten, (_key, v: unknown) => (v === NAN ? Number.NaN : v === POS ? Infinity : v === NEG ? -Infinity : v));
  }
}

/**
 * Replaces the bare tokens outside strings with sentinel strings the reviver turns back, and
 * escapes raw control characters inside strings.
 */
function toStrictJson(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      else if (c < 0x20) {
        out += `${text.slice(last, i)}\\u${c.toString(16).padStart(4, '0')}`;
        last = i + 1;
      }
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    let token: string | undefined;
    let sentinel = '';
    if (c === 78 /* N */ && text.startsWith('NaN', i)) {
      token = 'NaN';
      sentinel = NAN;
    } else if (c === 73 /* I */ && text.startsWith('Infinity', i)) {
      token = 'Infinity';
      sentinel = POS;
    } else if (c === 45 /* - */ && text.startsWith('-Infinity', i)) {
      token = '-Infinity';
      sentinel = NEG;
    }
    if (token) {
      out += `${text.slice(last, i)}"${sentinel}"`;
      i += token.length - 1;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The inverse: JSON text with non-finite numbers written bare, as W&B does. */
export function stringifyWandbJson(value: unknown): string {
  const s = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? NAN : v > 0 ? POS : NEG) : v,
  );
  return s.replaceAll(`"${NAN}"`, 'NaN').replaceAll(`"${POS}"`, 'Infinity').replaceAll(`"${NEG}"`, '-Infinity');
}
