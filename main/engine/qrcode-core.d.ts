// Types for the few parts of the qrcode package's core that qr-matrix.ts uses beyond its public API (@types/qrcode
// covers that only): the error correction tables, the character count lengths and the Reed-Solomon encoder.
declare module 'qrcode/lib/core/error-correction-level.js' {
  export interface ErrorCorrectionLevel {
    bit: number;
  }
  export const M: ErrorCorrectionLevel;
}

declare module 'qrcode/lib/core/error-correction-code.js' {
  import type { ErrorCorrectionLevel } from 'qrcode/lib/core/error-correction-level.js';
  export function getBlocksCount(version: number, level: ErrorCorrectionLevel): number;
  export function getTotalCodewordsCount(version: number, level: ErrorCorrectionLevel): number;
}

declare module 'qrcode/lib/core/mode.js' {
  export interface Mode {
    id: string;
    bit: number;
    ccBits: number[];
  }
  export const BYTE: Mode;
  export const ALPHANUMERIC: Mode;
  export function getCharCountIndicator(mode: Mode, version: number): number;
}

declare module 'qrcode/lib/core/reed-solomon-encoder.js' {
  export default class ReedSolomonEncoder {
    constructor(degree: number);
    /** The error correction codewords of a block of data codewords. */
    encode(data: Uint8Array): Uint8Array;
  }
}
