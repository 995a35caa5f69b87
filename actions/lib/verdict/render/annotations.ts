import { bySeverity, type Item, type ItemStatus, type Report, type Verdict } from '../model.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** GitHub shows at most 10 annotations of each level per step and drops the rest silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

const LEVEL: Partial<Record<ItemStatus, AnnotationLevel>> = {
  error: 'error',
  fail: 'error',
  warn: 'warning',
  waived: 'notice',
};

function toAnnotation(gate: string, item: Item, level: AnnotationLevel): Annotation {
  const loc = item.location;
  const a: Annotation = {
    level,
    title: `${gate}: ${item.id}${item.status === 'waived' ? ' (waived)' : ''}`,
    message:
      item.hint && item.status !== 'waived' ? `${item.message}\nFix: ${item.hint}` : item.message,
  };
  if (loc?.file) {
    a.file = loc.file;
    if (loc.line !== undefined) {
      a.startLine = loc.line;
      a.endLine = loc.endLine ?? loc.line;
      // GitHub accepts columns only on single-line annotations.
      if (loc.column !== undefined && a.endLine === loc.line) {
        a.startColumn = loc.column;
        if (loc.endColumn !== undefined) a.endColumn = loc.endColumn;
      }
    }
  }
  return a;
}

/** Every finding of a verdict that GitHub can annotate, most severe first, uncapped. */
export function annotationsOf(verdict: Verdict): Annotation[] {
  const out: Annotation[] = [];
  for (const item of [...verdict.items].sort(bySeverity)) {
    const level = LEVEL[item.status];
    if (level) out.push(toAnnotation(verdict.gate, item, level));
  }
  return out;
}

/** Whether a gate's annotation was published elsewhere (a check run) and needs no workflow command. */
export type Published = (gate: string, annotation: Annotation) => boolean;

function capped(report: Report, published: Published): { out: Annotation[]; dropped: number } {
  const caps: Record<AnnotationLevel, number> = {
    error: ANNOTATIONS_PER_LEVEL,
    warning: ANNOTATIONS_PER_LEVEL,
    notice: ANNOTATIONS_PER_LEVEL - 1,
  };
  const out: Annotation[] = [];
  let dropped = 0;
  for (const v of report.verdicts) {
    for (const a of annotationsOf(v)) {
      if (published(v.gate, a)) continue;
      if (caps[a.level] > 0) {
        caps[a.level]--;
        out.push(a);
      } else {
        dropped++;
      }
    }
  }
  return { out, dropped };
}

/** How many findings the runner's caps would leave unannotated. */
export function droppedAnnotations(report: Report): number {
  return capped(report, () => false).dropped;
}

/**
 * The most important findings as annotations, within GitHub's caps: up to 10 errors and
 * 10 warnings, 9 notices, and one notice saying how many more there are and where. Findings
 * `published` on a check run are left out.
 */
export function renderAnnotations(
  report: Report,
  published: Published = () => false,
): Annotation[] {
  const { out, dropped } = capped(report, published);
  if (dropped > 0) {
    out.push({
      level: 'notice',
      title: 'release-gates: more findings',
      message: `${dropped} more finding${dropped === 1 ? '' : 's'} not annotated (GitHub shows 10 per level). The job summary and the JSON report list them all.`,
    });
  }
  return out;
}
