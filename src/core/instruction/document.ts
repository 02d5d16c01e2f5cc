import type { Instruction } from '../dataset/dataset';
import type { ConstraintSet } from '../journal/entry';

/**
 * The text of an instruction document (language `seif-instruction`):
 *
 *   » SEIF instruction · QWEN-7B round 1 · q_T1.parquet · row 12 of 5105 · pending
 *   » Edit constraints and save to record an edit. Lines starting with » are notes.
 *   === Seed ===
 *   <seed question, read-only>
 *   === Constraints ===
 *   1. [soft] The response must …
 *   === Response ===
 *   <a response to judge>
 */
export const NOTE = '»';
const SECTION = /^=== (Seed|Constraints|Response) ===\s*$/;
const CONSTRAINT = /^\s*(\d+)\.\s+(?:\[([^\]\n]+)\]\s*)?(.*)$/;

export interface DocumentHeader {
  title: string;
  status: string;
  notes?: string[];
}

export interface ParsedConstraint {
  /** 1-based number written in the document (refers to the original constraint when unchanged). */
  number: number;
  id: string;
  text: string;
  /** 0-based line of the constraint's first line. */
  line: number;
}

export interface ParsedDocument {
  seed: string;
  seedLines: { start: number; end: number };
  constraints: ParsedConstraint[];
  response: string;
  responseLine: number;
  errors: { line: number; message: string }[];
}

export function renderInstructionDocument(header: DocumentHeader, ins: Instruction, response = ''): string {
  const lines = [`${NOTE} ${header.title} · ${header.status}`];
  for (const n of header.notes ?? ['Edit the constraints and save (Ctrl+S) to record an edit; lines starting with » are notes.']) lines.push(`${NOTE} ${n}`);
  lines.push('=== Seed ===', ...ins.seed.replace(/\s+$/, '').split('\n'), '=== Constraints ===');
  ins.constraints.forEach((c, i) => {
    const [first, ...rest] = c.split('\n');
    lines.push(`${i + 1}. [${ins.ids[i] ?? 'soft'}] ${first ?? ''}`, ...rest.map((r) => `   ${r}`));
  });
  lines.push('=== Response ===', ...(response ? response.split('\n') : []));
  return lines.join('\n') + '\n';
}

export function parseInstructionDocument(text: string): ParsedDocument {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: ParsedDocument = { seed: '', seedLines: { start: -1, end: -1 }, constraints: [], response: '', responseLine: -1, errors: [] };
  let section: string | undefined;
  const seed: string[] = [];
  const response: string[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const m = SECTION.exec(line);
    if (m) {
      section = m[1];
      if (seen.has(section!)) out.errors.push({ line: i, message: `the ${section} section appears twice` });
      seen.add(section!);
      if (section === 'Seed') out.seedLines.start = i + 1;
      if (section === 'Response') out.responseLine = i + 1;
      return;
    }
    if (section !== 'Response' && line.startsWith(NOTE)) return;
    switch (section) {
      case undefined:
        if (line.trim()) out.errors.push({ line: i, message: 'text before the "=== Seed ===" section is not saved' });
        return;
      case 'Seed':
        seed.push(line);
        out.seedLines.end = i;
        return;
      case 'Constraints': {
        if (!line.trim()) return;
        const c = CONSTRAINT.exec(line);
        if (c) {
          const text = c[3]!.trim();
          if (!text) out.errors.push({ line: i, message: 'empty constraint: write its text or delete the line' });
          out.constraints.push({ number: Number(c[1]), id: (c[2] ?? 'soft').trim(), text, line: i });
        } else if (out.constraints.length > 0 && /^\s+\S/.test(line)) {
          const last = out.constraints[out.constraints.length - 1]!;
          last.text += '\n' + line.trim();
        } else {
          out.errors.push({ line: i, message: 'a constraint line starts with its number, e.g. "3. [soft] The response must …"' });
        }
        return;
      }
      case 'Response':
        response.push(line);
        return;
    }
  });
  for (const s of ['Seed', 'Constraints', 'Response']) if (!seen.has(s)) out.errors.push({ line: 0, message: `the "=== ${s} ===" section is missing` });
  out.seed = seed.join('\n').replace(/\s+$/, '');
  out.response = response.join('\n').replace(/\s+$/, '');
  return out;
}

const SOFT_KWARGS = { num_bullets: 3 };

/**
 * The constraint set a saved document asks for. A constraint keeps its kwargs when its number and id
 * still match the original; new or re-typed soft constraints get SEIF's dummy kwargs; a rule id without
 * known kwargs is an error (promote it through the mapping instead).
 */
export function constraintSetFromDocument(parsed: ParsedDocument, original: Instruction): { set: ConstraintSet; errors: { line: number; message: string }[] } {
  const errors: { line: number; message: string }[] = [];
  const set: ConstraintSet = { constraints: [], ids: [], kwargs: [] };
  for (const c of parsed.constraints) {
    const i = c.number - 1;
    const sameSlot = i >= 0 && i < original.ids.length && original.ids[i] === c.id;
    let kwargs: Record<string, unknown>;
    if (sameSlot) kwargs = original.kwargs[i] ?? {};
    else if (c.id === 'soft') kwargs = { ...SOFT_KWARGS };
    else {
      errors.push({ line: c.line, message: `"${c.id}" needs kwargs: keep its original number, or use [soft] and promote it with the mapping command` });
      continue;
    }
    set.constraints.push(c.text);
    set.ids.push(c.id);
    set.kwargs.push(kwargs);
  }
  return { set, errors };
}
