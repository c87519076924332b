import { describe, expect, it } from 'vitest';
import { decodeCheckpointMetadata, encodeCheckpointMetadata } from '../../../src/checkpoint/metadata/checkpoint-metadata-codec.js';
import type { CheckpointMetadata } from '../../../src/checkpoint/metadata/checkpoint-metadata.js';
import { frameBytes } from '../../../src/checkpoint/format/frame-bytes.js';
import { encodeValue } from '../../../src/state/codec/encode-value.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';

function metadata(overrides: Partial<CheckpointMetadata> = {}): CheckpointMetadata {
  return {
    formatVersion: 1,
    checkpointId: 7,
    savepoint: false,
    jobName: 'clicks',
    triggeredAt: 1_700_000_000_000,
    maxParallelism: 128,
    operators: [
      { uid: 'source', name: 'Array Source', parallelism: 1, subtasks: [{ subtaskIndex: 0, operatorState: 1024 }] },
      {
        uid: 'window-sum',
        name: 'window',
        parallelism: 2,
        subtasks: [
          {
            subtaskIndex: 0,
            keyed: {
              keyGroupRange: [0, 63],
              states: [{ name: 'window-contents', kind: 'aggregating' }],
              layers: [
                { checkpointId: 5, kind: 'full', chunks: [{ firstKeyGroup: 0, lastKeyGroup: 63, entries: 10, bytes: 100, crc32: 0xdeadbeef, ref: 'chk-5/w-0-0' }] },
                { checkpointId: 7, kind: 'delta', chunks: [{ firstKeyGroup: 3, lastKeyGroup: 9, entries: 2, bytes: 40, crc32: 12, ref: 'chk-7/w-0-0' }] },
              ],
            },
          },
          { subtaskIndex: 1, operatorState: { pending: [new Map([['t', 1n]])] } },
        ],
      },
    ],
    ...overrides,
  };
}

describe('checkpoint metadata format', () => {
  it('round-trips checkpoint metadata exactly', () => {
    const m = metadata();
    expect(decodeCheckpointMetadata(encodeCheckpointMetadata(m), 'chk-7')).toEqual(m);
  });

  it('round-trips a savepoint with its chunks inline', () => {
    const data = new Uint8Array([1, 2, 3, 250]);
    const m = metadata({
      savepoint: true,
      operators: [
        {
          uid: 'u',
          name: 'n',
          parallelism: 1,
          subtasks: [
            {
              subtaskIndex: 0,
              keyed: {
                keyGroupRange: [0, 127],
                states: [{ name: 's', kind: 'value' }],
                layers: [{ checkpointId: 7, kind: 'full', chunks: [{ firstKeyGroup: 0, lastKeyGroup: 127, entries: 1, bytes: 4, crc32: 1, data }] }],
              },
            },
          ],
        },
      ],
    });
    const bytes = encodeCheckpointMetadata(m);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('WSVP');
    expect(decodeCheckpointMetadata(bytes, 'savepoint-7')).toEqual(m);
  });

  it('refuses a flipped byte, a truncated file and foreign bytes as corrupt', () => {
    const bytes = encodeCheckpointMetadata(metadata());
    const flipped = bytes.slice();
    flipped[20] = flipped[20]! ^ 0xff;
    for (const broken of [flipped, bytes.subarray(0, bytes.length - 3), new TextEncoder().encode('{"checkpointId": 7}')]) {
      expect(() => decodeCheckpointMetadata(broken, 'chk-7 in file:///ckpt')).toThrow(
        expect.objectContaining({ code: ErrorCodes.CHECKPOINT_CORRUPT, message: expect.stringContaining('chk-7 in file:///ckpt') }),
      );
    }
  });

  it('refuses metadata written by a newer format version', () => {
    const bytes = encodeCheckpointMetadata(metadata({ formatVersion: 2 }));
    expect(() => decodeCheckpointMetadata(bytes, 'chk-7')).toThrow(expect.objectContaining({ code: ErrorCodes.UNSUPPORTED_FORMAT_VERSION }));
  });

  it('refuses well-framed metadata of the wrong shape, naming the field', () => {
    const frame = (value: unknown) => frameBytes({ magic: 'WCKP', version: 1, payload: encodeValue(value) });
    const cases: [unknown, string][] = [
      [{ ...metadata(), operators: 'none' }, 'operators'],
      [{ ...metadata(), checkpointId: -1 }, 'checkpointId'],
      [{ ...metadata(), savepoint: true }, 'savepoint'],
      [
        {
          ...metadata(),
          operators: [{ uid: 'u', name: 'n', parallelism: 1, subtasks: [{ subtaskIndex: 0, keyed: { keyGroupRange: [0, 1], states: [], layers: [{ checkpointId: 1, kind: 'delta', chunks: [] }] } }] }],
        },
        'full base',
      ],
      [
        {
          ...metadata(),
          operators: [
            {
              uid: 'u',
              name: 'n',
              parallelism: 1,
              subtasks: [{ subtaskIndex: 0, keyed: { keyGroupRange: [0, 1], states: [], layers: [{ checkpointId: 1, kind: 'full', chunks: [{ firstKeyGroup: 0, lastKeyGroup: 1, entries: 0, bytes: 0, crc32: 0 }] }] } }],
            },
          ],
        },
        'exactly one of ref and data',
      ],
    ];
    for (const [value, field] of cases) {
      expect(() => decodeCheckpointMetadata(frame(value), 'chk-7')).toThrow(
        expect.objectContaining({ code: ErrorCodes.CHECKPOINT_CORRUPT, message: expect.stringContaining(field) }),
      );
    }
  });

  it('keeps an operator uid called __proto__ as data, without touching any prototype', () => {
    const m = metadata({ operators: [{ uid: '__proto__', name: 'constructor', parallelism: 1, subtasks: [{ subtaskIndex: 0, operatorState: { ['__proto__']: { polluted: true } } }] }] });
    const decoded = decodeCheckpointMetadata(encodeCheckpointMetadata(m), 'chk-7');
    expect(decoded.operators[0]!.uid).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(decoded.operators[0]!.subtasks[0]!.operatorState)).not.toHaveProperty('polluted');
  });
});
