/** How the call's tiles share the stage: as many columns and rows as make each tile largest. */
export interface GridShape {
  readonly columns: number;
  readonly rows: number;
}

/** Camera pictures are about this wide for their height (16:9 and 4:3 both fit it with little border). */
export const TILE_ASPECT = 16 / 10;

/**
 * The columns and rows that give `count` tiles of the `aspect` ratio the largest area on a `width` × `height` stage
 * (a wide desktop window puts tiles side by side, a phone held upright stacks them). On an upright stage tiles are
 * aimed square: a face cropped to a square loses little, a wide strip loses the face. Ties go to fewer columns.
 */
export function gridShape(
  count: number,
  width: number,
  height: number,
  aspect = height > width ? 1 : TILE_ASPECT,
): GridShape {
  if (count <= 1 || width <= 0 || height <= 0) {
    return { columns: 1, rows: Math.max(1, count) };
  }
  let best: GridShape = { columns: 1, rows: count };
  let bestArea = -1;
  for (let columns = 1; columns <= count; columns += 1) {
    const rows = Math.ceil(count / columns);
    const cellWidth = width / columns;
    const cellHeight = height / rows;
    const tileWidth = Math.min(cellWidth, cellHeight * aspect);
    const area = tileWidth * (tileWidth / aspect);
    if (area > bestArea * 1.0001) {
      best = { columns, rows };
      bestArea = area;
    }
  }
  return best;
}
