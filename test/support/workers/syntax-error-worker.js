// A worker module that does not parse (kept as .js so the TypeScript check of test/ skips it).
export const broken = {;
