import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { seedPipeline, seedSource, type SeedShare, type WindowSum } from '../../../demo/seed-pipeline.js';

const KEYS = 10;

async function events(count: number, share?: SeedShare): Promise<string[]> {
  const env = StreamEnvironment.create({ parallelism: 1 });
  const out: string[] = [];
  seedSource(env, count, (i) => i % KEYS, 1, share).forEach((e) => out.push(`${e.key}@${e.timestamp}`));
  await env.execute('seed events').result;
  return out;
}

async function windowSums(count: number, share?: SeedShare): Promise<WindowSum[]> {
  const env = StreamEnvironment.create({ parallelism: 1 });
  const out: WindowSum[] = [];
  seedPipeline(env, { events: count, keys: KEYS, ...(share ? { share } : {}) }).forEach((r) => out.push(r));
  await env.execute('seed').result;
  return out;
}

const keyOf = (event: string) => event.slice(0, event.indexOf('@'));

describe('seed job shares (the bench ceiling for workers: independent jobs, no exchange)', () => {
  it('split the events into shares with disjoint keys that together are exactly the whole job’s events', async () => {
    const count = 1_001;
    const whole = await events(count);
    const even = await events(count, { index: 0, of: 2 });
    const odd = await events(count, { index: 1, of: 2 });
    expect(even).toHaveLength(501);
    expect(odd).toHaveLength(500);
    const evenKeys = new Set(even.map(keyOf));
    expect(odd.some((e) => evenKeys.has(keyOf(e)))).toBe(false);
    expect([...even, ...odd].sort()).toEqual([...whole].sort());
  });

  it('give the whole job’s (filtered) window sums between them', async () => {
    // 3 s windows at 10 events per ms: 65 001 events span three windows.
    const count = 65_001;
    const whole = await windowSums(count);
    const shares = [...(await windowSums(count, { index: 0, of: 2 })), ...(await windowSums(count, { index: 1, of: 2 }))];
    expect(whole.length).toBe(3);
    expect(shares).toEqual(whole);
  });
});
