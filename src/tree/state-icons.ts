import * as vscode from 'vscode';
import type { RunState } from '../api/model/run';

/** Colour and shape per run state; running spins. */
export function stateIcon(state: RunState): vscode.ThemeIcon {
  switch (state) {
    case 'running':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'finished':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
    case 'crashed':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.orange'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
    case 'killed':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.purple'));
    case 'preempted':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow'));
    case 'pending':
      return new vscode.ThemeIcon('clock');
    default:
      return new vscode.ThemeIcon('question');
  }
}

/** Colour and shape per sweep state. */
export function sweepIcon(state: string): vscode.ThemeIcon {
  switch (state.toUpperCase()) {
    case 'RUNNING':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'FINISHED':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
    case 'PAUSED':
      return new vscode.ThemeIcon('debug-pause');
    case 'CANCELED':
    case 'CANCELLED':
      return new vscode.ThemeIcon('circle-slash');
    case 'FAILED':
    case 'CRASHED':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
    default:
      return new vscode.ThemeIcon('symbol-event');
  }
}
