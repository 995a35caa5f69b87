/**
 * `release-gates monitor`: reads the export of production interactions (and the reference
 * and previous windows), judges the SLOs and triggers of the policy's `monitoring` section,
 * writes the flagged interactions masked, and escalates breaches. One verdict, gate `monitor`.
 */
import { UserError } from '../errors.js';
import { InputRecorder } from '../gate.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { LangfuseApi, Monitoring } from '../policy/policy.generated.js';
import { checkWaivers } from '../policy/waivers.js';
import { policyPiiCheck, type PiiCheck } from '../pii/redact.js';
import type { Ports, ProgressPort, RunInfo } from '../ports.js';
import { decide } from '../verdict/decide.js';
import type { Item, Verdict } from '../verdict/model.js';
import { renderMarkdown } from '../verdict/render/markdown.js';
import { makeReport } from '../verdict/report.js';
import { escalate, kindTitle, type Incident } from './escalate.js';
import { count } from '../words.js';
import { judgeIncidents, judgeWindow, type Judged } from './judge.js';
import { langfuseApiWindow } from './langfuse-api.js';
import { judgePrometheus } from './prometheus.js';
import { modelVersionItem, readReleasedModel } from './released-model.js';
import { reviewControls } from './review.js';
import type { InteractionSource } from './source.js';
import { sourceOf } from './sources.js';
import { Window, type FlaggedInteraction } from './window.js';

export const MONITOR_GATE = 'monitor';
const TITLE = 'Production monitoring';

interface MonitorOptions {
  loaded: LoadedPolicy;
  /** Globs of the export; default `monitoring.logs`. */
  logs?: string[];
  reference?: string;
  previous?: string;
  /** Where to write the flagged interactions, masked (JSON Lines). */
  flagged?: string;
  dryRun: boolean;
}

async function filesOf(ports: Ports, patterns: string[], what: string): Promise<string[]> {
  const files = await ports.files.glob(patterns);
  if (files.length === 0)
    throw new UserError({
      message: `no ${what} matches ${patterns.join(', ')}`,
      hint: 'check the path, and that the export step of the workflow ran',
      location: { file: patterns[0]! },
    });
  return files;
}

/** Buffers flagged interactions and appends them in batches: memory stays bounded. */
class FlaggedWriter {
  private buffer = '';
  written = 0;

  constructor(
    private readonly ports: Ports,
    readonly path: string,
  ) {}

  async start(): Promise<void> {
    await this.ports.files.write(this.path, '');
  }

  async add(f: FlaggedInteraction): Promise<void> {
    this.buffer += JSON.stringify(f) + '\n';
    this.written++;
    if (this.buffer.length > 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer) await this.ports.files.append(this.path, this.buffer);
    this.buffer = '';
  }
}

type WindowExtra = { pii?: PiiCheck; flagged?: FlaggedWriter; progress?: ProgressPort };

async function readWindow(
  files: string[],
  inputs: InputRecorder,
  config: Monitoring,
  source: InteractionSource,
  mask: PiiCheck,
  extra: WindowExtra = {},
): Promise<Window> {
  const w = newWindow(config, source, mask, extra);
  for (const file of files) await w.read(file, inputs);
  await extra.flagged?.flush();
  return w;
}

/** The window of Langfuse's API (`monitoring.source.api`): the observations of the last `window`. */
async function readApiWindow(
  api: LangfuseApi,
  ports: Ports,
  now: Date,
  config: Monitoring,
  source: InteractionSource,
  mask: PiiCheck,
  extra: WindowExtra,
  locate: LoadedPolicy['locate'],
  inputs: InputRecorder,
): Promise<Window> {
  const location = locate(['monitoring', 'source', 'api']);
  if (!ports.langfuse)
    throw new UserError({
      message: 'this run cannot reach Langfuse',
      hint: "run the monitor through the CLI or the monitor action, which call Langfuse's API over HTTPS",
      ...(location ? { location } : {}),
    });
  const read = langfuseApiWindow(api, ports.langfuse, now, location);
  const w = newWindow(config, source, mask, extra);
  await w.readRecords(read.name, read.records);
  // The endpoint as the port reached it (the host may come from the environment).
  w.files.push(read.name);
  inputs.include([{ file: read.name, sha256: read.sha256() }]);
  await extra.flagged?.flush();
  return w;
}

function newWindow(
  config: Monitoring,
  source: InteractionSource,
  mask: PiiCheck,
  extra: WindowExtra,
): Window {
  const { progress } = extra;
  return new Window({
    source,
    ...(progress
      ? { progress: (file, n) => progress.report(`reading ${file}`, n, 'interactions') }
      : {}),
    mask,
    requestLatencyMs: config.request_latency_ms,
    harmfulLabels: new Set(config.harmful_labels),
    features: config.drift?.features ?? [],
    ...(extra.pii ? { pii: extra.pii } : {}),
    ...(extra.flagged ? { onFlagged: (f) => extra.flagged!.add(f) } : {}),
  });
}

