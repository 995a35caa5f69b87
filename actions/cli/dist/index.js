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
  DEFAULT_REGISTER_PATH,
  FORMATS,
  GATE_NAMES,
  InputRecorder,
  POLICY_OPTIONS,
  REPO_OPTION,
  TOOL,
  apiUrl,
  auditPackCommand,
  checkCommand,
  checkWaivers,
  choice,
  clearRejectionCommand,
  closePorts,
  commentCommand,
  createPorts,
  currentFiles,
  decide,
  defaultFeedback,
  defineCommand,
  errorItems,
  errorVerdict,
  exitCodeOf,
  expectedGuards,
  firstSyntaxError,
  flag,
  freezeCommand,
  list,
  loadPolicy,
  locatePointers,
  makeReport,
  makeStamp,
  maskText,
  monitorCommand,
  parseOptions,
  parsePolicy,
  parseTimestamp,
  path,
  pauseCommands,
  piiOutcome,
  platformGuardItems,
  policyPiiCheck,
  policy_schema_default,
  promoteCommand,
  readBaseline,
  releasesCommand,
  render,
  repairCommand,
  rollbackCommand,
  runInfoFromEnv,
  scanPaths,
  shortSha,
  showValue,
  stampPath,
  text,
  unfreezeCommand,
  validatePolicyCommand,
  verifyReleaseCommand,
  withPullRequest,
  withRepository
} from "../../shared/dist/chunk-EB73UQBJ.js";
import {
  UserError,
  describeError,
  formatProblem,
  nearest
} from "../../shared/dist/chunk-TDJJPPXT.js";

// actions/cli/main.ts
import { fstatSync, readFileSync } from "node:fs";

// actions/cli/cli.ts
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";

// actions/lib/feedback/record.ts
import { randomBytes } from "node:crypto";
var FEEDBACK_TYPES = ["bug", "quality", "safety", "privacy", "feature", "other"];
var SOURCES = ["cli", "import", "issue"];
var FIELDS = [
  "id",
  "created_at",
  "user_id",
  "type",
  "rating",
  "description",
  "conversation",
  "source",
  "pii"
];
var MAX_DESCRIPTION = 5e3;
var PII_WORDS = {
  EMAIL: "an email address",
  PHONE: "a phone number",
  CREDIT_CARD: "a card number",
  US_SSN: "a social security number",
  IBAN: "a bank account number (IBAN)",
  IP_ADDRESS: "an IP address",
  SECRET: "a secret"
};
function kind(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}
var ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
var USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
var CONVERSATION = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,199}$/;
function normalUserId(v) {
  return typeof v === "string" ? v.trim() : v;
}
function checkUserId(raw, pii) {
  const field = "user_id";
  const v = normalUserId(raw);
  if (v === void 0 || v === null || v === "") return null;
  if (typeof v !== "string") return { field, message: `must be a string, not ${kind(v)}` };
  const found = pii(v);
  if (found.length)
    return {
      field,
      message: `looks like ${PII_WORDS[found[0].type]} (${found[0].preview}): a user id must be pseudonymous, personal data is refused`
    };
  if (!/[A-Za-z]/.test(v))
    return {
      field,
      message: "has no letter: numbers alone (phone, account or card numbers) are refused as user ids"
    };
  if (!USER_ID.test(v))
    return {
      field,
      message: "must be a pseudonymous id of letters, digits and . _ : - (at most 128 characters), e.g. u-7f3a91"
    };
  return v;
}
function newId(now) {
  return `fb-${now.toISOString().slice(0, 10).replace(/-/g, "")}-${randomBytes(6).toString("hex")}`;
}
function checkFeedback(input, ctx) {
  const problems = [];
  const fail = (field, message) => problems.push({ field, message });
  for (const key of Object.keys(input))
    if (!FIELDS.includes(key))
      fail(key, `is not a feedback field (known: ${FIELDS.join(", ")})`);
  const type = input.type;
  if (type === void 0 || type === null || type === "") fail("type", "is missing");
  else if (typeof type !== "string" || !FEEDBACK_TYPES.includes(type.toLowerCase()))
    fail(
      "type",
      `must be one of ${FEEDBACK_TYPES.join(", ")}${typeof type === "string" ? "" : `, not ${kind(type)}`}`
    );
  const rating = input.rating;
  if (rating !== void 0 && rating !== null && (typeof rating !== "number" || !Number.isInteger(rating) || rating < 1 || rating > 5))
    fail(
      "rating",
      `must be a whole number from 1 to 5${typeof rating === "number" ? "" : `, not ${kind(rating)}`}`
    );
  const description = input.description;
  let text2 = "";
  let masked2 = [];
  if (typeof description !== "string" || description.trim() === "")
    fail(
      "description",
      description === void 0 ? "is missing" : typeof description === "string" ? "is empty" : `must be text, not ${kind(description)}`
    );
  else if (description.length > MAX_DESCRIPTION)
    fail(
      "description",
      `is ${description.length} characters, more than the ${MAX_DESCRIPTION} allowed`
    );
  else {
    const trimmed = description.trim();
    const found = ctx.pii(trimmed);
    text2 = maskText(trimmed, found);
    masked2 = [...new Set(found.map((f) => f.type))];
  }
  const user = checkUserId(input.user_id, ctx.pii);
  if (user !== null && typeof user === "object") problems.push(user);
  const conversation = input.conversation;
  if (conversation !== void 0 && conversation !== null && conversation !== "") {
    if (typeof conversation !== "string" || !CONVERSATION.test(conversation))
      fail(
        "conversation",
        "must be a request or conversation id of letters, digits and . _ : / # - (at most 200 characters)"
      );
    else if (ctx.pii(conversation).length)
      fail("conversation", "holds personal data: give the request or conversation id only");
  }
  let created = ctx.now.getTime();
  const at = input.created_at;
  if (at !== void 0 && at !== null) {
    const time = typeof at === "string" ? parseTimestamp(at) : null;
    if (time === null)
      fail(
        "created_at",
        "must be an RFC 3339 date-time with a time zone, e.g. 2026-11-20T09:00:00Z"
      );
    else if (time > ctx.now.getTime() + 5 * 6e4) fail("created_at", "is in the future");
    else created = time;
  }
  const id = input.id;
  if (id !== void 0 && id !== null && (typeof id !== "string" || !ID.test(id)))
    fail("id", "must be letters, digits and . _ : - (at most 64 characters)");
  const source = input.source;
  if (source !== void 0 && source !== null && !SOURCES.includes(source))
    fail("source", `must be one of ${SOURCES.join(", ")}`);
  const piiList = input.pii;
  if (piiList !== void 0 && (!Array.isArray(piiList) || !piiList.every((t) => typeof t === "string" && t in PII_WORDS)))
    fail("pii", `must be a list of ${Object.keys(PII_WORDS).join(", ")}`);
  if (problems.length) return problems;
  const kept = [.../* @__PURE__ */ new Set([...piiList ?? [], ...masked2])];
  return {
    record: {
      id: typeof id === "string" ? id : newId(ctx.now),
      created_at: new Date(created).toISOString(),
      user_id: user,
      type: type.toLowerCase(),
      rating: typeof rating === "number" ? rating : null,
      description: text2,
      conversation: typeof conversation === "string" && conversation !== "" ? conversation : null,
      source: source ?? ctx.source,
      ...kept.length ? { pii: kept } : {}
    },
    masked: masked2
  };
}
function fieldProblem(field, value, ctx) {
  const base = { type: "other", description: "x", [field]: value };
  const result = checkFeedback(base, ctx);
  return Array.isArray(result) ? result.find((p) => p.field === field)?.message : void 0;
}

// actions/lib/feedback/items.ts
function maskedNote(types) {
  return types.length ? `; the description held ${types.map((t) => PII_WORDS[t]).join(" and ")}, stored masked` : "";
}
function kindOf(r) {
  return `${r.type}${r.rating !== null ? `, rating ${r.rating}` : ""}`;
}
function describeRecord(r) {
  return `${kindOf(r)}${r.user_id ? `, user ${r.user_id}` : ", anonymous"}`;
}
function fieldItems(problems, record, status = "error") {
  return problems.map((p) => {
    const at = record.locate?.(p.field);
    return {
      id: `${record.key}/${p.field}`,
      status,
      message: `${record.name}: ${p.field} ${p.message}`,
      rule: "field",
      ...at ? { location: at } : {}
    };
  });
}

// actions/lib/feedback/prompt.ts
async function ask(prompt, question, check) {
  for (; ; ) {
    const answer = await prompt.ask(question);
    if (answer === null) {
      prompt.say("");
      throw new UserError({
        message: "the input ended before the feedback was complete: nothing was stored",
        hint: "run it again, or give every field as a flag (release-gates feedback add --help)"
      });
    }
    const result = check(answer.trim());
    if ("value" in result) return result.value;
    prompt.say(`  ${result.problem}`);
  }
}
async function interview(prompt, given, ctx, store) {
  const field = (name, empty) => (answer) => {
    const value = answer === "" ? empty : answer;
    const problem = value === void 0 ? "is required" : fieldProblem(name, value, ctx);
    return problem ? { problem: `${name.replace("_", " ")} ${problem}` } : { value };
  };
  prompt.say(
    `New feedback, stored in ${store}. Personal data in the description is masked before it is stored. Press Ctrl-D to stop without storing.`
  );
  const out = { ...given };
  if (!("user_id" in out))
    out.user_id = await ask(
      prompt,
      "Pseudonymous user id (empty for anonymous): ",
      field("user_id", null)
    );
  if (!("type" in out)) {
    const choices = FEEDBACK_TYPES.map((t, i) => `${i + 1} ${t}`).join(", ");
    out.type = await ask(prompt, `Type (${choices}): `, (answer) => {
      const byNumber = FEEDBACK_TYPES[Number(answer) - 1];
      const value = /^[1-6]$/.test(answer) ? byNumber : answer.toLowerCase();
      return FEEDBACK_TYPES.includes(value ?? "") ? { value } : { problem: `type must be one of ${FEEDBACK_TYPES.join(", ")} (or its number)` };
    });
  }
  if (!("rating" in out))
    out.rating = await ask(
      prompt,
      "Rating, 1 (very poor) to 5 (very good) (empty for none): ",
      (answer) => answer === "" ? { value: null } : /^[1-5]$/.test(answer) ? { value: Number(answer) } : { problem: "rating must be a whole number from 1 to 5, or empty" }
    );
  if (!("description" in out))
    out.description = await ask(
      prompt,
      `What happened (one line, at most ${MAX_DESCRIPTION} characters): `,
      field("description", void 0)
    );
  if (!("conversation" in out))
    out.conversation = await ask(
      prompt,
      "Conversation reference, e.g. a request id (empty for none): ",
      field("conversation", null)
    );
  return out;
}

// actions/lib/feedback/store.ts
function storedProblem(v) {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "is not a JSON object";
  const r = v;
  if (typeof r.id !== "string" || r.id === "") return "has no id";
  if (typeof r.created_at !== "string" || parseTimestamp(r.created_at) === null)
    return "has no valid created_at";
  if (!FEEDBACK_TYPES.includes(r.type)) return "has an unknown type";
  if (r.user_id !== null && typeof r.user_id !== "string") return "has a user_id that is not text";
  if (r.rating !== null && !(Number.isInteger(r.rating) && Number(r.rating) >= 1 && Number(r.rating) <= 5))
    return "has a rating that is not 1 to 5";
  if (typeof r.description !== "string") return "has no description";
  if (r.conversation !== null && typeof r.conversation !== "string")
    return "has a conversation that is not text";
  if (!SOURCES.includes(r.source)) return "has an unknown source";
  return void 0;
}
async function readStore(path2, files, inputs) {
  const store = {
    path: path2,
    exists: false,
    entries: [],
    problems: [],
    terminated: true,
    size: 0
  };
  if (!await files.stat(path2)) return store;
  const bytes = await inputs.read(path2);
  store.size = bytes.length;
  const text2 = Buffer.from(bytes).toString("utf8");
  store.exists = true;
  store.terminated = text2 === "" || text2.endsWith("\n");
  text2.split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let value;
    try {
      value = JSON.parse(raw);
    } catch {
      value = void 0;
    }
    const problem = value === void 0 ? "is not valid JSON" : storedProblem(value);
    if (problem)
      store.problems.push({
        message: `line ${line} of the feedback store ${problem}`,
        hint: "fix or remove the line by hand; every line must be a record written by release-gates feedback",
        location: { file: path2, line }
      });
    else store.entries.push({ line, raw, record: value });
  });
  return store;
}
function storeItems(store, status) {
  return store.problems.map((p, i) => ({
    id: `store/${i + 1}`,
    status,
    message: p.message,
    ...p.hint ? { hint: p.hint } : {},
    ...p.location ? { location: p.location } : {},
    rule: "store"
  }));
}
async function appendRecords(files, store, records) {
  if (records.length === 0) return;
  await files.append(store.path, recordLines(store, records));
}
function recordLines(store, records) {
  if (records.length === 0) return "";
  const text2 = records.map((r) => JSON.stringify(r)).join("\n") + "\n";
  return store.terminated ? text2 : `
${text2}`;
}
function keptText(store, keep) {
  refuseUnreadable(store);
  return store.entries.filter((e) => keep(e.record)).map((e) => `${e.raw}
`).join("");
}
async function rewriteStore(files, store, keep) {
  const text2 = keptText(store, keep);
  const kept = store.entries.filter((e) => keep(e.record)).length;
  const removed = store.entries.length - kept;
  if (removed === 0) return { removed, kept };
  if ((await files.stat(store.path))?.size !== store.size)
    throw new UserError({
      message: `${store.path} changed while this run read it (another run wrote to it): it is not rewritten`,
      hint: "run the command again: it reads the store afresh",
      location: { file: store.path }
    });
  await files.write(store.path, text2);
  return { removed, kept };
}
function refuseUnreadable(store) {
  if (store.problems.length)
    throw new UserError(
      store.problems.map((p) => ({
        ...p,
        message: `${p.message}: the store is not rewritten, so that nothing is erased in part`
      }))
    );
}

