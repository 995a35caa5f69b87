import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-YVA6NSHQ.js";
import "../../shared/dist/chunk-S5XQAQN3.js";
import "../../shared/dist/chunk-OEPBHAHK.js";
import "../../shared/dist/chunk-5OCL4S3F.js";

// actions/repair/main.ts
await runAction("repair");
