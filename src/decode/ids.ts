/**
 * Trace and span IDs as the trace frame wants them: lowercase hex, trace IDs 32
 * characters, span IDs 16. Protobuf carries raw bytes, spec OTLP/JSON hex, and
 * Tempo's JSON base64. Everything here runs in the browser, so no Buffer.
 */
import { DecodeError } from './columns';

const TRACE_ID_HEX_LENGTH = 32;
const SPAN_ID_HEX_LENGTH = 16;

/** Char codes of the two hex digits of each byte: byte b at [2b] and [2b + 1]. */
const HEX_CHAR_CODES = new Uint16Array(512);
for (let byte = 0; byte < 256; byte++) {
  const hex = byte.toString(16).padStart(2, '0');
  HEX_CHAR_CODES[2 * byte] = hex.charCodeAt(0);
  HEX_CHAR_CODES[2 * byte + 1] = hex.charCodeAt(1);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Char code → 6-bit value, -1 for characters that are not base64. Accepts the URL-safe alphabet too. */
const SEXTET_OF_CHAR_CODE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) {
  SEXTET_OF_CHAR_CODE[BASE64_ALPHABET.charCodeAt(i)] = i;
}
SEXTET_OF_CHAR_CODE['-'.charCodeAt(0)] = 62;
SEXTET_OF_CHAR_CODE['_'.charCodeAt(0)] = 63;

const HEX_ONLY = /^[0-9a-fA-F]*$/;

/** Arguments per `fromCharCode` call, well below engines' argument limits (garbage IDs can be long). */
const CHUNK = 8192;

/**
 * One flat string from char codes. Appending two-character pieces instead makes a rope of 16
 * to 32 nodes per ID, which is several times slower and larger.
 */
function stringOfCharCodes(charCodes: number[]): string {
  let text = String.fromCharCode.apply(null, charCodes.length > CHUNK ? charCodes.slice(0, CHUNK) : charCodes);
  for (let start = CHUNK; start < charCodes.length; start += CHUNK) {
    text += String.fromCharCode.apply(null, charCodes.slice(start, start + CHUNK));
  }
  return text;
}

/** Char code of the high and the low hex digit of each byte value. */
const HIGH_DIGIT = new Uint8Array(256);
const LOW_DIGIT = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  HIGH_DIGIT[byte] = HEX_CHAR_CODES[2 * byte];
  LOW_DIGIT[byte] = HEX_CHAR_CODES[2 * byte + 1];
}

/** The 16 hex digits of the 8 bytes at `start`. */
function eightBytesToHex(bytes: Uint8Array, start: number): string {
  return hexOfEightBytes(
    bytes[start], bytes[start + 1], bytes[start + 2], bytes[start + 3],
    bytes[start + 4], bytes[start + 5], bytes[start + 6], bytes[start + 7]
  ); // prettier-ignore
}

/** The 16 hex digits of 8 byte values, as one flat string built in a single call. */
function hexOfEightBytes(
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  b4: number,
  b5: number,
  b6: number,
  b7: number
): string {
  // prettier-ignore
  return String.fromCharCode(
    HIGH_DIGIT[b0], LOW_DIGIT[b0], HIGH_DIGIT[b1], LOW_DIGIT[b1], HIGH_DIGIT[b2], LOW_DIGIT[b2], HIGH_DIGIT[b3], LOW_DIGIT[b3],
    HIGH_DIGIT[b4], LOW_DIGIT[b4], HIGH_DIGIT[b5], LOW_DIGIT[b5], HIGH_DIGIT[b6], LOW_DIGIT[b6], HIGH_DIGIT[b7], LOW_DIGIT[b7]
  ); // prettier-ignore
}

export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const charCodes: number[] = [];
  for (let i = start; i < end; i++) {
    charCodes.push(HEX_CHAR_CODES[2 * bytes[i]], HEX_CHAR_CODES[2 * bytes[i] + 1]);
  }
  return stringOfCharCodes(charCodes);
}

/** Standard base64 with padding, as protobuf's JSON mapping writes `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    text +=
      BASE64_ALPHABET[group >>> 18] +
      BASE64_ALPHABET[(group >>> 12) & 63] +
      BASE64_ALPHABET[(group >>> 6) & 63] +
      BASE64_ALPHABET[group & 63];
  }
  const left = bytes.length - i;
  if (left === 1) {
    const group = bytes[i] << 16;
    text += BASE64_ALPHABET[group >>> 18] + BASE64_ALPHABET[(group >>> 12) & 63] + '==';
  } else if (left === 2) {
    const group = (bytes[i] << 16) | (bytes[i + 1] << 8);
    text +=
      BASE64_ALPHABET[group >>> 18] + BASE64_ALPHABET[(group >>> 12) & 63] + BASE64_ALPHABET[(group >>> 6) & 63] + '=';
  }
  return text;
}

/** The 24 bits of four base64 characters given by their char codes; negative if one is not base64. */
function sextets(a: number, b: number, c: number, d: number): number {
  return (sextetOf(a) << 18) | (sextetOf(b) << 12) | (sextetOf(c) << 6) | sextetOf(d);
}

function sextetOf(code: number): number {
  return code < 128 ? SEXTET_OF_CHAR_CODE[code] : -1;
}

const A = 65; // base64 for six zero bits

/**
 * The span ID whose base64 is the 11 characters given (a 12th, `=`, pads them), as hex:
 * two groups of 4 characters (3 bytes each), then 3 characters holding 2 bytes and 2 spare bits.
 */
function spanIdOfGroups(first: number, second: number, last: number): string | undefined {
  if ((first | second | last) < 0) {
    return undefined;
  }
  return hexOfEightBytes(
    first >>> 16, (first >>> 8) & 0xff, first & 0xff, second >>> 16, (second >>> 8) & 0xff, second & 0xff,
    last >>> 16, (last >>> 8) & 0xff
  ); // prettier-ignore
}

