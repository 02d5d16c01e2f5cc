// The Python-behaviour building blocks, against values CPython 3.11 / NLTK 3.8 / langdetect 1.0.9 give.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { detectLang } from '../../src/core/nlp/langdetect';
import { langProfiles } from '../../src/core/nlp/langdetect-profiles';
import { PunktSentenceTokenizer } from '../../src/core/nlp/punkt';
import { PickleError, readPickle } from '../../src/core/nlp/pickle';
import { englishPunktModel, findPunktModel, readPunktPickle } from '../../src/core/nlp/punkt-params';
import { PyRandom } from '../../src/core/nlp/pyrandom';
import { compilePyRegex, pyCountMatches, PyRegexError, pySearch, pySplit } from '../../src/core/nlp/pyregex';
import { pyIsLower, pyIsUpper, pyReprList, pySplitWhitespace, pyStrip } from '../../src/core/nlp/pystr';
import { wordTokenize } from '../../src/core/nlp/treebank';
import { tempDir } from '../support/tmp';

describe('Python str semantics', () => {
  it('strips and splits on Python whitespace (\\x1c-\\x1f, \\x85 yes; \\ufeff no)', () => {
    assert.equal(pyStrip('\x1c\x85 a \u3000'), 'a');
    assert.equal(pyStrip('\ufeffa'), '\ufeffa');
    assert.deepEqual(pySplitWhitespace(' a\x1fb  c '), ['a', 'b', 'c']);
  });
  it('isupper / islower follow the Uppercase, Lowercase and titlecase properties', () => {
    assert.equal(pyIsUpper('x'), false);
    assert.equal(pyIsUpper('ǅ'), false); // titlecase
    assert.equal(pyIsUpper('Ⅻ'), true); // Nl with the Uppercase property
    assert.equal(pyIsLower('ⓐ'), true);
    assert.equal(pyIsLower('ª'), true);
    assert.equal(pyIsUpper('3D U.S.'), true);
    assert.equal(pyIsUpper('123'), false);
  });
  it('repr of a list of str chooses quotes like Python', () => {
    assert.equal(pyReprList(['Dog', "it's", 'a"b', 'new\nline']), `['Dog', "it's", 'a"b', 'new\\nline']`);
  });
});

describe('Python regex translation', () => {
  const count = (p: string, s: string, flags = {}) => pyCountMatches(compilePyRegex(p, flags).re, s);
  it('uses Unicode \\w and \\b', () => {
    assert.equal(count('\\w+', "It's well-known; 日本語 café_1"), 6);
    assert.equal(pySearch(compilePyRegex('\\bcaf\\b', { ignoreCase: true }).re, 'café'), false);
    // \b next to a literal word character takes a one-sided shortcut; next to anything else the full test.
    assert.equal(count('\\bcat\\b', 'cat bobcat category cat. _cat'), 2);
    assert.equal(count('\\bc?at\\b', 'at cat xat'), 2);
    assert.equal(count('\\bcats*\\b', 'cat catss cats_'), 2);
    assert.equal(count('\\b-x\\b', 'a-x -x'), 1);
  });
  it('keeps `.` off newlines and lets `$` match before a final newline', () => {
    assert.equal(count('a.c', 'a\nc abc'), 1);
    assert.equal(pySearch(compilePyRegex('end$').re, 'the end\n'), true);
    assert.equal(pySearch(compilePyRegex('end$').re, 'the end\n\n'), false);
  });
  it('treats `{` as a literal unless it forms a quantifier', () => {
    assert.equal(count('x{2}', 'xxx'), 1);
    assert.equal(count('x{', 'x{x{'), 2);
    assert.equal(count('x{,2}', 'xxx'), 3); // "xx", "x", "" at the end
  });
  it('matches i, I, İ and ı together under IGNORECASE, as Python does', () => {
    assert.equal(count('i', 'İıIi', { ignoreCase: true }), 4);
  });
  it('rejects what Python rejects', () => {
    for (const bad of ['(', '[abc', 'a)', '*a', '\\q', '\\b+x', 'a**']) assert.throws(() => compilePyRegex(bad), PyRegexError, bad);
  });
  it('splits with capture groups included', () => {
    assert.deepEqual(pySplit(compilePyRegex('(-)').re, 'a-b'), ['a', '-', 'b']);
  });
});

describe('PyRandom (MT19937, CPython seeding)', () => {
  it('reproduces random.Random(0)', () => {
    const r = new PyRandom(0);
    assert.equal(r.random(), 0.8444218515250481);
    assert.equal(r.random(), 0.7579544029403025);
    assert.deepEqual([r.randbelow(1e6), r.randbelow(1e6), r.randbelow(1e6)], [441001, 42450, 271493]);
    assert.deepEqual(Array.from({ length: 5 }, () => r.randbelow(7)), [4, 3, 3, 6, 6]);
  });
});

