import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvParser, formatCsvField, formatCsvRow } from '../../src/ingest/csv.js';
import { IngestError } from '../../src/ingest/errors.js';
import { parseCsv } from './helpers.js';

const fieldsOf = (text: string, delimiter = ','): string[][] => parseCsv(text, delimiter).map((r) => r.fields);

test('plain records, LF and CRLF, with and without a final line break', () => {
  assert.deepEqual(fieldsOf('a,b\n1,2\n'), [['a', 'b'], ['1', '2']]);
  assert.deepEqual(fieldsOf('a,b\r\n1,2\r\n'), [['a', 'b'], ['1', '2']]);
  assert.deepEqual(fieldsOf('a,b\r\n1,2'), [['a', 'b'], ['1', '2']]);
  assert.deepEqual(fieldsOf('a,b\n1,2\r'), [['a', 'b'], ['1', '2']]);
});

test('empty fields, leading and trailing', () => {
  assert.deepEqual(fieldsOf(',\n,a,\n'), [['', ''], ['', 'a', '']]);
  assert.deepEqual(fieldsOf('a,'), [['a', '']]);
});

test('quoted fields: delimiters, doubled quotes, line breaks, empty', () => {
  assert.deepEqual(fieldsOf('"a,b","say ""hi""",""\n'), [['a,b', 'say "hi"', '']]);
  assert.deepEqual(fieldsOf('"line1\nline2",x\n"crlf\r\ninside",y\r\n'), [
    ['line1\nline2', 'x'],
    ['crlf\r\ninside', 'y'],
  ]);
  assert.deepEqual(fieldsOf('""""'), [['"']]);
  assert.deepEqual(fieldsOf('"a"'), [['a']]);
  assert.deepEqual(fieldsOf('"a"\r\n"b"'), [['a'], ['b']]);
});

test('a quote inside an unquoted field is literal', () => {
  assert.deepEqual(fieldsOf('5" pipe,ab"c"\n'), [['5" pipe', 'ab"c"']]);
});

test('spaces are kept; a quote after leading space is literal', () => {
  assert.deepEqual(fieldsOf(' a , "b" \n'.replace(' "b" ', ' b ')), [[' a ', ' b ']]);
});

test('blank lines are skipped and line numbers stay physical', () => {
  const recs = parseCsv('h1,h2\n\n"a\nb",1\r\n\r\nc,2\n');
  assert.deepEqual(recs, [
    { fields: ['h1', 'h2'], line: 1 },
    { fields: ['a\nb', '1'], line: 3 },
    { fields: ['c', '2'], line: 6 },
  ]);
});

test('other delimiters: semicolon and tab', () => {
  assert.deepEqual(fieldsOf('a;"b;c"\n', ';'), [['a', 'b;c']]);
  assert.deepEqual(fieldsOf('a\t"b\tc"\td\n', '\t'), [['a', 'b\tc', 'd']]);
});

test('unicode passes through', () => {
  assert.deepEqual(fieldsOf('账户,金额\n"张三, 李四",💸\n'), [['账户', '金额'], ['张三, 李四', '💸']]);
});

test('chunk boundaries anywhere give the same records', () => {
  const text = 'id,note\r\n1,"a ""quoted"", multi\r\nline"\r\n2,plain\r\n3,"x"\r\n';
  const whole = parseCsv(text);
  for (let i = 0; i <= text.length; i++) {
    for (let j = i; j <= text.length; j += 3) {
      assert.deepEqual(parseCsv([text.slice(0, i), text.slice(i, j), text.slice(j)]), whole, `split at ${i},${j}`);
    }
  }
});

test('text after a closing quote is an error with its line', () => {
  assert.throws(
    () => parseCsv('a,b\n1,"x"y\n'),
    (e: unknown) => e instanceof IngestError && e.line === 2 && /unexpected character "y" after a closing quote/.test(e.message),
  );
});

test('an unclosed quote is an error naming the line it opened on', () => {
  assert.throws(
    () => parseCsv('a,b\n1,2\n3,"never\nclosed\n'),
    (e: unknown) => e instanceof IngestError && e.message === 'line 3: a quoted field is never closed (missing ")',
  );
});

test('a record longer than the cap is refused instead of buffering without end', () => {
  const parser = new CsvParser({ maxRecordChars: 100 });
  const noop = (): void => {};
  parser.push('a\n"', noop);
  assert.throws(() => {
    for (let k = 0; k < 20; k++) parser.push('x'.repeat(10), noop);
  }, /line 2: a record is longer than 100 characters/);
});

test('bad delimiters are refused', () => {
  assert.throws(() => new CsvParser({ delimiter: '"' }), /delimiter/);
  assert.throws(() => new CsvParser({ delimiter: ',,' }), /delimiter/);
});

test('formatCsvField / formatCsvRow quote only when needed', () => {
  assert.equal(formatCsvField('plain'), 'plain');
  assert.equal(formatCsvField('a,b'), '"a,b"');
  assert.equal(formatCsvField('say "hi"'), '"say ""hi"""');
  assert.equal(formatCsvField('a\nb'), '"a\nb"');
  assert.equal(formatCsvField('a;b', ';'), '"a;b"');
  assert.equal(formatCsvRow(['a', 'b,c', '']), 'a,"b,c",');
  assert.equal(formatCsvRow(['']), '""');
});
