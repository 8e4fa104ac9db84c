/**
 * Command lines a person pastes into their own shell: each word quoted the way that shell reads
 * it back unchanged. Pure, so the header, the reproduce command and the tests share one rule.
 */

/** The families of shells that quote differently. */
export type ShellKind = 'posix' | 'powershell' | 'cmd';

const POSIX_SAFE = /^[\w@%+=:,./-]+$/;
// `@` splats and `,` makes an array in PowerShell, so both need quotes there.
const PS_SAFE = /^[\w%+=:./-]+$/;
const CMD_SAFE = /^[\w@+=:,./\\-]+$/;

/** Which quoting a shell executable (VS Code's `env.shell`, a path) wants; POSIX when unknown. */
export function shellKindOf(shellPath: string | undefined): ShellKind {
  const name = (shellPath ?? '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (/^(pwsh|powershell)(\.exe)?$/.test(name)) return 'powershell';
  if (name === 'cmd.exe' || name === 'cmd') return 'cmd';
  return 'posix';
}

/** One word, quoted only when it has to be. */
export function quoteWord(word: string, kind: ShellKind = 'posix'): string {
  if (kind === 'powershell') return PS_SAFE.test(word) ? word : `'${word.replace(/'/g, "''")}'`;
  if (kind === 'cmd') return CMD_SAFE.test(word) ? word : `"${word.replace(/"/g, '""')}"`;
  return POSIX_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The words as one command line; the first (the program) is quoted like the rest. */
export function commandLine(words: readonly string[], kind: ShellKind = 'posix'): string {
  const line = words.map((w) => quoteWord(w, kind)).join(' ');
  // PowerShell runs a quoted program path only behind the call operator.
  return kind === 'powershell' && words[0] !== undefined && quoteWord(words[0], kind) !== words[0] ? `& ${line}` : line;
}