// actions/lib/feedback/add.ts
async function addFeedback(ports, ctx, given) {
  const check = { now: ctx.now, source: "cli", pii: ctx.pii };
  let input = given;
  const missing = ["type", "description"].filter((f) => !(f in input));
  if (missing.length) {
    if (!ports.prompt)
      throw new UserError({
        message: `${missing.map((f) => `--${f}`).join(" and ")} ${missing.length > 1 ? "are" : "is"} required when not run in a terminal`,
        hint: 'e.g. release-gates feedback add --type quality --rating 2 --description "..."'
      });
    input = await interview(ports.prompt, input, check, ctx.store);
  }
  const checked = checkFeedback(input, check);
  if (Array.isArray(checked))
    return {
      items: fieldItems(checked, { key: "feedback", name: "the feedback" }),
      summary: "nothing stored: the feedback is not valid"
    };
  const store = await readStore(ctx.store, ports.files, ctx.inputs);
  if (store.entries.some((e) => e.record.id === checked.record.id))
    throw new UserError({
      message: `a record with id ${checked.record.id} is already in ${ctx.store}`,
      hint: "run it again: ids are random"
    });
  await appendRecords(ports.files, store, [checked.record]);
  const r = checked.record;
  ports.prompt?.say(`Stored ${r.id}${maskedNote(checked.masked)}.`);
  return {
    items: [
      {
        id: "stored",
        status: "pass",
        message: `stored ${r.id} (${describeRecord(r)}) in ${ctx.store}${maskedNote(checked.masked)}`,
        location: { file: ctx.store }
      },
      ...storeItems(store, "warn")
    ],
    summary: `stored ${r.id} (${describeRecord(r)})${maskedNote(checked.masked)}`,
    data: { record: r }
  };
}

// actions/lib/commands/feedback/context.ts
var DEFAULTS = defaultFeedback();
var STORE_OPTIONS = {
  store: path(`The feedback store (default: feedback.path of the policy, else ${DEFAULTS.path}).`),
  policy: path(
    `Policy whose feedback and gates.pii settings apply (default: ${DEFAULT_POLICY_PATH} when it exists).`
  ),
  "policy-ref": text("Read the policy as it is at this git ref instead of the working tree.")
};
async function context(options, ports) {
  let loaded;
  if (options.policy || options["policy-ref"] || await ports.files.stat(DEFAULT_POLICY_PATH))
    loaded = await loadPolicy(options, ports);
  const config = loaded?.policy.feedback ?? DEFAULTS;
  return {
    loaded,
    config,
    store: options.store ?? config.path,
    pii: policyPiiCheck(loaded?.policy.gates.pii),
    inputs: new InputRecorder(ports.files, ports.git),
    now: ports.clock.now()
  };
}
function report(command, ctx, run, outcome) {
  const verdict = decide(outcome, {
    gate: "feedback",
    title: `Feedback ${command}`,
    mode: "enforce",
    inputs: ctx.inputs.list()
  });
  return makeReport(`feedback ${command}`, [verdict], ctx.loaded?.ref ?? null, run.commit);
}

// actions/lib/commands/feedback/add.ts
var ADD_OPTIONS = {
  "user-id": text("Pseudonymous id of the user (e.g. u-7f3a91); absent: anonymous."),
  type: choice(FEEDBACK_TYPES, "Kind of feedback."),
  rating: text("Rating of the answer, 1 (very poor) to 5 (very good)."),
  description: text(`What happened, at most ${MAX_DESCRIPTION} characters.`),
  conversation: text("Request or conversation id the feedback is about."),
  ...STORE_OPTIONS
};
function flagsOf(options) {
  const out = {};
  for (const [flag2, field] of [
    ["user-id", "user_id"],
    ["type", "type"],
    ["description", "description"],
    ["conversation", "conversation"]
  ]) {
    const v = options[flag2];
    if (v !== void 0) out[field] = v;
  }
  const rating = options.rating;
  if (rating !== void 0) out.rating = /^-?\d+(\.\d+)?$/.test(rating) ? Number(rating) : rating;
  return out;
}
var feedbackAddCommand = defineCommand({
  name: "feedback add",
  summary: "Add one piece of feedback: asks for each field in a terminal, or takes them all as flags.",
  details: "Without --type and --description, and in an interactive terminal, asks for every field not given. The user id must be pseudonymous (an email, a phone number or other personal data is refused); personal data in the description is masked before it is stored. The record is appended to the store, which is never rewritten.",
  options: ADD_OPTIONS,
  examples: [
    { what: "Asks for each field in a terminal", run: "release-gates feedback add" },
    {
      what: "All fields as flags, e.g. from a support tool",
      run: "release-gates feedback add --type quality --rating 2 --description 'Gave the old refund window' --conversation req-81f2"
    }
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    return report("add", ctx, run, await addFeedback(ports, ctx, flagsOf(options)));
  }
});

// actions/lib/feedback/intake.ts
var INTAKE_BRANCH = "release-gates/feedback-intake";
var REMOTE = "origin";
var BOT = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com"
};
async function openIntake(git, api, into) {
  const target = `refs/heads/${into}`;
  const intake = `refs/heads/${INTAKE_BRANCH}`;
  const { refs } = await git.fetchRefs(REMOTE, [target, intake]);
  const commitOf = (name) => refs.find((r) => r.name === name)?.commit ?? null;
  const base = commitOf(target);
  if (!base)
    throw new UserError({
      message: `there is no branch ${into} on the remote ${REMOTE} of this clone, for the intake pull request`,
      hint: "run it in a clone of the repository, and name the branch the feedback store is on (--into main)"
    });
  const branch = commitOf(intake);
  const pull = (await api.github.pullRequestsFrom(api.repo, INTAKE_BRANCH)).find(
    (p) => p.state === "open" && p.base.ref === into
  );
  const parent = pull && branch ? branch : base;
  return { into, parent, branch, pull, files: git.filesAt(parent) };
}
async function deliverStore(git, api, intake, change) {
  const blob = await git.writeBlob(change.text);
  const tree = await git.treeWith(intake.parent, [{ path: change.path, blob }]);
  const commit = await git.createCommit({
    tree,
    parents: [intake.parent],
    message: change.message,
    identity: { ...BOT, date: change.now }
  });
  const pushed = await git.push(REMOTE, [
    { ref: `refs/heads/${INTAKE_BRANCH}`, to: commit, expect: intake.branch }
  ]);
  if (pushed.status !== "pushed")
    throw new UserError({
      message: `pushing ${INTAKE_BRANCH} to ${REMOTE} was ${pushed.status === "stale" ? "overtaken: another run moved it first" : `refused (${pushed.detail})`}: no issue was closed, nothing is lost`,
      hint: pushed.status === "stale" ? "run the import again" : `the job needs contents: write, and no ruleset may block pushes to ${INTAKE_BRANCH} (docs/feedback.md)`
    });
  if (intake.pull) return { pull: intake.pull, opened: false };
  const pull = await api.github.createPullRequest(api.repo, {
    title: "Feedback from the issue form",
    head: INTAKE_BRANCH,
    base: intake.into,
    body: `Records imported into \`${change.path}\` by \`release-gates feedback import --from-issues --into ${intake.into}\`. Each run adds its records to this pull request until it is merged; the issues are closed once their records are here.

Closing it without merging drops its records from the store: \`release-gates feedback import --from-issues --include-closed\` brings them back.
`
  });
  return { pull, opened: true };
}

