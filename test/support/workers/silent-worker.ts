/** A worker module that loads but never exposes an API (so never reports ready); a timer keeps a Node worker alive. */
setInterval(() => undefined, 60_000);

export {};
