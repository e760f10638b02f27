/**
 * A catalog's JSON read as it arrives, one item at a time, so memory holds one item (and the
 * envelope's small fields) instead of the whole download: the limit on a catalog is then a
 * number of items (MAX_CATALOG_ITEMS), not of bytes.
 *
 * Why not a general streaming JSON parser (@streamparser/json, measured): it builds every value
 * character by character in JavaScript, about 15 times slower than JSON.parse on the same text
 * (100,000 items: ~9 s against ~0.6 s here). This reader only finds where each value of the
 * top-level object, and each element of its `items` array, begins and ends (tracking strings,
 * escapes and nesting, with indexOf inside strings, which is most of the text), then hands each
 * element's text to JSON.parse, which also checks its syntax. An item's text is also what the
 * incremental sync hashes to know it is unchanged without parsing it at all (./collect.ts).
 */

import { CatalogError, msg, type CatalogMessage } from './messages';

/** The largest item (as JSON text) read; a bigger one is skipped as a problem, never held. */
export const MAX_ITEM_CHARS = 1024 * 1024;
/** The largest other top-level value (the vocabulary, mostly) kept for JSON.parse. */
export const MAX_ENVELOPE_CHARS = 32 * 1024 * 1024;

export interface JsonItemSink {
  /** One element of `items`: its text, or `tooLarge` when it was longer than MAX_ITEM_CHARS. */
  item(text: string | undefined, index: number): void;
  /** Any other top-level member, parsed. */
  member(key: string, value: unknown): void;
}

export class JsonStreamError extends CatalogError {}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

type State = 'root' | 'key' | 'colon' | 'value' | 'after-value' | 'items' | 'after-item' | 'done';

/**
 * Usage: `const reader = new JsonItemReader(sink); reader.push(text)…; reader.end()`. Throws
 * JsonStreamError with a message for the rep when the text is not a JSON object.
 */
export class JsonItemReader {
  private buf = '';
  private pos = 0;
  private consumed = 0;
  private state: State = 'root';
  private key = '';
  private index = 0;
  // The value being scanned: where it starts in buf, how deep, inside a string or not.
  private start = -1;
  private depth = 0;
  private inString = false;
  private skipping = false;
  private sawItems = false;

  constructor(private readonly sink: JsonItemSink) {}

  get hasItems(): boolean {
    return this.sawItems;
  }

  push(chunk: string): void {
    // Drop what is behind us: everything before the value being read, or (a value too large
    // to keep) all but a short tail that stringEnd may look back over.
    const cut = this.start >= 0 && !this.skipping ? this.start : this.skipping ? Math.max(0, this.pos - 64) : this.pos;
    this.buf = this.buf.slice(cut) + chunk;
    this.pos -= cut;
    this.consumed += cut;
    if (this.start >= 0) this.start = Math.max(0, this.start - cut);
    this.run();
  }

  end(): void {
    this.run();
    if (this.state !== 'done') {
      throw new JsonStreamError(msg(this.consumed + this.pos === 0 ? 'catalog.empty' : 'catalog.jsonCutOff'));
    }
  }

  private fail(what: CatalogMessage): never {
    throw new JsonStreamError(msg('catalog.jsonAt', { what, at: this.consumed + this.pos + 1 }));
  }

  private skipWs(): boolean {
    const { buf } = this;
    while (this.pos < buf.length && WS.has(buf.charCodeAt(this.pos))) this.pos++;
    return this.pos < buf.length;
  }