// actions/lib/feedback/issue-form.ts
var FORM_LABELS = {
  Type: "type",
  Rating: "rating",
  "What happened": "description",
  "Conversation reference": "conversation",
  "Pseudonymous user id": "user_id"
};
var NO_RESPONSE = "_No response_";
function issueRecordId(number) {
  return `issue-${number}`;
}
function fromIssueForm(issue) {
  const sections = issue.body.replace(/\r\n/g, "\n").split(/^### /m).slice(1);
  const fields = {};
  for (const section of sections) {
    const newline = section.indexOf("\n");
    const label = (newline === -1 ? section : section.slice(0, newline)).trim();
    const field = FORM_LABELS[label];
    if (!field) continue;
    const value = newline === -1 ? "" : section.slice(newline + 1).trim();
    if (value === "" || value === NO_RESPONSE) continue;
    if (field === "rating") {
      const digit = /^([1-5])\b/.exec(value)?.[1];
      fields.rating = digit ? Number(digit) : /^no rating$/i.test(value) ? null : value;
    } else fields[field] = value;
  }
  if (!("type" in fields) && !("description" in fields)) return null;
  return {
    ...fields,
    id: issueRecordId(issue.number),
    created_at: issue.createdAt,
    source: "issue"
  };
}
var ERASED_MARK = "<!-- release-gates: feedback erased -->";
function isErased(issue) {
  return issue.body.includes(ERASED_MARK);
}
function erasedIssue(day2) {
  return {
    title: "[Feedback] erased",
    comment: `Erased on ${day2} at the request of the person the feedback is about.`,
    body: `${ERASED_MARK}
This feedback was erased on ${day2} at the request of the person it is about (\`release-gates feedback erase\`). It is not imported again.
`
  };
}

// actions/lib/feedback/erase.ts
function printable(id, pii) {
  return maskText(id, pii(id));
}
async function issuesOf(api, label, user, erasedIds) {
  const issues = await api.github.issues(api.repo, { labels: [label], state: "all" });
  return issues.reverse().filter(
    (issue) => !isErased(issue) && (erasedIds.has(issueRecordId(issue.number)) || normalUserId(fromIssueForm(issue)?.user_id) === user)
  );
}
async function eraseFromIntake(ports, api, ctx, user, who) {
  const open = (await api.github.pullRequestsFrom(api.repo, INTAKE_BRANCH)).find(
    (p) => p.state === "open"
  );
  if (!open) return void 0;
  const intake = await openIntake(ports.git, api, open.base.ref);
  const store = await readStore(
    ctx.store,
    intake.files,
    new InputRecorder(intake.files, ports.git)
  );
  const theirs = store.entries.filter((e) => normalUserId(e.record.user_id) === user).length;
  if (!theirs || !intake.pull) return void 0;
  await deliverStore(ports.git, api, intake, {
    path: ctx.store,
    text: keptText(store, (r) => normalUserId(r.user_id) !== user),
    message: `Erase the feedback of a user (${theirs} record${theirs === 1 ? "" : "s"})
`,
    now: ctx.now
  });
  return {
    id: "intake",
    status: "info",
    observed: theirs,
    message: `erased ${theirs} record${theirs === 1 ? "" : "s"} of user ${who} from the intake pull request #${intake.pull.number} (branch ${INTAKE_BRANCH}, not merged yet): ${intake.pull.url}`,
    rule: "intake"
  };
}
async function eraseFeedback(ports, ctx, user, repository) {
  const who = printable(user, ctx.pii);
  const store = await readStore(ctx.store, ports.files, ctx.inputs);
  refuseUnreadable(store);
  const theirs = (r) => normalUserId(r.user_id) === user;
  const erasedIds = new Set(store.entries.filter((e) => theirs(e.record)).map((e) => e.record.id));
  const fromIssues = store.entries.filter(
    (e) => theirs(e.record) && e.record.source === "issue"
  ).length;
  const items = [];
  const redacted = [];
  let intake;
  if (ports.github && repository) {
    const api = { github: ports.github, repo: repository };
    const { comment: erasedComment, ...redaction } = erasedIssue(
      ctx.now.toISOString().slice(0, 10)
    );
    for (const issue of await issuesOf(api, ctx.config.issue_label, user, erasedIds)) {
      await api.github.updateIssue(api.repo, issue.number, { ...redaction, state: "closed" });
      const naming = (await api.github.issueComments(api.repo, issue.number)).filter(
        (c) => c.body.includes(user)
      );
      for (const c of naming) await api.github.updateComment(api.repo, c.id, erasedComment);
      redacted.push(issue.number);
      items.push({
        id: `issue/${issue.number}`,
        status: "info",
        message: `redacted issue #${issue.number} (title and body replaced by an erasure note${naming.length ? `, ${naming.length} comment${naming.length === 1 ? "" : "s"} naming the user too` : ""}, closed): ${issue.url}`,
        rule: "issue"
      });
    }
    intake = await eraseFromIntake(ports, api, ctx, user, who);
    if (intake) items.push(intake);
  } else if (fromIssues)
    throw new UserError({
      message: `${fromIssues} of the records of user ${who} came from feedback issues, which still hold them: nothing was erased`,
      hint: ports.github ? "pass --repo OWNER/NAME, or set GITHUB_REPOSITORY" : "set GITHUB_TOKEN or GH_TOKEN (issues: write), so that the issues are redacted too"
    });
  else
    items.push({
      id: "issues",
      status: "warn",
      message: `the feedback issues were not searched (${ports.github ? "the repository is not known" : "no token was given"}): an issue of user ${who} not yet imported keeps their feedback`,
      hint: "run it again with GITHUB_TOKEN (issues: write) when feedback comes through the issue form",
      rule: "issue"
    });
  const { removed, kept } = await rewriteStore(ports.files, store, (r) => !theirs(r));
  items.unshift({
    id: "erased",
    status: "pass",
    observed: removed,
    message: removed ? `erased ${removed} record${removed === 1 ? "" : "s"} of user ${who} from ${ctx.store}; ${kept} kept` : `no record of user ${who} in ${ctx.store}${store.exists ? "" : " (there is no store)"}: nothing to erase`,
    location: { file: ctx.store }
  });
  const issues = redacted.length ? `; redacted issue${redacted.length === 1 ? "" : "s"} ${redacted.map((n) => `#${n}`).join(", ")}` : "";
  return {
    items,
    summary: `erased ${removed} record${removed === 1 ? "" : "s"} of user ${who} from ${ctx.store}${intake ? `, ${String(intake.observed)} from the intake pull request` : ""}${issues}`,
    data: { erased: removed, kept, issues: redacted }
  };
}

// actions/lib/commands/feedback/erase.ts
var feedbackEraseCommand = defineCommand({
  name: "feedback erase",
  summary: "Erase every record of a user (an erasure request): from the store, and from the feedback issues it was imported from.",
  details: "The feedback issues (feedback.issue_label) that hold the user's feedback are redacted first: title and body replaced by an erasure note, closed, so that no import brings them back; this needs GITHUB_TOKEN (issues: write) when any record came from an issue. Then the store is rewritten atomically; a store with unreadable lines is refused, so that nothing is erased in part. The store is in git: erasing from the file does not erase it from history; docs/feedback.md says how.",
  options: {
    "user-id": text(
      "The pseudonymous user id whose records are erased, as the store has it in user_id (e.g. u-7f3a91)."
    ),
    repo: text("Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.", {
      cliOnly: true
    }),
    ...STORE_OPTIONS
  },
  examples: [
    {
      what: "Erase a user's records from the store and the feedback issues (needs GITHUB_TOKEN)",
      run: "release-gates feedback erase --user-id u-7f3a91 --repo acme/support-chatbot"
    },
    {
      what: "The same for a store elsewhere",
      run: "release-gates feedback erase --user-id u-7f3a91 --store data/feedback.jsonl"
    }
  ],
  async run(options, env) {
    const { ports } = env;
    const user = normalUserId(options["user-id"] ?? "");
    if (!user)
      throw new UserError({
        message: "--user-id is required: the pseudonymous id of the person whose records are erased, as the store has it in user_id",
        hint: "e.g. release-gates feedback erase --user-id u-7f3a91; anonymous records (user_id null) name no one and are not erased by user"
      });
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    return report("erase", ctx, run, await eraseFeedback(ports, ctx, user, run.repository));
  }
});

// actions/lib/feedback/sources.ts
function fileCandidates(file, text2) {
  const jsonl = /\.(jsonl|ndjson)$/i.test(file);
  const notObject = { field: "record", message: "is not a JSON object" };
  if (jsonl) {
    const out = [];
    text2.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      const location = { file, line: i + 1 };
      let value2;
      try {
        value2 = JSON.parse(line);
      } catch {
        const e = firstSyntaxError(line);
        throw new UserError({
          message: `line ${i + 1} of ${file} is not valid JSON${e ? ` (column ${e.column}: ${e.message})` : ""}: nothing was imported`,
          hint: "each line must be one feedback record as a JSON object",
          location: { ...location, ...e ? { column: e.column } : {} }
        });
      }
      const n = out.length + 1;
      const object = typeof value2 === "object" && value2 !== null && !Array.isArray(value2);
      out.push({
        key: `record/${n}`,
        name: `record ${n} (line ${i + 1})`,
        input: object ? value2 : {},
        ...object ? {} : { problem: notObject },
        locate: () => location
      });
    });
    return out;
  }
  let value;
  try {
    value = JSON.parse(text2);
  } catch {
    const e = firstSyntaxError(text2);
    throw new UserError({
      message: `${file} is not valid JSON${e ? ` (${e.message})` : ""}: nothing was imported`,
      hint: "give a JSON list of feedback records, or JSON Lines (.jsonl)",
      location: { file, ...e ? { line: e.line, column: e.column } : {} }
    });
  }
  const list2 = Array.isArray(value) ? value : [value];
  const pointers = list2.flatMap((v, i) => [
    Array.isArray(value) ? `/${i}` : "",
    ...typeof v === "object" && v !== null ? Object.keys(v).map((k) => `${Array.isArray(value) ? `/${i}` : ""}/${k}`) : []
  ]);
  const positions = locatePointers(text2, pointers);
  return list2.map((v, i) => {
    const base = Array.isArray(value) ? `/${i}` : "";
    const at = (pointer) => {
      const p = positions.get(pointer) ?? positions.get(base);
      return p ? { file, line: p.line, column: p.column, pointer } : { file };
    };
    const object = typeof v === "object" && v !== null && !Array.isArray(v);
    return {
      key: `record/${i + 1}`,
      name: `record ${i + 1}`,
      input: object ? v : {},
      ...object ? {} : { problem: notObject },
      locate: (field) => at(field === "record" ? base : `${base}/${field}`)
    };
  });
}
async function issueCandidates(github, repo, query, stored) {
  const issues = await github.issues(repo, {
    labels: [query.label],
    state: query.includeClosed ? "all" : "open"
  });
  const candidates = [];
  const done = [];
  for (const issue of issues.slice().reverse()) {
    if (isErased(issue)) continue;
    if (stored.has(issueRecordId(issue.number))) {
      if (issue.state === "open") done.push(issue);
      continue;
    }
    const input = fromIssueForm(issue);
    candidates.push({
      key: `issue/${issue.number}`,
      name: `issue #${issue.number}`,
      input: input ?? {},
      ...input ? {} : {
        problem: {
          field: "body",
          message: `was not written with the feedback form (no ${Object.keys(FORM_LABELS).slice(0, 2).join(" or ")} section)`
        }
      },
      locate: () => void 0,
      issue
    });
  }
  return { candidates, done };
}

// actions/lib/feedback/import.ts
async function closeImported(api, pii, imported, via) {
  const items = [];
  for (const { issue, record, masked: masked2 = [] } of imported) {
    const id = `issue/${issue.number}/close`;
    try {
      await api.github.commentOnIssue(
        api.repo,
        issue.number,
        `Thank you: imported into the feedback store as \`${issueRecordId(issue.number)}\`${record ? ` (${kindOf(record)})` : ""}${via ? `, through pull request #${via.number}` : ""}.${masked2.length ? " The description held personal data, so this issue now shows it masked, as the store does." : ""}`
      );
      await api.github.closeIssue(
        api.repo,
        issue.number,
        masked2.length ? maskText(issue.body, pii(issue.body)) : void 0
      );
      items.push({
        id,
        status: "info",
        message: `closed #${issue.number}: ${issue.url}`,
        rule: "issue"
      });
    } catch (e) {
      items.push({
        ...errorItems(e)[0],
        id,
        hint: "the record is stored; the next import closes the issue"
      });
    }
  }
  return items;
}
async function importFeedback(ports, ctx, request) {
  const { file, into, api } = request;
  const intake = into && api ? await openIntake(ports.git, api, into) : void 0;
  const store = intake ? await readStore(ctx.store, intake.files, new InputRecorder(intake.files, ports.git)) : await readStore(ctx.store, ports.files, ctx.inputs);
  const stored = new Set(store.entries.map((e) => e.record.id));
  let candidates;
  let done = [];
  if (file) {
    candidates = fileCandidates(file, Buffer.from(await ctx.inputs.read(file)).toString("utf8"));
    if (candidates.length === 0)
      throw new UserError({ message: `${file} holds no feedback record`, location: { file } });
  } else {
    ({ candidates, done } = await issueCandidates(
      api.github,
      api.repo,
      { label: ctx.config.issue_label, includeClosed: request.includeClosed },
      stored
    ));
  }
  const source = file ? "import" : "issue";
  const valid = [];
  const invalid = [];
  const seen = /* @__PURE__ */ new Set();
  for (const c of candidates) {
    let problems;
    if (c.problem) problems = [c.problem];
    else {
      const checked = checkFeedback(c.input, { now: ctx.now, source, pii: ctx.pii });
      if (Array.isArray(checked)) problems = checked;
      else if (stored.has(checked.record.id))
        problems = [{ field: "id", message: `${checked.record.id} is already in the store` }];
      else if (seen.has(checked.record.id))
        problems = [{ field: "id", message: `${checked.record.id} appears twice` }];
      else {
        seen.add(checked.record.id);
        valid.push({ candidate: c, record: checked.record, masked: checked.masked });
        continue;
      }
    }
    invalid.push(...fieldItems(problems, c, request.skipInvalid ? "warn" : "error"));
  }
  const total = candidates.length;
  if (invalid.length && !request.skipInvalid) {
    const bad = total - valid.length;
    return {
      items: invalid,
      summary: `nothing written: ${bad} of ${total} record${total === 1 ? " is" : "s are"} invalid; fix them, or pass --skip-invalid`
    };
  }
  const records = valid.map((v) => v.record);
  const items = [...invalid, ...storeItems(store, "warn")];
  let via;
  if (intake && records.length) {
    const before = await intake.files.stat(ctx.store) ? Buffer.from(await intake.files.read(ctx.store)).toString("utf8") : "";
    const { pull, opened } = await deliverStore(ports.git, api, intake, {
      path: ctx.store,
      text: before + recordLines(store, records),
      message: `Import ${records.length} feedback record${records.length === 1 ? "" : "s"}

${records.map((r) => `- ${r.id}`).join("\n")}
`,
      now: ctx.now
    });
    via = pull;
    items.push({
      id: "pull-request",
      status: "pass",
      message: `${opened ? "opened" : "added the records to"} pull request #${pull.number} from ${INTAKE_BRANCH} into ${intake.into}: ${pull.url}`,
      rule: "intake"
    });
  } else if (!intake) await appendRecords(ports.files, store, records);
  const masked2 = valid.filter((v) => v.masked.length).length;
  items.push({
    id: "imported",
    status: "pass",
    observed: valid.length,
    message: `imported ${valid.length} of ${total} record${total === 1 ? "" : "s"} into ${ctx.store}${intake ? ` on ${INTAKE_BRANCH}` : ""}${masked2 ? `; ${masked2} description${masked2 === 1 ? "" : "s"} held personal data, stored masked` : ""}${invalid.length ? `; skipped ${total - valid.length} invalid` : ""}`,
    location: { file: ctx.store }
  });
  if (api)
    items.push(
      ...await closeImported(
        api,
        ctx.pii,
        [
          // A file's records have no issue to close, even when delivered through the API.
          ...valid.flatMap(
            ({ candidate: { issue }, record, masked: masked3 }) => issue ? [{ issue, record, masked: masked3 }] : []
          ),
          ...done.map((issue) => ({ issue }))
        ],
        via
      )
    );
  return {
    items,
    data: {
      imported: valid.length,
      skipped: total - valid.length,
      ids: valid.map((v) => v.record.id)
    }
  };
}

