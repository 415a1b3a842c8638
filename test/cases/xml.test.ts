import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XmlCharacterError, el, elAttrs, escapeAttribute, escapeText, leaf, renderXml } from '../../src/cases/report/xml.js';
import { XmlSyntaxError, parseXml } from './xml-check.js';

test('the checker accepts well-formed documents and rejects malformed ones', () => {
  assert.equal(parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1"><b>t &amp; &#x4E2D;&#25991;</b><c/></a>\n').children[0].text, 't & 中文');
  for (const bad of [
    '<a><b></a></b>', '<a></a><b></b>', '<a>x & y</a>', '<a>&nbsp;</a>', '<a x="1" x="2"/>', '<a x="<"/>', '<a>', 'text', '<a>]]></a>',
    '<a>\u0001</a>', '<?xml version="1.0"?><?xml version="1.0"?><a/>', '<a x=1/>', '<1a/>', '<a><!-- a -- b --></a>',
  ]) {
    assert.throws(() => parseXml(bad), XmlSyntaxError, bad);
  }
});

test('text and attributes are escaped and round-trip through a parser', () => {
  const nasty = `Tom & Jerry <script>"quoted" 'single' ]]> 张三 😀\ttab\nline\rcr`;
  const doc = renderXml(el('root', leaf('t', nasty), elAttrs('a', { v: nasty })));
  const root = parseXml(doc);
  assert.equal(root.children[0].text, nasty);
  assert.equal(root.children[1].attributes.v, nasty);
  assert.equal(escapeText('a<b>&c'), 'a&lt;b&gt;&amp;c');
  assert.equal(escapeAttribute(`"'`), '&quot;&apos;');
});

test('characters XML cannot carry are refused with the element path', () => {
  assert.throws(() => renderXml(el('report', el('transaction', leaf('comments', 'bell\u0007')))),
    (e: unknown) => e instanceof XmlCharacterError && e.path === 'report/transaction/comments' && /U\+0007/.test(e.message));
  assert.throws(() => escapeText('lone \uD800 surrogate'), XmlCharacterError);
  assert.throws(() => escapeText('\uFFFE'), XmlCharacterError);
  assert.doesNotThrow(() => escapeText('emoji 😀 and 中文 and \t\n'));
});

test('layout: optional children skipped, text on one line, nested elements indented, names checked', () => {
  const doc = renderXml(el('a', leaf('b', '1'), null, undefined, false, leaf('blank', '  '), [leaf('c', 2), [leaf('d', true)]], el('e')));
  assert.equal(doc, '<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b>1</b>\n  <c>2</c>\n  <d>true</d>\n  <e/>\n</a>\n');
  assert.equal(renderXml(el('a', leaf('b', 'x')), { declaration: false, indent: '' }), '<a><b>x</b></a>\n');
  assert.throws(() => el('bad name'), /not an XML element name/);
  assert.throws(() => renderXml(el('a', 'text', el('b'))), /mixed text and elements/);
});
