// `seif verify` and `seif eval`: the stable CLI contract, with real files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sharedSeifDataDir } from '../../src/core/util/paths';
import { cli } from '../support/cli';
import { PROJECT_ROOT, tempDir } from '../support/tmp';

const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('seif verify', () => {
  it('writes one verdict or error line per input line, in input order, and exits 0', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'cases.jsonl');
    const rows = [
      JSON.stringify({ id: 'a', prompt: 'p', response: 'no commas here', instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] }),
      '{"id": "broken", ',
      JSON.stringify({ id: 'b', response: 'x', instruction_id_list: ['soft'], kwargs: [{}] }),
      '',
      JSON.stringify({ id: 'c', response: 'x', instruction_id_list: ['keywords:frequency'], kwargs: [{ keyword: 'x', relation: 'at least' }] }),
      JSON.stringify({ id: 'd', response: 42, instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] }),
      JSON.stringify({ id: 'e', response: '', instruction_id_list: ['punctuation:no_comma', 'startend:quotation'], kwargs: [{}, {}] }),
      JSON.stringify({ id: 'f', response: 'Intro:\n"quoted"', instruction_id_list: ['startend:quotation'], kwargs: [{}] }),
    ];
    fs.writeFileSync(input, rows.join('\n') + '\n');
    const out = path.join(dir, 'verdicts.jsonl');
    const r = await cli(['verify', '--in', input, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /verified 3 cases, 4 errors/);
    const got = lines(out);
    assert.deepEqual(got.map((g) => g.id), ['a', 'line 2', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(got[0], { id: 'a', strict: [true], loose: [true] });
    assert.match(got[1].error, /line 2: not valid JSON/);
    assert.match(got[2].error, /line 3: constraint 1: instruction id "soft" is judged by the LLM verifier/);
    assert.match(got[3].error, /keywords:frequency: kwargs\.frequency is missing/);
    assert.match(got[4].error, /response must be a string, got number/);
    assert.deepEqual(got[5], { id: 'e', strict: [false, false], loose: [false, false] });
    assert.deepEqual(got[6], { id: 'f', strict: [false], loose: [true] });
  });

  it('exits 1 naming the file when the input is unreadable, 2 on usage errors', async () => {
    const dir = tempDir();
    const missing = path.join(dir, 'nope.jsonl');
    const r = await cli(['verify', '--in', missing, '--out', path.join(dir, 'o.jsonl')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.jsonl: cannot read cases/);
    assert.equal(fs.existsSync(path.join(dir, 'o.jsonl')), false);
    assert.equal((await cli(['verify', '--in', missing])).code, 2);
  });
});

describe('without Punkt data', () => {
  it('flags the sentence and capital-word verdicts approximate, in the output and on stderr', () => {
    const dir = tempDir();
    const input = path.join(dir, 'cases.jsonl');
    fs.writeFileSync(input, [
      JSON.stringify({ id: 's', response: 'Dr. Smith came. He sat.', instruction_id_list: ['length_constraints:number_sentences', 'punctuation:no_comma'], kwargs: [{ num_sentences: 2, relation: 'at least' }, {}] }),
      JSON.stringify({ id: 'c', response: 'THE USA', instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] }),
    ].join('\n') + '\n');
    const out = path.join(dir, 'out.jsonl');
    const env = { ...process.env, HOME: dir, NLTK_DATA: path.join(dir, 'none'), SEIF_PUNKT_JSON: path.join(dir, 'none.json') };
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'verify', '--in', input, '--out', out], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /some verdicts are approximate \(Punkt data: missing/);
    const [s, c] = lines(out);
    assert.deepEqual(s.approximate, [true, false]);
    assert.deepEqual(s.strict, [true, true]); // empty parameters: "Dr." ends a sentence, 3 ≥ 2
    assert.deepEqual(c, { id: 'c', strict: [true], loose: [true] });
  });
});

describe('seif eval', () => {
  it("prints IFEval's four accuracies and a per-id table", async () => {
    const dir = tempDir();
    const dataset = path.join(dir, 'rows.jsonl');
    const rows = [
      { key: 1, prompt: 'Say hi without commas.', instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] },
      { key: 2, prompt: 'Quote it, in caps.', instruction_id_list: ['startend:quotation', 'punctuation:no_comma'], kwargs: [{}, {}] },
      { key: 3, prompt: 'Not answered.', instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] },
    ];
    fs.writeFileSync(dataset, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const responses = path.join(dir, 'responses.jsonl');
    fs.writeFileSync(responses, [
      JSON.stringify({ key: 1, response: 'hi there' }),
      JSON.stringify({ prompt: 'Quote it, in caps.', response: 'Sure, here:\n"HI, THERE"' }),
      JSON.stringify({ key: 99, response: 'orphan' }),
    ].join('\n') + '\n');
    const r = await cli(['eval', '--dataset', dataset, '--responses', responses]);
    assert.equal(r.code, 0, r.stderr);
    // Row 1 passes; row 2: quotation fails strict, passes loose; comma fails both.
    assert.match(r.stdout, /2 prompts, 3 instructions scored \(1 rows without a response\)/);
    assert.match(r.stdout, /prompt-level strict\s+50\.00%/);
    assert.match(r.stdout, /prompt-level loose\s+50\.00%/);
    assert.match(r.stdout, /instruction-level strict\s+33\.33%/);
    assert.match(r.stdout, /instruction-level loose\s+66\.67%/);
    assert.match(r.stdout, /startend:quotation\s+1\s+0\.00%\s+100\.00%/);
    assert.match(r.stderr, /responses line 3: no dataset row with key 99/);
    const json = JSON.parse((await cli(['eval', '--dataset', dataset, '--responses', responses, '--json'])).stdout);
    assert.equal(json.scores.instructionLoose, 2 / 3);
  });

  const seifData = sharedSeifDataDir(PROJECT_ROOT);
  it('scores test.parquet and reports the two rows whose letter is not a letter', { skip: seifData ? false : 'SEIF data not present' }, async () => {
    const { readParquetFile } = await import('../../src/core/dataset/parquet');
    const table = await readParquetFile(path.join(seifData!, 'test.parquet'));
    const dir = tempDir();
    const responses = path.join(dir, 'responses.jsonl');
    fs.writeFileSync(responses, table.rows.map((row) => JSON.stringify({ key: Number(row.key), response: String(row.prompt) })).join('\n') + '\n');
    const r = await cli(['eval', '--dataset', path.join(seifData!, 'test.parquet'), '--responses', responses]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /539 prompts, 830 instructions scored/);
    assert.match(r.stderr, /row key 1122: constraint 2: keywords:letter_frequency: kwargs\.letter must be one letter/);
    assert.match(r.stderr, /row key 1129: constraint 1: keywords:letter_frequency/);
  });
});