// actions/lib/commands/feedback/import.ts
var feedbackImportCommand = defineCommand({
  name: "feedback import",
  summary: "Import feedback from a JSON or JSON Lines file, or from the issues of the feedback form; all or nothing.",
  details: "Every record is checked first; any invalid one (each problem named by record and field) means nothing is written, unless --skip-invalid. --from-issues reads the open issues labelled feedback.issue_label (written with .github/ISSUE_TEMPLATE/feedback.yml), appends them with the id issue-<number>, and closes each with a comment, its body masked when it held personal data; an issue already in the store is never imported twice.",
  positional: { name: "file", description: "A JSON list of records, or JSON Lines (.jsonl)." },
  options: {
    file: list("File to import.", { paths: true }),
    "from-issues": flag(
      "Import the issues of the feedback form instead of a file (needs GITHUB_TOKEN)."
    ),
    "include-closed": flag(
      "With --from-issues: closed issues too (recovers issues closed by a run whose commit of the store was lost)."
    ),
    into: text(
      `Deliver the records as a pull request into this branch (e.g. main) from the branch ${INTAKE_BRANCH}, for rulesets that block direct pushes, instead of appending to the working tree's store; issues are closed only once their records are on that branch (needs GITHUB_TOKEN: contents, pull-requests and issues: write).`
    ),
    "skip-invalid": flag("Import the valid records and report the invalid ones as warnings."),
    repo: text("Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.", {
      cliOnly: true
    }),
    ...STORE_OPTIONS
  },
  examples: [
    {
      what: "Import a survey export, all or nothing",
      run: "release-gates feedback import survey.jsonl"
    },
    {
      what: "Import the issues of the feedback form (needs GITHUB_TOKEN)",
      run: "release-gates feedback import --from-issues --repo acme/support-chatbot"
    },
    {
      what: "Import the valid records; the invalid ones are warnings",
      run: "release-gates feedback import survey.jsonl --skip-invalid"
    }
  ],
  async run(options, env) {
    const { ports } = env;
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    const files = options.file;
    const file = files[0];
    const fromIssues = options["from-issues"];
    if (files.length > 1 || !file === !fromIssues)
      throw new UserError({
        message: fromIssues ? "give a file or --from-issues, not both" : files.length > 1 ? "give one file to import at a time" : "give a file to import, or --from-issues",
        hint: "e.g. release-gates feedback import survey.jsonl"
      });
    const into = options.into;
    let api;
    if (fromIssues || into) {
      if (!ports.github || !run.repository)
        throw new UserError({
          message: `${fromIssues ? "--from-issues reads the feedback issues" : "--into opens a pull request"} through the GitHub API, but ${ports.github ? "the repository is not known" : "no token was given"}`,
          hint: ports.github ? "pass --repo OWNER/NAME, or set GITHUB_REPOSITORY" : "set GITHUB_TOKEN or GH_TOKEN (issues: write, to close the imported issues)"
        });
      api = { github: ports.github, repo: run.repository };
    }
    const outcome = await importFeedback(ports, ctx, {
      file,
      includeClosed: options["include-closed"],
      skipInvalid: options["skip-invalid"],
      into,
      api
    });
    return report("import", ctx, run, outcome);
  }
});

// actions/lib/feedback/prune.ts
function cutoffOf(text2, now) {
  const m = /^(\d+)([dw])$/.exec(text2);
  if (m) return now.getTime() - Number(m[1]) * (m[2] === "w" ? 7 : 1) * 864e5;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text2) ? parseTimestamp(`${text2}T00:00:00Z`) : parseTimestamp(text2);
  if (time === null)
    throw new UserError({
      message: "--older-than must be a number of days or weeks (90d, 12w) or a date (2026-01-01)",
      hint: "e.g. --older-than 365d; without it, feedback.retention_days of the policy applies"
    });
  return time;
}
async function pruneFeedback(files, ctx, { olderThan: given, all }) {
  const cutoff = cutoffOf(given ?? `${ctx.config.retention_days}d`, ctx.now);
  const since = new Date(cutoff).toISOString().slice(0, 10);
  const cutoffText = given ? `--older-than ${given} (before ${since})` : `retention (before ${since})`;
  const refuse = (why2) => new UserError({
    message: `${cutoffText} ${why2}: nothing was removed`,
    hint: "give an age (365d) or a past date; pass --all to remove every record on purpose",
    location: { file: ctx.store }
  });
  if (!all && cutoff >= ctx.now.getTime())
    throw refuse("is not in the past, so it would remove every record, today's included");
  const store = await readStore(ctx.store, files, ctx.inputs);
  const keep = (r) => Date.parse(r.created_at) >= cutoff;
  const total = store.entries.length;
  if (!all && total > 0 && !store.entries.some((e) => keep(e.record)))
    throw refuse(`would remove all ${total} record${total === 1 ? "" : "s"} of the store`);
  const { removed, kept } = await rewriteStore(files, store, keep);
  const why = given ? "" : ` (retention ${ctx.config.retention_days} days)`;
  const what = `${removed ? `removed ${removed} record${removed === 1 ? "" : "s"}` : "nothing to remove"} created before ${since}${why}`;
  return {
    items: [
      {
        id: "pruned",
        status: "pass",
        observed: removed,
        message: `${what} from ${ctx.store}; ${kept} kept`,
        location: { file: ctx.store }
      }
    ],
    summary: `${what}; ${kept} kept`,
    data: { removed, kept, before: since }
  };
}

// actions/lib/commands/feedback/prune.ts
var feedbackPruneCommand = defineCommand({
  name: "feedback prune",
  summary: "Remove records older than the retention period (feedback.retention_days), rewriting the store atomically.",
  details: "Refuses a cutoff that is now or in the future (0d, a future date) and one that would remove every record, unless --all: a mistyped date must not empty the store.",
  options: {
    "older-than": text(
      "Age (90d, 12w) or date (2026-01-01) before which records are removed. Default: feedback.retention_days of the policy."
    ),
    all: flag("Allow the cutoff to remove every record (the store is left empty)."),
    ...STORE_OPTIONS
  },
  examples: [
    { what: "Remove what is older than the retention period", run: "release-gates feedback prune" },
    {
      what: "Remove records older than 90 days",
      run: "release-gates feedback prune --older-than 90d"
    }
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const outcome = await pruneFeedback(ports.files, ctx, {
      olderThan: options["older-than"],
      all: options.all
    });
    return report("prune", ctx, run, outcome);
  }
});

// actions/lib/feedback/report.ts
var DAY = 864e5;
function mondayOf(time) {
  const d = new Date(time);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - (d.getUTCDay() + 6) % 7 * DAY;
}
function weekOf(time) {
  const start = mondayOf(time);
  const thursday = new Date(start + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY) + 1;
  const week = Math.ceil(dayOfYear / 7);
  return { label: `${year}-W${String(week).padStart(2, "0")}`, start };
}
function parseWeek(text2, now) {
  if (text2 === "last") return weekOf(now.getTime() - 7 * DAY);
  if (text2 === "current") return weekOf(now.getTime());
  const m = /^(\d{4})-W(\d{2})$/.exec(text2);
  const week = m ? Number(m[2]) : 0;
  if (m && week >= 1 && week <= 53) {
    const jan4 = Date.UTC(Number(m[1]), 0, 4);
    const found = weekOf(mondayOf(jan4) + (week - 1) * 7 * DAY);
    if (found.label === text2) return found;
  }
  throw new UserError({
    message: "--week must be last, current or an ISO week such as 2026-W47",
    hint: "e.g. --week 2026-W47 (weeks run Monday to Sunday, UTC)"
  });
}
function day(time) {
  return new Date(time).toISOString().slice(0, 10);
}
function trend(now, before) {
  if (before === 0) return now === 0 ? "none the week before either" : "none the week before";
  if (now === before) return `${before} the week before, unchanged`;
  const pct = Math.round((now - before) / before * 100);
  return `${before} the week before, ${pct > 0 ? "+" : "−"}${Math.abs(pct)} %`;
}
function tally(records) {
  const t = { total: 0, byType: /* @__PURE__ */ new Map(), byRating: /* @__PURE__ */ new Map(), ratingSum: 0, rated: 0 };
  for (const r of records) {
    t.total++;
    t.byType.set(r.type, (t.byType.get(r.type) ?? 0) + 1);
    const rating = r.rating === null ? "none" : String(r.rating);
    t.byRating.set(rating, (t.byRating.get(rating) ?? 0) + 1);
    if (r.rating !== null) {
      t.ratingSum += r.rating;
      t.rated++;
    }
  }
  return t;
}
var mean = (t) => t.rated ? Math.round(t.ratingSum / t.rated * 100) / 100 : null;
function weeklyReport(entries, week, store) {
  const end = week.start + 7 * DAY;
  const inRange = (from, to) => entries.map((e) => e.record).filter((r) => {
    const t = Date.parse(r.created_at);
    return t >= from && t < to;
  });
  const now = tally(inRange(week.start, end));
  const before = tally(inRange(week.start - 7 * DAY, week.start));
  const location = { file: store };
  const items = [
    {
      id: "week",
      status: "info",
      observed: now.total,
      baseline: before.total,
      message: `${week.label} (${day(week.start)} to ${day(end - DAY)}): ${now.total} feedback record${now.total === 1 ? "" : "s"}; ${trend(now.total, before.total)}`,
      location
    }
  ];
  for (const type of FEEDBACK_TYPES) {
    const n = now.byType.get(type) ?? 0;
    const urgent = (type === "safety" || type === "privacy") && n > 0;
    items.push({
      id: `type/${type}`,
      status: urgent ? "warn" : "info",
      observed: n,
      baseline: before.byType.get(type) ?? 0,
      message: `${type}: ${n}; ${trend(n, before.byType.get(type) ?? 0)}`,
      rule: "type",
      ...urgent ? {
        hint: `triage each ${type} report this week: it may be an incident (open one, or roll back, as the runbook says)`
      } : {}
    });
  }
  const m = mean(now);
  const b = mean(before);
  items.push({
    id: "rating/mean",
    status: "info",
    observed: m,
    baseline: b,
    message: m === null ? "no rating this week" : `mean rating ${showValue(m)} over ${now.rated} rated${b === null ? ", none the week before" : `, ${showValue(b)} the week before (${m >= b ? "+" : "−"}${showValue(Math.abs(Math.round((m - b) * 100) / 100))})`}`,
    rule: "rating"
  });
  for (const rating of ["1", "2", "3", "4", "5", "none"]) {
    const n = now.byRating.get(rating) ?? 0;
    items.push({
      id: `rating/${rating}`,
      status: "info",
      observed: n,
      baseline: before.byRating.get(rating) ?? 0,
      message: `${rating === "none" ? "no rating" : `rating ${rating}`}: ${n}; ${trend(n, before.byRating.get(rating) ?? 0)}`,
      rule: "rating"
    });
  }
  const counts = (keys, map) => Object.fromEntries(keys.map((k) => [k, map.get(k) ?? 0]));
  return {
    items,
    summary: `${week.label}: ${now.total} feedback record${now.total === 1 ? "" : "s"} (${trend(now.total, before.total)})${m === null ? "" : `, mean rating ${showValue(m)}`}`,
    data: {
      week: week.label,
      from: day(week.start),
      to: day(end - DAY),
      total: now.total,
      previous_total: before.total,
      by_type: counts(FEEDBACK_TYPES, now.byType),
      previous_by_type: counts(FEEDBACK_TYPES, before.byType),
      by_rating: counts(["1", "2", "3", "4", "5", "none"], now.byRating),
      previous_by_rating: counts(["1", "2", "3", "4", "5", "none"], before.byRating),
      mean_rating: m,
      previous_mean_rating: b
    }
  };
}
async function reportWeek(files, ctx, week) {
  const store = await readStore(ctx.store, files, ctx.inputs);
  if (!store.exists)
    throw new UserError({
      message: `there is no feedback store at ${ctx.store}`,
      hint: "collect feedback first (release-gates feedback add, or the issue form), or pass --store",
      location: { file: ctx.store }
    });
  const outcome = weeklyReport(store.entries, week, ctx.store);
  outcome.items.push(...storeItems(store, "error"));
  return outcome;
}

// actions/lib/commands/feedback/report.ts
var feedbackReportCommand = defineCommand({
  name: "feedback report",
  summary: "The weekly feedback report: counts by type and by rating, each with the trend against the week before.",
  details: "Weeks are ISO 8601 weeks, Monday to Sunday, UTC. Safety and privacy feedback warns: each may be an incident. --format markdown gives the job summary of the weekly workflow.",
  options: {
    week: text("last (the last complete week), current, or an ISO week such as 2026-W47.", {
      default: "last"
    }),
    ...STORE_OPTIONS
  },
  examples: [
    { what: "The report of the last complete week", run: "release-gates feedback report" },
    {
      what: "A given week, as the job summary of the weekly workflow writes it",
      run: "release-gates feedback report --week 2026-W47 --format markdown"
    }
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const week = parseWeek(options.week, ctx.now);
    return report("report", ctx, run, await reportWeek(ports.files, ctx, week));
  }
});

// actions/lib/commands/feedback/index.ts
var FEEDBACK_COMMANDS = [
  feedbackAddCommand,
  feedbackImportCommand,
  feedbackReportCommand,
  feedbackEraseCommand,
  feedbackPruneCommand
];