  private run(): void {
    const { buf } = this;
    for (;;) {
      switch (this.state) {
        case 'root': {
          if (this.consumed + this.pos === 0 && buf.charCodeAt(0) === 0xfeff) this.pos = 1;
          if (!this.skipWs()) return;
          const c = buf[this.pos];
          if (c !== '{') {
            if (c === '[') throw new JsonStreamError(msg('catalog.notObject'));
            this.fail(msg('catalog.jsonUnexpected', { char: c! }));
          }
          this.pos++;
          this.state = 'key';
          break;
        }
        case 'key': {
          if (!this.skipWs()) return;
          const c = buf[this.pos];
          if (c === '}') {
            this.pos++;
            this.state = 'done';
            break;
          }
          if (c !== '"') this.fail(msg('catalog.jsonExpectedName', { char: c! }));
          const close = this.stringEnd(this.pos + 1);
          if (close < 0) return;
          this.key = JSON.parse(buf.slice(this.pos, close + 1)) as string;
          this.pos = close + 1;
          this.state = 'colon';
          break;
        }
        case 'colon':
          if (!this.skipWs()) return;
          if (buf[this.pos] !== ':') this.fail(msg('catalog.jsonExpectedColon'));
          this.pos++;
          this.state = 'value';
          break;
        case 'value': {
          if (this.start < 0) {
            if (!this.skipWs()) return;
            if (this.key === 'items' && buf[this.pos] === '[') {
              this.pos++;
              this.sawItems = true;
              this.state = 'items';
              break;
            }
            this.begin();
          }
          const text = this.scan(MAX_ENVELOPE_CHARS);
          if (text === null) return;
          if (text === undefined) throw new JsonStreamError(msg('catalog.jsonMemberTooLarge', { member: this.key, size: MAX_ENVELOPE_CHARS / 1024 / 1024 }));
          this.sink.member(this.key, this.parse(text));
          this.state = 'after-value';
          break;
        }
        case 'after-value': {
          if (!this.skipWs()) return;
          const c = buf[this.pos++];
          if (c === ',') this.state = 'key';
          else if (c === '}') this.state = 'done';
          else {
            this.pos--;
            this.fail(msg('catalog.jsonExpectedEndOfObject', { char: c! }));
          }
          break;
        }
        case 'items': {
          if (this.start < 0) {
            if (!this.skipWs()) return;
            if (buf[this.pos] === ']' && this.index === 0) {
              this.pos++;
              this.state = 'after-value';
              break;
            }
            this.begin();
          }
          const text = this.scan(MAX_ITEM_CHARS);
          if (text === null) return;
          this.sink.item(text, this.index++);
          this.state = 'after-item';
          break;
        }
        case 'after-item': {
          if (!this.skipWs()) return;
          const c = buf[this.pos++];
          if (c === ',') this.state = 'items';
          else if (c === ']') this.state = 'after-value';
          else {
            this.pos--;
            this.fail(msg('catalog.jsonExpectedEndOfItem', { index: this.index - 1, char: c! }));
          }
          break;
        }
        case 'done':
          if (!this.skipWs()) return;
          this.fail(msg('catalog.jsonTrailingText'));
      }
    }
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonStreamError(
        msg('catalog.jsonMemberInvalid', { error: (error as Error).message.replace(/ in JSON at position \d+.*$/, ''), member: this.key }),
      );
    }
  }

  private begin(): void {
    this.start = this.pos;
    this.depth = 0;
    this.inString = false;
    this.skipping = false;
  }

  /** Index of the '"' closing the string whose contents start at `from`, or -1 if not yet in. */
  private stringEnd(from: number): number {
    const { buf } = this;
    let at = from;
    for (;;) {
      const quote = buf.indexOf('"', at);
      if (quote < 0) return -1;
      let slashes = 0;
      while (buf.charCodeAt(quote - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) return quote;
      at = quote + 1;
    }
  }

  /**
   * Scans the value that began at `start`. Returns its text once complete; null when more text
   * is needed; undefined for a complete value that passed `max` characters (not kept).
   */
  private scan(max: number): string | undefined | null {
    const { buf } = this;
    const n = buf.length;
    let pos = this.pos;
    let depth = this.depth;
    while (pos < n) {
      if (this.inString) {
        const close = this.stringEnd(pos);
        if (close < 0) {
          // Resume at the last character: it may be a backslash escaping what comes next.
          pos = Math.max(pos, n - 1);
          break;
        }
        pos = close + 1;
        this.inString = false;
        if (depth === 0) return this.finish(pos, depth, max);
        continue;
      }
      const c = buf.charCodeAt(pos);
      if (c === 0x22) {
        this.inString = true;
        pos++;
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
        pos++;
      } else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) return this.finish(pos, depth, max); // a number or literal just ended
        depth--;
        pos++;
        if (depth === 0) return this.finish(pos, depth, max);
      } else if (depth === 0 && (c === 0x2c || WS.has(c))) {
        return this.finish(pos, depth, max);
      } else pos++;
    }
    this.pos = pos;
    this.depth = depth;
    if (!this.skipping && pos - this.start > max) {
      // Too large to keep: go on scanning to find its end, holding none of it.
      this.skipping = true;
    }
    if (this.skipping) {
      // Keep a short tail: stringEnd looks back over it for backslashes escaping a quote.
      const keep = Math.min(pos, 64);
      this.consumed += pos - keep;
      this.buf = this.buf.slice(pos - keep);
      this.pos = keep;
      this.start = 0;
    }
    return null;
  }

  private finish(end: number, depth: number, max: number): string | undefined {
    const text = this.skipping || end - this.start > max ? undefined : this.buf.slice(this.start, end);
    this.pos = end;
    this.depth = depth;
    this.start = -1;
    this.skipping = false;
    return text;
  }
}
