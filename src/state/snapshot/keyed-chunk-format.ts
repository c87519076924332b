/**
 * The payload of one keyed-state chunk (before framing), version
 * {@link KEYED_CHUNK_VERSION}. All numbers are varints unless marked; keys,
 * namespaces and values use the state value codec; a fresh codec stream
 * (object-key table) starts per chunk, so every chunk decodes alone.
 *
 * ```
 * chunk   := kind:byte (0 full, 1 delta)  stateCount  (name:string kind:string)*  groupCount  group*
 * group   := keyGroup  bodyBytes:u32  body            -- bodyBytes lets a reader skip groups outside its range
 * body    := tableCount  table*  sections
 * table   := stateIndex  droppedCount namespace*  removedCount (key namespace)*  namespaceCount (namespace rowCount:u32 (key value)*)*
 * sections:= 0:byte                                    -- delta: timers of this group unchanged
 *          | 1:byte  sectionCount  (name:string rows:value)*   -- the group's sections, whole
 * ```
 *
 * A full chunk has no drops or removals and always writes its sections. A
 * delta applies in this order: drop namespaces, remove keys, put rows,
 * replace sections.
 */
export const KEYED_CHUNK_VERSION = 1;


/** The chunk kinds, as stored. */
export const ChunkKind = { FULL: 0, DELTA: 1 } as const;
