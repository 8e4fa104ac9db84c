import { defineDocument } from './document';
import type { OrgInfoFromEntityQuery, OrgInfoFromEntityQueryVariables } from './generated';

/**
 * The organizations an entity belongs to, with each one's own entity (where its W&B Registry
 * lives): a team's one organization, or a user's organizations. The SDK's
 * `FetchOrgInfoFromEntity` (`wandb/sdk/artifacts/_gqlutils.py`, `org_info_from_entity`).
 */
export const ORG_INFO_FROM_ENTITY = defineDocument<OrgInfoFromEntityQuery, OrgInfoFromEntityQueryVariables>(`
query OrgInfoFromEntity($entity: String!) {
  entity(name: $entity) {
    organization { name orgEntity { name } }
    user { organizations { name orgEntity { name } } }
  }
}`);
