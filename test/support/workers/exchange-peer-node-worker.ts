/** worker_threads entry of the exchange tests (loaded by exchange-peer-node-worker.mjs): the first message is a {@link PeerSetup}. */
import { parentPort } from 'node:worker_threads';
import { runExchangePeer, type PeerSetup } from './exchange-peer.js';

parentPort!.once('message', (setup: PeerSetup) => void runExchangePeer(setup));
