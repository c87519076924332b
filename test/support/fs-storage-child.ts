import { FileSystemCheckpointStorage } from '../../src/state/fs/file-system-checkpoint-storage.js';

/**
 * A separate process for the filesystem storage tests: opens the checkpoint
 * directory given as argv[2] and prints one JSON line. With `hold` (argv[3])
 * it keeps the storage (and its lock) open until killed; otherwise it
 * reports the error of opening it, as `{ code, message, cause }`.
 */
const [directory, mode] = process.argv.slice(2);
try {
  const storage = await FileSystemCheckpointStorage.open({ directory: directory! });
  process.stdout.write(`${JSON.stringify({ opened: true, pid: process.pid })}\n`);
  if (mode === 'hold') setInterval(() => undefined, 60_000);
  else await storage.close();
} catch (error) {
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  process.stdout.write(`${JSON.stringify({ opened: false, code: e.code, message: e.message, cause: e.cause?.code })}\n`);
}
