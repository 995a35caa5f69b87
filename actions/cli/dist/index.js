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
  clearRejectionCommand,
  createPorts,
  decide,
  errorItems,
  exitCodeOf,
  firstSyntaxError,
  freezeCommand,
  list,
  loadPolicy,
  locatePointers,
  makeReport,
  maskText,
  monitorCommand,
  parseTimestamp,
  piiOutcome,
  policyPiiCheck,
  promoteCommand,
  readBaseline,
  releasesCommand,
  render,
  rollbackCommand,
  runInfoFromEnv,
  scanPaths,
  showValue,
  str,
  unfreezeCommand,
  validatePolicyCommand,
  withPullRequest
} from "../../shared/dist/chunk-ZQBI7DL2.js";
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
function checkUserId(v, pii) {
  const field = "user_id";
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
      `must be one of ${FEEDBACK_TYPES.join(", ")}${typeof type === "string" ? `, not "${type.slice(0, 20)}"` : ""}`
    );
  const rating = input.rating;
  if (rating !== void 0 && rating !== null && (typeof rating !== "number" || !Number.isInteger(rating) || rating < 1 || rating > 5))
    fail(
      "rating",
      `must be a whole number from 1 to 5${typeof rating === "number" ? `, not ${rating}` : `, not ${kind(rating)}`}`
    );
  const description = input.description;
  let text = "";
  let masked = [];
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
    text = maskText(trimmed, found);
    masked = [...new Set(found.map((f) => f.type))];
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
  const kept = [.../* @__PURE__ */ new Set([...piiList ?? [], ...masked])];
  return {
    record: {
      id: typeof id === "string" ? id : newId(ctx.now),
      created_at: new Date(created).toISOString(),
      user_id: user,
      type: type.toLowerCase(),
      rating: typeof rating === "number" ? rating : null,
      description: text,
      conversation: typeof conversation === "string" && conversation !== "" ? conversation : null,
      source: source ?? ctx.source,
      ...kept.length ? { pii: kept } : {}
    },
    masked
  };
}
function fieldProblem(field, value, ctx) {
  const base = { type: "other", description: "x", [field]: value };
  const result = checkFeedback(base, ctx);
  return Array.isArray(result) ? result.find((p) => p.field === field)?.message : void 0;
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
function parseWeek(text, now) {
  if (text === "last") return weekOf(now.getTime() - 7 * DAY);
  if (text === "current") return weekOf(now.getTime());
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  const week = m ? Number(m[2]) : 0;
  if (m && week >= 1 && week <= 53) {
    const jan4 = Date.UTC(Number(m[1]), 0, 4);
    const found = weekOf(mondayOf(jan4) + (week - 1) * 7 * DAY);
    if (found.label === text) return found;
  }
  throw new UserError({
    message: `--week must be last, current or an ISO week such as 2026-W47, not "${text}"`,
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

// actions/lib/feedback/sources.ts
function fileCandidates(file, text) {
  const jsonl = /\.(jsonl|ndjson)$/i.test(file);
  const notObject = { field: "record", message: "is not a JSON object" };
  if (jsonl) {
    const out = [];
    text.split("\n").forEach((line, i) => {
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
    value = JSON.parse(text);
  } catch {
    const e = firstSyntaxError(text);
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
  const positions = locatePointers(text, pointers);
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
async function readStore(path, files, inputs) {
  const store = { path, exists: false, entries: [], problems: [], terminated: true };
  if (!await files.stat(path)) return store;
  const text = Buffer.from(await inputs.read(path)).toString("utf8");
  store.exists = true;
  store.terminated = text === "" || text.endsWith("\n");
  text.split("\n").forEach((raw, i) => {
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
        location: { file: path, line }
      });
    else store.entries.push({ line, raw, record: value });
  });
  return store;
}
async function appendRecords(files, store, records) {
  if (records.length === 0) return;
  const text = records.map((r) => JSON.stringify(r)).join("\n") + "\n";
  await files.append(store.path, store.terminated ? text : `
${text}`);
}
async function rewriteStore(files, store, keep) {
  if (store.problems.length)
    throw new UserError(
      store.problems.map((p) => ({
        ...p,
        message: `${p.message}: the store is not rewritten, so that nothing is erased in part`
      }))
    );
  const kept = store.entries.filter((e) => keep(e.record));
  const removed = store.entries.length - kept.length;
  if (removed > 0) await files.write(store.path, kept.map((e) => `${e.raw}
`).join(""));
  return { removed, kept: kept.length };
}

// actions/lib/commands/feedback.ts
var DEFAULTS = {
  path: "evals/feedback/feedback.jsonl",
  retention_days: 365,
  issue_label: "feedback"
};
var STORE_OPTIONS = [
  {
    name: "store",
    type: "string",
    description: `The feedback store (default: feedback.path of the policy, else ${DEFAULTS.path}).`
  },
  {
    name: "policy",
    type: "string",
    description: `Policy whose feedback and gates.pii settings apply (default: ${DEFAULT_POLICY_PATH} when it exists).`
  },
  {
    name: "policy-ref",
    type: "string",
    description: "Read the policy as it is at this git ref instead of the working tree."
  }
];
async function context(options, ports) {
  let loaded;
  if (str(options, "policy") || str(options, "policy-ref") || await ports.files.stat(DEFAULT_POLICY_PATH))
    loaded = await loadPolicy(options, ports);
  const config = loaded?.policy.feedback ?? DEFAULTS;
  return {
    loaded,
    config,
    store: str(options, "store") ?? config.path,
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
function maskedNote(types) {
  return types.length ? `; the description held ${types.map((t) => PII_WORDS[t]).join(" and ")}, stored masked` : "";
}
function describe(r) {
  return `${r.type}${r.rating !== null ? `, rating ${r.rating}` : ""}${r.user_id ? `, user ${r.user_id}` : ", anonymous"}`;
}
function flagsOf(options) {
  const out = {};
  for (const [flag, field] of [
    ["user-id", "user_id"],
    ["type", "type"],
    ["description", "description"],
    ["conversation", "conversation"]
  ]) {
    const v = str(options, flag);
    if (v !== void 0) out[field] = v;
  }
  const rating = str(options, "rating");
  if (rating !== void 0) out.rating = /^-?\d+(\.\d+)?$/.test(rating) ? Number(rating) : rating;
  return out;
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
var feedbackAddCommand = {
  name: "feedback add",
  summary: "Add one piece of feedback: asks for each field in a terminal, or takes them all as flags.",
  details: "Without --type and --description, and in an interactive terminal, asks for every field not given. The user id must be pseudonymous (an email, a phone number or other personal data is refused); personal data in the description is masked before it is stored. The record is appended to the store, which is never rewritten.",
  options: [
    {
      name: "user-id",
      type: "string",
      description: "Pseudonymous id of the user (e.g. u-7f3a91); absent: anonymous."
    },
    { name: "type", type: "string", choices: FEEDBACK_TYPES, description: "Kind of feedback." },
    {
      name: "rating",
      type: "string",
      description: "Rating of the answer, 1 (very poor) to 5 (very good)."
    },
    {
      name: "description",
      type: "string",
      description: `What happened, at most ${MAX_DESCRIPTION} characters.`
    },
    {
      name: "conversation",
      type: "string",
      description: "Request or conversation id the feedback is about."
    },
    ...STORE_OPTIONS
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const check = { now: ctx.now, source: "cli", pii: ctx.pii };
    let input = flagsOf(options);
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
      return report("add", ctx, run, {
        items: fieldItems(checked, { key: "feedback", name: "the feedback" }),
        summary: "nothing stored: the feedback is not valid"
      });
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    if (store.entries.some((e) => e.record.id === checked.record.id))
      throw new UserError({
        message: `a record with id ${checked.record.id} is already in ${ctx.store}`,
        hint: "run it again: ids are random"
      });
    await appendRecords(ports.files, store, [checked.record]);
    const r = checked.record;
    ports.prompt?.say(`Stored ${r.id}${maskedNote(checked.masked)}.`);
    return report("add", ctx, run, {
      items: [
        {
          id: "stored",
          status: "pass",
          message: `stored ${r.id} (${describe(r)}) in ${ctx.store}${maskedNote(checked.masked)}`,
          location: { file: ctx.store }
        },
        ...storeItems(store, "warn")
      ],
      summary: `stored ${r.id} (${describe(r)})${maskedNote(checked.masked)}`,
      data: { record: r }
    });
  }
};
async function closeImported(api, pii, imported) {
  const items = [];
  for (const { issue, record, masked = [] } of imported) {
    const id = `issue/${issue.number}/close`;
    try {
      await api.github.commentOnIssue(
        api.repo,
        issue.number,
        `Thank you: imported into the feedback store as \`${issueRecordId(issue.number)}\`${record ? ` (${describe(record)})` : ""}.${masked.length ? " The description held personal data, so this issue now shows it masked, as the store does." : ""}`
      );
      await api.github.closeIssue(
        api.repo,
        issue.number,
        masked.length ? maskText(issue.body, pii(issue.body)) : void 0
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
var feedbackImportCommand = {
  name: "feedback import",
  summary: "Import feedback from a JSON or JSON Lines file, or from the issues of the feedback form; all or nothing.",
  details: "Every record is checked first; any invalid one (each problem named by record and field) means nothing is written, unless --skip-invalid. --from-issues reads the open issues labelled feedback.issue_label (written with .github/ISSUE_TEMPLATE/feedback.yml), appends them with the id issue-<number>, and closes each with a comment, its body masked when it held personal data; an issue already in the store is never imported twice.",
  positional: { name: "file", description: "A JSON list of records, or JSON Lines (.jsonl)." },
  options: [
    { name: "file", type: "list", description: "File to import." },
    {
      name: "from-issues",
      type: "boolean",
      default: false,
      description: "Import the issues of the feedback form instead of a file (needs GITHUB_TOKEN)."
    },
    {
      name: "include-closed",
      type: "boolean",
      default: false,
      description: "With --from-issues: closed issues too (recovers issues closed by a run whose commit of the store was lost)."
    },
    {
      name: "skip-invalid",
      type: "boolean",
      default: false,
      description: "Import the valid records and report the invalid ones as warnings."
    },
    {
      name: "repo",
      type: "string",
      cliOnly: true,
      description: "Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY."
    },
    ...STORE_OPTIONS
  ],
  async run(options, env) {
    const { ports } = env;
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    const files = list(options, "file");
    const file = files[0];
    const fromIssues = options["from-issues"] === true;
    if (files.length > 1 || !file === !fromIssues)
      throw new UserError({
        message: fromIssues ? "give a file or --from-issues, not both" : files.length > 1 ? "give one file to import at a time" : "give a file to import, or --from-issues",
        hint: "e.g. release-gates feedback import survey.jsonl"
      });
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    const stored = new Set(store.entries.map((e) => e.record.id));
    let candidates;
    let done = [];
    let api;
    if (file) {
      candidates = fileCandidates(file, Buffer.from(await ctx.inputs.read(file)).toString("utf8"));
      if (candidates.length === 0)
        throw new UserError({ message: `${file} holds no feedback record`, location: { file } });
    } else {
      if (!ports.github || !run.repository)
        throw new UserError({
          message: `--from-issues reads the feedback issues through the GitHub API, but ${ports.github ? "the repository is not known" : "no token was given"}`,
          hint: ports.github ? "pass --repo OWNER/NAME, or set GITHUB_REPOSITORY" : "set GITHUB_TOKEN or GH_TOKEN (issues: write, to close the imported issues)"
        });
      api = { github: ports.github, repo: run.repository };
      ({ candidates, done } = await issueCandidates(
        api.github,
        api.repo,
        { label: ctx.config.issue_label, includeClosed: options["include-closed"] === true },
        stored
      ));
    }
    const source = fromIssues ? "issue" : "import";
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
      invalid.push(...fieldItems(problems, c, options["skip-invalid"] === true ? "warn" : "error"));
    }
    const total = candidates.length;
    if (invalid.length && options["skip-invalid"] !== true) {
      const bad = total - valid.length;
      return report("import", ctx, run, {
        items: invalid,
        summary: `nothing written: ${bad} of ${total} record${total === 1 ? " is" : "s are"} invalid; fix them, or pass --skip-invalid`
      });
    }
    await appendRecords(
      ports.files,
      store,
      valid.map((v) => v.record)
    );
    const items = [...invalid, ...storeItems(store, "warn")];
    const masked = valid.filter((v) => v.masked.length).length;
    items.push({
      id: "imported",
      status: "pass",
      observed: valid.length,
      message: `imported ${valid.length} of ${total} record${total === 1 ? "" : "s"} into ${ctx.store}${masked ? `; ${masked} description${masked === 1 ? "" : "s"} held personal data, stored masked` : ""}${invalid.length ? `; skipped ${total - valid.length} invalid` : ""}`,
      location: { file: ctx.store }
    });
    if (api)
      items.push(
        ...await closeImported(api, ctx.pii, [
          ...valid.map((v) => ({ issue: v.candidate.issue, record: v.record, masked: v.masked })),
          ...done.map((issue) => ({ issue }))
        ])
      );
    return report("import", ctx, run, {
      items,
      data: {
        imported: valid.length,
        skipped: total - valid.length,
        ids: valid.map((v) => v.record.id)
      }
    });
  }
};
var feedbackReportCommand = {
  name: "feedback report",
  summary: "The weekly feedback report: counts by type and by rating, each with the trend against the week before.",
  details: "Weeks are ISO 8601 weeks, Monday to Sunday, UTC. Safety and privacy feedback warns: each may be an incident. --format markdown gives the job summary of the weekly workflow.",
  options: [
    {
      name: "week",
      type: "string",
      default: "last",
      description: "last (the last complete week), current, or an ISO week such as 2026-W47."
    },
    ...STORE_OPTIONS
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const week = parseWeek(str(options, "week") ?? "last", ctx.now);
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    if (!store.exists)
      throw new UserError({
        message: `there is no feedback store at ${ctx.store}`,
        hint: "collect feedback first (release-gates feedback add, or the issue form), or pass --store",
        location: { file: ctx.store }
      });
    const outcome = weeklyReport(store.entries, week, ctx.store);
    outcome.items.push(...storeItems(store, "error"));
    return report("report", ctx, run, outcome);
  }
};
function printable(id, pii) {
  return maskText(id, pii(id));
}
var feedbackEraseCommand = {
  name: "feedback erase",
  summary: "Erase every record of a user (an erasure request): the store is rewritten atomically.",
  details: "Refuses to rewrite a store with unreadable lines, so that nothing is erased in part. The store is in git: erasing from the file does not erase it from history; docs/feedback.md says how.",
  options: [
    {
      name: "user-id",
      type: "string",
      required: true,
      description: "The pseudonymous user id whose records are erased."
    },
    ...STORE_OPTIONS
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const user = str(options, "user-id");
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    const who = printable(user, ctx.pii);
    const { removed, kept } = await rewriteStore(ports.files, store, (r) => r.user_id !== user);
    return report("erase", ctx, run, {
      items: [
        {
          id: "erased",
          status: "pass",
          observed: removed,
          message: removed ? `erased ${removed} record${removed === 1 ? "" : "s"} of user ${who} from ${ctx.store}; ${kept} kept` : `no record of user ${who} in ${ctx.store}${store.exists ? "" : " (there is no store)"}: nothing to erase`,
          location: { file: ctx.store }
        }
      ],
      data: { erased: removed, kept }
    });
  }
};
function cutoffOf(text, now) {
  const m = /^(\d+)([dw])$/.exec(text);
  if (m) return now.getTime() - Number(m[1]) * (m[2] === "w" ? 7 : 1) * 864e5;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseTimestamp(`${text}T00:00:00Z`) : parseTimestamp(text);
  if (time === null)
    throw new UserError({
      message: `--older-than must be a number of days or weeks (90d, 12w) or a date (2026-01-01), not "${text}"`,
      hint: "e.g. --older-than 365d; without it, feedback.retention_days of the policy applies"
    });
  return time;
}
var feedbackPruneCommand = {
  name: "feedback prune",
  summary: "Remove records older than the retention period (feedback.retention_days), rewriting the store atomically.",
  options: [
    {
      name: "older-than",
      type: "string",
      description: "Age (90d, 12w) or date (2026-01-01) before which records are removed. Default: feedback.retention_days of the policy."
    },
    ...STORE_OPTIONS
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const given = str(options, "older-than");
    const cutoff = cutoffOf(given ?? `${ctx.config.retention_days}d`, ctx.now);
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    const { removed, kept } = await rewriteStore(
      ports.files,
      store,
      (r) => Date.parse(r.created_at) >= cutoff
    );
    const since = new Date(cutoff).toISOString().slice(0, 10);
    const why = given ? "" : ` (retention ${ctx.config.retention_days} days)`;
    return report("prune", ctx, run, {
      items: [
        {
          id: "pruned",
          status: "pass",
          observed: removed,
          message: `${removed ? `removed ${removed} record${removed === 1 ? "" : "s"}` : "nothing to remove"} created before ${since}${why} from ${ctx.store}; ${kept} kept`,
          location: { file: ctx.store }
        }
      ],
      data: { removed, kept, before: since }
    });
  }
};
var FEEDBACK_COMMANDS = [
  feedbackAddCommand,
  feedbackImportCommand,
  feedbackReportCommand,
  feedbackEraseCommand,
  feedbackPruneCommand
];

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
  promoteCommand,
  rollbackCommand,
  freezeCommand,
  unfreezeCommand,
  clearRejectionCommand,
  releasesCommand,
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
  say(text) {
    this.output.write(`${text}
`);
  }
  close() {
    this.rl?.close();
  }
};

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
  "flagged",
  "file",
  "store"
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
    if (v === void 0 && o.required && values.help !== true) {
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
  const group = subcommands(name);
  if (group.length) {
    const sub = args[0];
    if (sub === void 0 || sub === "--help" || sub === "-h" || sub === "help") {
      (sub ? io.stdout : io.stderr)(groupUsage(name, group));
      return sub ? 0 : 2;
    }
    if (!findCommand(`${name} ${sub}`)) {
      io.stderr(`release-gates: unknown command "${name} ${sub}"

${groupUsage(name, group)}`);
      return 2;
    }
  }
  const spec = group.length ? findCommand(`${name} ${args.shift()}`) : findCommand(name);
  if (!spec) {
    io.stderr(`release-gates: unknown command "${name}"

${usage()}`);
    return 2;
  }
  const prompt = io.terminal ? new TerminalPrompt(io.terminal.input, io.terminal.output) : void 0;
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
      } : void 0,
      prompt
    );
    const run = await runInfoFromEnv(io.env, ports.git);
    const report2 = await spec.run(parsed.options, { ports, run });
    const text = render(report2, parsed.format, { verbose: parsed.verbose });
    if (parsed.out) {
      const file = resolve(io.cwd, parsed.out);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      io.stderr(
        `release-gates ${spec.name}: ${report2.result}; wrote ${parsed.format} to ${parsed.out}
`
      );
    } else {
      io.stdout(text);
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
  }
}

// actions/cli/main.ts
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...process.stdin.isTTY && process.stderr.isTTY ? { terminal: { input: process.stdin, output: process.stderr } } : {}
});