const punkt = englishPunktModel();
describe('Punkt and word_tokenize (NLTK 3.8 outputs)', { skip: punkt.source ? false : 'no Punkt English parameters on this machine' }, () => {
  const tok = new PunktSentenceTokenizer(punkt.params);
  it('splits sentences around abbreviations, ellipses and quotes', () => {
    assert.deepEqual(tok.tokenize('Dr. Watson arrived at 5 p.m. on Jan. 3. It was cold!'), ['Dr. Watson arrived at 5 p.m. on Jan. 3.', 'It was cold!']);
    assert.deepEqual(tok.tokenize('What? No way... Really?! (I think so.) Yes.'), ['What?', 'No way...', 'Really?!', '(I think so.)', 'Yes.']);
    assert.deepEqual(tok.tokenize('He said "hello." She replied.'), ['He said "hello."', 'She replied.']);
    assert.deepEqual(tok.tokenize('  '), []);
  });
  it('tokenizes words like NLTKWordTokenizer', () => {
    assert.deepEqual(wordTokenize("I DON'T KNOW. The USA's economy grew 3% (BBC).", punkt.params),
      ['I', 'DO', "N'T", 'KNOW', '.', 'The', 'USA', "'s", 'economy', 'grew', '3', '%', '(', 'BBC', ')', '.']);
    assert.deepEqual(wordTokenize('«Bonjour» dit-il -- gonna go.', punkt.params), ['«', 'Bonjour', '»', 'dit-il', '--', 'gon', 'na', 'go', '.']);
  });
});

describe('Punkt parameters from NLTK data', () => {
  for (const proto of [2, 4]) {
    it(`reads a pickled PunktSentenceTokenizer (protocol ${proto}) without executing it`, () => {
      const p = readPunktPickle(path.join(__dirname, 'fixtures', `punkt-small.p${proto}.pickle`));
      assert.deepEqual([...p.abbrevTypes].sort(), ['dr', 'u.s']);
      assert.deepEqual([...p.sentStarters], ['however']);
      assert.deepEqual([...p.collocations], ['##number## international']);
      assert.deepEqual([...p.orthoContext].sort(), [['smith', 2], ['the', 34]]);
    });
  }
  it('rejects what it cannot read', () => {
    assert.throws(() => readPickle(Uint8Array.from([0x80, 2, 0xff])), PickleError);
  });
  it('finds punkt/english.pickle through NLTK_DATA before any other source', () => {
    const dir = tempDir();
    const target = path.join(dir, 'tokenizers', 'punkt');
    fs.mkdirSync(target, { recursive: true });
    fs.copyFileSync(path.join(__dirname, 'fixtures', 'punkt-small.p2.pickle'), path.join(target, 'english.pickle'));
    const model = findPunktModel({ NLTK_DATA: dir });
    assert.equal(model.source, path.join(target, 'english.pickle'));
    const tok = new PunktSentenceTokenizer(model.params);
    assert.deepEqual(tok.tokenize('I met Dr. Smith. He left.'), ['I met Dr. Smith.', 'He left.']);
  });
  it('reads punkt_tab folders', () => {
    const dir = tempDir();
    const tab = path.join(dir, 'tokenizers', 'punkt_tab', 'english');
    fs.mkdirSync(tab, { recursive: true });
    fs.writeFileSync(path.join(tab, 'abbrev_types.txt'), 'dr\nu.s\n');
    fs.writeFileSync(path.join(tab, 'sent_starters.txt'), 'however\n');
    fs.writeFileSync(path.join(tab, 'collocations.tab'), '##number##\tinternational\n');
    fs.writeFileSync(path.join(tab, 'ortho_context.tab'), 'the\t34\nsmith\t2\n');
    const model = findPunktModel({ NLTK_DATA: dir });
    assert.equal(model.source, tab);
    assert.deepEqual([...model.params.orthoContext], [['the', 34], ['smith', 2]]);
  });
});

const profiles = langProfiles();
describe('langdetect port (seed 0)', { skip: profiles?.exact ? false : "Python langdetect's profiles not on this machine" }, () => {
  it('detects as Python langdetect.detect does, including its surprises', () => {
    const cases: [string, string | null][] = [
      ['Hello world, this is a simple English sentence.', 'en'],
      ['这是一个中文句子。', 'zh-cn'],
      ['これは日本語の文です。', 'ja'],
      ['Привет, как дела?', 'mk'], // short Russian: Python says Macedonian too
      ['ok', 'sk'],
      ['Xin chào, tôi là người Việt Nam.', 'vi'],
      ['12345 !!!', null], // no features: Python raises LangDetectException
    ];
    for (const [text, lang] of cases) assert.equal(detectLang(text).lang, lang, text);
  });
});
