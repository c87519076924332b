/** worker_threads entry of the exchange benchmark (loaded by exchange-bench-node-worker.mjs): every message is a run. */
import { parentPort } from 'node:worker_threads';
import { runBenchPeer, type BenchPeerSetup } from './exchange-bench-peer.js';

parentPort!.on('message', (setup: BenchPeerSetup) => void runBenchPeer(setup));
