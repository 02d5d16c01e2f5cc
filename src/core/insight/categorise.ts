// A soft category (§3.2) for constraints no IFEval check expresses. Only text that reads as a directive gets
// one: content statements ("The squirrel is running through the trees.") and bare words stay unrecognised,
// which is what the drift alarm "no verifiable or recognisable constraint" counts.
import type { SoftCategory } from './categories';
import { LiteralScanner, hasGroup } from './literalScan';
import { normaliseConstraint, type NormalisedConstraint } from './normalise';

const DIRECTIVE_START = /^(?:not |no |only |use|include|write|limit|avoid|highlight|format|keep|ensure|adopt|respond|answer|begin|start|end|mention|provide|output|present|structure|organi[sz]e|divide|split|tailor|emulate|mimic|imitate|simulate|incorporate|exclude|omit|make sure|maintain|employ|wrap|add|separate|focus|express|refrain|restrict|explain|describe|list|give|compare|rewrite|mandatory|frame|phrase|conclude|finish|emphasi[sz]e|cite|reference|apply|follow|translate|act as|pretend|imagine|assume|speak|address|target|be |contain|have |consist|reply|state|summari[sz]e|employ|ask|pose|avoid|repeat|end|close|open|enclose|bold|italici[sz]e|capitali[sz]e|utili[sz]e|offer|frame|center|centre|place|put|insert|label|number|order|sort|arrange|group|quote|surround|mark)/i;
const MODAL = /\b(?:should|must|needs? to|has to|have to|is required|are required|is to be|shall)\b/i;
const CJK_DIRECTIVE = /使用|包含|必须|应|需要|请|不要|避免|不能|禁止|限制|字|句|段|语气|格式|风格/u;

