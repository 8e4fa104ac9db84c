/**
 * Which x axis, smoothing and log-y each chart uses: the toolbar's defaults ("all charts"),
 * overridden per chart by the chart's own controls. Pure, so the page state that holds it can
 * be saved with the webview state API and tested without a DOM.
 */

/** What a chart chose for itself; a missing field follows the defaults. */
export interface ChartChoice {
  xKey?: string;
  smoothing?: number;
}

export interface ChartDefaults {
  xKey: string;
  smoothing: number;
  logY: boolean;
  /** Charts whose log-y differs from the default. */
  logYFlipped: string[];
  /** Per chart (by metric), the x axis and smoothing chosen on the chart itself. */
  perChart?: Record<string, ChartChoice>;
}

export interface EffectiveSettings {
  xKey: string;
  smoothing: number;
  logY: boolean;
}

export function settingsFor(state: ChartDefaults, key: string): EffectiveSettings {
  const own = state.perChart?.[key];
  return {
    xKey: own?.xKey ?? state.xKey,
    smoothing: own?.smoothing ?? state.smoothing,
    logY: state.logY !== state.logYFlipped.includes(key),
  };
}

/** Whether a chart differs from the defaults in x axis or smoothing. */
export function hasOwnChoice(state: ChartDefaults, key: string): boolean {
  const own = state.perChart?.[key];
  return own !== undefined && (own.xKey !== undefined || own.smoothing !== undefined);
}

/** One chart's own choice; choosing what the defaults say already drops the override. */
export function choose(state: ChartDefaults, key: string, patch: ChartChoice): void {
  const own: ChartChoice = { ...state.perChart?.[key] };
  if (patch.xKey !== undefined) own.xKey = patch.xKey === state.xKey ? undefined : patch.xKey;
  if (patch.smoothing !== undefined) own.smoothing = patch.smoothing === state.smoothing ? undefined : patch.smoothing;
  const per = { ...state.perChart };
  if (own.xKey === undefined && own.smoothing === undefined) delete per[key];
  else per[key] = clean(own);
  state.perChart = per;
}

/** Back to the defaults for one chart (x axis and smoothing). */
export function forget(state: ChartDefaults, key: string): void {
  if (!state.perChart?.[key]) return;
  const per = { ...state.perChart };
  delete per[key];
  state.perChart = per;
}

/** The toolbar: a new default for every chart, dropping the charts' own choices of that setting. */
export function applyToAll(state: ChartDefaults, patch: Partial<Pick<ChartDefaults, 'xKey' | 'smoothing' | 'logY'>>): void {
  if (patch.xKey !== undefined) state.xKey = patch.xKey;
  if (patch.smoothing !== undefined) state.smoothing = patch.smoothing;
  if (patch.logY !== undefined) {
    state.logY = patch.logY;
    state.logYFlipped = [];
  }
  const per: Record<string, ChartChoice> = {};
  for (const [k, own] of Object.entries(state.perChart ?? {})) {
    const left = clean({ xKey: patch.xKey !== undefined ? undefined : own.xKey, smoothing: patch.smoothing !== undefined ? undefined : own.smoothing });
    if (left.xKey !== undefined || left.smoothing !== undefined) per[k] = left;
  }
  state.perChart = per;
}

/** Saved state from an older version or a hand-edited one: keep only well-formed choices. */
export function sanitizeChoices(raw: unknown): Record<string, ChartChoice> {
  const out: Record<string, ChartChoice> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') continue;
    const c = v as Record<string, unknown>;
    const own = clean({
      xKey: typeof c.xKey === 'string' ? c.xKey : undefined,
      smoothing: typeof c.smoothing === 'number' && c.smoothing >= 0 && c.smoothing < 1 ? c.smoothing : undefined,
    });
    if (own.xKey !== undefined || own.smoothing !== undefined) out[k] = own;
  }
  return out;
}

function clean(c: ChartChoice): ChartChoice {
  const out: ChartChoice = {};
  if (c.xKey !== undefined) out.xKey = c.xKey;
  if (c.smoothing !== undefined) out.smoothing = c.smoothing;
  return out;
}

/** A short note of a chart's own choices, for its header ("Relative time · smoothing 0.30"). */
export function choiceNote(state: ChartDefaults, key: string, xLabel: (x: string) => string): string {
  const own = state.perChart?.[key];
  if (!own) return '';
  const parts: string[] = [];
  if (own.xKey !== undefined) parts.push(xLabel(own.xKey));
  if (own.smoothing !== undefined) parts.push(own.smoothing > 0 ? `smoothing ${own.smoothing.toFixed(2)}` : 'no smoothing');
  return parts.join(' · ');
}
