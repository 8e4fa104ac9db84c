import { describe, expect, it } from 'vitest';
import { ExpansionMemory, MAX_HOSTS, MAX_ROWS_PER_HOST } from '../../src/tree/expansion-memory';

function memento(initial: Record<string, unknown> = {}) {
  const data = new Map<string, unknown>(Object.entries(initial));
  return { data, get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, v) };
}

describe('ExpansionMemory', () => {
  it('remembers expanded container rows per host across instances, and forgets collapsed ones', () => {
    const m = memento();
    const a = new ExpansionMemory(m);
    a.expanded('api.wandb.ai', 'wandb/e:alice', 'entity');
    a.expanded('api.wandb.ai', 'wandb/e:alice/p:mnist', 'project');
    a.expanded('api.wandb.ai', 'wandb/e:alice/p:mnist/runs', 'runs');
    a.collapsed('api.wandb.ai', 'wandb/e:alice/p:mnist');
    // A window reload: a new instance over the same workspaceState.
    const b = new ExpansionMemory(m);
    expect(b.isExpanded('api.wandb.ai', 'wandb/e:alice')).toBe(true);
    expect(b.isExpanded('api.wandb.ai', 'wandb/e:alice/p:mnist')).toBe(false);
    expect(b.isExpanded('api.wandb.ai', 'wandb/e:alice/p:mnist/runs')).toBe(true);
    // Ids are per host: the same id on another server is not expanded.
    expect(b.isExpanded('wandb.example.com', 'wandb/e:alice')).toBe(false);
  });

  it('does not remember runs, versions or folders (reopening them would fetch at start)', () => {
    const m = memento();
    const a = new ExpansionMemory(m);
    a.expanded('h', 'wandb/e:a/p:b/runs/r:1', 'run');
    a.expanded('h', 'wandb/e:a/p:b/artifacts/t:model/c:cnn/v:v0', 'artifactVersion');
    a.expanded('h', 'wandb/e:a/p:b/runs/r:1/files/media/', 'runFolder');
    expect(new ExpansionMemory(m).isExpanded('h', 'wandb/e:a/p:b/runs/r:1')).toBe(false);
    expect(m.data.size).toBe(0);
  });

  it('keeps the most recently expanded rows and hosts within its bounds', () => {
    const m = memento();
    const a = new ExpansionMemory(m);
    for (let i = 0; i < MAX_ROWS_PER_HOST + 5; i++) a.expanded('h', `p${i}`, 'project');
    a.expanded('h', 'p0', 'project'); // expanded again after being dropped: newest now
    const b = new ExpansionMemory(m);
    expect(b.isExpanded('h', 'p0')).toBe(true);
    expect(b.isExpanded('h', 'p5')).toBe(false);
    expect(b.isExpanded('h', 'p6')).toBe(true);
    expect((m.data.get('wandbExplorer.expandedRows') as Record<string, string[]>).h).toHaveLength(MAX_ROWS_PER_HOST);

    for (let i = 0; i < MAX_HOSTS + 2; i++) a.expanded(`host${i}`, 'e', 'entity');
    const hosts = Object.keys(m.data.get('wandbExplorer.expandedRows') as object);
    expect(hosts).toHaveLength(MAX_HOSTS);
    expect(hosts).not.toContain('h');
    expect(hosts.at(-1)).toBe(`host${MAX_HOSTS + 1}`);
  });

  it('reads a damaged stored value as nothing remembered', () => {
    const m = memento({ 'wandbExplorer.expandedRows': { h: 'not a list', g: ['ok', 3] } });
    const a = new ExpansionMemory(m);
    expect(a.isExpanded('h', 'not a list')).toBe(false);
    expect(a.isExpanded('g', 'ok')).toBe(true);
  });
});
