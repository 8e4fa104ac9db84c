// What a story imports: `import { test, expect, openView, signIn, ... } from './harness'`.
export { test, expect, describe, readOutputLog, type E2EFixtures, type OutputLog } from './fixtures';
export { CHROMIUM_LAUNCH, VIEWPORT } from './stack';
export * from './vscode';
export type { StackInfo } from './stack';
