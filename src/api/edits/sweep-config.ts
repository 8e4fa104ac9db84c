/** A sweep's configuration, read to be shown (W&B stores it as YAML, sometimes JSON). */
import type { WandbClient } from '../client';
import { WandbError, projectNotFound } from '../errors';
import * as Q from '../queries';
import { sweepConfigYaml } from '../model/sweep-config';

/** A sweep's configuration: the text as stored (YAML, sometimes JSON) and as YAML to show. */
export async function sweepConfig(client: WandbClient, ref: { entity: string; project: string; sweepId: string }, signal?: AbortSignal): Promise<{ displayName: string; config: string; yaml: string }> {
  const data = await client.request(Q.SWEEP_CONFIG, { entity: ref.entity, project: ref.project, sweepId: ref.sweepId }, signal);
  if (!data.project) throw projectNotFound(ref, client.host);
  if (!data.project.sweep) throw new WandbError('notFound', `Sweep ${ref.entity}/${ref.project}/${ref.sweepId} was not found on ${client.host}.`);
  const config = data.project.sweep.config ?? '';
  return { displayName: data.project.sweep.displayName || data.project.sweep.name, config, yaml: sweepConfigYaml(config) };
}