/** Groups the failed items into incidents, one per kind, as the policy's `on_breach` says. */
function incidentsOf(verdict: Verdict, breaches: Map<string, { kind: string; action: string }>) {
  const byKind = new Map<string, Incident>();
  for (const item of verdict.items) {
    const failed = item.status === 'fail' || item.originalStatus === 'fail';
    const breach = breaches.get(item.id);
    if (!failed || !breach || breach.action === 'none') continue;
    const incident = byKind.get(breach.kind) ?? {
      kind: breach.kind,
      action: 'issue',
      items: [],
    };
    if (breach.action === 'rollback') incident.action = 'rollback';
    incident.items.push(item);
    byKind.set(breach.kind, incident);
  }
  return [...byKind.values()];
}

export async function monitor(
  options: MonitorOptions,
  ports: Ports,
  run: RunInfo,
): Promise<Verdict> {
  const { loaded } = options;
  const policy = loaded.policy;
  const config = policy.monitoring;
  if (!config)
    throw new UserError({
      message: `${loaded.ref.file} has no monitoring section: there are no SLOs to check`,
      hint: 'add monitoring: with the SLOs and triggers (docs/monitoring.md)',
      location: { file: loaded.ref.file },
    });
  // Langfuse's API reads the window, unless the command line names an export.
  const api = options.logs?.length ? undefined : config.source?.api;
  const logs = options.logs?.length ? options.logs : config.logs && !api ? [config.logs] : [];
  // With Prometheus the export is optional, but drift and the quality drop read interactions.
  if (logs.length === 0 && !api && (!config.prometheus || config.drift || config.quality))
    throw new UserError({
      message: 'no export of production interactions to read',
      hint: config.prometheus
        ? 'set monitoring.logs, or pass --logs FILE: drift and the quality drop need the interactions even with monitoring.prometheus'
        : 'set monitoring.logs in the policy, or pass --logs FILE',
      location: loaded.locate(['monitoring']),
    });
  const now = ports.clock.now();
  const inputs = new InputRecorder(ports.files, ports.git);
  const locate = (path: (string | number)[]) =>
    loaded.ref.ref === undefined ? loaded.locate(path) : undefined;

  const source = sourceOf(config.source, loaded.locate);
  const flagged = options.flagged ? new FlaggedWriter(ports, options.flagged) : undefined;
  await flagged?.start();
  const pii = policyPiiCheck(policy.gates.pii);
  const exportFiles = logs.length ? await filesOf(ports, logs, 'export') : [];
  const windowOptions = {
    pii,
    ...(flagged ? { flagged } : {}),
    ...(ports.progress ? { progress: ports.progress } : {}),
  };
  const window = api
    ? await readApiWindow(
        api,
        ports,
        now,
        config,
        source,
        pii,
        windowOptions,
        loaded.locate,
        inputs,
      )
    : exportFiles.length
      ? await readWindow(exportFiles, inputs, config, source, pii, windowOptions)
      : undefined;
  if (config.prometheus && !ports.metrics)
    throw new UserError({
      message: 'this run cannot reach a metrics server',
      hint: 'run the monitor through the CLI or the monitor action, which query Prometheus over HTTP',
    });
  const fromPrometheus = config.prometheus
    ? await judgePrometheus(config, ports.metrics!, now, locate, exportFiles)
    : undefined;
  const referencePattern = options.reference ?? config.drift?.reference;
  const previousPattern = options.previous ?? config.quality?.previous;
  const reference =
    config.drift && referencePattern
      ? await readWindow(
          await filesOf(ports, [referencePattern], 'reference window'),
          inputs,
          config,
          source,
          pii,
          ports.progress ? { progress: ports.progress } : {},
        )
      : undefined;
  const previous =
    config.quality && previousPattern
      ? previousPattern === referencePattern && reference
        ? reference
        : await readWindow(
            await filesOf(ports, [previousPattern], 'previous period'),
            inputs,
            config,
            source,
            pii,
            ports.progress ? { progress: ports.progress } : {},
          )
      : undefined;

  const triggers = {
    ...(reference ? { reference } : {}),
    ...(previous ? { previous } : {}),
    ...(ports.github ? { github: ports.github } : {}),
    ...(run.repository ? { repo: run.repository } : {}),
    ...(fromPrometheus ? { measuredElsewhere: fromPrometheus.measured } : {}),
  };
  const judged: Judged = window
    ? await judgeWindow(window, config, now, locate, triggers)
    : { items: [], breaches: new Map(), data: {} };
  if (fromPrometheus) {
    // Its SLOs go where the export's would: after the window's items, before the flags.
    const at = judged.items.findIndex((i) => i.id.startsWith('slo/') || i.id.startsWith('flags/'));
    judged.items.splice(at === -1 ? judged.items.length : at, 0, ...fromPrometheus.items);
    for (const [id, breach] of fromPrometheus.breaches) judged.breaches.set(id, breach);
    judged.data.metrics = {
      ...(judged.data.metrics as Record<string, number> | undefined),
      ...fromPrometheus.metrics,
    };
    judged.data.prometheus = fromPrometheus.data;
    if (!window) await judgeIncidents(judged, config, now, triggers);
  }
  // Without a model section there is no version to compare with.
  if (policy.model && window && window.interactions > 0) {
    const released = await readReleasedModel(
      { ...policy, model: policy.model },
      ports.git,
      inputs,
    ).catch((error: unknown) => ({ error }));
    const after = judged.items.findIndex((i) => i.id === 'window') + 1;
    judged.items.splice(after, 0, modelVersionItem(window, released));
  }
  const context = {
    gate: MONITOR_GATE,
    title: TITLE,
    mode: config.mode ?? policy.defaults.mode,
    waivers: checkWaivers(loaded, now),
    inputs: inputs.list(),
  };
  const judgedVerdict = decide({ items: judged.items }, context);
  const incidents = incidentsOf(judgedVerdict, judged.breaches);

  const evidence = (incident: Incident, budget: number): string => {
    const flags = [
      ...new Set(incident.items.flatMap((i) => judged.breaches.get(i.id)?.flags ?? [])),
    ];
    const examples: Item[] = flags.flatMap((flag) =>
      (window?.examples[flag] ?? []).map((e, n) => ({
        id: `example/${flag}/${n + 1}`,
        status: 'info' as const,
        message: `${flag}: request ${e.request_id} at ${e.timestamp}: ${e.detail}`,
        location: { file: e.file, line: e.line },
      })),
    );
    const span = judged.items.find((i) => i.id === 'window' || i.id === 'prometheus')!;
    const verdict = decide(
      {
        items: [...incident.items, span, ...examples],
        summary: `${kindTitle(incident.kind)}: ${incident.items.length} failed`,
      },
      { ...context, waivers: undefined },
    );
    return renderMarkdown(makeReport('monitor', [verdict], loaded.ref, run.commit), budget);
  };
  const escalation = await escalate(incidents, {
    config,
    ...(ports.github ? { github: ports.github } : {}),
    ...(run.repository ? { repo: run.repository } : {}),
    dryRun: options.dryRun,
    ref: policy.promotion.source,
    now,
    ...(run.url ? { runUrl: run.url } : {}),
    evidence,
  });
  // A changed controls register re-opens controls: their owners hear of it here, not only on
  // the next pull request.
  const review = await reviewControls(loaded, ports, run, options.dryRun);

  const judgedItems = judgedVerdict.items.filter((i) => i.status !== 'info');
  const met = judgedItems.filter((i) => i.status === 'pass' || i.status === 'waived').length;
  const done = [
    ...(['opened', 'commented', 'would open', 'would comment'] as const).flatMap((action) => {
      const issues = escalation.issues.filter((i) => i.action === action);
      if (!issues.length) return [];
      const numbers = issues.flatMap((i) => (i.number ? [`#${i.number}`] : []));
      return [
        `${action} ${numbers.length ? numbers.join(', ') : `${issues.length} issue${issues.length === 1 ? '' : 's'}`}`,
      ];
    }),
    ...(escalation.rollback?.dispatched ? [`dispatched ${escalation.rollback.workflow}`] : []),
  ];
  const scope = window
    ? `${count(window.interactions)} interactions`
    : `Prometheus over ${config.prometheus!.window}`;
  const summary =
    window?.interactions === 0
      ? 'no interaction could be read'
      : `${scope}: ${met} of ${judgedItems.length} checks met${incidents.length ? `; breached: ${incidents.map((i) => kindTitle(i.kind)).join(', ')}` : ''}${done.length ? ` (${done.join(', ')})` : ''}`;
  return decide(
    {
      items: [...judged.items, ...escalation.items, ...review],
      summary,
      data: {
        ...(window
          ? {
              window: {
                files: window.files,
                source: config.source?.format ?? 'native',
                from: window.first.text || null,
                to: window.last.text || null,
                interactions: window.interactions,
                lines: window.lines,
                bad_lines: window.bad,
                ...(window.textless ? { without_text: window.textless } : {}),
              },
            }
          : {}),
        ...judged.data,
        ...(flagged ? { flagged: { file: flagged.path, interactions: flagged.written } } : {}),
        breaches: incidents.map((i) => i.kind),
        issues: escalation.issues,
        rollback: escalation.rollback,
      },
    },
    context,
  );
}
