/** `2026-11-27T210509Z`: UTC to the second, without `:` so it is a portable file name part. */
export function formatIsoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/:/g, '') + 'Z';
}
