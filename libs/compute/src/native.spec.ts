import { expect } from 'chai';
import { missingCalls, nativeKernels } from './native.js';
import { nativeKernelsOrSkip } from './testing/native-or-skip.js';

describe('native core: the addon’s calls', () => {
  it('names the calls an addon built from older sources lacks, so it is not used', () => {
    // the four calls of the core before the native networks
    const call = () => 0;
    const older = { biLstmForward: call, biLstmBackward: call, crfForwardBackward: call, crfViterbi: call };
    expect(missingCalls(older)).to.include.members(['jointLossAndGradients', 'nerPredict', 'adamUpdate', 'setThreads']);
    expect(missingCalls(older)).to.not.include('crfViterbi');
  });

  it('finds every call in the addon this checkout builds', function () {
    nativeKernelsOrSkip(this);
    expect(missingCalls(nativeKernels()!)).to.deep.equal([]);
  });
});