// actions/lib/init/workflows.generated.ts
var RELEASE_WORKFLOWS = {
  "promote.yml": `# Promote a verified commit of main to stable, the branch production deploys. Dispatch it from
# the Actions tab ("Promote to stable" > Run workflow) or with
#   gh workflow run promote.yml -f commit=<sha> -f reason="November prompt update"
# The job checks every precondition again before anything moves: the dispatcher's role, the
# commit is on main, not rejected, no freeze, and every gate of promotion.gates passes on that
# exact commit. docs/release-model.md explains the model, docs/runbook-rollback.md the way back.
name: Promote to stable

on:
  workflow_dispatch:
    inputs:
      commit:
        description: 'Commit of main to promote (a full or abbreviated SHA). Empty: the head of main.'
        required: false
        default: ''
      reason:
        description: 'Why (kept in the release record)'
        required: false
        default: ''

permissions: {}

# Every workflow that writes releases shares this group: one at a time, none cancelled while it
# runs. The leases of the atomic push are what make concurrent runs safe; the group only queues.
concurrency:
  group: release-gates-stable
  cancel-in-progress: false

jobs:
  promote:
    name: promote
    # The workflow and the action that judge are main's reviewed ones, not a branch's.
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    timeout-minutes: 15
    permissions:
      contents: write # stable, the release tag and the ledger branch
      deployments: write # the production deployment record (promotion.deployment.enabled)
      pull-requests: read # the audit pack: the pull requests the release came by, and their approvals
      issues: read # the audit pack: incident issues since the release (none yet, for a new one)
    steps:
      - name: Check the inputs
        env:
          COMMIT: \${{ inputs.commit }}
          REASON: \${{ inputs.reason }}
        run: |
          set -euo pipefail
          if [ -n "$COMMIT" ] && ! [[ "$COMMIT" =~ ^[0-9a-f]{7,40}$ ]]; then
            echo "::error title=Bad input::commit must be a hexadecimal SHA of 7 to 40 characters, or empty for the head of main"
            exit 2
          fi
          if [ "\${#REASON}" -gt 2000 ]; then
            echo "::error title=Bad input::reason must be at most 2000 characters"
            exit 2
          fi
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          fetch-depth: 0
      # Pushes with the job's GITHUB_TOKEN start no workflow: deploy.yml follows this workflow
      # through workflow_run. With a GitHub App token (recommended when rulesets protect stable,
      # the release tags and the ledger), pass it to actions/checkout as \`token:\`.
      - uses: ./actions/promote
        id: promote
        with:
          commit: \${{ inputs.commit }}
          reason: \${{ inputs.reason }}
      # The audit pack of the new release: its record, the gate verdicts, the approvals, the
      # cards and evidence of the commit, with a sha256 manifest (docs/releasing.md#the-audit-pack).
      # The job summary shows the manifest's own sha256: keep it apart from the artifact.
      - name: Write the audit pack
        if: steps.promote.outputs.published == 'true'
        uses: ./actions/audit-pack
        with:
          release: \${{ steps.promote.outputs.release }}
          dir: audit-pack/release-\${{ steps.promote.outputs.release }}
      - name: Keep the audit pack
        if: steps.promote.outputs.published == 'true'
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: audit-pack-release-\${{ steps.promote.outputs.release }}
          path: audit-pack
          retention-days: 90
          if-no-files-found: error
`,
  "rollback.yml": `# Put production back on an earlier release: Actions tab > "Rollback to stable" > Run workflow,
# or
#   gh workflow run rollback.yml -f target=previous -f reason="harmful refund answers" -f incident=INC-2041
# Checks the dispatcher's role first; then stable gets a new commit with exactly the target's
# tree (no force push), the bad release is rejected, promotions are frozen, and an incident
# issue is opened for the risk manager. Running it again with the same inputs moves nothing and
# finishes anything a failed run left undone. docs/runbook-rollback.md is the incident flow.
name: Rollback to stable

on:
  workflow_dispatch:
    inputs:
      target:
        description: 'Release to return to: previous, a release tag (release/12), a release number, or a released commit'
        required: true
        default: previous
      reason:
        description: 'Why (required): kept in the release record and the incident issue'
        required: true
      incident:
        description: 'Incident reference elsewhere (ticket id or URL), optional'
        required: false
        default: ''

permissions: {}

# Shared with promote.yml and release-admin.yml: releases are written one at a time.
concurrency:
  group: release-gates-stable
  cancel-in-progress: false

jobs:
  rollback:
    name: rollback
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: write # stable, the release tag, the ledger branch, the revert branch
      issues: write # the incident issue
      pull-requests: write # the revert pull request (rollback.revert_pr)
      deployments: write # the production deployment record (promotion.deployment.enabled)
    steps:
      - name: Check the inputs
        env:
          TARGET: \${{ inputs.target }}
          REASON: \${{ inputs.reason }}
          INCIDENT: \${{ inputs.incident }}
        run: |
          set -euo pipefail
          if ! [[ "$TARGET" =~ ^(previous|[A-Za-z0-9._/-]*[0-9]+|[0-9a-f]{7,40})$ ]]; then
            echo "::error title=Bad input::target must be previous, a release tag such as release/12, a release number, or a commit SHA"
            exit 2
          fi
          if [ -z "\${REASON//[[:space:]]/}" ] || [ "\${#REASON}" -gt 2000 ]; then
            echo "::error title=Bad input::reason is required, at most 2000 characters"
            exit 2
          fi
          if [ "\${#INCIDENT}" -gt 200 ]; then
            echo "::error title=Bad input::incident must be at most 200 characters"
            exit 2
          fi
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          fetch-depth: 0
      - uses: ./actions/rollback
        with:
          target: \${{ inputs.target }}
          reason: \${{ inputs.reason }}
          incident: \${{ inputs.incident }}
`,
  "release-admin.yml": `# Freeze promotions, lift the freeze, clear a rolled-back release's rejection, or repair a
# release branch moved by hand: Actions tab > "Freeze, unfreeze or clear a rejection" > Run
# workflow. Each is recorded in the ledger with who and why; the policy decides who may
# (rollback.allowed_roles may freeze and repair; rollback.unfreeze_roles, by default the policy
# owner, may lift the freeze and clear rejections). Repair adds a commit with the last recorded
# release's tree on top of the moved branch: no force push (docs/runbook-rollback.md).
name: Freeze, unfreeze or clear a rejection

on:
  workflow_dispatch:
    inputs:
      operation:
        description: 'What to do'
        required: true
        type: choice
        options: [freeze, unfreeze, clear-rejection, repair]
      release:
        description: 'The rejected release to clear (clear-rejection only), e.g. release/12'
        required: false
        default: ''
      reason:
        description: 'Why (required): kept in the ledger'
        required: true

permissions: {}

concurrency:
  group: release-gates-stable
  cancel-in-progress: false

jobs:
  ledger:
    name: \${{ inputs.operation }}
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: write # the ledger branch; for repair, stable and the release tag
    steps:
      - name: Check the inputs
        env:
          OPERATION: \${{ inputs.operation }}
          RELEASE: \${{ inputs.release }}
          REASON: \${{ inputs.reason }}
        run: |
          set -euo pipefail
          if [ "$OPERATION" = clear-rejection ] && ! [[ "$RELEASE" =~ ^[A-Za-z0-9._/-]*[0-9]+$ ]]; then
            echo "::error title=Bad input::clear-rejection needs the release, e.g. release/12"
            exit 2
          fi
          if [ -z "\${REASON//[[:space:]]/}" ] || [ "\${#REASON}" -gt 2000 ]; then
            echo "::error title=Bad input::reason is required, at most 2000 characters"
            exit 2
          fi
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          fetch-depth: 0
      - if: inputs.operation == 'freeze'
        uses: ./actions/freeze
        with:
          reason: \${{ inputs.reason }}
      - if: inputs.operation == 'unfreeze'
        uses: ./actions/unfreeze
        with:
          reason: \${{ inputs.reason }}
      - if: inputs.operation == 'clear-rejection'
        uses: ./actions/clear-rejection
        with:
          release: \${{ inputs.release }}
          reason: \${{ inputs.reason }}
      - if: inputs.operation == 'repair'
        uses: ./actions/repair
        with:
          reason: \${{ inputs.reason }}
`,
  "deploy.yml": "# Deploys what stable holds: this is where a team plugs in its own deployment (a container\n# image, a model-serving rollout, a prompt and configuration sync). Promote to stable and\n# Rollback to stable move the branch; pushes made with the job's GITHUB_TOKEN start no\n# workflow, so this one follows those two through workflow_run, and runs by hand to redeploy.\n# It deploys only a recorded, verified release: release-gates verify-release checks that the\n# head of stable is the release the ledger and its tag record, verified and not rejected (the\n# rollback-readiness checks); a tag named like a release proves nothing. There is no `push`\n# trigger on purpose: a push to stable runs the workflow file of the pushed commit, so a\n# hand-moved stable would bring its own deploy workflow. The tool and this workflow come from\n# the default branch; stable's tree is only deployed, never run.\n# Deploying is idempotent: deploying the same release twice changes nothing.\nname: Deploy stable\n\non:\n  workflow_run:\n    workflows: [Promote to stable, Rollback to stable]\n    types: [completed]\n  workflow_dispatch:\n\npermissions:\n  contents: read\n\n# One deployment at a time; a newer one waits for the running one to finish.\nconcurrency:\n  group: deploy-production\n  cancel-in-progress: false\n\njobs:\n  deploy:\n    name: deploy\n    runs-on: ubuntu-latest\n    timeout-minutes: 30\n    # The GitHub environment of promotion.deployment.environment: its protection rules (required\n    # reviewers, wait timer, branch policy) and secrets apply to this job. `deployment: false`\n    # because the deployment is recorded once, by promote and rollback, on the release's commit\n    # with its number; GitHub's own record would name this run's commit on main instead.\n    environment:\n      name: production\n      deployment: false\n    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n        with:\n          fetch-depth: 0\n          persist-credentials: false\n      - name: Verify the release stable holds\n        id: release\n        uses: ./actions/verify-release\n      # The exact commit verified, not the branch name: stable moving meanwhile changes nothing.\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n        with:\n          ref: ${{ steps.release.outputs.commit }}\n          path: release\n          persist-credentials: false\n      # Replace this step with your deployment. It runs on the exact tree of the release, in\n      # release/; the tag's message holds the release record\n      # (git -C release tag -l --format='%(contents)' \"$RELEASE_TAG\").\n      - name: Deploy\n        env:\n          RELEASE_TAG: ${{ steps.release.outputs.tag }}\n          RELEASE_COMMIT: ${{ steps.release.outputs.commit }}\n        run: |\n          echo \"### Deploying $RELEASE_TAG (${RELEASE_COMMIT:0:12})\" >> \"$GITHUB_STEP_SUMMARY\"\n          echo \"Deploying $RELEASE_TAG to production: plug your deployment in here.\"\n"
};

