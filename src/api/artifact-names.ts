/**
 * Artifact names as the SDK takes them (`Api.artifact`): `name:alias`, `project/name:alias`,
 * `entity/project/name:alias`, with the missing entity and project filled in the SDK's order;
 * also the artifact page URL the browser shows and `wandb-artifact:///entity/project/name:alias`.
 * A W&B Registry name (`[org/]wandb-registry-<registry>/<collection>:<alias>`) names its
 * organization, not an entity: `orgEntityFor` picks the organization's entity as the SDK does.
 * Pure functions of what the caller read.
 */
import { parseWandbSettings } from './credentials';

/** A fully named artifact version, ready for `artifactByName`. */
export interface ArtifactName {
  entity: string;
  project: string;
  /** Collection name. */
  name: string;
  /** `latest` (the default), `vN`, a custom alias or a digest. */
  alias: string;
}

/** Where the missing parts come from: what `Api._parse_artifact_path` reads, in its order. */
export interface ArtifactNameSources {
  /** `WANDB_ENTITY`, `WANDB_PROJECT`, `WANDB_ORGANIZATION`: they win over the settings files, as in the SDK. */
  env?: { WANDB_ENTITY?: string; WANDB_PROJECT?: string; WANDB_ORGANIZATION?: string };
  /** Text of `<workspace>/wandb/settings` (what `wandb init` writes). */
  workspaceSettings?: string;
  /** Text of `$WANDB_CONFIG_DIR/settings` or `~/.config/wandb/settings`. */
  globalSettings?: string;
  /** `wandbExplorer.defaultProject` (`entity/project`): this extension's own fallback. */
  defaultProject?: string;
  /** The signed-in viewer's default entity (`Api.default_entity`). */
  viewerEntity?: string;
}

/** A registry project's name starts so (`_validators.REGISTRY_PREFIX`). */
export const REGISTRY_PREFIX = 'wandb-registry-';

/** As `_validators.is_artifact_registry_project`. */
export function isRegistryProject(project: string): boolean {
  return project.startsWith(REGISTRY_PREFIX);
}

/**
 * A name in a W&B Registry: the project is `wandb-registry-<registry>` under the organization's
 * own entity, which the name does not spell; `organization` is what it gives instead (an org's
 * name or its entity's name), else the settings' `organization`.
 */
export interface RegistryArtifactName {
  organization?: string;
  project: string;
  name: string;
  alias: string;
}

/** Defaults for a name: the entity and project, and the settings' organization for registry names. */
export interface NameDefaults {
  entity?: string;
  project: string;
  organization?: string;
}

/** The project the SDK falls back to when nothing names one. */
export const UNCATEGORIZED = 'uncategorized';

/**
 * Default entity and project: environment, then the workspace's `wandb/settings`, then the
 * global settings file (the SDK's `InternalApi.settings`), then the extension's
 * `defaultProject`, then the viewer's entity and `uncategorized` (`Api._parse_artifact_path`).
 */
export function artifactNameDefaults(src: ArtifactNameSources): NameDefaults {
  const ws = src.workspaceSettings !== undefined ? parseWandbSettings(src.workspaceSettings) : {};
  const global = src.globalSettings !== undefined ? parseWandbSettings(src.globalSettings) : {};
  const dp = /^\s*([^/\s]+)\/([^/\s]+)\s*$/.exec(src.defaultProject ?? '');
  const first = (...values: Array<string | undefined>) => values.map((v) => v?.trim()).find((v) => !!v);
  const organization = first(src.env?.WANDB_ORGANIZATION, ws.organization, global.organization);
  return {
    entity: first(src.env?.WANDB_ENTITY, ws.entity, global.entity, dp?.[1], src.viewerEntity),
    project: first(src.env?.WANDB_PROJECT, ws.project, global.project, dp?.[2]) ?? UNCATEGORIZED,
    ...(organization ? { organization } : {}),
  };
}

/** The parse of a typed name: the artifact, a registry artifact (entity still to find), or why it is not one. */
export type ParsedArtifactName = { ok: true; artifact: ArtifactName } | { ok: true; registry: RegistryArtifactName } | { ok: false; reason: string };

