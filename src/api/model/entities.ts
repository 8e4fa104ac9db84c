/** The signed-in account, as `viewer` reports it. */
export interface Viewer {
  id: string;
  username: string;
  /** The entity runs go to by default (usually the username). */
  defaultEntity: string;
  name?: string;
  /** Team entities the user belongs to. */
  teams: string[];
}

export interface Project {
  id: string;
  name: string;
  entity: string;
  description?: string;
  createdAt?: Date;
  updatedAt?: Date;
  lastActive?: Date;
  runCount?: number;
}

export interface ServerInfo {
  /** Version string of a self-hosted W&B Server, when it says. */
  serverVersion?: string;
  /** Newest CLI the server supports, from `cliVersionInfo.max_cli_version`. */
  maxCliVersion?: string;
}
