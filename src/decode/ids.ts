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

/**
 * Builds strings from char codes: one flat string per ID. Appending two-character pieces
 * instead makes a rope of 16 to 32 nodes per ID, which is several times slower and larger.
 */
const charCodes: number[] = [];
/** Arguments per `fromCharCode` call, well below engines' argument limits (garbage IDs can be long). */
const CHUNK = 8192;

function takeString(): string {
  let text = String.fromCharCode.apply(null, charCodes.length > CHUNK ? charCodes.slice(0, CHUNK) : charCodes);
  for (let start = CHUNK; start < charCodes.length; start += CHUNK) {
    text += String.fromCharCode.apply(null, charCodes.slice(start, start + CHUNK));
  }
  charCodes.length = 0;
  return text;
}

/** Char code of the high and the low hex digit of each byte value. */
const HIGH_DIGIT = new Uint8Array(256);
const LOW_DIGIT = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  HIGH_DIGIT[byte] = HEX_CHAR_CODES[2 * byte];
  LOW_DIGIT[byte] = HEX_CHAR_CODES[2 * byte + 1];
}

/** The 16 hex digits of the 8 bytes at `start`, as one flat string built in a single call. */
function eightBytesToHex(bytes: Uint8Array, start: number): string {
  const b0 = bytes[start];
  const b1 = bytes[start + 1];
  const b2 = bytes[start + 2];
  const b3 = bytes[start + 3];
  const b4 = bytes[start + 4];
  const b5 = bytes[start + 5];
  const b6 = bytes[start + 6];
  const b7 = bytes[start + 7];
  return String.fromCharCode(
    HIGH_DIGIT[b0], LOW_DIGIT[b0], HIGH_DIGIT[b1], LOW_DIGIT[b1], HIGH_DIGIT[b2], LOW_DIGIT[b2], HIGH_DIGIT[b3], LOW_DIGIT[b3],
    HIGH_DIGIT[b4], LOW_DIGIT[b4], HIGH_DIGIT[b5], LOW_DIGIT[b5], HIGH_DIGIT[b6], LOW_DIGIT[b6], HIGH_DIGIT[b7], LOW_DIGIT[b7]
  ); // prettier-ignore
}

export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  for (let i = start; i < end; i++) {
    charCodes.push(HEX_CHAR_CODES[2 * bytes[i]], HEX_CHAR_CODES[2 * bytes[i] + 1]);
  }
  return takeString();
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

/** Scratch for the 8 bytes of a span ID decoded from base64, and for the characters of one. */
const spanIdBytes = new Uint8Array(8);
const spanIdText = new Uint8Array(12);

/**
 * Tempo's base64 span ID from the bytes of its text: 12 characters, the last `=`. `undefined`
 * when it is not exactly that, for the general decoder to handle (and to report errors alike).
 */
export function paddedBase64SpanIdBytesToHex(text: Uint8Array, start: number, end: number): string | undefined {
  if (end - start !== 12 || text[start + 11] !== 61 /* '=' */) {
    return undefined;
  }
  let invalid = 0;
  let group = 0;
  for (let i = 0; i < 11; i++) {
    const code = text[start + i];
    const sextet = code < 128 ? SEXTET_OF_CHAR_CODE[code] : -1;
    invalid |= sextet;
    group = (group << 6) | (sextet & 63);
    if (i % 4 === 3) {
      const at = i - 3 - (i >> 2);
      spanIdBytes[at] = group >>> 16;
      spanIdBytes[at + 1] = (group >>> 8) & 0xff;
      spanIdBytes[at + 2] = group & 0xff;
      group = 0;
    }
  }
  if (invalid < 0) {
    return undefined;
  }
  // 11 characters: two full groups (6 bytes), then 3 sextets holding 2 bytes and 2 spare bits.
  spanIdBytes[6] = group >>> 10;
  spanIdBytes[7] = (group >>> 2) & 0xff;
  return eightBytesToHex(spanIdBytes, 0);
}

function paddedBase64SpanIdToHex(text: string): string | undefined {
  for (let i = 0; i < 12; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) {
      return undefined;
    }
    spanIdText[i] = code;
  }
  return paddedBase64SpanIdBytesToHex(spanIdText, 0, 12);
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
  let bits = 0;
  let bitCount = 0;
  for (let i = 0; i < dataLength; i++) {
    const code = text.charCodeAt(i);
    const sextet = code < 128 ? SEXTET_OF_CHAR_CODE[code] : -1;
    if (sextet < 0) {
      charCodes.length = 0;
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
  return takeString();
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

// All spans of a trace carry the same trace ID: the last one read is remembered so that
// they share one string instead of holding a copy each.
let lastTraceIdBytes = new Uint8Array(16);
let lastTraceIdLength = -1;
let lastTraceIdFromBytes = '';
let lastTraceIdText = '';
let lastTraceIdFromText = '';

export function traceIdFromBytes(bytes: Uint8Array, start = 0, end = bytes.length): string {
  if (!sameAsLastTraceId(bytes, start, end)) {
    if (lastTraceIdBytes.length < end - start) {
      lastTraceIdBytes = new Uint8Array(end - start);
    }
    lastTraceIdBytes.set(bytes.subarray(start, end)); // a copy: `bytes` is the whole body
    lastTraceIdLength = end - start;
    lastTraceIdFromBytes = bytesToHex(bytes, start, end).padStart(TRACE_ID_HEX_LENGTH, '0');
  }
  return lastTraceIdFromBytes;
}

function sameAsLastTraceId(bytes: Uint8Array, start: number, end: number): boolean {
  if (lastTraceIdLength !== end - start) {
    return false;
  }
  for (let i = 0; i < lastTraceIdLength; i++) {
    if (lastTraceIdBytes[i] !== bytes[start + i]) {
      return false;
    }
  }
  return true;
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
  if (text !== lastTraceIdText) {
    lastTraceIdFromText = idTextToHex(text).padStart(TRACE_ID_HEX_LENGTH, '0');
    lastTraceIdText = text;
  }
  return lastTraceIdFromText;
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
