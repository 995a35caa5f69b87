#!/usr/bin/env node
import { createRequire as __rgCreateRequire } from 'node:module';
import { fileURLToPath as __rgFileURLToPath } from 'node:url';
import { dirname as __rgDirname } from 'node:path';
const require = __rgCreateRequire(import.meta.url);
const __filename = __rgFileURLToPath(import.meta.url);
const __dirname = __rgDirname(__filename);
import {
  Baseline,
  DEFAULT_PII_CONFIG,
  DEFAULT_POLICY_PATH,
  FORMATS,
  InputRecorder,
  TOOL,
  apiUrl,
  checkCommand,
  checkWaivers,
  createPorts,
  decide,
  exitCodeOf,
  list,
  loadPolicy,
  makeReport,
  monitorCommand,
  piiOutcome,
  readBaseline,
  render,
  runInfoFromEnv,
  scanPaths,
  str,
  validatePolicyCommand
} from "../../shared/dist/chunk-3TDAB2Z3.js";
import {
  UserError,
  describeError,
  formatProblem
} from "../../shared/dist/chunk-BR2DQQ6G.js";

// actions/cli/cli.ts
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";

// actions/lib/commands/pii-scan.ts
var piiScanCommand = {
  name: "pii-scan",
  summary: "Scan files for personal data and secrets (masked previews only); the pii gate on any paths.",
  details: "Detectors, allowlists and the baseline come from gates.pii of the policy when it has one, otherwise the defaults apply. Formats follow the extension: .jsonl (streamed), .json, .yaml, .csv, anything else as text.",
  positional: {
    name: "paths",
    description: "Files or globs to scan (default: gates.pii.paths of the policy)."
  },
  options: [
    { name: "paths", type: "list", description: "Files or globs to scan." },
    {
      name: "fields",
      type: "list",
      description: "In structured files, scan only these fields (names, or JSON pointers like /messages/*/content)."
    },
    {
      name: "baseline",
      type: "string",
      description: "Accept the findings recorded in this baseline file (default: gates.pii.baseline)."
    },
    {
      name: "write-baseline",
      type: "string",
      description: "Record every current finding in this baseline file (salted hashes, never values), keeping its salt when it exists, and pass."
    },
    {
      name: "policy",
      type: "string",
      description: `Policy whose gates.pii settings apply (default: ${DEFAULT_POLICY_PATH} when it exists).`
    },
    {
      name: "policy-ref",
      type: "string",
      description: "Read the policy as it is at this git ref instead of the working tree."
    }
  ],
  async run(options, { ports, run }) {
    const policyPath = str(options, "policy");
    let loaded;
    if (policyPath || str(options, "policy-ref") || await ports.files.stat(DEFAULT_POLICY_PATH)) {
      loaded = await loadPolicy(options, ports);
    }
    const section = loaded?.policy.gates.pii;
    const paths = list(options, "paths");
    if (paths.length === 0 && !section) {
      throw new UserError({
        message: "no files to scan",
        hint: "name files or globs, e.g. release-gates pii-scan evals/golden/**/*.jsonl"
      });
    }
    const fields = list(options, "fields");
    const config = {
      ...DEFAULT_PII_CONFIG,
      ...section,
      paths: paths.length ? paths : section.paths,
      ...fields.length ? { fields } : {}
    };
    const inputs = new InputRecorder(ports.files, ports.git);
    const write = str(options, "write-baseline");
    const baselineFile = str(options, "baseline") ?? config.baseline;
    let baseline;
    if (write) {
      const existing = await ports.files.stat(write) ? await readBaseline(inputs, write) : Baseline.empty();
      const result2 = await scanPaths(config, { files: ports.files, inputs });
      baseline = existing.with(
        result2.findings.map((f) => ({ type: f.type, value: f.value, file: f.location.file }))
      );
      await ports.files.write(write, baseline.toJSON());
    } else if (baselineFile) {
      baseline = await readBaseline(inputs, baselineFile);
    }
    const result = await scanPaths(config, { files: ports.files, inputs }, baseline);
    const given = /* @__PURE__ */ new Set([
      ...paths.length ? ["paths"] : [],
      ...fields.length ? ["fields"] : []
    ]);
    const outcome = piiOutcome(
      config,
      result,
      (path) => given.has(String(path[2])) ? void 0 : loaded?.locate(path)
    );
    if (write)
      outcome.summary += `; wrote ${baseline.data.findings.length} accepted findings to ${write}`;
    const verdict = decide(outcome, {
      gate: "pii",
      title: "PII scan",
      mode: section?.mode ?? loaded?.policy.defaults.mode ?? "enforce",
      ...loaded ? { waivers: checkWaivers(loaded, ports.clock.now()) } : {},
      inputs: inputs.list()
    });
    return makeReport("pii-scan", [verdict], loaded?.ref ?? null, run.commit);
  }
};

// actions/lib/commands/index.ts
var COMMANDS = [
  checkCommand,
  validatePolicyCommand,
  piiScanCommand,
  monitorCommand
];
function findCommand(name) {
  return COMMANDS.find((c) => c.name === name);
}

