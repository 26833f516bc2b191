import { useMemo } from 'react';
import { encodeQr, qrPath } from '../core/qrCode';

interface QrCodeProps {
  text: string;
  label: string;
}

const MARGIN = 4;

/** `text` as a QR code, drawn in SVG (dark on white, whatever the color scheme, so phones can read it). */
export function QrCode({ text, label }: QrCodeProps) {
  const { size, path } = useMemo(() => {
    const matrix = encodeQr(text);
    return { size: matrix.size + 2 * MARGIN, path: qrPath(matrix, MARGIN) };
  }, [text]);
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
