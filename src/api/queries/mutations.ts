/**
 * The writing side of the W&B API: run edits (`Run.update`), stopping a run, uploads
 * (`Run.upload_file`) and artifact administration (aliases, description, delete), plus the
 * small reads those edits need. Every input object is written inline with scalar variables, so
 * each document says exactly which fields it changes and nothing else is sent.
 */
import { ALIAS_FIELDS } from './artifacts';
import { defineDocument, type Present } from './document';
import type {
  AddArtifactAliasMutation,
  AddArtifactAliasMutationVariables,
  ArtifactAliasesQuery,
  ArtifactAliasesQueryVariables,
  DeleteArtifactMutation,
  DeleteArtifactMutationVariables,
  ProjectTagsQuery,
  ProjectTagsQueryVariables,
  RemoveArtifactAliasMutation,
  RemoveArtifactAliasMutationVariables,
  RenameRunMutation,
  RenameRunMutationVariables,
  RunEditableQuery,
  RunEditableQueryVariables,
  RunUploadUrlsQuery,
  RunUploadUrlsQueryVariables,
  SetArtifactDescriptionMutation,
  SetArtifactDescriptionMutationVariables,
  SetRunNotesMutation,
  SetRunNotesMutationVariables,
  SetRunTagsMutation,
  SetRunTagsMutationVariables,
  StopRunMutation,
  StopRunMutationVariables,
} from './generated';

/** What an edited run answers with: enough to show the change (and to roll one back). */
export type RawEditedRun = Present<Present<RenameRunMutation['upsertBucket']>['bucket']>;

const EDITED_RUN = 'bucket { id name displayName notes tags state }';

/** Renames a run (its display name). `id` is the run's storage id (`Run.id`). */
export const RENAME_RUN = defineDocument<RenameRunMutation, RenameRunMutationVariables>(`
mutation RenameRun($id: String!, $displayName: String!) {
  upsertBucket(input: { id: $id, displayName: $displayName }) { ${EDITED_RUN} }
}`);

/** Replaces a run's notes (free text, may span lines; empty clears them). */
export const SET_RUN_NOTES = defineDocument<SetRunNotesMutation, SetRunNotesMutationVariables>(`
mutation SetRunNotes($id: String!, $notes: String!) {
  upsertBucket(input: { id: $id, notes: $notes }) { ${EDITED_RUN} }
}`);

/** Replaces a run's tags with the given list (W&B has no add/remove: the list is the state). */
export const SET_RUN_TAGS = defineDocument<SetRunTagsMutation, SetRunTagsMutationVariables>(`
mutation SetRunTags($id: String!, $tags: [String!]!) {
  upsertBucket(input: { id: $id, tags: $tags }) { ${EDITED_RUN} }
}`);

/** Asks a running run to stop: the SDK process sees `shouldStop` at its next heartbeat. */
export const STOP_RUN = defineDocument<StopRunMutation, StopRunMutationVariables>(`
mutation StopRun($id: ID!) {
  stopRun(input: { id: $id }) { success }
}`);

/** Every tag used by a run of the project (what the tag picker offers). */
export const PROJECT_TAGS = defineDocument<ProjectTagsQuery, ProjectTagsQueryVariables>(`
query ProjectTags($entity: String!, $project: String!) {
  project(name: $project, entityName: $entity) {
    tags { name }
  }
}`);

/** The editable fields of one run as the server has them now (tags are replaced as a whole). */
export const RUN_EDITABLE = defineDocument<RunEditableQuery, RunEditableQueryVariables>(`
query RunEditable($entity: String!, $project: String!, $runId: String!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) { id name displayName notes tags state readOnly }
  }
}`);

/**
 * Where to PUT new files of a run: one presigned URL per name, with the headers the PUT must
 * carry (`"Name:Value"`). The server announces those on the connection, where the SDK reads
 * them (`InternalApi.legacy_upload_urls`: `files { uploadHeaders }`); a file's own list, when a
 * server fills it, is added. `exists` tells whether the upload replaces a file the run has.
 */
export const RUN_UPLOAD_URLS = defineDocument<RunUploadUrlsQuery, RunUploadUrlsQueryVariables>(`
query RunUploadUrls($entity: String!, $project: String!, $runId: String!, $names: [String]) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      id
      files(names: $names, first: 1000) {
        uploadHeaders
        edges { node { name url(upload: true) uploadHeaders exists } }
      }
    }
  }
}`);

/** Points an alias of the version's collection at it (W&B moves it off any other version). */
export const ADD_ARTIFACT_ALIAS = defineDocument<AddArtifactAliasMutation, AddArtifactAliasMutationVariables>(`
mutation AddArtifactAlias($artifactId: ID!, $alias: String!, $entity: String!, $project: String!, $collection: String!) {
  addAliases(input: {
    artifactID: $artifactId
    aliases: [{ alias: $alias, artifactCollectionName: $collection, entityName: $entity, projectName: $project }]
  }) {
    success
    artifact { id ${ALIAS_FIELDS} }
  }
}`);

/** Removes one alias from the version (a `vN` alias cannot be removed). */
export const REMOVE_ARTIFACT_ALIAS = defineDocument<RemoveArtifactAliasMutation, RemoveArtifactAliasMutationVariables>(`
mutation RemoveArtifactAlias($artifactId: ID!, $alias: String!, $entity: String!, $project: String!, $collection: String!) {
  deleteAliases(input: {
    artifactID: $artifactId
    aliases: [{ alias: $alias, artifactCollectionName: $collection, entityName: $entity, projectName: $project }]
  }) { success }
}`);

/** Replaces a version's description (empty clears it). */
export const SET_ARTIFACT_DESCRIPTION = defineDocument<SetArtifactDescriptionMutation, SetArtifactDescriptionMutationVariables>(`
mutation SetArtifactDescription($artifactId: ID!, $description: String!) {
  updateArtifact(input: { artifactID: $artifactId, description: $description }) {
    artifact { id description }
  }
}`);

/**
 * Deletes a version. W&B refuses while the version has aliases unless `deleteAliases` is set,
 * which removes them in the same step.
 */
export const DELETE_ARTIFACT = defineDocument<DeleteArtifactMutation, DeleteArtifactMutationVariables>(`
mutation DeleteArtifact($artifactId: ID!, $deleteAliases: Boolean!) {
  deleteArtifact(input: { artifactID: $artifactId, deleteAliases: $deleteAliases }) {
    artifact { id state }
  }
}`);

/** A version's aliases, description and state as the server has them now. */
export const ARTIFACT_ALIASES = defineDocument<ArtifactAliasesQuery, ArtifactAliasesQueryVariables>(`
query ArtifactAliases($artifactId: ID!) {
  artifact(id: $artifactId) {
    id state description
    ${ALIAS_FIELDS}
  }
}`);