// actions/lib/init/templates.ts
var pinned = (source) => `${source.ref}${source.label ? ` # ${source.label}` : ""}`;
var DEFAULT_SOURCE = "release-gates/release-gates@v1";
var ROLE_DESCRIPTIONS = {
  "product-owner": "Accepts the release for the business.",
  "governance-lead": "Owns this policy, approves waivers and policy changes, lifts freezes. Name two people, so that one can approve the other’s policy changes.",
  "risk-manager": "Receives incidents and owns the root-cause analysis.",
  "on-call": "May roll production back at any hour."
};
var quote = (text2) => `'${text2.replace(/'/g, "''")}'`;
var login = (text2) => /^[A-Za-z][A-Za-z0-9-]*$/.test(text2) ? text2 : quote(text2);
var docs = (source, page) => `https://github.com/${source.repository}/blob/${source.ref}/docs/${page}`;
function roleYaml(name, holders2) {
  const lines = [`  ${name}:`, `    description: ${ROLE_DESCRIPTIONS[name]}`];
  lines.push(`    users: [${holders2.users.map(login).join(", ")}]`);
  if (holders2.teams.length) lines.push(`    teams: [${holders2.teams.join(", ")}]`);
  return lines.join("\n");
}
function evalsYaml(results) {
  if (!results.length)
    return `  # evals: your eval runner's result files against objectives (docs/evals.md), e.g.
  #   results: [{ path: evals/results/latest.json }]
  #   objectives: [{ id: pass-rate, metric: pass_rate, pass: '>= 0.9', key: true }]`;
  return `  # Your eval runs' results against objectives, absolute and against the release in
  # production (the stable branch). Formats and metric names: docs/evals.md.
  evals:
    results:
${results.map((p) => `      - path: ${quote(p)}`).join("\n")}
    baseline:
      ref: stable
      on_missing: warn # before the first release there is nothing to compare with
    objectives:
      - id: pass-rate
        description: Share of eval cases that pass.
        metric: pass_rate
        pass: '>= 0.9'
        warn: '>= 0.7'
        key: true
      - id: no-regression
        description: No drop of more than 5 % against the release in production.
        metric: pass_rate
        pass: '>= -5%'`;
}
function piiYaml(golden) {
  if (!golden.length)
    return `  # pii: no personal data in your golden outputs (docs/pii.md), e.g.
  #   paths: [evals/golden/**/*.jsonl]`;
  return `  # No personal data or secrets in the expected answers (docs/pii.md); reserved examples
  # such as support@example.com are allowed.
  pii:
    paths: [${golden.map(quote).join(", ")}]`;
}
function starterPolicy(o) {
  return `# yaml-language-server: $schema=https://raw.githubusercontent.com/${o.source.repository}/${o.source.ref}/actions/lib/policy/policy.schema.json
#
# Release policy, written by \`release-gates init\`. The governance lead owns this file and edits
# it without code (docs/governance-lead.md); every field is in docs/policy-reference.md. The
# docs named here are release-gates': https://github.com/${o.source.repository}/tree/${o.source.ref}/docs
# Pull requests are judged by the copy of this file on their base branch.
apiVersion: release-gates/v1
kind: ReleasePolicy

metadata:
  name: ${o.name}
  owner: governance-lead

roles:
${Object.keys(ROLE_DESCRIPTIONS).map((r) => roleYaml(r, o.roles[r])).join("\n")}

# Report mode: every gate runs and reports, none blocks; a failure shows as a warning that says
# "would fail". Switch to enforce once the reports are clean.
defaults:
  mode: report

waivers: []

gates:
  # The policy itself: roles the gates depend on have holders; waivers about to expire; the
  # rulesets of .github/rulesets are in force on main and stable (docs/adopting.md, step 6).
  policy:
    platform_guards:
      # true once a GitHub App of yours is the only one that may push to stable (adopting.md,
      # "Who may push to stable"); until then the policy gate warns that anyone can.
      restrict_release_updates: false

${evalsYaml(o.evals)}

${piiYaml(o.golden)}

  # cards and compliance: model and system cards, and evidence documents such as a DPIA
  # (docs/cards-and-compliance.md). With the evidence in place, \`controls:\` under compliance
  # judges the controls register policies/controls.yaml (docs/compliance-mapping.md).

  # The product owner AND the governance lead approve the pull request's head commit, two people.
  signoff:
    required:
      - role: product-owner
      - role: governance-lead

  # A pull request that weakens this policy, or changes the workflows, needs the owner's approval.
  policy-change: {}

  # Production can go back to a verified release; before the first one there is nothing to do.
  rollback-readiness: {}

# Promote to stable: who may, and the production deployment on GitHub.
promotion:
  allowed_roles: [governance-lead, product-owner, on-call]
  deployment:
    enabled: true

# Rollback to stable: the on-call engineer at any hour; the governance lead lifts the freeze.
rollback:
  allowed_roles: [on-call, governance-lead]
  unfreeze_roles: [governance-lead]
  revert_pr: true
  incident:
    notify_role: risk-manager
    rca_due_hours: 24
`;
}
function gatesWorkflow(source) {
  return `# Every pre-deployment gate as its own required status check, named "gates / <gate>"
# ("gates / evals", "gates / signoff", ...). No path filters: a required check that never runs
# blocks merges forever. ${docs(source, "adopting.md")}
name: Release gates

on:
  # edited: a pull request whose base branch changes is judged again, against the new base.
  # Listing types replaces GitHub's default (opened, synchronize, reopened): keep all four.
  pull_request:
    types: [opened, synchronize, reopened, edited]
  pull_request_review:
    types: [submitted, dismissed]
  # A merge queue waits for the required checks on the queued merge; without it, forever.
  merge_group:
    types: [checks_requested]
  push:
    branches: [main]

permissions:
  contents: read

concurrency:
  group: release-gates-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: true

jobs:
  gates:
    uses: ${source.repository}/.github/workflows/gates.yml@${pinned(source)}
    permissions:
      contents: read
      pull-requests: read # sign-off, policy changes, PII baselines and evidence approvals read the reviews
      statuses: write # the release-gates/signoff commit status
    with:
      release-gates-repository: ${source.repository}
      release-gates-ref: ${source.ref}${source.moving ? "\n      allow-moving-ref: true # a tag: whoever moves it decides what judges" : ""}
    # When policy roles name teams, a token that can read organisation members:
    # secrets:
    #   membership-token: \${{ secrets.RELEASE_GATES_MEMBERSHIP_TOKEN }}

${commentJob(source)}
${codeScanningJob()}`;
}
var CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0";
var DOWNLOAD_ARTIFACT = "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0";
var UPLOAD_SARIF = "github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2";
var REPORTS = ".release-gates-reports";
var reportsStep = `      - uses: ${DOWNLOAD_ARTIFACT}
        with:
          pattern: release-gates-report-*
          path: ${REPORTS}`;
function commentJob(source) {
  return `  # One comment on the pull request, kept up to date with every gate's verdict, what failed and
  # what changed against the base. It decides nothing and is no required check; a fork's pull
  # request gets a read-only token, and the job summary says why no comment was written. Off:
  # report.pull_request_comment: false in the policy, or delete this job.
  # ${docs(source, "pull-request-comment.md")}
  comment:
    needs: gates
    if: \${{ !cancelled() && github.event.pull_request }}
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      contents: read
      pull-requests: write
    steps:
      # The base commit alone: the policy that switches the comment is the base's, and the
      # reports come from the gate jobs' artifacts, never from a file of the pull request.
      - uses: ${CHECKOUT}
        with:
          ref: \${{ github.event.pull_request.base.sha }}
          persist-credentials: false
${reportsStep}
      - uses: ${source.repository}/actions/comment@${pinned(source)}
        with:
          reports: ${REPORTS}/**/*.json
`;
}
var sarifOf = (gate) => `${REPORTS}/release-gates-report-${gate}/${gate === "policy" ? "check" : gate}.sarif`;
function codeScanningJob() {
  const uploads = GATE_NAMES.map(
    (gate) => `      - name: Upload the ${gate} findings
        if: \${{ !cancelled() && hashFiles('${sarifOf(gate)}') != '' }}
        uses: ${UPLOAD_SARIF}
        with:
          sarif_file: ${sarifOf(gate)}
          category: release-gates-${gate}`
  ).join("\n");
  return `  # Every gate's findings in code scanning (Security > Code scanning, and on the pull request's
  # diff), one category per gate. Free on public repositories; a private one needs GitHub Code
  # Security (Advanced Security), else the upload fails: the job may fail without failing the
  # run. To skip it, set the repository variable RELEASE_GATES_CODE_SCANNING to false.
  code-scanning:
    needs: gates
    # Reviews re-run the gates on the same commit: its findings are uploaded already.
    if: \${{ !cancelled() && github.event_name != 'pull_request_review' && vars.RELEASE_GATES_CODE_SCANNING != 'false' }}
    runs-on: ubuntu-latest
    timeout-minutes: 10
    continue-on-error: true
    permissions:
      contents: read
      security-events: write
    # No checkout: upload-sarif needs only the reports (and takes the commit from the run).
    steps:
${reportsStep}
${uploads}
`;
}
function releaseWorkflows(source) {
  const header = `# Written by \`release-gates init\` from ${source.repository}@${source.ref}; the docs/ pages
# named here are release-gates': https://github.com/${source.repository}/tree/${source.ref}/docs
#
`;
  return Object.fromEntries(
    Object.entries(RELEASE_WORKFLOWS).map(([file, text2]) => [
      file,
      header + text2.replace(
        /uses: \.\/actions\/([a-z-]+)/g,
        `uses: ${source.repository}/actions/$1@${pinned(source)}`
      )
    ])
  );
}
function codeOwners(governance, source) {
  const owners = [...governance.users, ...governance.teams].map((o) => `@${o}`).join(" ");
  return `# Written by \`release-gates init\`: the governance lead reviews the policy, the workflows
# that run the gates, the rulesets and this file. Add your eval baselines, allowlists and
# evidence documents. Require "review from Code Owners" on main: ${docs(source, "adopting.md")}
/policies/  ${owners}
/.github/   ${owners}
`;
}
function rulesets() {
  const checks = GATE_NAMES.map((g) => `          { "context": "gates / ${g}" }`).join(",\n");
  return {
    "main.json": `{
  "name": "main: release gates",
  "target": "branch",
  "enforcement": "active",
  "conditions": { "ref_name": { "include": ["~DEFAULT_BRANCH"], "exclude": [] } },
  "bypass_actors": [],
  "rules": [
    { "type": "deletion" },
    { "type": "non_fast_forward" },
    {
      "type": "pull_request",
      "parameters": {
        "required_approving_review_count": 1,
        "dismiss_stale_reviews_on_push": true,
        "require_code_owner_review": true,
        "require_last_push_approval": true,
        "required_review_thread_resolution": false
      }
    },
    {
      "type": "required_status_checks",
      "parameters": {
        "strict_required_status_checks_policy": false,
        "do_not_enforce_on_create": false,
        "required_status_checks": [
${checks}
        ]
      }
    }
  ]
}
`,
    "releases.json": `{
  "name": "releases: stable and the ledger",
  "target": "branch",
  "enforcement": "active",
  "conditions": {
    "ref_name": {
      "include": ["refs/heads/stable", "refs/heads/release-gates/ledger"],
      "exclude": []
    }
  },
  "bypass_actors": [],
  "rules": [{ "type": "deletion" }, { "type": "non_fast_forward" }]
}
`,
    "release-tags.json": `{
  "name": "releases: release tags",
  "target": "tag",
  "enforcement": "active",
  "conditions": { "ref_name": { "include": ["refs/tags/release/*"], "exclude": [] } },
  "bypass_actors": [],
  "rules": [{ "type": "deletion" }, { "type": "update" }]
}
`
  };
}
function starterRegister(source) {
  return `# yaml-language-server: $schema=https://raw.githubusercontent.com/${source.repository}/${source.ref}/actions/lib/controls/register.schema.json
#
# Controls register, written by \`release-gates init\`. The governance lead owns it: what the team
# does to answer to each framework, who owns it, and what shows it is done. Name frameworks by
# identifier, version and title only, never their text. Each evidence document must be one of
# gates.compliance.documents of the policy, approved by the control's owner role.
apiVersion: release-gates/v1
kind: ControlsRegister

frameworks:
  - id: nist-ai-rmf
    version: '1.0'
    title: NIST AI Risk Management Framework (AI RMF 1.0)
  - id: iso-42001
    version: '2023'
    title: ISO/IEC 42001:2023 Artificial intelligence — Management system
  - id: eu-ai-act
    version: '2024/1689'
    title: Regulation (EU) 2024/1689 (Artificial Intelligence Act)

controls:
  - id: CTL-EVAL-01
    description: Every release meets the quality and safety objectives of the policy.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: MEASURE 2.6 }
      - { framework: iso-42001, id: '9.1' }
      - { framework: eu-ai-act, id: Art. 15 }
    evidence:
      documents: [docs/compliance/evaluation-pack.md]
      gates: [evals]

  - id: CTL-PII-01
    description: No personal data in the expected answers, and a data protection impact assessment.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: MEASURE 2.10 }
      - { framework: iso-42001, id: '6.1.4' }
      - { framework: eu-ai-act, id: Art. 10 }
    evidence:
      documents: [docs/compliance/dpia.md]
      gates: [pii]

  - id: CTL-SIGN-01
    description: Roles are written down, and the product owner and the governance lead approve every release.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: GOVERN 2.1 }
      - { framework: iso-42001, id: '5.3' }
      - { framework: eu-ai-act, id: Art. 17 }
    evidence:
      documents: [docs/compliance/raci.md]
      gates: [signoff]

  - id: CTL-ROLLBACK-01
    description: Production can go back to the last verified release at any hour.
    owner_role: risk-manager
    requirements:
      - { framework: nist-ai-rmf, id: MANAGE 2.4 }
      - { framework: iso-42001, id: '10.2' }
      - { framework: eu-ai-act, id: Art. 20 }
    evidence:
      documents: [docs/compliance/tra.md]
      gates: [rollback-readiness]
`;
}

