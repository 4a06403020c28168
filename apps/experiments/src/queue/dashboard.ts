import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { gridQueue } from './grid-queue.js';
import type { RedisTarget } from './redis-url.js';

/**
 * The queue's dashboard (bull-board on fastify, read-only): every grid job with its state, its
 * progress (epoch, dev score), its data and, for a failed run, its error. Served at `/`.
 */
export async function startDashboard(
  target: RedisTarget,
  port: number,
  host = '127.0.0.1',
): Promise<{ app: FastifyInstance; address: string }> {
  const queue = gridQueue(target);
  const serverAdapter = new FastifyAdapter();
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: true })],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'xlnlu grids' } },
  });
  serverAdapter.setBasePath('/');
  const app = Fastify({ logger: false });
  await app.register(serverAdapter.registerPlugin(), { prefix: '/' });
  app.addHook('onClose', async () => queue.close());
  const address = await app.listen({ port, host });
  return { app, address };
}