// Each category's regex, with literals of which one occurs in any text the regex matches (derived from the
// regex by hand: its alternatives, with \b and \w* dropped). One scan for all literals leaves a few regexes to run.
// Exported for test/insight/mapping-prefilters.test.ts, which checks the literals against the regexes.
export const CATEGORY_CUES: readonly [SoftCategory, readonly string[], RegExp][] = [
  ['Contradictory', ['contradict'], /contradict/i],
  ['Word count', ['word'], /\bword (?:count|limit)\b|\b(?:\d+|[a-z]+ty|hundred|ten|twelve|fifteen) words?\b|\bwords? (?:or (?:less|fewer|more)|long|in length)\b/i],
  ['Sentence count', ['sentence'], /\bsentence count\b|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|single) sentences?\b/i],
  ['Paragraph count', ['paragraph'], /\bparagraphs?\b/i],
  ['Document count', ['******', 'responses', 'versions', 'drafts', 'documents', 'answers'], /\*{6}|\b(?:two|three|\d+) (?:different |distinct |separate )?(?:responses|versions|drafts|documents|answers)\b/i],
  ['Fundamental format', ['json', 'xml', 'latex', 'html', 'markdown', 'yaml', 'csv', 'table', 'tabular'], /\b(?:json|xml|latex|html|markdown|yaml|csv|tables?|tabular)\b/i],
  ['Bespoke format', ['bullet', 'heading', 'header', 'bold', 'italic', 'highlight', 'emphasis', 'numbered list', 'title', 'section', 'asterisk', 'placeholder', 'postscript', 'p.s'], /\b(?:bullet|bullets|heading|headings|headers?|bold|italic|italics|highlight\w*|emphasis|numbered list|title|sections?|asterisks?|placeholders?|postscript|p\.s\.?)(?![\w])/i],
  ['Morphological', ['lowercase', 'lower case', 'uppercase', 'upper case', 'capital', 'all-caps', 'all caps'], /\b(?:lowercase|lower case|uppercase|upper case|capital\w*|all[- ]caps)\b/i],
  ['Phonological', ['rhym', 'alliterat', 'syllabl', 'onomatopoe', 'iambic', 'sound'], /\b(?:rhym\w*|alliterat\w*|syllabl\w*|onomatopoe\w*|iambic|sounds?)\b/i],
  ['Lexical content', ['word', 'the term', 'the phrase', 'letter', 'use', 'include', 'mention', 'incorporate'], /\b(?:keywords?|the (?:key ?)?words?|the terms?|the phrases?|letters?)\b|^(?:use|include|mention|incorporate)\b.*['"]/i],
  ['Inverse', ['not', 'no ', 'avoid', 'exclud', 'omit', 'never', 'refrain', 'without', "don't", 'forbidden', 'prohibit', 'comma'], /^(?:not |no |avoid|exclude|omit|never|refrain)|\b(?:without|do not|don't|must not|should not|cannot|avoid\w*|exclud\w*|forbidden|prohibit\w*|commas?)\b/i],
  ['Tone and emotion', ['tone', 'emotion', 'empath', 'cheerful', 'optimistic', 'sympathetic', 'enthusias', 'apologetic', 'humorous', 'playful', 'sarcas', 'mood', 'friendly', 'warm'], /\b(?:tone|emotion\w*|empath\w*|cheerful|optimistic|sympathetic|enthusias\w*|apologetic|humorous|playful|sarcas\w*|mood|friendly|warm)\b/i],
  ['Authorial style', ['style of', 'manner of', 'emulate', 'mimic', 'imitate', 'voice of', 'shakespeare'], /\b(?:style of|manner of|emulate|mimic|imitate|voice of|shakespeare\w*)\b/i],
  ['Role-based', ['you are', 'act as', 'role', 'persona', 'pretend', 'imagine you'], /\b(?:you are|act as|role|persona|pretend|imagine you)\b/i],
  ['Audience-specific', ['audience', 'reader', 'children', 'kids', 'beginners', 'experts', 'students', 'professionals', 'a general', 'tailor'], /\b(?:audience|readers?|for (?:children|kids|beginners|experts|students|non-experts|professionals|a general)|tailor\w*)\b/i],
  ['Syntactic', ['clause', 'passive', 'active voice', 'imperative', 'question form', 'interrogative', 'tense', 'sentence structure', 'compound', 'verb', 'noun', 'adjective'], /\b(?:clauses?|passive|active voice|imperatives?|question form|interrogative|tense|sentence structure|compound|verb phrases?|nouns?|verbs?|adjectives?)\b/i],
  ['Form and style', ['formal', 'concise', 'style', 'poem', 'haiku', 'essay', 'narrative', 'dialogue', 'story', 'list', 'format'], /\b(?:formal|informal|concise|style|poem|haiku|essay|narrative|dialogue|story|list|format)\b/i],
  ['Pragmatic', ['dialect', 'register', 'slang', 'colloquial', 'polite', 'idiom', 'language'], /\b(?:dialect|register|slang|colloquial\w*|polite\w*|idioms?|language)\b/i],
  ['Specialized format', ['code', 'python', 'java', 'sql', 'script', 'function', 'program', 'algorithm', 'medical', 'legal', 'citation', 'apa', 'mla', 'recipe', 'regex', 'equation', 'formula'], /\b(?:code|python|java|sql|script|function|program|algorithm|medical|legal|citations?|apa|mla|recipe|regex|equations?|formulas?)\b/i],
  ['Example', ['example', 'e.g.', 'such as', 'pattern'], /\b(?:for example|examples?|e\.g\.|such as|pattern)\b/i],
  ['Complex context', ['step', 'reason', 'analys', 'analyz', 'consider'], /\b(?:step[- ]by[- ]step|steps?|reason\w*|analy[sz]\w*|multi-step|consider\w*)\b/i],
  ['Rule', ['rule', 'condition', 'if'], /\b(?:rules?|only if|conditions?)\b|\bif\b.*\bthen\b/i],
  ['Semantic', ['focus', 'theme', 'topic', 'perspective', 'about', 'discuss', 'emphasis', 'emphasiz', 'relat', 'concept', 'meaning'], /\b(?:focus\w*|theme|topic|perspective|about|discuss\w*|emphasi[sz]\w*|relat\w*|concept|meaning)\b/i],
  ['Element', ['include', 'mention', 'incorporate', 'provide', 'contain', 'add'], /\b(?:include|mention|incorporate|provide|contain|add)\b/i],
];
const CATEGORY_LITERALS = new LiteralScanner(CATEGORY_CUES.map(([, literals]) => literals));
// Scan results, reused (categorise is synchronous and never re-entered).
const categoryHits = new Uint32Array(CATEGORY_LITERALS.words);

const CJK_CUES: [SoftCategory, RegExp][] = [
  ['Inverse', /避免|不要|不能|禁止|不得/u],
  ['Word count', /\d+\s*个?(?:汉?字|词)|字数/u],
  ['Sentence count', /句/u],
  ['Paragraph count', /段/u],
  ['Tone and emotion', /语气|情感|情绪/u],
  ['Fundamental format', /格式|markdown|json|表格/iu],
  ['Form and style', /风格|文体/u],
];

/** Whether the text reads as an instruction about the response rather than content or a question. */
export function isDirective(text: string, n: NormalisedConstraint = normaliseConstraint(text)): boolean {
  if (n.subject === 'response' || n.prefix) return true;
  return DIRECTIVE_START.test(n.body) || MODAL.test(n.body) || CJK_DIRECTIVE.test(n.body);
}

export function categorise(text: string, n: NormalisedConstraint = normaliseConstraint(text)): SoftCategory | undefined {
  if (!isDirective(text, n)) return undefined;
  const clean = n.clean;
  if (/[\u4e00-\u9fff]/u.test(clean)) {
    for (const [category, cue] of CJK_CUES) if (cue.test(clean)) return category;
    return 'Task-specific';
  }
  CATEGORY_LITERALS.scan(clean, categoryHits);
  for (let i = 0; i < CATEGORY_CUES.length; i++) {
    if (hasGroup(categoryHits, i) && CATEGORY_CUES[i]![2].test(clean)) return CATEGORY_CUES[i]![0];
  }
  return 'Task-specific';
}
