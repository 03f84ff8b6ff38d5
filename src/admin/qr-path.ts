import qrcode from 'qrcode-generator';

/** A QR code as one SVG path: `size` modules a side (no quiet zone), `d` the dark modules. */
export interface QrPath {
  size: number;
  d: string;
}

/**
 * The QR code of `text` (byte mode, error correction M, smallest version that fits) as an SVG path
 * of unit squares, one `M x y h1v1h-1z` per dark module, for `<svg viewBox="0 0 size size">`.
 * Drawn as markup, not as an image URL or a canvas, so it needs nothing the page's CSP forbids.
 */
export function qrPath(text: string): QrPath {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) if (qr.isDark(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
  }
  return { size, d: parts.join('') };
}
