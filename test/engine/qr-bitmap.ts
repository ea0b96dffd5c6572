// An SVG QR code read back without a browser: its path painted onto a bitmap of modules, and that bitmap as a PBM
// image zbarimg can read. Checks the path's syntax as it goes, so a malformed path fails the test that paints it.
import { expect } from 'vitest';

/** Paints the SVG's path (a 1-wide stroke per run: M x y.5 hW, then m dx 0 hW within the row) onto a bitmap. */
export function paint(svg: string, side: number): Uint8Array {
  const bitmap = new Uint8Array(side * side);
  const d = /<path stroke="#000000" d="([^"]*)"/.exec(svg)![1]!;
  let x = 0;
  let y = 0;
  for (const [, command, dx, dy, width] of d.matchAll(/([Mm])(\d+(?:\.5)?) (\d+(?:\.5)?)h(\d+)/g)) {
    const [a, b, w] = [Number(dx), Number(dy), Number(width)];
    if (command === 'M') [x, y] = [a, b];
    else [x, y] = [x + a, y + b];
    expect(y % 1).toBe(0.5);
    for (let col = x; col < x + w; col++) bitmap[(y - 0.5) * side + col]! += 1;
    x += w;
  }
  expect(d.replace(/[Mm]\d+(?:\.5)? \d+(?:\.5)?h\d+/g, '')).toBe('');
  return bitmap;
}

/** A plain PBM of the bitmap, `scale` pixels a module. */
export function pbm(bitmap: Uint8Array, side: number, scale: number): string {
  const rows: string[] = [];
  for (let y = 0; y < side * scale; y++) {
    const row: number[] = [];
    for (let x = 0; x < side * scale; x++) row.push(bitmap[Math.floor(y / scale) * side + Math.floor(x / scale)]!);
    rows.push(row.join(' '));
  }
  return `P1\n${side * scale} ${side * scale}\n${rows.join('\n')}\n`;
}
