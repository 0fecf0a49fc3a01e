/**
 * What `stagecraft parse`, `stagecraft check` and `stagecraft suggest` print, as text and
 * as JSON: the same on the command line and in the in-page shell.
 */
import { buildOnContext, parseDockerfile, suggest, suggestJson, suggestText } from '../engine/index';
import type { BuildResult, CheckResult, Diagnostic, Dockerfile, Instruction, PreparedContext, SuggestReport } from '../engine/index';

const pos = (d: Diagnostic) => ({
  line: d.range.start.line + 1,
  column: d.range.start.character + 1,
  endLine: d.range.end.line + 1,
  endColumn: d.range.end.character + 1,
});

function instructionJson(ins: Instruction): Record<string, unknown> {
  return {
    keyword: ins.keyword,
    flags: ins.flags.map((f) => f.text),
    args: ins.args.map((a) => a.value),
    json: ins.json,
    line: ins.startLine + 1,
    endLine: ins.endLine + 1,
    heredocs: ins.heredocs.map((h) => ({ name: h.name, content: h.content })),
    ...(ins.trigger ? { trigger: instructionJson(ins.trigger) } : {}),
  };
}

function diagnosticJson(d: Diagnostic) {
  return { rule: d.rule, refs: d.refs, severity: d.severity, message: d.message, ...pos(d) };
}

export function parseJson(name: string, file: Dockerfile) {
  return {
    file: name,
    directives: Object.fromEntries(file.directives.map((d) => [d.name, d.value])),
    instructions: file.instructions.map(instructionJson),
    stages: file.stages.map((s) => ({ index: s.index, name: s.name, base: s.base, line: s.from.startLine + 1 })),
    diagnostics: file.diagnostics.map(diagnosticJson),
  };
}

export function checkJson(name: string, result: CheckResult) {
  return {
    file: name,
    diagnostics: result.diagnostics.map(diagnosticJson),
    goals: result.goals.map((g) => ({ id: g.id, title: g.title, met: g.met, ...(g.unknown ? { unknown: true } : {}), detail: g.detail })),
  };
}

export function diagnosticLine(name: string, d: Diagnostic): string {
  const p = pos(d);
  return `${name}:${p.line}:${p.column} ${d.severity} ${d.message}${d.refs.length ? ` [${d.refs.join(', ')}]` : ''} (${d.rule})\n`;
}

export function parseText(name: string, file: Dockerfile): string {
  let out = '';
  for (const d of file.directives) out += `${name}: directive ${d.name}=${d.value}\n`;
  for (const ins of file.instructions) {
    const lines = ins.startLine === ins.endLine ? `${ins.startLine + 1}` : `${ins.startLine + 1}-${ins.endLine + 1}`;
    const stage = ins.stage >= 0 ? `stage ${ins.stage}` : 'global';
    out += `${name}:${lines} [${stage}] ${describeInstruction(ins)}\n`;
  }
  for (const d of file.diagnostics) out += diagnosticLine(name, d);
  return out;
}

function describeInstruction(ins: Instruction): string {
  const flags = ins.flags.map((f) => ` ${f.text}`).join('');
  if (ins.trigger) return `${ins.keyword.toUpperCase()}${flags} → ${describeInstruction(ins.trigger)}`;
  const args = ins.json ? ` ${JSON.stringify(ins.args.map((a) => a.value))} (exec form)` : ins.args.map((a) => ` ${JSON.stringify(a.value)}`).join('');
  const heredocs = ins.heredocs.map((h) => ` <<${h.name} (${h.content.split('\n').length - 1} lines)`).join('');
  return `${ins.keyword.toUpperCase()}${flags}${args}${heredocs}`;
}

export function checkText(name: string, result: CheckResult): string {
  let out = '';
  for (const d of result.diagnostics) out += diagnosticLine(name, d);
  for (const g of result.goals) {
    out += `${name}: goal ${g.met ? 'met' : g.pending ? 'pending' : g.unknown ? 'unknown' : 'not met'}: ${g.title} — ${g.detail}\n`;
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  const goalsLine = result.goals.length ? `, ${result.goals.filter((g) => g.met).length}/${result.goals.length} goals met` : '';
  out += `${name}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${goalsLine}\n`;
  return out;
}

/** What `stagecraft suggest` found: the report, why there is no image to advise on, and the exit status. */
export interface SuggestRun {
  report: SuggestReport;
  /** When the build fails or the container would not start: the problem `stagecraft build` reports for it. */
  problem: BuildResult['problems'][number] | null;
  /** As `stagecraft build`: 1 when there is no image to make smaller (the build fails, or its container would not start), else 0. */
  status: 0 | 1;
}

/**
 * `stagecraft suggest` on one Dockerfile and context. A file Docker's parser refuses gets the
 * line `stagecraft build` prints for it (BuildKit's own), and exit 1, as `build`.
 */
export function runSuggest(text: string, context: PreparedContext, options: { target?: string; path?: string } = {}): SuggestRun | { parseError: string } {
  const file = parseDockerfile(text);
  const syntax = file.diagnostics.find((d) => d.severity === 'error');
  if (syntax) return { parseError: `ERROR: failed to solve: dockerfile parse error on line ${syntax.range.start.line + 1}: ${syntax.message}` };
  const report = suggest(text, context, options);
  const failed = report.verdict === 'build-fails' || report.verdict === 'wont-start' || report.verdict === 'no-stages';
  let problem: SuggestRun['problem'] = null;
  if (report.verdict === 'build-fails' || report.verdict === 'wont-start') {
    // Only here is the build run again: to say why, in Docker's words and in ours.
    const result = buildOnContext(file, context, { target: options.target });
    const when = report.verdict === 'build-fails' ? 'build' : 'run';
    problem = result.problems.find((p) => p.when === when && p.severity === 'error') ?? null;
  }
  return { report, problem, status: failed ? 1 : 0 };
}

/** The text: the engine's report, then, when there is no image to advise on, what stopped it. */
export function suggestRunText(run: SuggestRun): string {
  const p = run.problem;
  return `${suggestText(run.report)}${p ? `\n${p.message}\n  → ${p.explanation}\n` : ''}`;
}

/** The JSON: the engine's (`{"verdict", "message", "size", "compressed", "suggestions", "cache"}`), with what stopped the build and the context's notes. */
export function suggestRunJson(run: SuggestRun, notes: readonly string[] = []) {
  const p = run.problem;
  return {
    ...(suggestJson(run.report) as Record<string, unknown>),
    problem: p ? { code: p.code, message: p.message, line: p.line, when: p.when, explanation: p.explanation } : null,
    notes: [...notes],
  };
}
