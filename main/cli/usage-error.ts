/** A command line the CLI cannot act on: printed on stderr with a pointer to --help, exit status 2. */
export class UsageError extends Error {}
