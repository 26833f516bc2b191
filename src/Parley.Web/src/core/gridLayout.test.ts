import { describe, expect, it } from 'vitest';
import { gridShape } from './gridLayout';

describe('gridShape', () => {
  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [3, 2, 2],
    [4, 2, 2],
    [5, 3, 2],
    [6, 3, 2],
    [8, 3, 3],
  ])('puts %i tiles side by side on a wide desktop stage: %i columns, %i rows', (count, columns, rows) => {
    expect(gridShape(count, 1280, 640)).toEqual({ columns, rows });
  });

  it.each([
    [2, 1, 2],
    [3, 1, 3],
    [4, 2, 2],
    [6, 2, 3],
    [8, 2, 4],
  ])('stacks %i tiles on a phone held upright: %i columns, %i rows', (count, columns, rows) => {
    expect(gridShape(count, 390, 700)).toEqual({ columns, rows });
  });

  it('has a shape for a stage not measured yet', () => {
    expect(gridShape(3, 0, 0)).toEqual({ columns: 1, rows: 3 });
  });
});
