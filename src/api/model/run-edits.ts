import type { RawEditedRun } from '../queries/mutations';
import { decodeRunState } from './decode';

/** The editable fields of a run after an edit, as the server now has them. */
export interface RunEditState {
  id: string;
  runId: string;
  displayName: string;
  notes?: string;
  tags: string[];
  /** Lower-case run state (`running`, `finished`...). */
  state: string;
  /** W&B marks some runs read-only (`Run.read_only`); only known when read with `runEditState`. */
  readOnly?: boolean;
}

/** What an edit mutation (or `RunEditable`) answers, as a `RunEditState`. */
export function decodeEditedRun(r: RawEditedRun): RunEditState {
  return {
    id: r.id,
    runId: r.name,
    displayName: r.displayName || r.name,
    notes: r.notes || undefined,
    tags: (r.tags ?? []).filter((t): t is string => typeof t === 'string'),
    state: decodeRunState(r.state),
  };
}
