import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-DUETLJ5X.js";
import "../../shared/dist/chunk-2ZGRQ3K5.js";
import "../../shared/dist/chunk-INNQIC7J.js";
import "../../shared/dist/chunk-FH3YYWLI.js";

// actions/rollback-readiness/main.ts
await runAction("rollback-readiness");
