/**
 * How the System tab names W&B's system metrics: a title and unit as the web app shows them
 * (`gpu.0.gpu` → "GPU 0 Utilization (%)"), from the keys the SDK's monitors write (the Python
 * monitors in `wandb/sdk/internal/system/assets/*.py` and the Go ones in `core/pkg/monitor`).
 * Pure and import-free: the webview bundle uses it.
 */

/** A key (after `system.`) pattern, and its title from the pattern's groups. */
type Rule = [RegExp, (m: RegExpExecArray) => string];

const GPU_FIELDS: Record<string, string> = {
  gpu: 'Utilization (%)',
  memory: 'Memory Utilization (%)',
  memoryAllocated: 'Memory Allocated (%)',
  memoryAllocatedBytes: 'Memory Allocated (bytes)',
  memoryUsed: 'Memory Used (bytes)',
  temp: 'Temperature (°C)',
  powerWatts: 'Power Usage (W)',
  powerPercent: 'Power Usage (%)',
  enforcedPowerLimitWatts: 'Power Limit (W)',
  smClock: 'SM Clock Speed (MHz)',
  memoryClock: 'Memory Clock Speed (MHz)',
  graphicsClock: 'Graphics Clock Speed (MHz)',
  fanSpeed: 'Fan Speed (%)',
  correctedMemoryErrors: 'Corrected Memory Errors',
  uncorrectedMemoryErrors: 'Uncorrected Memory Errors',
  encoderUtilization: 'Encoder Utilization (%)',
};

const RULES: Rule[] = [
  [/^cpu$/, () => 'Process CPU Utilization (%)'],
  [/^cpu\.(\d+)\.cpu_percent$/, (m) => `CPU ${m[1]} Utilization (%)`],
  [/^proc\.cpu\.threads$/, () => 'Process CPU Threads In Use'],
  [/^(memory|memory_percent)$/, () => 'System Memory Utilization (%)'],
  [/^proc\.memory\.rssMB$/, () => 'Process Memory In Use (MB)'],
  [/^proc\.memory\.percent$/, () => 'Process Memory In Use (%)'],
  [/^proc\.memory\.availableMB$/, () => 'System Memory Available (MB)'],
  [/^disk$/, () => 'Disk Utilization (%)'],
  [/^disk\.(.+)\.usagePercent$/, (m) => `Disk Utilization ${m[1]} (%)`],
  [/^disk\.(.+)\.usageGB$/, (m) => `Disk Usage ${m[1]} (GB)`],
  [/^disk\.in$/, () => 'Disk Read (MB)'],
  [/^disk\.out$/, () => 'Disk Written (MB)'],
  [/^network\.sent$/, () => 'Network Traffic Sent (bytes)'],
  [/^network\.recv$/, () => 'Network Traffic Received (bytes)'],
  [/^gpu\.process\.(\d+)\.(\w+)$/, (m) => gpuTitle(`Process GPU ${m[1]}`, m[2]!)],
  [/^gpu\.(\d+)\.(\w+)$/, (m) => gpuTitle(`GPU ${m[1]}`, m[2]!)],
  [/^tpu$/, () => 'TPU Utilization (%)'],
];

function gpuTitle(which: string, field: string): string {
  return `${which} ${GPU_FIELDS[field] ?? field}`;
}

/** The chart title of a system metric key (with or without its `system.` prefix). */
export function systemMetricTitle(key: string): string {
  const k = key.replace(/^system[./]/, '');
  for (const [re, title] of RULES) {
    const m = re.exec(k);
    if (m) return title(m);
  }
  return k;
}
