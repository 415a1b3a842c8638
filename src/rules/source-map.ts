/**
 * Maps an offset inside a YAML/JSON string scalar's *value* back to an offset in the file, so an
 * expression error can name the file's line and column. Exact for plain and quoted scalars on
 * one line; best effort (character alignment) for folded, multi-line and block scalars.
 */

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Where the scalar's content starts in the file: after the quote, or on the line after a block header. */
function contentStart(text: string, start: number, style: ScalarStyle | undefined): number {
  if (style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE') return start + 1;
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', start);
    return nl < 0 ? start : nl + 1;
  }
  return start;
}

/**
 * Returns a function from value offset (0..value.length) to file offset. `range` is the scalar
 * node's [start, end) in the file.
 */
export function scalarOffsetMapper(
  text: string,
  value: string,
  range: readonly [number, number],
  style: ScalarStyle | undefined,
): (offset: number) => number {
  const end = Math.min(range[1], text.length);
  const map = new Int32Array(value.length + 1);
  let j = contentStart(text, range[0], style);
  let last = j - 1;
  for (let i = 0; i < value.length; ) {
    if (j >= end) {
      map[i++] = Math.max(last, range[0]);
      continue;
    }
    const v = value[i];
    const s = text[j];
    if (v === s) {
      map[i++] = last = j++;
    } else if (isSpace(v) && !isSpace(s) && s !== '\\' && s !== '"' && s !== "'") {
      // Whitespace the value has but the source does not spell out here (folding, an escape letter).
      map[i++] = j;
    } else {
      j++; // Indentation, a line break, an escape's backslash or a doubled quote in the source.
    }
  }
  map[value.length] = value.length === 0 ? j : last + 1;
  return (offset) => map[Math.max(0, Math.min(offset, value.length))];
}
