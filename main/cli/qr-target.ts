// What --qr=TARGET names: checked with the other options, apart from the encoder, which loads only to draw the code.
export type QrTarget = { kind: 'terminal' } | { kind: 'svg' | 'png'; path: string };

export function parseQrTarget(value: string): QrTarget | null {
  if (value === 'terminal') return { kind: 'terminal' };
  const match = /^(svg|png):(.+)$/.exec(value);
  return match ? { kind: match[1] as 'svg' | 'png', path: match[2]! } : null;
}
