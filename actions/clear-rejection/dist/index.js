import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  runAction
} from "../../shared/dist/chunk-BVM4NXFG.js";
import "../../shared/dist/chunk-WGM7CUVL.js";
import "../../shared/dist/chunk-QFR6K4WY.js";
import "../../shared/dist/chunk-BR2DQQ6G.js";

// actions/clear-rejection/main.ts
await runAction("clear-rejection");
