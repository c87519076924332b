import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const browserSide = ['src/worker/spawn-browser-worker.ts', 'src/worker/expose-browser-worker.ts'];

/** Every file reachable from `start` through relative imports, with the bare specifiers each imports. */
function reachable(start: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const pending = [resolve(root, start)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    files.set(file, specifiers.filter((s) => !s.startsWith('.')));
    for (const s of specifiers) if (s.startsWith('.')) pending.push(resolve(dirname(file), s.replace(/\.js$/, '.ts')));
  }
  return files;
}

describe('the browser side of worker/', () => {
  it('reaches no Node built-in and no Node-only comlink adapter', () => {
    const offenders = browserSide.flatMap((start) =>
      [...reachable(start)].flatMap(([file, bare]) =>
        bare
          .filter((s) => s.startsWith('node:') || builtinModules.includes(s.split('/')[0]!) || s.startsWith('comlink/'))
          .map((s) => `${relative(root, file)} imports ${s}`),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
