import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvTokenizer } from './csv-tokenizer.ts';

function parse(text: string, chunk = text.length) {
  const t = new CsvTokenizer();
  const out = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...t.push(text.slice(i, i + chunk)));
  out.push(...t.end());
  return out;
}

test('splits cells and records, skipping blank lines, keeping each record start line', () => {
  assert.deepEqual(parse('\uFEFFa,b\r\n1,2\n\n3,\n'), [
    { line: 1, cells: ['a', 'b'] },
    { line: 2, cells: ['1', '2'] },
    { line: 4, cells: ['3', ''] },
  ]);
});

test('quoted cells keep commas, doubled quotes and line breaks; the next record line counts them', () => {
  const text = 'h1,h2\n"a,b","say ""hi"""\n"multi\nline",x\nlast,"q"';
  const expected = [
    { line: 1, cells: ['h1', 'h2'] },
    { line: 2, cells: ['a,b', 'say "hi"'] },
    { line: 3, cells: ['multi\nline', 'x'] },
    { line: 5, cells: ['last', 'q'] },
  ];
  assert.deepEqual(parse(text), expected);
  // The same whatever the chunk boundaries (quotes and CRLF split across chunks).
  for (const size of [1, 2, 3, 7]) assert.deepEqual(parse(text, size), expected, `chunk ${size}`);
  assert.deepEqual(parse('a,"b"\r\n"c""",d\r\n', 1), [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['c"', 'd'] }]);
});

test('a quote inside an unquoted cell is text; a final line without a break is a record', () => {
  assert.deepEqual(parse('5"3,x'), [{ line: 1, cells: ['5"3', 'x'] }]);
});
