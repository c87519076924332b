import { describe, expect, it } from 'vitest';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = join(root, 'src/index.ts');
const allowedExternals = new Set(['rxjs', 'idb', 'comlink']);

/** `fs`, `node:fs`, `fs/promises`, `node:test`, ... */
function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  const base = specifier.split('/')[0]!;
  return builtinModules.includes(specifier) || builtinModules.includes(base);
}

/** Every module specifier a TypeScript file imports or re-exports (static, side-effect and dynamic imports). */
function specifiersOf(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const patterns = [
    /\bimport\s+(?:type\s+)?[\w*{}\s,$]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,$]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...withoutComments.matchAll(re)].map((m) => m[1]!));
}

/** Walks relative imports from `start`; returns each reachable file with the bare specifiers it imports. */
function reachableImports(start: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const pending = [start];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (result.has(file)) continue;
    const bare: string[] = [];
    result.set(file, bare);
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else bare.push(specifier);
    }
  }
  return result;
}

describe('the browser entry (src/index.ts)', () => {
  it('reaches no file that imports a Node built-in (static walk of relative imports)', () => {
    const files = reachableImports(entry);
    expect(files.size).toBeGreaterThan(20);
    const offenders = [...files].flatMap(([file, specifiers]) =>
      specifiers.filter(isNodeBuiltin).map((s) => `${relative(root, file)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('imports only rxjs, idb and comlink from outside src', () => {
    const bare = new Set([...reachableImports(entry).values()].flat());
    for (const specifier of bare) expect(allowedExternals.has(specifier.split('/')[0]!), specifier).toBe(true);
  });

  it('bundles with vite into code that imports no Node built-in', async () => {
    const output = (await build({
      root,
      logLevel: 'silent',
      configFile: false,
      build: {
        write: false,
        minify: false,
        lib: { entry, formats: ['es'], fileName: 'weir' },
        rolldownOptions: {
          // Node built-ins stay external so that an import of one shows up in the output instead of a browser shim.
          external: (id: string) => allowedExternals.has(id.split('/')[0]!) || isNodeBuiltin(id),
        },
      },
    })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
    const chunks = (Array.isArray(output) ? output : [output])
      .flatMap((o) => o.output)
      .filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
    expect(chunks.length).toBeGreaterThan(0);
    const code = chunks.map((c) => c.code).join('\n');
    expect(code).toContain('StreamEnvironment');

    const imported = chunks.flatMap((c) => [...c.imports, ...c.dynamicImports]);
    expect(imported.filter(isNodeBuiltin)).toEqual([]);
    expect(code).not.toMatch(/from\s*['"]node:/);
    expect(code).not.toMatch(/import\s*\(?\s*['"]node:/);
    for (const name of ['fs', 'path', 'worker_threads', 'child_process', 'fs/promises']) {
      expect(code).not.toMatch(new RegExp(`(from|import|require\\()\\s*\\(?['"]${name}['"]`));
    }
    expect(code).not.toContain('__vite-browser-external');
  });
});
