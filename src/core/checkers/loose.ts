// IFEval's loose mode (evaluation_lib.test_instruction_following_loose): the response, without its
// first line, without its last line, without both — each also with every `*` removed.
import { pyStrip } from '../nlp/pystr';

const noStars = (s: string) => s.replaceAll('*', '');

export function looseVariants(response: string): string[] {
  const lines = response.split('\n');
  const removeFirst = pyStrip(lines.slice(1).join('\n'));
  const removeLast = pyStrip(lines.slice(0, -1).join('\n'));
  const removeBoth = pyStrip(lines.slice(1, -1).join('\n'));
  return [response, noStars(response), removeFirst, removeLast, removeBoth, noStars(removeFirst), noStars(removeLast), noStars(removeBoth)];
}
