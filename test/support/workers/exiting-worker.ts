/** A Node worker module that exits while it is imported, before it is ready. */
process.exit(3);

export {};
