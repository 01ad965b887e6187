/** `npm start`: the embedded default — migrate, seed the demo tenant on first run, serve. */
import { serve } from './cli/serve-run.js';

await serve();
