import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-HUPAUKGQ.js";
import "../../shared/dist/chunk-IHVPOBDX.js";
import "../../shared/dist/chunk-RRQMMXUS.js";
import "../../shared/dist/chunk-UJ67SYZB.js";

// actions/verify-release/main.ts
await runAction("verify-release");
