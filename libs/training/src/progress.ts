/** A duration as h:mm:ss, or m:ss under an hour. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds / 1000));
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/**
 * The time left at the pace so far: `done` of `total` units took `elapsed` ms. Undefined before
 * the first unit (no pace yet).
 */
export function timeLeft(done: number, total: number, elapsed: number): number | undefined {
  if (done <= 0) return undefined;
  return (elapsed / done) * Math.max(0, total - done);
}
