import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-4TJUEY5N.js";
import "../../shared/dist/chunk-FMDH7LZX.js";

// actions/evals/main.ts
await runAction("evals");
