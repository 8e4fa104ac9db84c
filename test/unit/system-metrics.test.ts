import { describe, expect, it } from 'vitest';
import { systemMetricTitle } from '../../src/webviews/system-metrics';
import { DEMO_SYSTEM_KEYS } from '../server/demo-names';

describe('system metric titles', () => {
  it('titles and units the SDK monitors\' keys as the web app does', () => {
    expect(systemMetricTitle('system.gpu.0.gpu')).toBe('GPU 0 Utilization (%)');
    expect(systemMetricTitle('system.gpu.1.temp')).toBe('GPU 1 Temperature (°C)');
    expect(systemMetricTitle('system.gpu.process.0.powerWatts')).toBe('Process GPU 0 Power Usage (W)');
    expect(systemMetricTitle('system.cpu')).toBe('Process CPU Utilization (%)');
    expect(systemMetricTitle('system.cpu.3.cpu_percent')).toBe('CPU 3 Utilization (%)');
    expect(systemMetricTitle('system.proc.memory.rssMB')).toBe('Process Memory In Use (MB)');
    expect(systemMetricTitle('system.disk./.usageGB')).toBe('Disk Usage / (GB)');
    expect(systemMetricTitle('system.network.recv')).toBe('Network Traffic Received (bytes)');
  });

  it('every demo key gets a title, and an unknown key shows as it is (without system.)', () => {
    for (const k of DEMO_SYSTEM_KEYS) expect(systemMetricTitle(k), k).not.toBe(k.replace(/^system\./, ''));
    expect(systemMetricTitle('system.gpu.0.someNewField')).toBe('GPU 0 someNewField');
    expect(systemMetricTitle('system.trn.0.util')).toBe('trn.0.util');
  });
});
