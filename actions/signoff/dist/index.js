import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-LYJP4OA6.js";
import "../../shared/dist/chunk-MMSXMPFL.js";
import "../../shared/dist/chunk-CQUPPUHD.js";
import "../../shared/dist/chunk-3NRDJGF6.js";

// actions/signoff/main.ts
await runAction("signoff");
