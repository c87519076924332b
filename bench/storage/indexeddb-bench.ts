import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../../test/support/find-chromium.js';
import { REPO_ROOT } from '../spawn-child.js';
import type { StorageThroughput } from './measure-storage.js';

/** Bundles `indexeddb-bench-page.ts` (with idb) into one ES module, in memory. */
async function bundlePage(): Promise<string> {
  const output = (await build({
    root: REPO_ROOT,
    logLevel: 'silent',
    configFile: false,
    build: {
      write: false,
      minify: false,
      lib: { entry: join(REPO_ROOT, 'bench/storage/indexeddb-bench-page.ts'), formats: ['es'], fileName: 'bench' },
    },
  })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((o) => o.type === 'chunk');
  return (chunks[0] as Rolldown.OutputChunk).code;
}

/** Serves the page and the module on 127.0.0.1 (IndexedDB needs a real origin, not about:blank). */
function serve(module: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/bench.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(module);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>weir storage bench</title>');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Measures IndexedDBCheckpointStorage in headless Chromium (the Debian
 * binary found by find-chromium); undefined with the reason when there is none.
 */
export async function benchIndexedDB(options: { megabytes: number; chunkMegabytes: number; repeat: number }): Promise<StorageThroughput[] | string> {
  const executablePath = findChromium().path;
  if (executablePath === undefined) return 'no Chromium found (set WEIR_CHROMIUM)';
  const server = await serve(await bundlePage());
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return await page.evaluate(async (opts) => {
      const { runIndexedDBBench } = (await import('/bench.js' as string)) as {
        runIndexedDBBench: (o: typeof opts) => Promise<StorageThroughput[]>;
      };
      return runIndexedDBBench(opts);
    }, options);
  } finally {
    await browser.close();
    server.close();
  }
}
