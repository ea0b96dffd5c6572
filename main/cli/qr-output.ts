// Renders an otpauth:// URI as a QR code for --qr: error correction M and a 4-module quiet zone, the
// qrcode package's defaults, which every authenticator app scans. The same segments as the sheets' codes
// (qr-matrix.ts), so the terminal, the PNG, the SVG and a sheet show one and the same symbol.
import QRCode from 'qrcode';
import { qrSegments } from '../engine/qr-matrix.js';
import { QR_OPTIONS, qrSvg } from '../engine/qr-svg.js';
import { writeDeliveredFile } from '../store/file-delivery.js';
import type { QrTarget } from './qr-target.js';

export { parseQrTarget, type QrTarget } from './qr-target.js';

export function qrTerminal(uri: string): Promise<string> {
  return QRCode.toString(qrSegments(uri), { ...QR_OPTIONS, type: 'terminal', small: true });
}

/**
 * Writes the QR code. The image holds the secret, so files are written atomically with mode 0600.
 * Returns the text to show on the terminal, if any.
 */
export async function writeQr(target: QrTarget, uri: string): Promise<string | null> {
  if (target.kind === 'terminal') return qrTerminal(uri);
  const content = target.kind === 'svg' ? qrSvg(uri) : await QRCode.toBuffer(qrSegments(uri), { ...QR_OPTIONS, type: 'png', scale: 8 });
  // Through the delivery module: atomic, 0600, never over the app's own files, a failure in words.
  await writeDeliveredFile(target.path, content, true, 'QR code');
  return null;
}
