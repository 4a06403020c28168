// The file piscina loads in each worker thread. Worker threads do not inherit the main thread's
// TypeScript loader (tsx), so this plain module registers it there, then hands over to the task.
import { register } from 'tsx/esm/api';

register();
const { default: parse } = await import('./parse-worker.ts');
export default parse;
