import { spawnSync } from 'node:child_process';

/**
 * The commit of the toolkit's sources a run trained with (`git rev-parse HEAD`, "+changes" when
 * the working tree differs from it), for the report; "unknown" outside a git checkout.
 */
export function sourceCommit(cwd = process.cwd()): string {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const changes = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' });
  return `${head.stdout.trim()}${changes.status === 0 && changes.stdout.trim() !== '' ? '+changes' : ''}`;
}
