import { rm } from 'node:fs/promises';
import { SCREENSHOT_DIR } from './harness.js';

/** Each run starts with an empty screenshot folder, so every picture there is from this run. */
export default async function globalSetup(): Promise<void> {
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
}
