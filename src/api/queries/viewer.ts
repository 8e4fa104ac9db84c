import { defineDocument } from './document';

export interface ViewerData {
  viewer: {
    id: string;
    username: string | null;
    entity: string | null;
    name: string | null;
    teams: { edges: Array<{ node: { name: string } | null }> } | null;
  } | null;
}

/** Who the API key belongs to: checks a key on sign-in and roots the tree. */
export const VIEWER = defineDocument<ViewerData>(`
query Viewer {
  viewer {
    id
    username
    entity
    name
    teams(first: 100) { edges { node { name } } }
  }
}`);

export interface ServerInfoData {
  serverInfo: {
    cliVersionInfo: unknown;
    latestLocalVersionInfo: { versionOnThisInstanceString: string } | null;
  } | null;
}

/** Capability probe: which W&B Server version we talk to (null fields on SaaS). */
export const SERVER_INFO = defineDocument<ServerInfoData>(`
query ServerInfo {
  serverInfo {
    cliVersionInfo
    latestLocalVersionInfo { versionOnThisInstanceString }
  }
}`);
