import qrcode from 'qrcode-generator';

/** A QR code as rows of modules, `true` for dark. */
export interface QrMatrix {
  readonly size: number;
  readonly modules: readonly (readonly boolean[])[];
}

/**
 * Encodes `text` (UTF-8, byte mode) as the smallest QR code that holds it with error
 * correction level M (about 15 % of the symbol can be damaged and still read).
 */
export function encodeQr(text: string): QrMatrix {
  const code = qrcode(0, 'M');
  // The library's byte mode takes one character per byte: hand it the UTF-8 bytes that way.
  const utf8 = Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join('');
  code.addData(utf8, 'Byte');
  code.make();
  const size = code.getModuleCount();
  const modules = Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => code.isDark(row, col)));
  return { size, modules };
}

/**
 * One SVG path (`d` attribute) drawing every dark module as a 1×1 square, offset by a quiet zone
 * of `margin` modules; the viewBox is `size + 2 * margin` square.
 */
export function qrPath(matrix: QrMatrix, margin = 4): string {
  const parts: string[] = [];
  matrix.modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) {
        parts.push(`M${x + margin} ${y + margin}h1v1h-1z`);
      }
    });
  });
  return parts.join('');
}
