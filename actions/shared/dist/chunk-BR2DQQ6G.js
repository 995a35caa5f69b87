import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// actions/lib/errors.ts
var UserError = class extends Error {
  problems;
  /** What kind of problem: the id and SARIF rule of the `error` items it becomes. */
  kind = "input";
  constructor(problems) {
    const list = typeof problems === "string" ? [{ message: problems }] : Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => p.message).join("; "));
    this.name = "UserError";
    this.problems = list;
  }
};
var ApiError = class extends UserError {
  constructor(problem, status) {
    super(problem);
    this.status = status;
    this.name = "ApiError";
  }
  status;
  kind = "github-api";
};
function formatLocation(loc) {
  if (!loc) return "";
  let out = loc.file;
  if (loc.line !== void 0) out += `:${loc.line}`;
  if (loc.line !== void 0 && loc.column !== void 0) out += `:${loc.column}`;
  return out;
}
function formatProblem(p) {
  const where = formatLocation(p.location);
  return `${where ? `${where}: ` : ""}${p.message}${p.hint ? `
  fix: ${p.hint}` : ""}`;
}
function describeError(e) {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === "string") return e;
  try {
    return `non-Error thrown: ${JSON.stringify(e)}`;
  } catch {
    return `non-Error thrown: ${String(e)}`;
  }
}

export {
  __require,
  __commonJS,
  __export,
  __toESM,
  UserError,
  ApiError,
  formatLocation,
  formatProblem,
  describeError
};
