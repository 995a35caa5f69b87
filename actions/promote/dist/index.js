import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-HGOM7WY3.js";
import "../../shared/dist/chunk-JTPHCOWG.js";
import "../../shared/dist/chunk-F4IGRWI2.js";
import "../../shared/dist/chunk-6K66MEWY.js";

// actions/promote/main.ts
await runAction("promote");
