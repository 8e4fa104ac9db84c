import { defineDocument, type Present } from './document';
import type { ServerInfoQuery, ServerInfoQueryVariables, ViewerQuery, ViewerQueryVariables } from './generated';

export type RawViewer = Present<ViewerQuery['viewer']>;

/** Who the API key belongs to: checks a key on sign-in and roots the tree. */
export const VIEWER = defineDocument<ViewerQuery, ViewerQueryVariables>(`
query Viewer {
  viewer {
    id
    username
    entity
    name
    teams(first: 100) { edges { node { name } } }
  }
}`);

/** Capability probe: which W&B Server version we talk to (null fields on SaaS). */
export const SERVER_INFO = defineDocument<ServerInfoQuery, ServerInfoQueryVariables>(`
query ServerInfo {
  serverInfo {
    cliVersionInfo
    latestLocalVersionInfo { versionOnThisInstanceString }
  }
}`);
