import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-7VV4JKWM.js";
import "../../shared/dist/chunk-RVX46LLO.js";
import "../../shared/dist/chunk-F5NUB764.js";
import "../../shared/dist/chunk-4R4LN26P.js";

// actions/verify-release/main.ts
await runAction("verify-release");
