/**
 * The extension's names that package.json also spells: command ids, the view, the webview
 * panel types, the context key and the settings section. Every layer may import this module
 * (it imports nothing), so the tree and the panels name commands without importing commands/.
 * A unit test checks it against package.json and against what activation registers.
 */

/** Every contributed command, by a short key. */
export const CMD = {
  signIn: 'wandbExplorer.signIn',
  signOut: 'wandbExplorer.signOut',
  refresh: 'wandbExplorer.refresh',
  openSettings: 'wandbExplorer.openSettings',
  showLog: 'wandbExplorer.showLog',
  openRunInBrowser: 'wandbExplorer.openRunInBrowser',
  retry: 'wandbExplorer.retry',
  loadMore: 'wandbExplorer.loadMore',
  filterRuns: 'wandbExplorer.filterRuns',
  sortRuns: 'wandbExplorer.sortRuns',
  clearRunsFilter: 'wandbExplorer.clearRunsFilter',
  clearRunsSort: 'wandbExplorer.clearRunsSort',
  goToRun: 'wandbExplorer.goToRun',
  copyRunPath: 'wandbExplorer.copyRunPath',
  copyRunUrl: 'wandbExplorer.copyRunUrl',
  copyRunId: 'wandbExplorer.copyRunId',
  openInBrowser: 'wandbExplorer.openInBrowser',
  openReportInBrowser: 'wandbExplorer.openReportInBrowser',
  pin: 'wandbExplorer.pin',
  unpin: 'wandbExplorer.unpin',
  openRun: 'wandbExplorer.openRun',
  compareRuns: 'wandbExplorer.compareRuns',
  checkoutRunCommit: 'wandbExplorer.checkoutRunCommit',
  diffRunCommit: 'wandbExplorer.diffRunCommit',
  openRunPatch: 'wandbExplorer.openRunPatch',
  openRunSavedCode: 'wandbExplorer.openRunSavedCode',
  copyRunCommand: 'wandbExplorer.copyRunCommand',
  runAgainInTerminal: 'wandbExplorer.runAgainInTerminal',
  openRunsTable: 'wandbExplorer.openRunsTable',
  goToSweep: 'wandbExplorer.goToSweep',
  downloadFile: 'wandbExplorer.downloadFile',
  downloadFileTo: 'wandbExplorer.downloadFileTo',
  downloadFolder: 'wandbExplorer.downloadFolder',
  downloadFolderTo: 'wandbExplorer.downloadFolderTo',
  downloadRunFiles: 'wandbExplorer.downloadRunFiles',
  downloadRunFilesTo: 'wandbExplorer.downloadRunFilesTo',
  downloadArtifact: 'wandbExplorer.downloadArtifact',
  downloadArtifactTo: 'wandbExplorer.downloadArtifactTo',
  downloadArtifactByName: 'wandbExplorer.downloadArtifactByName',
  openRemoteFile: 'wandbExplorer.openRemoteFile',
  copyArtifactUsage: 'wandbExplorer.copyArtifactUsage',
  verifyArtifactFolder: 'wandbExplorer.verifyArtifactFolder',
  renameRun: 'wandbExplorer.renameRun',
  editRunNotes: 'wandbExplorer.editRunNotes',
  addRunTags: 'wandbExplorer.addRunTags',
  removeRunTags: 'wandbExplorer.removeRunTags',
  stopRun: 'wandbExplorer.stopRun',
  uploadFilesToRun: 'wandbExplorer.uploadFilesToRun',
  addArtifactAlias: 'wandbExplorer.addArtifactAlias',
  removeArtifactAlias: 'wandbExplorer.removeArtifactAlias',
  editArtifactDescription: 'wandbExplorer.editArtifactDescription',
  viewArtifactMetadata: 'wandbExplorer.viewArtifactMetadata',
  deleteArtifactVersion: 'wandbExplorer.deleteArtifactVersion',
  showSweepConfig: 'wandbExplorer.showSweepConfig',
  uploadToRun: 'wandbExplorer.uploadToRun',
  uploadToRunFromExplorer: 'wandbExplorer.uploadToRunFromExplorer',
  openLocalRun: 'wandbExplorer.openLocalRun',
  revealLocalRun: 'wandbExplorer.revealLocalRun',
  copyLocalSyncCommand: 'wandbExplorer.copyLocalSyncCommand',
  syncLocalRun: 'wandbExplorer.syncLocalRun',
  deleteLocalRun: 'wandbExplorer.deleteLocalRun',
  openLocalRunOnWandb: 'wandbExplorer.openLocalRunOnWandb',
} as const;

export type CommandKey = keyof typeof CMD;
export type CommandId = (typeof CMD)[CommandKey];

/** The side bar's tree view. */
export const RUNS_VIEW = 'wandbExplorer.runs';

/** Webview panel types (also the `onWebviewPanel:` activation events). */
export const RUN_VIEW_TYPE = 'wandbExplorer.run';
export const COMPARE_VIEW_TYPE = 'wandbExplorer.compare';
export const RUNS_TABLE_VIEW_TYPE = 'wandbExplorer.runsTable';

/** Context key with the session state (`signedOut`, `connecting`, `signedIn`) for `when` clauses. */
export const STATE_CONTEXT_KEY = 'wandbExplorer.state';

/** The settings section; `setting('baseUrl')` is the full id VS Code's change events use. */
export const SETTINGS = 'wandbExplorer';
export function setting(name: string): string {
  return `${SETTINGS}.${name}`;
}
