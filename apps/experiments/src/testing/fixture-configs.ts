import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tinyJointModel } from '@xlnlu/training/testing';

/**
 * The experiment configs the grid specs' fixture grids name, written into `work`: a max-ent model
 * and a small joint model, both quick on the fixture data; `file` writes any other JSON beside them.
 */
export function fixtureConfigs(work: string): { file: (name: string, json: unknown) => string; maxent: string; joint: string } {
  const file = (name: string, json: unknown) => {
    const target = path.join(work, name);
    writeFileSync(target, JSON.stringify(json));
    return target;
  };
  return {
    file,
    maxent: file('maxent.json', {
      name: 'x',
      model: { type: 'maxent-nlu', domain: { epochs: 5 }, intent: { epochs: 5 }, slots: { epochs: 2 } },
    }),
    joint: file('joint.json', { name: 'x', model: tinyJointModel(25, { dropout: 0.1 }) }),
  };
}
