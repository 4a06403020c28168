import { Redis } from 'ioredis';

/** What `--queue` names: a Redis server, as BullMQ's connection options. */
export interface RedisTarget {
  url: string;
  /** The URL as logs and errors may show it: the password masked. */
  shown: string;
  /** host:port, for messages (never the password). */
  where: string;
  /** Connection options for BullMQ and ioredis alike. */
  options: { host: string; port: number; db: number; username?: string; password?: string; maxRetriesPerRequest: null };
}

/** Reads `redis://[user:password@]host[:port][/db]`; anything else is an error naming the form. */
export function parseRedisUrl(url: string, flag = '--queue'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${flag}: expected redis://[user:password@]host:port[/db], got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'redis:' || !parsed.hostname)
    throw new Error(`${flag}: expected redis://[user:password@]host:port[/db], got ${JSON.stringify(url)}`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new Error(`${flag}: the database in ${JSON.stringify(url)} must be a number (redis://host:port/0)`);
  const port = parsed.port ? Number(parsed.port) : 6379;
  return {
    url,
    shown: url.replace(/:[^:@/]*@/, ':***@'),
    where: `${parsed.hostname}:${port}`,
    options: {
      host: parsed.hostname,
      port,
      db,
      ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
      ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      // BullMQ's workers block on Redis and must retry for ever (its requirement for Worker connections)
      maxRetriesPerRequest: null,
    },
  };
}

/**
 * Asks the server for PONG once, without retries, so that a wrong address, a server that is down
 * or refused credentials are one clear error at start rather than a client retrying in silence.
 */
export async function checkRedis(target: RedisTarget): Promise<void> {
  const client = new Redis({
    ...target.options,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5_000,
  });
  // the cause comes as an error event; connect() itself then rejects with "Connection is closed."
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause = error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const message = (cause ?? (error as Error)).message;
    if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(message))
      throw new Error(`Redis at ${target.where} refused the credentials of ${target.shown}: ${message}`);
    if (/ECONNREFUSED/.test(message))
      throw new Error(`cannot reach Redis at ${target.where}: connection refused (is redis-server running there?)`);
    if (/ENOTFOUND|EAI_AGAIN/.test(message)) throw new Error(`cannot reach Redis at ${target.where}: no such host`);
    throw new Error(`cannot use Redis at ${target.where}: ${message}`);
  } finally {
    client.disconnect();
  }
}
