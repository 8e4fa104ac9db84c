/** What `wandb-metadata.json` (written by the SDK at the start of a run) tells about how it started. */
export interface RunMetadata {
  command?: string;
  remote?: string;
  commit?: string;
  python?: string;
  host?: string;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Decodes the file's text; anything unreadable gives an empty record (the header just shows less). */
export function decodeMetadata(text: string): RunMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const m = raw as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const out: RunMetadata = {};
  const program = s(m.program) ?? s(m.codePath);
  const args = Array.isArray(m.args) ? m.args.filter((a): a is string => typeof a === 'string') : [];
  if (program) out.command = ['python', program, ...args].map((p, i) => (i === 0 ? p : shellQuote(p))).join(' ');
  const git = m.git && typeof m.git === 'object' ? (m.git as Record<string, unknown>) : {};
  if (s(git.remote)) out.remote = s(git.remote);
  if (s(git.commit)) out.commit = s(git.commit);
  if (s(m.python)) out.python = s(m.python);
  if (s(m.host)) out.host = s(m.host);
  return out;
}