/**
 * Tempo's base64 span ID from the bytes of its text: 12 characters, the last `=`. `undefined`
 * when it is not exactly that, for the general decoder to handle (and to report errors alike).
 */
export function paddedBase64SpanIdBytesToHex(text: Uint8Array, start: number, end: number): string | undefined {
  if (end - start !== 12 || text[start + 11] !== 61 /* '=' */) {
    return undefined;
  }
  const s = start;
  return spanIdOfGroups(
    sextets(text[s], text[s + 1], text[s + 2], text[s + 3]),
    sextets(text[s + 4], text[s + 5], text[s + 6], text[s + 7]),
    sextets(text[s + 8], text[s + 9], text[s + 10], A)
  );
}

/** As `paddedBase64SpanIdBytesToHex`, from a string of 12 characters. */
function paddedBase64SpanIdToHex(text: string): string | undefined {
  if (text.charCodeAt(11) !== 61 /* '=' */) {
    return undefined;
  }
  const at = (i: number) => text.charCodeAt(i);
  return spanIdOfGroups(
    sextets(at(0), at(1), at(2), at(3)),
    sextets(at(4), at(5), at(6), at(7)),
    sextets(at(8), at(9), at(10), A)
  );
}

/** Decodes base64 (standard or URL-safe, padded or not) straight to lowercase hex. */
export function base64ToHex(text: string): string {
  let dataLength = text.length;
  while (dataLength > 0 && text.charCodeAt(dataLength - 1) === 61 /* '=' */) {
    dataLength--;
  }
  if (dataLength % 4 === 1 || text.length - dataLength > 2) {
    throw new DecodeError(`"${text}" is not valid base64`);
  }
  const charCodes: number[] = [];
  let bits = 0;
  let bitCount = 0;
  for (let i = 0; i < dataLength; i++) {
    const sextet = sextetOf(text.charCodeAt(i));
    if (sextet < 0) {
      throw new DecodeError(`"${text}" is not valid base64`);
    }
    bits = ((bits << 6) | sextet) & 0xffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      const byte = (bits >>> bitCount) & 0xff;
      charCodes.push(HEX_CHAR_CODES[2 * byte], HEX_CHAR_CODES[2 * byte + 1]);
    }
  }
  return stringOfCharCodes(charCodes);
}

/**
 * An ID in JSON: hex (spec OTLP/JSON) or base64 (Tempo). Text made only of hex digits is
 * read as hex; Tempo's base64 never is, since 16 and 8 bytes always end in `=` padding.
 */
function idTextToHex(text: string): string {
  return HEX_ONLY.test(text) ? text.toLowerCase() : base64ToHex(text);
}

/** A span ID as text: Tempo's 12-character base64 on a fast path, everything else as `idTextToHex`. */
function spanIdTextToHex(text: string): string {
  return (text.length === 12 && paddedBase64SpanIdToHex(text)) || idTextToHex(text);
}

export function traceIdFromBytes(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return bytesToHex(bytes, start, end).padStart(TRACE_ID_HEX_LENGTH, '0');
}

export function spanIdFromBytes(bytes: Uint8Array, start = 0, end = bytes.length): string {
  if (end - start === 8) {
    return eightBytesToHex(bytes, start);
  }
  return bytesToHex(bytes, start, end).padStart(SPAN_ID_HEX_LENGTH, '0');
}

/** Empty bytes mean "no parent": a root span. */
export function parentSpanIdFromBytes(bytes: Uint8Array, start = 0, end = bytes.length): string | undefined {
  return end > start ? spanIdFromBytes(bytes, start, end) : undefined;
}

/** A trace ID from JSON (hex or base64) as 32 lowercase hex characters. */
export function traceIdFromText(text: string): string {
  return idTextToHex(text).padStart(TRACE_ID_HEX_LENGTH, '0');
}

/** A span ID from JSON (hex or base64) as 16 lowercase hex characters. */
export function spanIdFromText(text: string): string {
  const hex = spanIdTextToHex(text);
  return hex.length < SPAN_ID_HEX_LENGTH ? hex.padStart(SPAN_ID_HEX_LENGTH, '0') : hex;
}

/** Absent or empty means "no parent": a root span. */
export function parentSpanIdFromText(text: string | undefined): string | undefined {
  return text ? spanIdFromText(text) : undefined;
}

/**
 * `traceIdFromBytes` and `traceIdFromText` that remember the ID read last: all spans of a trace
 * carry the same trace ID, and so they share one string instead of holding a copy each. One per
 * decode.
 */
export class TraceIdMemo {
  private bytes = new Uint8Array(16);
  private length = -1;
  private hexOfBytes = '';
  private text: string | undefined;
  private hexOfText = '';

  fromBytes(bytes: Uint8Array, start = 0, end = bytes.length): string {
    if (!this.sameBytes(bytes, start, end)) {
      if (this.bytes.length < end - start) {
        this.bytes = new Uint8Array(end - start);
      }
      this.bytes.set(bytes.subarray(start, end)); // a copy: `bytes` is the whole body
      this.length = end - start;
      this.hexOfBytes = traceIdFromBytes(bytes, start, end);
    }
    return this.hexOfBytes;
  }

  fromText(text: string): string {
    if (text !== this.text) {
      this.hexOfText = traceIdFromText(text);
      this.text = text;
    }
    return this.hexOfText;
  }

  private sameBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.length !== end - start) {
      return false;
    }
    for (let i = 0; i < this.length; i++) {
      if (this.bytes[i] !== bytes[start + i]) {
        return false;
      }
    }
    return true;
  }
}
