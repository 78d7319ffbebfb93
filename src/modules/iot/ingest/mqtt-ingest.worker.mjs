// Worker entry in plain JS: registers tsx in this thread (Node 20 does not carry the parent's loader hooks into
// workers), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./mqtt-ingest.worker.ts');
