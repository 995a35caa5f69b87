import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-FOXBSE2H.js";
import "../../shared/dist/chunk-D6EKYFWC.js";
import "../../shared/dist/chunk-W4RMXY2U.js";
import "../../shared/dist/chunk-X5W7ZAGZ.js";

// actions/freeze/main.ts
await runAction("freeze");
