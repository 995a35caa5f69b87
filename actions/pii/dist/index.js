import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-HTGRQB6S.js";
import "../../shared/dist/chunk-TQTJV4KZ.js";
import "../../shared/dist/chunk-EB73UQBJ.js";
import "../../shared/dist/chunk-TDJJPPXT.js";

// actions/pii/main.ts
await runAction("pii");
