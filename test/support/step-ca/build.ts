/**
 * Builds the step-ca lab binary (test/support/step-ca.ts stepCaBinary) and says where and how long:
 * `npm test` runs this in its first phase beside the typecheck, so the step-ca test files find it
 * built. Nothing to do when main.go and Go are unchanged.
 */
import { buildStepCa } from '../step-ca.js';

const { binary, built, ms } = await buildStepCa();
process.stdout.write(`step-ca lab: ${built ? `built in ${(ms / 1000).toFixed(1)} s` : 'already built'}: ${binary}\n`);