// actions/cli/cli.ts
var OUTPUT_OPTIONS = {
  format: { type: "string", short: "f" },
  out: { type: "string", short: "o" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" }
};
var PATH_OPTIONS = /* @__PURE__ */ new Set([
  "policy",
  "files",
  "paths",
  "baseline",
  "write-baseline",
  "logs",
  "reference",
  "previous",
  "flagged"
]);
function repoRoot(cwd) {
  try {
    return execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"]
    }).trim();
  } catch {
    return cwd;
  }
}
function usage() {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `release-gates ${TOOL.version}: release gates for LLM applications, as code.`,
    "",
    "Usage: release-gates <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Run `release-gates <command> --help` for its options.",
    "Exit codes: 0 pass (warnings allowed), 1 a gate failed, 2 error (bad input, bad usage, API failure).",
    ""
  ].join("\n");
}
function commandHelp(spec) {
  const lines = [
    `Usage: release-gates ${spec.name} [options]${spec.positional ? ` [${spec.positional.name}...]` : ""}`,
    "",
    spec.summary,
    ""
  ];
  if (spec.details) lines.push(spec.details, "");
  if (spec.positional)
    lines.push("Arguments:", `  ${spec.positional.name}...  ${spec.positional.description}`, "");
  lines.push("Options:");
  const opts = spec.options.filter((o) => o.name !== spec.positional?.name);
  for (const o of opts) {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${o.name}${o.type === "boolean" ? "" : " <value>"}`;
    const extra = [
      o.choices ? `one of ${o.choices.join(", ")}` : "",
      o.default !== void 0 ? `default ${String(o.default)}` : "",
      o.type === "list" ? "repeatable" : ""
    ].filter(Boolean).join("; ");
    lines.push(`  ${flag.padEnd(34)}${o.description}${extra ? ` (${extra})` : ""}`);
  }
  lines.push(
    `  ${"-f, --format <value>".padEnd(34)}Output format: ${FORMATS.join(", ")} (default text)`,
    `  ${"-o, --out <file>".padEnd(34)}Write the output to a file instead of standard output`,
    `  ${"-v, --verbose".padEnd(34)}Text output lists passing items too`,
    `  ${"-h, --help".padEnd(34)}Show this help`,
    ""
  );
  return lines.join("\n");
}
function parseCommandArgs(spec, args, cwd, root) {
  const options = { ...OUTPUT_OPTIONS };
  for (const o of spec.options) {
    options[o.name] = {
      type: o.type === "boolean" ? "boolean" : "string",
      ...o.type === "list" ? { multiple: true } : {},
      ...o.short ? { short: o.short } : {}
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError({
      message: describeError(e),
      hint: `run release-gates ${spec.name} --help`
    });
  }
  const values = parsed.values;
  if (parsed.positionals.length > 0 && !spec.positional) {
    throw new UserError({
      message: `unexpected argument "${parsed.positionals[0]}"`,
      hint: `run release-gates ${spec.name} --help`
    });
  }
  const toRoot = (p) => relative(root, resolve(cwd, p)).split(sep).join("/");
  const out = {};
  for (const o of spec.options) {
    let v = values[o.name];
    if (o.name === spec.positional?.name)
      v = [...v ?? [], ...parsed.positionals];
    if (v === void 0) v = o.default;
    if (typeof v === "string" && o.choices && !o.choices.includes(v)) {
      throw new UserError({
        message: `--${o.name} must be one of ${o.choices.join(", ")}, not "${v}"`
      });
    }
    if (PATH_OPTIONS.has(o.name) && v !== void 0 && v !== o.default) {
      v = Array.isArray(v) ? v.map(toRoot) : typeof v === "string" ? toRoot(v) : v;
    }
    if (v === void 0 && o.required) {
      throw new UserError({ message: `--${o.name} is required`, hint: o.description });
    }
    if (v !== void 0) out[o.name] = v;
  }
  const format = values.format ?? "text";
  if (!FORMATS.includes(format)) {
    throw new UserError({
      message: `--format must be one of ${FORMATS.join(", ")}, not "${format}"`
    });
  }
  return {
    options: out,
    format,
    out: values.out,
    verbose: values.verbose === true,
    help: values.help === true
  };
}
async function runCli(argv, io) {
  const [name, ...args] = argv;
  if (!name) {
    io.stderr(usage());
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout(`${TOOL.version}
`);
    return 0;
  }
  const spec = findCommand(name);
  if (!spec) {
    io.stderr(`release-gates: unknown command "${name}"

${usage()}`);
    return 2;
  }
  try {
    const root = repoRoot(io.cwd);
    const parsed = parseCommandArgs(spec, args, io.cwd, root);
    if (parsed.help) {
      io.stdout(commandHelp(spec));
      return 0;
    }
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
    const ports = createPorts(
      root,
      io.env,
      token ? {
        token,
        membershipToken: io.env.RELEASE_GATES_MEMBERSHIP_TOKEN,
        baseUrl: apiUrl(io.env),
        names: {
          token: "GITHUB_TOKEN (or GH_TOKEN)",
          membershipToken: "RELEASE_GATES_MEMBERSHIP_TOKEN"
        },
        log: (message) => io.stderr(`release-gates: ${message}
`)
      } : void 0
    );
    const run = await runInfoFromEnv(io.env, ports.git);
    const report = await spec.run(parsed.options, { ports, run });
    const text = render(report, parsed.format, { verbose: parsed.verbose });
    if (parsed.out) {
      const file = resolve(io.cwd, parsed.out);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      io.stderr(
        `release-gates ${spec.name}: ${report.result}; wrote ${parsed.format} to ${parsed.out}
`
      );
    } else {
      io.stdout(text);
    }
    return exitCodeOf(report.result);
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(
        e.problems.map((p) => `release-gates ${spec.name}: ${formatProblem(p)}`).join("\n") + "\n"
      );
    } else {
      io.stderr(`release-gates ${spec.name}: could not run: ${describeError(e)}
`);
      if (io.env.RELEASE_GATES_DEBUG && e instanceof Error) io.stderr(`${e.stack}
`);
    }
    return 2;
  }
}

// actions/cli/main.ts
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text)
});