// actions/lib/commands/init.ts
var ROLES = ["governance-lead", "product-owner", "on-call", "risk-manager"];
var ROLE_OPTION_HELP = {
  "governance-lead": "Who owns the policy and approves its changes: GitHub logins or org/team slugs (repeat, or separate with commas). Required.",
  "product-owner": "Who accepts releases for the business (signs off pull requests).",
  "on-call": "Who may roll production back.",
  "risk-manager": "Who receives incidents and owns the root-cause analysis."
};
var rolePatterns = policy_schema_default.definitions.roles.additionalProperties.properties;
var LOGIN = new RegExp(rolePatterns.users.items.pattern);
var TEAM = new RegExp(rolePatterns.teams.items.pattern);
var NAME = new RegExp(policy_schema_default.definitions.metadata.properties.name.pattern);
function holders(option, values) {
  const out = { users: [], teams: [] };
  for (const v of values.flatMap((s) => s.split(",")).map((s) => s.trim().replace(/^@/, ""))) {
    if (!v) continue;
    if (v.includes("/") ? !TEAM.test(v) : !LOGIN.test(v))
      throw new UserError({
        message: `--${option}: "${v}" is neither a GitHub login nor a team`,
        hint: "write logins such as priya-po, or teams as org/team-slug, e.g. acme/governance"
      });
    (v.includes("/") ? out.teams : out.users).push(v);
  }
  return out;
}
var SHA = /^[0-9a-f]{40}$/;
var LOCK = "package-lock.json";
async function installedSource(files) {
  if ((await files.stat(LOCK))?.kind !== "file") return null;
  let lock;
  try {
    lock = JSON.parse(new TextDecoder().decode(await files.read(LOCK)));
  } catch {
    throw new UserError({
      message: `${LOCK} is not valid JSON`,
      hint: "run npm install to rewrite it, or pass --from OWNER/NAME@<full commit SHA>",
      location: { file: LOCK }
    });
  }
  const entry = lock.packages?.["node_modules/release-gates"];
  const m = /github\.com[/:]([A-Za-z0-9-]+\/[A-Za-z0-9._-]+?)(?:\.git)?#([0-9a-f]{40})$/.exec(
    entry?.resolved ?? ""
  );
  if (!m) return null;
  return {
    repository: m[1],
    ref: m[2],
    ...entry?.version ? { label: `v${entry.version}` } : {}
  };
}
async function chooseSource(from, allowMoving, files, tool2) {
  const installed = await installedSource(files) ?? (tool2 ? { repository: tool2.repository, ref: tool2.commit, label: `v${TOOL.version}` } : null);
  if (!from && installed) return installed;
  const source = parseSource(from ?? DEFAULT_SOURCE);
  if (SHA.test(source.ref))
    return installed?.ref === source.ref && installed.label ? { ...source, label: installed.label } : source;
  if (allowMoving) return { ...source, moving: true };
  const lookup = `git ls-remote https://github.com/${source.repository} 'refs/tags/*'`;
  throw new UserError(
    from ? {
      message: `--from ${from}: ${source.ref} is a tag or branch, which whoever controls ${source.repository} can move to other code`,
      hint: `pin the commit of the release, a full 40-character SHA (${lookup} lists them), or pass --allow-moving-ref to accept the moving ref`
    } : {
      message: `cannot tell which release-gates commit to pin: ${LOCK} has no release-gates installed from GitHub, and this release-gates records no commit`,
      hint: `run the published package (npx release-gates@1 init ...), or install it from GitHub (npm install --save-dev github:release-gates/release-gates#v1, which records the commit), or pass --from OWNER/NAME@<full commit SHA> (${lookup} lists them), or --allow-moving-ref for ${DEFAULT_SOURCE}`
    }
  );
}
function parseSource(text2) {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)@([A-Za-z0-9._/-]+)$/.exec(text2);
  if (!m)
    throw new UserError({
      message: `--from must be OWNER/NAME@REF, not "${text2}"`,
      hint: `e.g. ${DEFAULT_SOURCE}, or a full commit SHA after the @`
    });
  return { repository: m[1], ref: m[2] };
}
function plan(o) {
  const release = releaseWorkflows(o.source);
  const workflow = (file, what) => ({
    path: `.github/workflows/${file}`,
    what,
    text: release[file]
  });
  return [
    {
      path: DEFAULT_POLICY_PATH,
      what: "the starter policy, in report mode",
      text: starterPolicy(o)
    },
    {
      path: ".github/workflows/release-gates.yml",
      what: "every gate as its own required check, through the reusable workflow",
      text: gatesWorkflow(o.source)
    },
    workflow("promote.yml", "Promote to stable"),
    workflow("rollback.yml", "Rollback to stable"),
    workflow("release-admin.yml", "Freeze, unfreeze or clear a rejection"),
    workflow("deploy.yml", "Deploy stable: plug your deployment in here"),
    {
      path: ".github/CODEOWNERS",
      what: "the governance lead reviews the policy and the workflows",
      text: codeOwners(o.roles["governance-lead"], o.source)
    },
    ...Object.entries(rulesets()).map(([file, text2]) => ({
      path: `.github/rulesets/${file}`,
      what: "a ruleset to import: the platform guards the policy gate checks",
      text: text2
    })),
    {
      path: DEFAULT_REGISTER_PATH,
      what: "a starter controls register, for when the compliance gate judges one",
      text: starterRegister(o.source)
    }
  ];
}
var ROLE_OPTIONS = Object.fromEntries(
  ROLES.map((role) => [role, list(ROLE_OPTION_HELP[role])])
);
var initCommand = defineCommand({
  name: "init",
  summary: "Write a starter policy (report mode) and the workflows for the gates and releases into this repository.",
  details: "Writes policies/release-policy.yaml, .github/workflows/{release-gates,promote,rollback,release-admin,deploy}.yml, .github/CODEOWNERS and the rulesets .github/rulesets/{main,releases,release-tags}.json. Writes nothing when one of them exists, unless --force. Next: docs/adopting.md.",
  options: {
    name: text("Short name of the application, e.g. faq-bot (metadata.name).", { required: true }),
    ...ROLE_OPTIONS,
    evals: list(
      "Your eval runner's result files (globs allowed): enables the evals gate with a pass-rate objective.",
      { paths: true }
    ),
    golden: list("Your golden output files (globs allowed): enables the pii gate on them.", {
      paths: true
    }),
    from: text(
      "The release-gates the workflows use, as OWNER/NAME@<full commit SHA>. Default: the commit package-lock.json records for release-gates, else the commit the running npm package was built from."
    ),
    "allow-moving-ref": flag(
      "Accept a tag or branch in --from (e.g. @v1): whoever can move it then decides what judges your pull requests."
    ),
    force: flag("Replace files that exist."),
    "dry-run": flag("Say what would be written; write nothing.")
  },
  examples: [
    {
      what: "Say what would be written for a new application; write nothing",
      run: "release-gates init --name faq-bot --governance-lead gabriel-gov,gwen-gov --dry-run"
    },
    {
      what: "Write the policy and workflows, with the eval results the evals gate judges",
      run: "release-gates init --name faq-bot --governance-lead gabriel-gov --product-owner pia-po --evals 'evals/results/*.json'"
    }
  ],
  async run(options, { ports, run, tool: tool2 }) {
    const dryRun = options["dry-run"];
    const items = [];
    let written = [];
    let summary;
    let policy = null;
    try {
      const name = options.name;
      if (!NAME.test(name))
        throw new UserError({
          message: `--name must be a short name of lower-case letters, digits, dots, dashes and underscores, not "${name}"`,
          hint: "e.g. --name faq-bot"
        });
      const roles = Object.fromEntries(
        ROLES.map((r) => [r, holders(r, options[r])])
      );
      const governance = roles["governance-lead"];
      if (!governance.users.length && !governance.teams.length)
        throw new UserError({
          message: "--governance-lead is required: the policy needs an owner",
          hint: "e.g. --governance-lead gabriel-gov,gwen-gov (two people: an author never approves their own change)"
        });
      const files = plan({
        name,
        source: await chooseSource(options.from, options["allow-moving-ref"], ports.files, tool2),
        roles,
        evals: options.evals,
        golden: options.golden
      });
      try {
        policy = parsePolicy(new TextEncoder().encode(files[0].text), DEFAULT_POLICY_PATH).ref;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        throw new UserError(
          e.problems.map((p) => ({
            message: `the options give a policy that is not valid: ${p.message}`,
            ...p.hint ? { hint: p.hint } : {}
          }))
        );
      }
      const existing = /* @__PURE__ */ new Set();
      for (const f of files) if (await ports.files.stat(f.path)) existing.add(f.path);
      const blocked = existing.size > 0 && options.force !== true;
      for (const f of files) {
        const exists = existing.has(f.path);
        items.push({
          id: `file/${f.path}`,
          status: blocked && exists ? "fail" : "pass",
          message: blocked && exists ? `${f.path} exists: nothing was written` : `${blocked ? "not written" : dryRun ? "would write" : exists ? "replaced" : "wrote"} ${f.path}: ${f.what}`,
          ...blocked && exists ? {
            hint: "compare it with what init writes (--dry-run), then run again with --force to replace it, or remove it"
          } : {},
          location: { file: f.path },
          rule: "file"
        });
      }
      if (!blocked && !dryRun) {
        for (const f of files) await ports.files.write(f.path, f.text);
        written = files.map((f) => f.path);
      }
      summary = blocked ? `nothing written: ${existing.size} of the files exist (--force replaces them)` : `${dryRun ? "would write" : "wrote"} ${files.length} files: the policy in report mode, a controls register and the workflows`;
      if (!blocked)
        items.push({
          id: "next",
          status: "info",
          message: "next: run `release-gates check` (report mode: nothing blocks yet), commit and push to main, then require the checks and switch to enforce (docs/adopting.md)",
          rule: "next"
        });
    } catch (e) {
      items.push(...errorItems(e));
    }
    const verdict = decide(
      { items, ...summary ? { summary } : {}, data: { written } },
      { gate: "init", title: "Init", mode: "enforce" }
    );
    return makeReport("init", [verdict], policy, run.commit);
  }
});

