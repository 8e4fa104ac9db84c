/**
 * Text from W&B or from a person, made safe to show: Unicode bidi controls (embeddings and
 * overrides U+202A–U+202E, isolates U+2066–U+2069, and the marks U+200E, U+200F, U+061C) and
 * control characters are written out as visible `\u202E`-style escapes, so a run named
 * "‮gpj.exe" cannot show as "exe.jpg" and a file name cannot hide a character. Pure and
 * import-free: the tree, notifications, panel titles and the webview bundle share it.
 */

/** Bidi controls and marks, and C0/C1 controls and DEL. */
const UNSAFE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u001F\u007F-\u009F]/g;
/** The same, minus tab, line feed and carriage return (kept where text may span lines). */
const UNSAFE_MULTILINE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

function escape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * One line of shown text (a label, description, title, file name): tabs and line breaks become
 * spaces, every other unsafe character a visible escape.
 */
export function safeText(text: string): string {
  return text.replace(/[\t\r\n]/g, ' ').replace(UNSAFE, escape);
}

/** Text that may span lines (a tooltip, a notification, a value): line breaks and tabs stay. */
export function safeMultilineText(text: string): string {
  return text.replace(UNSAFE_MULTILINE, escape);
}
