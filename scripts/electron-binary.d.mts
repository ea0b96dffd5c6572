// Types for electron-binary.mjs, so the TypeScript end-to-end test can import it.
export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };
export function findElectronBinary(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): ElectronBinary;
export const ELECTRON_HELP: string;
