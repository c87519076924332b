import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fs-storage-child.ts', import.meta.url));

/** What {@link spawnStorageChild} reports: the child and its first stdout line, parsed. */
export interface StorageChild {
  readonly child: ChildProcess;
  readonly report: { opened: boolean; pid?: number; code?: string; message?: string; cause?: string };
}

/**
 * Runs `fs-storage-child.ts` in a new Node process (optionally as another
 * user: root may pass `uid`/`gid`, e.g. 65534 for nobody) and resolves with
 * its first line of output.
 */
export function spawnStorageChild(directory: string, options: { hold?: boolean; uid?: number; gid?: number } = {}): Promise<StorageChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, directory, options.hold ? 'hold' : 'once'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, report: JSON.parse(line) as StorageChild['report'] }));
    child.once('error', reject);
    child.once('close', (code, signal) => reject(new Error(`storage child exited (${code ?? signal}) before reporting: ${stderr}`)));
  });
}

/** Kills `child` with `signal` and resolves once it has exited. */
export function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
