/** Web Worker entry of the exchange tests: the first message is a {@link PeerSetup} (ports transferred with it). */
import { runExchangePeer, type PeerSetup } from './exchange-peer.js';

self.addEventListener('message', (event: MessageEvent<PeerSetup>) => void runExchangePeer(event.data), { once: true });
