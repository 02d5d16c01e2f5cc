// The project's own prompts for SEIF's roles. They follow SEIF's protocols (a whole-instruction conflict
// verdict; one verdict per constraint that sees only the answer and the constraint) in our own words.
import type { ChatMessage } from '../llm';

export function numbered(constraints: readonly string[]): string {
  return constraints.map((c, i) => `${i + 1}. ${c}`).join('\n');
}

export function filterMessages(seed: string, constraints: readonly string[]): ChatMessage[] {
  const system = [
    'You review instructions before they become training data for a language model.',
    'An instruction is a task followed by numbered constraints on the answer.',
    'Decide whether the constraints contradict each other, or the task, so that no single answer could satisfy all of them.',
    'Only a contradiction you can prove counts, for example:',
    '- properties that exclude each other (everything in lowercase and everything in capitals);',
    '- a format that rules out a required structure (the whole answer as one JSON object, yet three paragraphs separated by ***);',
    '- a required language that clashes with a required wording or letter case;',
    '- counts that cannot all hold (at least 300 words and fewer than 100 words; five paragraphs in two sentences);',
    '- something the answer must contain that it cannot contain at the same time as another requirement.',
    'A constraint that is hard, strict, long, unusual or odd is NOT a contradiction.',
    'Reply with a JSON object only: {"conflict": true or false, "reason": "one or two sentences", "blamed": [the numbers of the constraints involved; empty when there is no conflict]}.',
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: `Task:\n${seed.trim()}\n\nConstraints:\n${numbered(constraints)}` },
  ];
}

/** The answer comes first and the constraint last, so a server reuses the shared prefix across constraints. */
export function judgeMessages(response: string, constraint: string): ChatMessage[] {
  const system = [
    'You check whether an answer satisfies one requirement.',
    'Read the requirement literally: when it asks for a count, count; when it asks for an exact phrase, look for that exact phrase.',
    'Judge only this requirement, not the quality of the answer.',
    'Reply with a JSON object only: {"followed": true or false, "reason": "one short sentence"}.',
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: `Answer:\n<<<\n${response}\n>>>\n\nRequirement: ${constraint}` },
  ];
}
