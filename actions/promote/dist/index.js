import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-CXVZYPKO.js";
import "../../shared/dist/chunk-2ZGRQ3K5.js";
import "../../shared/dist/chunk-F2O7HOZW.js";
import "../../shared/dist/chunk-FH3YYWLI.js";

// actions/promote/main.ts
await runAction("promote");
