import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  require_tunnel,
  require_undici
} from "./chunk-TQTJV4KZ.js";
import {
  ANNOTATION_OPTIONS,
  apiUrl,
  auditPackCommand,
  checkAnnotation,
  checkCommand,
  checkRunNotes,
  clearRejectionCommand,
  commentCommand,
  createPorts,
  exitCodeOf,
  freezeCommand,
  gitHubPort,
  monitorCommand,
  parseOptions,
  pauseCommands,
  promoteCommand,
  publishCheckRuns,
  render,
  renderAnnotations,
  repairCommand,
  repositoryPath,
  rollbackCommand,
  runInfoFromEnv,
  unfreezeCommand,
  validatePolicyCommand,
  verifyReleaseCommand,
  wantsCheckRuns
} from "./chunk-EB73UQBJ.js";
import {
  UserError,
  __toESM,
  describeError,
  formatProblem
} from "./chunk-TDJJPPXT.js";

// actions/runtime/action.ts
import { mkdir as mkdir2, writeFile as writeFile2 } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";

// node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/@actions/core/lib/core.js
import * as os4 from "os";

// node_modules/@actions/http-client/lib/index.js
var tunnel = __toESM(require_tunnel(), 1);
var import_undici = __toESM(require_undici(), 1);
var HttpCodes;
(function(HttpCodes2) {
  HttpCodes2[HttpCodes2["OK"] = 200] = "OK";
  HttpCodes2[HttpCodes2["MultipleChoices"] = 300] = "MultipleChoices";
  HttpCodes2[HttpCodes2["MovedPermanently"] = 301] = "MovedPermanently";
  HttpCodes2[HttpCodes2["ResourceMoved"] = 302] = "ResourceMoved";
  HttpCodes2[HttpCodes2["SeeOther"] = 303] = "SeeOther";
  HttpCodes2[HttpCodes2["NotModified"] = 304] = "NotModified";
  HttpCodes2[HttpCodes2["UseProxy"] = 305] = "UseProxy";
  HttpCodes2[HttpCodes2["SwitchProxy"] = 306] = "SwitchProxy";
  HttpCodes2[HttpCodes2["TemporaryRedirect"] = 307] = "TemporaryRedirect";
  HttpCodes2[HttpCodes2["PermanentRedirect"] = 308] = "PermanentRedirect";
  HttpCodes2[HttpCodes2["BadRequest"] = 400] = "BadRequest";
  HttpCodes2[HttpCodes2["Unauthorized"] = 401] = "Unauthorized";
  HttpCodes2[HttpCodes2["PaymentRequired"] = 402] = "PaymentRequired";
  HttpCodes2[HttpCodes2["Forbidden"] = 403] = "Forbidden";
  HttpCodes2[HttpCodes2["NotFound"] = 404] = "NotFound";
  HttpCodes2[HttpCodes2["MethodNotAllowed"] = 405] = "MethodNotAllowed";
  HttpCodes2[HttpCodes2["NotAcceptable"] = 406] = "NotAcceptable";
  HttpCodes2[HttpCodes2["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
  HttpCodes2[HttpCodes2["RequestTimeout"] = 408] = "RequestTimeout";
  HttpCodes2[HttpCodes2["Conflict"] = 409] = "Conflict";
  HttpCodes2[HttpCodes2["Gone"] = 410] = "Gone";
  HttpCodes2[HttpCodes2["TooManyRequests"] = 429] = "TooManyRequests";
  HttpCodes2[HttpCodes2["InternalServerError"] = 500] = "InternalServerError";
  HttpCodes2[HttpCodes2["NotImplemented"] = 501] = "NotImplemented";
  HttpCodes2[HttpCodes2["BadGateway"] = 502] = "BadGateway";
  HttpCodes2[HttpCodes2["ServiceUnavailable"] = 503] = "ServiceUnavailable";
  HttpCodes2[HttpCodes2["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function(Headers2) {
  Headers2["Accept"] = "accept";
  Headers2["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function(MediaTypes2) {
  MediaTypes2["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
var HttpRedirectCodes = [
  HttpCodes.MovedPermanently,
  HttpCodes.ResourceMoved,
  HttpCodes.SeeOther,
  HttpCodes.TemporaryRedirect,
  HttpCodes.PermanentRedirect
];
var HttpResponseRetryCodes = [
  HttpCodes.BadGateway,
  HttpCodes.ServiceUnavailable,
  HttpCodes.GatewayTimeout
];

// node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text, addEOL = false) {
    this._buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell) => {
        if (typeof cell === "string") {
          return this.wrap("td", cell);
        }
        const { header, data, colspan, rowspan } = cell;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text, href) {
    const element = this.wrap("a", text, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;

// node_modules/@actions/core/lib/platform.js
import os3 from "os";

// node_modules/@actions/io/lib/io-util.js
import * as fs2 from "fs";
var { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs2.promises;
var IS_WINDOWS = process.platform === "win32";
var READONLY = fs2.constants.O_RDONLY;

// node_modules/@actions/exec/lib/toolrunner.js
var IS_WINDOWS2 = process.platform === "win32";

// node_modules/@actions/core/lib/platform.js
var platform = os3.platform();
var arch = os3.arch();

// node_modules/@actions/core/lib/core.js
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os4.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function debug(message) {
  issueCommand("debug", {}, message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function notice(message, properties = {}) {
  issueCommand("notice", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os4.EOL);
}

// actions/lib/commands/actions.ts
var action = (entry) => entry;
var RUNTIME_INPUTS = {
  "working-directory": { description: "Repository root, relative to the workspace.", default: "." },
  "report-dir": {
    description: "Directory for the JSON, SARIF and JUnit reports. Default: $RUNNER_TEMP/release-gates."
  },
  annotations: {
    description: ANNOTATION_OPTIONS.annotations.description,
    default: ANNOTATION_OPTIONS.annotations.default
  }
};
var ADMIN_TOKEN = {
  token: "Token for the GitHub API: only read when the roles allowed to act name teams (with membership-token)."
};
var PULL_REQUEST_POLICY_REF = "Read the policy as it is at this git ref. Default on pull requests: the base commit, so a pull request is judged by the policy it would change, never its own.";
var gateAction = (gate, entry) => action({
  command: checkCommand,
  fixed: { gate: [gate] },
  ...entry,
  inputs: { "policy-ref": PULL_REQUEST_POLICY_REF, ...entry.inputs }
});
var ACTION_COMMANDS = {
  check: action({
    command: checkCommand,
    description: "Run the release gates the policy enables (or the ones named) and report one verdict per gate.",
    inputs: { "policy-ref": PULL_REQUEST_POLICY_REF },
    github: {
      token: "Token for the GitHub API: reads pull requests and reviews (`pull-requests: read`) and sets the sign-off commit status (`statuses: write`) when the policy asks for it."
    },
    branding: { icon: "shield" }
  }),
  cards: gateAction("cards", {
    description: "Check the model and system cards: required front matter and sections, no placeholders, the shipped model version, and claimed metrics that agree with the evals.",
    branding: { icon: "book-open" }
  }),
  compliance: gateAction("compliance", {
    description: "Check the compliance evidence (DPIA, TRA, RACI, ...): approved by a holder of the required role, not expired, and covering the shipped model version.",
    github: {
      token: "Token for the GitHub API: on a pull request that changes an evidence document's approval, reads the pull request's reviews (`pull-requests: read`) to prove that the named approver approved it."
    },
    branding: { icon: "check-square" }
  }),
  evals: gateAction("evals", {
    description: "Judge eval results (JSON Lines, promptfoo, lm-eval, inspect, DeepEval, OpenAI evals) against the policy objectives, absolute and against the stable baseline.",
    outputs: {
      metrics: "The normalized metrics as JSON, per suite: cases, pass_rate, error_rate, latency percentiles, named metric means, tool metrics, and what the objectives ask for (docs/evals.md). Absent when the results could not be read.",
      trend: "JSON: each objective's value at the last releases (`gates.evals.trend_releases`) and on the change under test, as the trend charts of the summary show them (docs/evals.md#trend-charts). Absent with `trend_releases: 0`."
    },
    branding: { icon: "bar-chart-2" }
  }),
  comment: action({
    command: commentCommand,
    description: "Keep one comment on the pull request up to date with the verdicts of the gate jobs (their report files): what failed, by how much, what changed against the base, and a link to the job summaries. A comment that cannot be written is a warning, never a failed gate.",
    inputs: {
      reports: "Report JSON files of the gate jobs (globs allowed, relative to the working directory), e.g. the report-dir of each gate job uploaded as an artifact and downloaded here."
    },
    github: {
      token: "Token for the GitHub API: lists, writes and updates the comment (`pull-requests: write`, only in the job that comments).",
      membershipToken: "Not used by the comment; accepted like every action that calls the API."
    },
    branding: { icon: "message-square" }
  }),
  "validate-policy": action({
    command: validatePolicyCommand,
    description: "Check policy files against the schema and cross-references; every problem annotated at its file, line and column.",
    branding: { icon: "check-square" }
  }),
  signoff: gateAction("signoff", {
    description: "Require approvals per role on the pull request head (product owner AND governance lead), counted from the pull request reviews; optionally sets the release-gates/signoff commit status.",
    github: {
      token: "Token for the GitHub API: reads the pull request and its reviews (`pull-requests: read`), and sets the release-gates/signoff commit status when the policy asks (`statuses: write`)."
    },
    outputs: {
      "pull-request": "Number of the pull request judged.",
      head: "The head commit whose approvals were counted.",
      roles: "JSON list, per required role: role, min, approvedBy (login, commit, at), missing.",
      "missing-roles": "JSON list of the roles still missing a sign-off."
    },
    branding: { icon: "user-check" }
  }),
  "policy-change": gateAction("policy-change", {
    description: "List what a pull request changes in the release policy, classify each change as weakening or strengthening, show which verdicts would flip, and require the policy owner approval for a weakening.",
    github: {
      token: "Token for the GitHub API: reads the pull request and its reviews (`pull-requests: read`)."
    },
    outputs: {
      changes: "JSON list of the policy changes: path, direction (weakening, strengthening, neutral), reason, before, after.",
      flips: "JSON list of the gates whose verdict differs under the two policies: gate, base, head.",
      weakening: "true when the pull request weakens the policy, by a change or in effect.",
      "approval-needed": "true when the approver role must approve (a weakening, or a protected path changed)."
    },
    branding: { icon: "shield", color: "orange" }
  }),
  "rollback-readiness": gateAction("rollback-readiness", {
    description: "Check that production can be rolled back: the release branch is a recorded, verified release, the records agree, a rollback target exists, and promotions are not frozen.",
    outputs: {
      stable: "Commit the release branch points at on the remote, or null.",
      "current-release": "Tag of the release production runs (e.g. release/12), or null.",
      "rollback-target": "Tag of the release a rollback would return to, or null.",
      frozen: "true while promotions are frozen."
    },
    branding: { icon: "rotate-ccw" }
  }),
  pii: gateAction("pii", {
    description: "The pii gate: no personal data or secrets in golden outputs (validated detectors, masked previews only), except allowlisted or baselined values.",
    inputs: {
      policy: "Policy file, relative to the repository root; its gates.pii section says what to scan and how.",
      "policy-ref": "Read the policy as it is at this git ref. Default on pull requests: the base commit, so a pull request cannot loosen the allowlist it is judged by."
    },
    github: {
      token: "Token for the GitHub API, used only on a pull request that adds entries to the PII baseline: reads its reviews (`pull-requests: read`), as the policy owner must approve them.",
      membershipToken: "Token that can read organisation members, needed only when the approving role names teams (GITHUB_TOKEN cannot): a fine-grained token or GitHub App token with Members read access."
    },
    outputs: {
      findings: "Number of findings no allowlist or baseline accepts.",
      by_type: 'Those findings per type, as JSON, e.g. {"EMAIL":1,"PHONE":0,...}.',
      accepted: "Number of findings accepted by an allowlist or the baseline.",
      files: "Number of files scanned.",
      values: "Number of values scanned (string values in structured files, whole text files)."
    },
    branding: { icon: "eye-off" }
  }),
  promote: action({
    command: promoteCommand,
    github: {
      token: "Token for the GitHub API: records the production deployment when promotion.deployment.enabled (`deployments: write`). Pushing uses the credentials of actions/checkout (`contents: write`)."
    },
    outputs: {
      release: "Number of the release published (or that would be, in a dry run).",
      tag: "Its annotated tag, e.g. release/12.",
      commit: "The head of the release branch after the promotion.",
      tree: "Its tree: exactly the promoted commit's tree.",
      source: "The promoted commit of the source branch.",
      published: "true when the release branch moved in this run."
    },
    branding: { icon: "arrow-up-circle" }
  }),
  rollback: action({
    command: rollbackCommand,
    github: {
      token: "Token for the GitHub API: opens the incident issue (`issues: write`), the revert pull request when rollback.revert_pr (`pull-requests: write`), and records the deployment when promotion.deployment.enabled (`deployments: write`). Pushing uses the credentials of actions/checkout (`contents: write`)."
    },
    outputs: {
      release: "Number of the rollback release published (or that would be, in a dry run).",
      tag: "Its annotated tag, e.g. release/13.",
      commit: "The head of the release branch after the rollback.",
      "rolled-back-from": "Tag of the release rolled back.",
      "rolled-back-to": "Tag of the release whose content production runs again.",
      published: "true when the release branch moved in this run (false for a repeated rollback, which only finishes its follow-ups)."
    },
    branding: { icon: "rotate-ccw" }
  }),
  freeze: action({
    command: freezeCommand,
    github: ADMIN_TOKEN,
    branding: { icon: "pause-circle" }
  }),
  unfreeze: action({
    command: unfreezeCommand,
    github: ADMIN_TOKEN,
    branding: { icon: "play-circle" }
  }),
  "clear-rejection": action({
    command: clearRejectionCommand,
    github: ADMIN_TOKEN,
    branding: { icon: "check-circle" }
  }),
  "verify-release": action({
    command: verifyReleaseCommand,
    outputs: {
      deployable: "true when the head of the release branch is a recorded, verified release.",
      release: "Its number.",
      tag: "Its annotated tag, e.g. release/12.",
      commit: "The commit to deploy: the head of the release branch the checks judged.",
      tree: "Its tree, as the release record has it."
    },
    branding: { icon: "shield" }
  }),
  "audit-pack": action({
    command: auditPackCommand,
    description: "Write the audit pack of a release: its record, the gate verdicts re-run on its commit, the approvals, the cards and evidence of the commit, the controls register, the incidents and root-cause analyses since, with a sha256 manifest; or check a pack against its manifest.",
    github: {
      token: "Token for the GitHub API: reads the pull requests the release came by and their reviews (`pull-requests: read`), and the incident issues since the release (`issues: read`)."
    },
    outputs: {
      release: "Number of the release packed.",
      tag: "Its annotated tag, e.g. release/12.",
      commit: "The head of the release branch that the release recorded.",
      files: "Number of files in the pack.",
      manifest_sha256: "sha256 of MANIFEST.sha256: keep it apart from the pack, to show the manifest itself was not replaced."
    },
    branding: { icon: "archive" }
  }),
  repair: action({
    command: repairCommand,
    github: ADMIN_TOKEN,
    outputs: {
      release: "Number of the release the repair published (or would, in a dry run).",
      tag: "Its annotated tag, e.g. release/13.",
      commit: "The head of the release branch after the repair.",
      restored: "The tag of the release whose tree the repair restored.",
      published: "true when the release branch moved in this run."
    },
    branding: { icon: "git-commit" }
  }),
  monitor: action({
    command: monitorCommand,
    github: {
      token: "Token for the GitHub API: counts the incident issues of the month (`issues: read`), opens or comments on incident issues (`issues: write`) and dispatches the rollback workflow (`actions: write`, only when a breach rolls back).",
      membershipToken: "Not used by monitoring; accepted like every action that calls the GitHub API."
    },
    outputs: {
      window: "JSON: the files read, the first and last timestamp, interactions, lines and bad lines.",
      metrics: "JSON: the value of each SLO metric (latency_p95 in ms, rates as fractions, pii_leaks as a count).",
      flags: "JSON: how many interactions were flagged slow, error, empty, pii and harmful, and in all.",
      drift: "JSON: the PSI of each drift feature. Absent without monitoring.drift.",
      latency_histogram: "JSON: how many interactions of the window fall in each latency bucket (ms), as the summary's histogram shows them.",
      drift_buckets: "JSON: per drift feature, the share of the reference and of the window in each bucket, as the summary's bar charts show them. Absent without monitoring.drift.",
      quality: "JSON: the mean rating of the window and of the previous period. Absent without monitoring.quality.",
      incidents: "The number of incident issues opened this month. Absent without monitoring.incidents.",
      flagged: "JSON: the file the flagged interactions were written to, and how many. Absent without the flagged input.",
      breaches: "JSON list of the kinds of breach (slo/<id>, drift, quality, incidents) that escalate.",
      issues: "JSON list of the incident issues opened or commented on: kind, action, number, url.",
      rollback: "JSON: the rollback dispatch (workflow, ref, reason, dispatched), or null when no breach rolls back."
    },
    branding: { icon: "activity" }
  })
};

// actions/runtime/action.ts
var RUNTIME_INPUTS2 = Object.keys(RUNTIME_INPUTS);
var MAX_VERDICT_OUTPUT = 512 * 1024;
function verdictOutput(report) {
  const full = JSON.stringify(report);
  if (full.length <= MAX_VERDICT_OUTPUT) return full;
  return JSON.stringify({
    ...report,
    truncated: true,
    verdicts: report.verdicts.map((v) => ({ ...v, items: [] }))
  });
}
async function annotateOnCheckRuns(report, setup) {
  const published = /* @__PURE__ */ new Set();
  if (!wantsCheckRuns(setup.mode, report)) return { published, notes: [] };
  const { run } = setup;
  const headSha = run.pullRequest?.head.sha ?? run.mergeGroup?.head.sha ?? report.commit;
  if (!setup.github || !run.repository || !headSha) {
    const missing = !setup.github ? "no token" : !run.repository ? "no repository" : "no commit";
    return {
      published,
      notes: [
        {
          level: setup.mode === "checks" ? "warning" : "info",
          text: `no check run with every annotation (${missing}): give the token input with \`checks: write\` in a workflow run. The annotations of this step are capped at 10 per level; the job summary and the JSON report list every finding.`
        }
      ]
    };
  }
  const target = {
    repo: run.repository,
    headSha,
    rootInRepository: setup.rootInRepository,
    ...run.url ? { detailsUrl: run.url } : {}
  };
  const outcomes = await publishCheckRuns(report, setup.github, target);
  for (const o of outcomes) if (o.status === "published") published.add(o.gate);
  return { published, notes: checkRunNotes(outcomes) };
}
async function publish(report, reportDir, name, setup) {
  process.stdout.write(pauseCommands(render(report, "text")));
  const { published, notes } = await annotateOnCheckRuns(report, setup);
  const onCheckRun = (gate, a) => published.has(gate) && checkAnnotation(a, setup.rootInRepository) !== null;
  for (const a of renderAnnotations(report, onCheckRun)) {
    const props = { title: a.title };
    if (a.file) props.file = repositoryPath(a.file, setup.rootInRepository) ?? a.file;
    if (a.startLine !== void 0) props.startLine = a.startLine;
    if (a.endLine !== void 0) props.endLine = a.endLine;
    if (a.startColumn !== void 0) props.startColumn = a.startColumn;
    if (a.endColumn !== void 0) props.endColumn = a.endColumn;
    if (a.level === "error") error(a.message, props);
    else if (a.level === "warning") warning(a.message, props);
    else notice(a.message, props);
  }
  const info2 = notes.filter((n) => n.level === "info").map((n) => `Annotations: ${n.text}`);
  if (info2.length) process.stdout.write(pauseCommands(info2.join("\n")));
  for (const note of notes.filter((n) => n.level === "warning"))
    warning(note.text, { title: "release-gates: annotations" });
  if (process.env.GITHUB_STEP_SUMMARY) {
    summary.addRaw(render(report, "markdown"));
    if (notes.length)
      summary.addRaw(`
### Annotations

${notes.map((n) => `- ${n.text}`).join("\n")}
`);
    await summary.write();
  }
  await mkdir2(reportDir, { recursive: true });
  const base = join(reportDir, name);
  await writeFile2(`${base}.json`, render(report, "json"));
  await writeFile2(`${base}.sarif`, render(report, "sarif"));
  await writeFile2(`${base}.junit.xml`, render(report, "junit"));
  setOutput("result", report.result);
  setOutput("verdict", verdictOutput(report));
  setOutput("report", `${base}.json`);
  setOutput("sarif", `${base}.sarif`);
  setOutput("junit", `${base}.junit.xml`);
  const own = report.verdicts.find((v) => v.gate === report.command) ?? (report.verdicts.length === 1 ? report.verdicts[0] : void 0);
  for (const [key, value] of Object.entries(own?.data ?? {})) {
    setOutput(key, typeof value === "string" ? value : JSON.stringify(value));
  }
}
async function runAction(name) {
  const entry = ACTION_COMMANDS[name];
  if (!entry) throw new Error(`no action named ${name} in ACTION_COMMANDS`);
  const { command: spec, fixed = {}, github = false } = entry;
  try {
    const workspace = resolve(
      process.env.GITHUB_WORKSPACE || process.cwd(),
      getInput("working-directory") || "."
    );
    const reportDir = resolve(
      getInput("report-dir") || join(process.env.RUNNER_TEMP || workspace, "release-gates")
    );
    const membershipToken = github ? getInput("membership-token") : "";
    if (membershipToken) setSecret(membershipToken);
    const ports = createPorts(
      workspace,
      process.env,
      github ? {
        token: getInput("token"),
        membershipToken,
        baseUrl: apiUrl(process.env),
        names: { token: "the `token` input", membershipToken: "the `membership-token` input" },
        log: (message) => warning(message)
      } : void 0,
      void 0,
      void 0,
      (line) => info(line)
    );
    const run = await runInfoFromEnv(process.env, ports.git);
    const { annotations: mode } = parseOptions(
      ANNOTATION_OPTIONS,
      { annotations: getInput("annotations") },
      { label: (name2) => `input ${name2}` }
    );
    const checksToken = github ? "" : getInput("token");
    const checksGitHub = ports.github ?? (checksToken ? gitHubPort({
      token: checksToken,
      baseUrl: apiUrl(process.env),
      names: { token: "the `token` input", membershipToken: "the `token` input" },
      log: (message) => warning(message)
    }) : void 0);
    const rootInRepository = relative(resolve(process.env.GITHUB_WORKSPACE || process.cwd()), workspace).split(sep).join("/") || ".";
    const inputs = Object.fromEntries(
      Object.entries(spec.options).filter(([name2, option]) => !option.cliOnly && !(name2 in fixed)).map(([name2]) => [name2, getInput(name2)])
    );
    const options = {
      ...parseOptions(spec.options, inputs, { label: (name2) => `input ${name2}` }),
      ...fixed
    };
    const report = await spec.run(options, { ports, run });
    await publish(report, reportDir, name, {
      mode,
      github: checksGitHub,
      run,
      rootInRepository
    });
    const code = exitCodeOf(report.result);
    if (code !== 0) setFailed(`release-gates ${spec.name}: ${report.result}`);
    process.exitCode = code;
  } catch (e) {
    if (e instanceof UserError) {
      for (const p of e.problems) {
        const props = { title: "release-gates: bad input" };
        if (p.location?.file) props.file = p.location.file;
        if (p.location?.line !== void 0) props.startLine = p.location.line;
        if (p.location?.column !== void 0) props.startColumn = p.location.column;
        error(formatProblem(p), props);
      }
      setFailed(`release-gates ${spec.name}: ${e.message}`);
    } else {
      if (e instanceof Error && e.stack) debug(e.stack);
      setFailed(`release-gates ${spec.name} could not run: ${describeError(e)}`);
    }
    process.exitCode = 2;
  }
}

export {
  runAction
};
