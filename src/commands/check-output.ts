/**
 * What `stagecraft parse` and `stagecraft check` print, as text and as JSON: the same
 * on the command line and in the in-page shell.
 */
import type { CheckResult, Diagnostic, Dockerfile, Instruction } from '../engine/index';

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
