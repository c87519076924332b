/** Magic of a framed keyed-state chunk. */
export const CHUNK_MAGIC = 'WKCH';

/** Version of the chunk payload format (the keyed codec's layout). */
export const CHUNK_FORMAT_VERSION = 1;
