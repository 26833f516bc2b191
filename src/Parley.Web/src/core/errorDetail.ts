/** The message an error carries, for a detail under Parley's own words; `null` when it has none. */
export function errorDetail(error: unknown): string | null {
  if (error instanceof Error && error.message !== '') {
    return error.message;
  }
  if (typeof error === 'string' && error !== '') {
    return error;
  }
  return null;
}
