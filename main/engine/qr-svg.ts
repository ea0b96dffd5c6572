// QR codes of otpauth:// URIs: error correction M and a 4-module quiet zone (qrcode's defaults, which every
// authenticator app scans). Shared by the CLI's --qr and the enrollment sheets so both draw the same code.
import QRCode from 'qrcode';

export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { ...QR_OPTIONS, type: 'svg' });
}
