import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-I5D5A7XO.js";
import "../../shared/dist/chunk-7KLU5SOM.js";
import "../../shared/dist/chunk-FB5O64IM.js";
import "../../shared/dist/chunk-7OGWEJXA.js";

// actions/monitor/main.ts
await runAction("monitor");
