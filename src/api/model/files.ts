/** A file saved with a run (`wandb.save`, media, logs, metadata). */
export interface RunFile {
  id: string;
  /** Path inside the run, e.g. `media/images/x.png`. Untrusted: validate before writing to disk. */
  name: string;
  sizeBytes: number;
  /** Base64 of the raw MD5 digest, when known. */
  md5?: string;
  mimetype?: string;
  updatedAt?: Date;
  /** On the W&B server; needs the API key. */
  url?: string;
  /** Presigned storage URL; must be fetched WITHOUT the API key; expires. */
  directUrl?: string;
}