/**
 * Parses what a person typed or pasted. As `ArtifactPath.from_str`: the alias is everything
 * after the first `:`, the rest splits on `/` into at most entity, project and name; the
 * missing ones come from `defaults`. An `http(s)` URL must be an artifact page
 * (`…/<entity>/<project>/artifacts/<type>/<name>/<version>[/<tab>]`).
 */
export function parseArtifactName(input: string, defaults: NameDefaults): ParsedArtifactName {
  const text = input.trim();
  if (!text) return fail('Type an artifact name, e.g. mnist-data:v3.');
  if (/^https?:\/\//i.test(text)) return fromUrl(text);
  const body = text.replace(/^wandb-artifact:\/\/\/?/, '');
  const colon = body.indexOf(':');
  const path = colon >= 0 ? body.slice(0, colon) : body;
  const alias = colon >= 0 ? body.slice(colon + 1) : 'latest';
  const parts = path.split('/');
  if (parts.length > 3) return fail(`"${text}" has too many "/" parts: use [entity/][project/]name[:alias].`);
  if (parts.some((p) => !p.trim()) || /\s/.test(path)) return fail(`"${text}" has an empty part or a space in its path.`);
  if (!alias) return fail(`"${text}" ends with ":" but names no alias (latest, v3, best…).`);
  const name = parts[parts.length - 1]!;
  const project = parts.length >= 2 ? parts[parts.length - 2]! : defaults.project;
  if (isRegistryProject(project)) {
    // `Api._artifact`: the first of three parts is the organization, else the settings' one.
    const organization = parts.length === 3 ? parts[0]! : defaults.organization;
    return { ok: true, registry: { ...(organization ? { organization } : {}), project, name, alias } };
  }
  const entity = parts.length === 3 ? parts[0]! : defaults.entity;
  if (!entity) return fail('No entity is known: write it as entity/project/name:alias.');
  return { ok: true, artifact: { entity, project, name, alias } };
}

function fromUrl(text: string): ParsedArtifactName {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return fail(`"${text}" is not a valid URL.`);
  }
  const parts = u.pathname.split('/').filter(Boolean).map(decodeSegment);
  // …/<entity>/<project>/artifacts/<type>/<name>/<version>; tabs (files, metadata…) may follow,
  // and a self-hosted server may serve the app under a path prefix.
  const at = parts.lastIndexOf('artifacts');
  if (at < 2 || parts.length < at + 4) return fail('This URL is not an artifact version page (…/entity/project/artifacts/type/name/version).');
  return { ok: true, artifact: { entity: parts[at - 2]!, project: parts[at - 1]!, name: parts[at + 2]!, alias: parts[at + 3]! } };
}

/** An organization as `FetchOrgInfoFromEntity` gives it: its name and its own entity's name. */
export interface OrgInfo {
  name: string;
  entityName: string;
}

/** What an entity's organizations are: a team's one, or a user's (personal entity) several. */
export interface EntityOrgs {
  teamOrg?: OrgInfo;
  userOrgs: OrgInfo[];
}

/**
 * The entity that holds a registry, as `_gqlutils._resolve_org_info` picks it: the team's
 * organization when `organization` is absent or matches it (by name or entity name), else the
 * user's organization that matches, else the user's only organization when none is named.
 */
export function orgEntityFor(orgs: EntityOrgs, entity: string, organization?: string): { ok: true; entity: string } | { ok: false; reason: string } {
  const matches = (o: OrgInfo) => !organization || o.name === organization || o.entityName === organization;
  if (orgs.teamOrg && matches(orgs.teamOrg)) return { ok: true, entity: orgs.teamOrg.entityName };
  const found = orgs.userOrgs;
  if (organization) {
    const hit = found.find(matches);
    if (hit) return { ok: true, entity: hit.entityName };
    if (found.length === 1) return fail(`The organization "${organization}" is not ${entity}'s organization, "${found[0]!.name}": write its name in the registry path.`);
    if (found.length > 1) return fail(`"${organization}" matches none of ${entity}'s organizations (${found.map((o) => o.name).join(', ')}).`);
  } else {
    if (found.length === 1) return { ok: true, entity: found[0]!.entityName };
    if (found.length > 1) return fail(`${entity} belongs to several organizations (${found.map((o) => o.name).join(', ')}): write one as org/wandb-registry-<name>/collection:alias.`);
  }
  return fail(`No organization was found for ${entity}, so no registry: write the organization as org/wandb-registry-<name>/collection:alias.`);
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
