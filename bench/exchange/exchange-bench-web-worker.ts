/** Web Worker entry of the exchange benchmark: every message is a run. */
import { runBenchPeer, type BenchPeerSetup } from './exchange-bench-peer.js';

self.addEventListener('message', (event: MessageEvent<BenchPeerSetup>) => void runBenchPeer(event.data));
