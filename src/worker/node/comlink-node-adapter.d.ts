/**
 * Types for comlink's Node adapter. comlink ships `node-adapter.d.ts` beside
 * `node-adapter.mjs`, but TypeScript looks for `node-adapter.d.mts` for an
 * `.mjs` import, so the declaration is repeated here.
 */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  interface NodeEndpoint {
    postMessage(message: unknown, transfer?: readonly unknown[]): void;
    on(type: string, listener: (data: unknown) => void): unknown;
    off(type: string, listener: (data: unknown) => void): unknown;
    start?: () => void;
  }
  export default function nodeEndpoint(nep: NodeEndpoint): import('comlink').Endpoint;
}
