import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-4NRQT2H2.js";
import "../../shared/dist/chunk-3V2CVLQL.js";
import "../../shared/dist/chunk-SIS3EWAB.js";
import "../../shared/dist/chunk-76GQZLZJ.js";

// actions/audit-pack/main.ts
await runAction("audit-pack");
