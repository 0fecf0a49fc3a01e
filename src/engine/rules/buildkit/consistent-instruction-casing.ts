import type { Instruction } from '../../dockerfile/types';
import { defineRule } from '../types';

const selfConsistent = (s: string) => s === s.toLowerCase() || s === s.toUpperCase();

/**
 * BuildKit's ConsistentInstructionCasing (once SelfConsistentCommandCasing and
 * FileConsistentCommandCasing): every instruction keyword in the stages is
 * written in the casing most of them use. Only all-lower and all-upper
 * keywords vote; a tie goes to uppercase. ARGs before the first FROM are not
 * looked at, as in BuildKit.
 */
export const consistentInstructionCasing = defineRule({
  meta: {
    id: 'consistent-instruction-casing',
    refs: ['ConsistentInstructionCasing'],
    buildkit: 'ConsistentInstructionCasing',
    fileWideCheckOnly: true,
    severity: 'warning',
    summary: 'All instructions in the Dockerfile should use the same casing, either upper or lower.',
    lesson: 'stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/',
    messages: {
      casing: "Command '{{command}}' should match the case of the command majority ({{casing}})",
    },
  },
  check({ file, report }) {
    const keywords: Instruction[] = [];
    for (const stage of file.stages) {
      keywords.push(stage.from);
      for (const ins of stage.instructions) if (ins.name) keywords.push(ins);
    }
    let lower = 0;
    let upper = 0;
    for (const ins of keywords) {
      if (!selfConsistent(ins.keyword)) continue;
      if (ins.keyword === ins.keyword.toLowerCase()) lower++;
      else upper++;
    }
    const majorityLower = lower > upper;
    for (const ins of keywords) {
      const wanted = majorityLower ? ins.keyword.toLowerCase() : ins.keyword.toUpperCase();
      if (ins.keyword === wanted) continue;
      report({
        messageId: 'casing',
        data: { command: ins.keyword, casing: majorityLower ? 'lowercase' : 'uppercase' },
        range: ins.keywordRange,
        fixes: [{ title: `Write ${wanted}`, edits: [{ range: ins.keywordRange, text: wanted }] }],
      });
    }
  },
});
