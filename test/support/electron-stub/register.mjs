// `node --import ./register.mjs …`: makes `import … from 'electron'` load the stub in plain Node.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
