/**
 * The header's way from a run back to its code: its commit checked out or diffed against the
 * working tree, its `diff.patch` and saved `code/`, and its command copied or run again. The
 * page only asks; the extension does each through the VS Code command of the same name.
 */
import type { CodeAction, RunHeaderData } from '../protocol';
import { button, h } from './dom';
import './code-actions.css';
import { post } from './host';

const ask = (action: CodeAction) => () => post({ type: 'command', command: action });

/** Actions on the run's commit (shown beside it); null when the run recorded no commit. */
export function commitActions(hd: RunHeaderData): HTMLElement | null {
  if (!hd.commit) return null;
  return h(
    'span',
    { class: 'code-actions' },
    button('Check Out', 'git-branch', ask('checkoutCommit'), 'secondary small'),
    button('Diff with Working Tree', 'diff', ask('diffCommit'), 'secondary small'),
    button('diff.patch', 'diff-single', ask('openPatch'), 'secondary small'),
    button('Saved Code', 'file-code', ask('openSavedCode'), 'secondary small'),
  );
}

/** Actions on the run's command line (shown beside it). */
export function commandActions(): HTMLElement {
  return h(
    'span',
    { class: 'code-actions' },
    button('Copy', 'copy', ask('copyReproduce'), 'secondary small'),
    button('Run Again in Terminal', 'terminal', ask('runAgain'), 'secondary small'),
  );
}
