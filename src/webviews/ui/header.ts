/** The run panel's header: state, name, ids, who/when/where, tags, notes, git and command. */
import type { RunHeaderData } from '../protocol';
import { button, h, icon, iconButton } from './dom';
import { formatCount, formatDuration } from '../../format';
import { formatDate } from './format';
import { post } from './host';
import { commandActions, commitActions } from './code-actions';

export function stateBadge(state: string): HTMLElement {
  const known = ['running', 'finished', 'crashed', 'failed', 'killed', 'pending', 'preempted'];
  const cls = known.includes(state) ? state : 'unknown';
  const iconName = { running: 'sync', finished: 'pass', crashed: 'error', failed: 'error', killed: 'circle-slash', pending: 'clock', preempted: 'debug-pause' }[state] ?? 'question';
  return h('span', { class: `state state-${cls}`, title: `State: ${state}` }, icon(iconName), ' ', state);
}

function field(label: string, value: Node | string | undefined): HTMLElement | null {
  if (value === undefined || value === '') return null;
  return h('div', { class: 'field' }, h('dt', null, label), h('dd', null, value));
}

/**
 * A step as people read it. Past a trillion (more often a logging bug than a run) in exponent
 * form, so one value cannot wrap the header over several lines; the tooltip has it exactly.
 */
function stepText(n: number): string {
  return n < 1e12 ? formatCount(n) : n.toExponential(3);
}

export function renderHeader(el: HTMLElement, hd: RunHeaderData, live: boolean, collapsed: { value: boolean; onChange(): void }): void {
  const commit = hd.commit
    ? h(
        'span',
        { class: 'commit' },
        h('code', null, hd.commit.slice(0, 12)),
        hd.commitUrl ? iconButton('link-external', 'Open the commit on its forge', () => post({ type: 'openExternal', url: hd.commitUrl! })) : null,
        hd.remote ? h('span', { class: 'remote', title: hd.remote }, ` ${hd.remote}`) : null,
        commitActions(hd),
      )
    : undefined;
  const meta = h(
    'dl',
    { class: 'meta' },
    field('Run ID', h('code', { class: 'run-id' }, hd.ref.runId)),
    field('Project', `${hd.ref.entity}/${hd.ref.project}`),
    field('User', hd.user),
    field('Created', hd.createdAt ? formatDate(hd.createdAt) : undefined),
    field('Runtime', hd.runtime !== undefined ? formatDuration(hd.runtime * 1000) : undefined),
    field('Host', hd.host),
    field('Group', hd.group),
    field('Job type', hd.jobType),
    field('Sweep', hd.sweep),
    field('Last step', hd.lastStep >= 0 ? h('span', { title: String(hd.lastStep) }, stepText(hd.lastStep)) : undefined),
    field('Python', hd.python),
    field('Git commit', commit),
  );
  const tags = hd.tags.length ? h('div', { class: 'tags' }, ...hd.tags.map((t) => h('span', { class: 'tag' }, t))) : null;
  const notes = hd.notes ? h('p', { class: 'notes' }, hd.notes) : null;
  const command = hd.command
    ? h('div', { class: 'command' }, h('code', null, hd.command), commandActions())
    : null;
  const parts: Array<HTMLElement | null> = [
    h(
      'div',
      { class: 'title-row' },
      collapseButton(el, collapsed),
      stateBadge(hd.state),
      h('h1', { class: 'run-name', title: hd.name }, hd.name),
      live ? h('span', { class: 'live-badge', title: 'Updating while the run runs' }, icon('broadcast'), ' live') : null,
      h(
        'span',
        { class: 'actions' },
        button('Open in Browser', 'link-external', () => post({ type: 'command', command: 'openInBrowser' })),
        button('Copy Path', 'copy', () => post({ type: 'command', command: 'copyPath' }), 'secondary'),
        button('Download Files', 'cloud-download', () => post({ type: 'command', command: 'download' }), 'secondary'),
        iconButton('refresh', 'Refresh', () => post({ type: 'command', command: 'refresh' })),
      ),
    ),
    meta,
    tags,
    notes,
    command,
  ];
  el.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  el.classList.toggle('collapsed', collapsed.value);
}

/** Folds the details (ids, git, command...) away so the tabs get the room. */
function collapseButton(el: HTMLElement, collapsed: { value: boolean; onChange(): void }): HTMLElement {
  const b = iconButton(collapsed.value ? 'chevron-right' : 'chevron-down', collapsed.value ? 'Show run details' : 'Hide run details', () => {
    collapsed.value = !collapsed.value;
    collapsed.onChange();
    el.classList.toggle('collapsed', collapsed.value);
    b.firstElementChild!.className = `codicon codicon-chevron-${collapsed.value ? 'right' : 'down'}`;
    b.title = collapsed.value ? 'Show run details' : 'Hide run details';
  }, 'header-toggle');
  b.setAttribute('aria-expanded', String(!collapsed.value));
  return b;
}
