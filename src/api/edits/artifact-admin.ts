/**
 * Administration of artifact versions: aliases (add, remove), description, delete, and the
 * version's current aliases and state that those edits start from.
 */
import type { WandbClient } from '../client';
import { WandbError } from '../errors';
import * as Q from '../queries';
import type { ArtifactVersion } from '../model/artifacts';
import { aliasesIn } from '../model/decode';

/**
 * An artifact version reduced to what alias and delete edits need: entity, project and
 * collection name the collection the edit is for (a portfolio for a linked member).
 */
export type ArtifactRef = Pick<ArtifactVersion, 'id' | 'entity' | 'project' | 'collection' | 'versionIndex'>;

/** The version's own aliases (not `vN`, not other collections'), state and description now. */
export async function artifactState(client: WandbClient, artifact: ArtifactRef, signal?: AbortSignal): Promise<{ aliases: string[]; state: string; description?: string }> {
  const data = await client.request(Q.ARTIFACT_ALIASES, { artifactId: artifact.id }, signal);
  if (!data.artifact) throw new WandbError('notFound', `Artifact ${artifactLabel(artifact)} was not found on ${client.host}.`);
  return {
    aliases: aliasesIn(data.artifact.aliases, artifact),
    state: data.artifact.state,
    description: data.artifact.description || undefined,
  };
}

/** Adds an alias (moving it off another version of the collection); returns the new alias list. */
export async function addAlias(client: WandbClient, artifact: ArtifactRef, alias: string, signal?: AbortSignal): Promise<string[]> {
  const a = alias.trim();
  const why = checkAlias(a);
  if (why) throw new WandbError('badRequest', why);
  const data = await client.request(Q.ADD_ARTIFACT_ALIAS, { artifactId: artifact.id, alias: a, ...aliasScope(artifact) }, signal);
  if (!data.addAliases?.success) throw new WandbError('graphql', `${client.host} did not add alias ${a} to ${artifactLabel(artifact)}.`, { operation: 'AddArtifactAlias' });
  return aliasesIn(data.addAliases.artifact.aliases, artifact);
}

export async function removeAlias(client: WandbClient, artifact: ArtifactRef, alias: string, signal?: AbortSignal): Promise<void> {
  if (/^v\d+$/.test(alias)) throw new WandbError('badRequest', `"${alias}" is the version's own index; it cannot be removed.`);
  const data = await client.request(Q.REMOVE_ARTIFACT_ALIAS, { artifactId: artifact.id, alias, ...aliasScope(artifact) }, signal);
  if (!data.deleteAliases?.success) {
    throw new WandbError('graphql', `${client.host} did not remove alias ${alias} from ${artifactLabel(artifact)}.`, { operation: 'RemoveArtifactAlias' });
  }
}

export async function setArtifactDescription(client: WandbClient, artifact: ArtifactRef, description: string, signal?: AbortSignal): Promise<string | undefined> {
  const data = await client.request(Q.SET_ARTIFACT_DESCRIPTION, { artifactId: artifact.id, description }, signal);
  if (!data.updateArtifact) throw new WandbError('invalidResponse', `${client.host} answered SetArtifactDescription without the artifact.`, { operation: 'SetArtifactDescription' });
  return data.updateArtifact.artifact.description || undefined;
}

/**
 * Deletes a version. Without `deleteAliases` W&B refuses while the version has aliases; with
 * it, the aliases go too.
 */
export async function deleteArtifactVersion(client: WandbClient, artifact: ArtifactRef, options: { deleteAliases: boolean }, signal?: AbortSignal): Promise<void> {
  const data = await client.request(Q.DELETE_ARTIFACT, { artifactId: artifact.id, deleteAliases: options.deleteAliases }, signal);
  if (!data.deleteArtifact) throw new WandbError('invalidResponse', `${client.host} answered DeleteArtifact without the artifact.`, { operation: 'DeleteArtifact' });
}

/** Why an alias would be refused, or undefined (`vN` is reserved; `/` and `:` separate names). */
export function checkAlias(alias: string): string | undefined {
  const a = alias.trim();
  if (!a) return 'An alias cannot be empty.';
  if (/^v\d+$/.test(a)) return `"${a}" is reserved for version indexes; choose another alias.`;
  if (/[/:]/.test(a)) return 'An alias cannot contain "/" or ":".';
  if (/\s/.test(a)) return 'An alias cannot contain spaces.';
  if (a.length > 128) return 'Aliases are at most 128 characters.';
  if (/[\u0000-\u001f]/.test(a)) return 'An alias cannot contain control characters.';
  return undefined;
}

function aliasScope(a: ArtifactRef): { entity: string; project: string; collection: string } {
  return { entity: a.entity, project: a.project, collection: a.collection };
}

export function artifactLabel(a: Pick<ArtifactRef, 'collection' | 'versionIndex'>): string {
  return `${a.collection}:v${a.versionIndex}`;
}
