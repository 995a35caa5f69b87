import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-ZZLBE4CX.js";
import "../../shared/dist/chunk-PGMKUJHJ.js";
import "../../shared/dist/chunk-CUGTDMMP.js";
import "../../shared/dist/chunk-O4DWJYTK.js";

// actions/clear-rejection/main.ts
await runAction("clear-rejection");
