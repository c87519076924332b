import { KEYED_CHUNK_VERSION } from '../../state/snapshot/keyed-chunk-format.js';

/** Magic of a framed keyed-state chunk in a checkpoint or savepoint. */
export const CHUNK_MAGIC = 'WKCH';

/** Version of the chunk payload format: the keyed chunk layout's. */
export const CHUNK_FORMAT_VERSION = KEYED_CHUNK_VERSION;