// actions/lib/commands/pii-scan.ts
var piiScanCommand = defineCommand({
  name: "pii-scan",
  summary: "Scan files for personal data and secrets (masked previews only); the pii gate on any paths.",
  details: "Detectors, allowlists and the baseline come from gates.pii of the policy when it has one, otherwise the defaults apply. Formats follow the extension: .jsonl (streamed), .json, .yaml, .csv, anything else as text.",
  positional: {
    name: "paths",
    description: "Files or globs to scan (default: gates.pii.paths of the policy)."
  },
  options: {
    paths: list("Files or globs to scan.", { paths: true }),
    fields: list(
      "In structured files, scan only these fields (names, or JSON pointers like /messages/*/content)."
    ),
    baseline: path(
      "Accept the findings recorded in this baseline file (default: gates.pii.baseline)."
    ),
    "write-baseline": path(
      "Record every current finding in this baseline file (salted hashes, never values), keeping its salt when it exists, and pass."
    ),
    policy: path(
      `Policy whose gates.pii settings apply (default: ${DEFAULT_POLICY_PATH} when it exists).`
    ),
    "policy-ref": text("Read the policy as it is at this git ref instead of the working tree.")
  },
  examples: [
    {
      what: "Scan golden outputs with the settings of the policy",
      run: "release-gates pii-scan 'evals/golden/**/*.jsonl'"
    },
    {
      what: "Scan only the answers in a conversation export",
      run: "release-gates pii-scan exports/today.jsonl --fields /messages/*/content"
    },
    {
      what: "Accept the current findings into a baseline (review it before committing)",
      run: "release-gates pii-scan --write-baseline evals/pii-baseline.json"
    }
  ],
  async run(options, { ports, run }) {
    const policyPath = options.policy;
    let loaded;
    if (policyPath || options["policy-ref"] || await ports.files.stat(DEFAULT_POLICY_PATH)) {
      loaded = await loadPolicy(options, ports);
    }
    const section = loaded?.policy.gates.pii;
    const paths = options.paths;
    if (paths.length === 0 && !section) {
      throw new UserError({
        message: "no files to scan",
        hint: "name files or globs, e.g. release-gates pii-scan evals/golden/**/*.jsonl"
      });
    }
    const fields = options.fields;
    const config = {
      ...DEFAULT_PII_CONFIG,
      ...section,
      paths: paths.length ? paths : section.paths,
      ...fields.length ? { fields } : {}
    };
    const inputs = new InputRecorder(ports.files, ports.git);
    const write = options["write-baseline"];
    const baselineFile = options.baseline ?? config.baseline;
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
      (path2) => given.has(String(path2[2])) ? void 0 : loaded?.locate(path2)
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
});

// actions/lib/commands/platform-guards.ts
var TITLE = "Platform guards";
var platformGuardsCommand = defineCommand({
  name: "platform-guards",
  summary: "Check the rulesets of the source and release branches: pull requests, code-owner review, last-push approval, every gate as a required check, no force push or deletion of the release branch.",
  details: "Reads GET /repos/{owner}/{repo}/rules/branches/{branch} for promotion.source and promotion.branch with GITHUB_TOKEN or GH_TOKEN (contents: read). Each missing guard fails with its fix. The policy gate runs the same check on every pull request. Next: docs/adopting.md.",
  options: { ...POLICY_OPTIONS, repo: REPO_OPTION },
  examples: [
    {
      what: "Check the rulesets of the repository (needs GITHUB_TOKEN, contents: read)",
      run: "release-gates platform-guards --repo acme/support-chatbot"
    },
    { what: "The same, as JSON", run: "release-gates platform-guards --format json" }
  ],
  async run(options, { ports, run: runInfo }) {
    const run = withRepository(options, runInfo);
    let loaded;
    try {
      loaded = await loadPolicy(options, ports);
    } catch (e) {
      return makeReport(
        "platform-guards",
        [errorVerdict("platform-guards", TITLE, "enforce", errorItems(e))],
        null,
        run.commit
      );
    }
    let items;
    try {
      items = await platformGuardItems(loaded.policy, ports.github, run, { required: true });
    } catch (e) {
      items = errorItems(e, "platform/");
    }
    const { source, release } = expectedGuards(loaded.policy);
    const failed = items.filter((i) => i.status === "fail" || i.status === "error").length;
    const verdict = decide(
      {
        items,
        summary: failed ? `${failed} guard${failed === 1 ? "" : "s"} missing or unreadable on ${source} and ${release}` : `every guard the gates rely on is in force on ${source} and ${release}`
      },
      { gate: "platform-guards", title: TITLE, mode: "enforce" }
    );
    return makeReport("platform-guards", [verdict], loaded.ref, run.commit);
  }
});

// actions/lib/commands/stamp-evals.ts
var stampEvalsCommand = defineCommand({
  name: "stamp-evals",
  summary: "Record, beside each eval result file, the hash of the prompts and model configuration it was produced from (run it right after the evals).",
  details: "Writes <result file>.stamp for every result file of gates.evals: the result file's sha256, the content hash of the freshness paths and the model configuration, and the model version. The evals gate recomputes them, so results re-committed after the prompts changed are stale (docs/evals.md#stamps).",
  options: {
    ...POLICY_OPTIONS,
    "produced-by": text(
      "Who produced the results, recorded in the stamp, e.g. the URL of the CI run."
    )
  },
  examples: [
    { what: "Stamp the result files right after the evals ran", run: "release-gates stamp-evals" },
    {
      what: "Record the CI run that produced them",
      run: "release-gates stamp-evals --produced-by https://github.com/acme/support-chatbot/actions/runs/123"
    }
  ],
  async run(options, { ports, run }) {
    let loaded;
    let items;
    try {
      loaded = await loadPolicy(options, ports);
      const config = loaded.policy.gates.evals;
      if (!config?.freshness) {
        throw new UserError({
          message: "the policy has no gates.evals.freshness: there is nothing to stamp results with",
          hint: "list what the evals evaluate in gates.evals.freshness.paths",
          location: loaded.locate(["gates", "evals"])
        });
      }
      const env = { ports, loaded, inputs: new InputRecorder(ports.files, ports.git) };
      items = [];
      for (const { path: path2 } of await currentFiles(config, env)) {
        const stamp = await makeStamp(ports.files, loaded.policy, path2, options["produced-by"]);
        await ports.files.write(stampPath(path2), JSON.stringify(stamp, null, 2) + "\n");
        items.push({
          id: stampPath(path2),
          status: "pass",
          message: `stamped ${path2}: ${stamp.evaluated.files} evaluated files (hash ${shortSha(stamp.evaluated.sha256)}…)${stamp.model ? `, model ${stamp.model.version}` : ""}`,
          location: { file: stampPath(path2) }
        });
      }
    } catch (e) {
      items = errorItems(e);
    }
    const verdict = decide(
      { items },
      { gate: "stamp-evals", title: "Stamp eval results", mode: "enforce" }
    );
    return makeReport("stamp-evals", [verdict], loaded?.ref ?? null, run.commit);
  }
});

// actions/lib/commands/index.ts
var COMMANDS = [
  initCommand,
  checkCommand,
  commentCommand,
  validatePolicyCommand,
  stampEvalsCommand,
  platformGuardsCommand,
  piiScanCommand,
  promoteCommand,
  rollbackCommand,
  freezeCommand,
  unfreezeCommand,
  clearRejectionCommand,
  releasesCommand,
  repairCommand,
  verifyReleaseCommand,
  auditPackCommand,
  monitorCommand,
  ...FEEDBACK_COMMANDS
];
function findCommand(name) {
  return COMMANDS.find((c) => c.name === name);
}
function subcommands(group) {
  return COMMANDS.filter((c) => c.name.startsWith(`${group} `));
}

// actions/runtime/ports/prompt.ts
import { createInterface } from "node:readline";
var TerminalPrompt = class {
  constructor(input, output) {
    this.input = input;
    this.output = output;
  }
  input;
  output;
  rl;
  closed = false;
  open() {
    if (!this.rl) {
      this.rl = createInterface({ input: this.input, output: this.output, terminal: true });
      this.rl.on("close", () => this.closed = true);
    }
    return this.rl;
  }
  ask(question) {
    const rl = this.open();
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve2) => {
      const onClose = () => resolve2(null);
      rl.once("close", onClose);
      rl.question(question, (answer) => {
        rl.off("close", onClose);
        resolve2(answer);
      });
    });
  }
  say(text2) {
    this.output.write(`${text2}
`);
  }
  close() {
    this.rl?.close();
  }
};

// actions/cli/cli.ts
var READ_BY_PEOPLE = ["text", "markdown"];
var OUTPUT_OPTIONS = {
  format: { type: "string", short: "f" },
  out: { type: "string", short: "o" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" }
};
var piiCheck;
function masked(value) {
  piiCheck ??= policyPiiCheck();
  return maskText(value, piiCheck(value));
}
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
var PATHS_NOTE = "Files named on the command line are relative to the current directory and may be anywhere; paths the policy names, and patterns, stay inside the repository.";
function groupUsage(group, commands) {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `Usage: release-gates ${group} <command> [options]`,
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    `Run \`release-gates ${group} <command> --help\` for its options.`,
    ""
  ].join("\n");
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
    PATHS_NOTE,
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
  for (const [name, o] of Object.entries(spec.options)) {
    if (name === spec.positional?.name) continue;
    const flag2 = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.kind === "flag" ? "" : o.kind === "path" ? " <file>" : " <value>"}`;
    const extra = [
      o.kind === "choice" ? `one of ${o.choices.join(", ")}` : "",
      "default" in o && o.default !== void 0 ? `default ${o.default}` : "",
      o.kind === "list" ? "repeatable" : ""
    ].filter(Boolean).join("; ");
    lines.push(`  ${flag2.padEnd(34)}${o.description}${extra ? ` (${extra})` : ""}`);
  }
  lines.push(
    `  ${"-f, --format <value>".padEnd(34)}Output format: ${FORMATS.join(", ")} (default text)`,
    `  ${"-o, --out <file>".padEnd(34)}Write the output to a file instead of standard output`,
    `  ${"-v, --verbose".padEnd(34)}Text output lists passing items too`,
    `  ${"-h, --help".padEnd(34)}Show this help`,
    "",
    PATHS_NOTE,
    ""
  );
  if (spec.examples.length) {
    lines.push("Examples:");
    for (const e of spec.examples) lines.push(`  # ${e.what}`, `  ${e.run}`);
    lines.push("");
  }
  return lines.join("\n");
}
function checkKnownOptions(spec, args, options) {
  const known = Object.keys(options);
  const { tokens } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true
  });
  for (const token of tokens) {
    if (token.kind !== "option" || known.includes(token.name)) continue;
    const near = token.rawName.startsWith("--") ? nearest(token.name, known) : void 0;
    throw new UserError({
      message: `unknown option ${masked(token.rawName)}${near ? `. Did you mean --${near}?` : ""}`,
      hint: `run release-gates ${spec.name} --help for its options`
    });
  }
}
function parseCommandArgs(spec, args, cwd, root) {
  const options = { ...OUTPUT_OPTIONS };
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = {
      type: o.kind === "flag" ? "boolean" : "string",
      ...o.kind === "list" ? { multiple: true } : {},
      ...o.short ? { short: o.short } : {}
    };
  }
  checkKnownOptions(spec, args, options);
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
      message: `unexpected argument "${masked(parsed.positionals[0])}"`,
      hint: `quote a value with spaces ("--description 'It said …'"); run release-gates ${spec.name} --help`
    });
  }
  const help = values.help === true;
  if (spec.positional) {
    const name = spec.positional.name;
    values[name] = [...values[name] ?? [], ...parsed.positionals];
  }
  const given = /* @__PURE__ */ new Set();
  const toRoot = (p) => {
    const full = resolve(cwd, p);
    const rel = relative(root, full);
    const path2 = (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? full : rel).split(sep).join("/");
    given.add(path2);
    return path2;
  };
  const format = values.format ?? "text";
  if (!help && !FORMATS.includes(format)) {
    const near = nearest(format, FORMATS);
    throw new UserError({
      message: `--format must be one of ${FORMATS.join(", ")}, not "${masked(format)}"`,
      ...near ? { hint: `did you mean ${near}?` } : {}
    });
  }
  return {
    // --help shows the options; it needs none of them right.
    options: help ? void 0 : parseOptions(spec.options, values, {
      label: (name) => `--${name}`,
      path: toRoot,
      quote: masked
    }),
    given,
    format,
    out: values.out,
    verbose: values.verbose === true,
    help
  };
}
function outFile(cwd, out) {
  const file = resolve(cwd, out);
  if (out === "" || statSync(file, { throwIfNoEntry: false })?.isDirectory())
    throw new UserError({
      message: `--out ${out === "" ? "is empty" : `${out} is a directory`}: it names the file the report is written to`,
      hint: `name a file, e.g. --out ${join(out || ".", "report.json")}`
    });
  return file;
}
function writeOut(file, given, text2) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text2);
  } catch (e) {
    throw new UserError({
      message: `--out ${given} cannot be written: ${describeError(e)}`,
      hint: "name a file in a directory you may write to"
    });
  }
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
  const group = subcommands(name);
  if (group.length) {
    const sub = args[0];
    if (sub === void 0 || sub === "--help" || sub === "-h" || sub === "help") {
      (sub ? io.stdout : io.stderr)(groupUsage(name, group));
      return sub ? 0 : 2;
    }
    if (!findCommand(`${name} ${sub}`)) {
      const near = nearest(
        sub,
        group.map((c) => c.name.slice(name.length + 1))
      );
      io.stderr(
        `release-gates: unknown command "${name} ${masked(sub)}"${near ? `. Did you mean "${name} ${near}"?` : ""}

${groupUsage(name, group)}`
      );
      return 2;
    }
  }
  const spec = group.length ? findCommand(`${name} ${args.shift()}`) : findCommand(name);
  if (!spec) {
    const words = [...new Set(COMMANDS.map((c) => c.name.split(" ")[0]))];
    const near = nearest(name, words);
    io.stderr(
      `release-gates: unknown command "${masked(name)}"${near ? `. Did you mean "${near}"?` : ""}

${usage()}`
    );
    return 2;
  }
  const prompt = io.terminal ? new TerminalPrompt(io.terminal.input, io.terminal.output) : void 0;
  let ports;
  try {
    const root = repoRoot(io.cwd);
    const parsed = parseCommandArgs(spec, args, io.cwd, root);
    if (!parsed.options) {
      io.stdout(commandHelp(spec));
      return 0;
    }
    const out = parsed.out === void 0 ? void 0 : outFile(io.cwd, parsed.out);
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
    ports = createPorts(
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
      } : void 0,
      prompt,
      parsed.given,
      (line) => io.stderr(`release-gates: ${line}
`)
    );
    const run = await runInfoFromEnv(io.env, ports.git);
    const report2 = await spec.run(parsed.options, {
      ports,
      run,
      ...io.tool ? { tool: io.tool } : {}
    });
    const text2 = render(report2, parsed.format, { verbose: parsed.verbose });
    if (out) {
      writeOut(out, parsed.out, text2);
      io.stderr(
        `release-gates ${spec.name}: ${report2.result}; wrote ${parsed.format} to ${parsed.out}
`
      );
    } else {
      io.stdout(
        io.frameReport && READ_BY_PEOPLE.includes(parsed.format) ? io.frameReport(text2) : text2
      );
    }
    return exitCodeOf(report2.result);
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
  } finally {
    prompt?.close();
    if (ports) closePorts(ports);
  }
}

// actions/cli/main.ts
function packagedCommit() {
  try {
    const manifest = JSON.parse(
      readFileSync(new URL("../../../package.json", import.meta.url), "utf8")
    );
    const { repository, commit } = manifest.releaseGates ?? {};
    return typeof repository === "string" && typeof commit === "string" && /^[0-9a-f]{40}$/.test(commit) ? { repository, commit } : void 0;
  } catch {
    return void 0;
  }
}
var tool = packagedCommit();
var onRunner = process.env.GITHUB_ACTIONS === "true";
var toLog = onRunner && !fstatSync(1).isFile();
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text2) => process.stdout.write(text2),
  stderr: (text2) => process.stderr.write(onRunner ? pauseCommands(text2) : text2),
  ...process.stdin.isTTY && process.stderr.isTTY ? { terminal: { input: process.stdin, output: process.stderr } } : {},
  ...toLog ? { frameReport: pauseCommands } : {},
  ...tool ? { tool } : {}
});
