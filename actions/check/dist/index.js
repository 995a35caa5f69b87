import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-VPGUH5K7.js";
import "../../shared/dist/chunk-MF7D5POO.js";
import "../../shared/dist/chunk-CXVZWF2Z.js";
import "../../shared/dist/chunk-H62MXZRI.js";

// actions/check/main.ts
await runAction("check");
