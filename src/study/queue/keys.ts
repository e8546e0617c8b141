// The names a study uses in Redis: one BullMQ queue shared by every worker, the record of the study that
// holds it, and one hash of results per (study, data fingerprint).

export const QUEUE_NAME = 'alvh-study';
/** BullMQ's key prefix; the study's own keys share it so one `--queue` database holds everything. */
export const PREFIX = 'alvh';
export const META_KEY = `${PREFIX}:${QUEUE_NAME}:study`;
/** Lines workers leave for the coordinator to print (a refusal), oldest first. */
export const NOTICES_KEY = `${PREFIX}:${QUEUE_NAME}:notices`;

/** Who a job is for: the study, the alvh version that wrote it and the data it must run on. */
export interface QueueIdentity {
  studyId: string;
  /** A short name for messages (the study file's name). */
  studyName: string;
  version: string;
  fingerprint: string;
}

export function resultsKey(id: Pick<QueueIdentity, 'studyId' | 'fingerprint'>): string {
  return `${PREFIX}:${QUEUE_NAME}:results:${id.studyId}:${id.fingerprint}`;
}

/** The job one chunk of configurations travels in: settings and names only, never code. */
export interface ChunkJobData extends QueueIdentity {
  /** What every configuration of the study shares (e.g. the base strategy), as plain data. */
  shared: unknown;
  configs: { id: string; job: unknown }[];
}

export function describeIdentity(id: QueueIdentity): string {
  return `study '${id.studyName}' (${id.studyId.slice(0, 12)}, alvh ${id.version}, data ${id.fingerprint.slice(0, 12)})`;
}
