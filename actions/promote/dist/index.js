import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-NFOCKZN6.js";
import "../../shared/dist/chunk-3OE7R62T.js";
import "../../shared/dist/chunk-CLSY5ULC.js";
import "../../shared/dist/chunk-IVEIZSSH.js";

// actions/promote/main.ts
await runAction("promote");
