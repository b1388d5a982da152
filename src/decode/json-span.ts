/**
 * One OTLP/JSON Span read from the bytes into the draft, as `decodeOtlpJson` reads it from
 * parsed JSON: IDs (base64 or hex) to hex, nanosecond times to milliseconds, enums by name or
 * number, attributes, status, events and links.
 */
import type { TraceLog, TraceSpanReference } from '@grafana/data';

import { NO_HASH, Utf8Strings } from './byte-caches';
import { addLog, addReference, NO_TAGS, resetSpanDraft, SpanDraft } from './columns';
import { paddedBase64SpanIdBytesToHex, parentSpanIdFromText, spanIdFromText, TraceIdMemo } from './ids';
import { JsonAttributeReader } from './json-attributes';
import { NotFastPath } from './json-grammar';
import { END_OF_OBJECT } from './json-keys';
import { JsonScanner } from './json-scanner';
import {
  enumNumber,
  SPAN_KIND_NUMBERS,
  splitDifferenceToMillis,
  SplitNanos,
  splitNanosBytes,
  splitToMillis,
  STATUS_CODE_NUMBERS,
} from './json-values';
import { EVENT, LINK, SPAN, STATUS } from './otlp-json-keys';

const ENUM_MEMO_SLOTS = 64;

/** Enum numbers by the hash of their name's text (`Utf8Strings.lastHash`): a name recurs in every span. */
class EnumMemo {
  readonly texts = new Array<string | undefined>(ENUM_MEMO_SLOTS).fill(undefined);
  readonly numbers = new Array<number>(ENUM_MEMO_SLOTS).fill(0);
}

export class JsonSpanReader {
  private readonly attributes: JsonAttributeReader;
  private readonly kinds = new EnumMemo();
  private readonly statusCodes = new EnumMemo();
  private readonly startTime: SplitNanos = { wholeMillis: 0, nanosBelowMilli: 0 };
  private readonly endTime: SplitNanos = { wholeMillis: 0, nanosBelowMilli: 0 };
  private readonly eventTime: SplitNanos = { wholeMillis: 0, nanosBelowMilli: 0 };
  /** Trace IDs from their text (links, and spans whose ID text differs from the one before). */
  private readonly traceIds = new TraceIdMemo();
  /** Where the trace ID text read last is in the body, and its hex: all spans share one string. */
  private traceIdText = { start: 0, end: -1, hex: '' };

  constructor(
    private readonly json: JsonScanner,
    private readonly strings: Utf8Strings,
    private readonly draft: SpanDraft
  ) {
    this.attributes = new JsonAttributeReader(json, strings);
  }

  /** The attributes of a resource. */
  tags() {
    return this.attributes.tags();
  }

  /** Reads the next span into the draft. */
  span(): void {
    const { json, draft } = this;
    if (!json.objectOrNull()) {
      throw new NotFastPath('Span is null');
    }
    resetSpanDraft(draft);
    let hasTraceId = false;
    let hasSpanId = false;
    let hasStart = false;
    let hasEnd = false;
    let key;
    while ((key = json.nextKey(SPAN)) !== END_OF_OBJECT) {
      switch (key) {
        case 'traceId':
          draft.traceID = this.traceId();
          hasTraceId = true;
          break;
        case 'spanId':
          draft.spanID = this.spanId();
          hasSpanId = true;
          break;
        case 'parentSpanId':
          draft.parentSpanID = this.parentSpanId();
          break;
        case 'name':
          draft.name = json.string();
          break;
        case 'kind':
          draft.kind = this.enumValue(this.kinds, SPAN_KIND_NUMBERS);
          break;
        case 'startTimeUnixNano':
          this.time(this.startTime);
          hasStart = true;
          break;
        case 'endTimeUnixNano':
          this.time(this.endTime);
          hasEnd = true;
          break;
        case 'attributes':
          draft.tags = this.attributes.tags();
          break;
        case 'status':
          this.status();
          break;
        case 'events':
          this.events();
          break;
        case 'links':
          this.links();
          break;
        case 'traceState':
          draft.traceState = json.string();
          break;
        default:
          json.skipValue();
      }
    }
    if (!hasStart || !hasEnd) {
      throw new NotFastPath('span without start or end time');
    }
    if (!hasTraceId) {
      draft.traceID = this.traceIds.fromText('');
    }
    if (!hasSpanId) {
      draft.spanID = spanIdFromText('');
    }
    draft.startTime = splitToMillis(this.startTime);
    draft.duration = splitDifferenceToMillis(this.startTime, this.endTime);
  }

  /** A trace ID; the same text as the one before gives the same string. */
  private traceId(): string {
    const { json } = this;
    const start = json.rawString();
    const end = json.pos - 1;
    const known = this.traceIdText;
    if (end - start === known.end - known.start && sameBytes(json.bytes, start, known.start, end - start)) {
      return known.hex;
    }
    const hex = this.traceIds.fromText(this.strings.read(json.bytes, start, end));
    this.traceIdText = { start, end, hex };
    return hex;
  }

  /** A span ID: Tempo's base64 converted from the bytes, other text through `spanIdFromText`. */
  private spanId(): string {
    const { json } = this;
    const start = json.rawString();
    const end = json.pos - 1;
    return (
      paddedBase64SpanIdBytesToHex(json.bytes, start, end) ?? spanIdFromText(this.strings.read(json.bytes, start, end))
    );
  }

  /** As `spanId`; empty text is no parent (a root span). */
  private parentSpanId(): string | undefined {
    const { json } = this;
    const start = json.rawString();
    const end = json.pos - 1;
    if (end === start) {
      return undefined;
    }
    return (
      paddedBase64SpanIdBytesToHex(json.bytes, start, end) ??
      parentSpanIdFromText(this.strings.read(json.bytes, start, end))
    );
  }

  /** Epoch nanoseconds as decimal text (7 to 21 digits), split into `time`. */
  private time(time: SplitNanos): void {
    const start = this.json.rawString();
    if (!splitNanosBytes(this.json.bytes, start, this.json.pos - 1, time)) {
      throw new NotFastPath('time is not decimal text');
    }
  }

  /** An enum by name or number, as `enumNumber` reads it; each name text is looked up once. */
  private enumValue(memo: EnumMemo, numbersByName: Record<string, number>): number {
    const { json } = this;
    if (json.peek() !== 0x22 /* " */) {
      return enumNumber(json.stringOrNumber(), numbersByName);
    }
    const text = json.string();
    const hash = this.strings.lastHash;
    if (hash === NO_HASH) {
      return enumNumber(text, numbersByName);
    }
    const slot = hash & (ENUM_MEMO_SLOTS - 1);
    if (memo.texts[slot] !== text) {
      memo.texts[slot] = text;
      memo.numbers[slot] = enumNumber(text, numbersByName);
    }
    return memo.numbers[slot];
  }

  private status(): void {
    const { json, draft } = this;
    if (!json.objectOrNull()) {
      return;
    }
    for (let key; (key = json.nextKey(STATUS)) !== END_OF_OBJECT;) {
      if (key === 'code') {
        draft.statusCode = this.enumValue(this.statusCodes, STATUS_CODE_NUMBERS);
      } else if (key === 'message') {
        draft.statusMessage = json.string();
      } else {
        json.skipValue();
      }
    }
  }

  private events(): void {
    const { json } = this;
    if (!json.arrayOrNull()) {
      return;
    }
    for (let i = 0; json.nextItem(i); i++) {
      if (!json.objectOrNull()) {
        throw new NotFastPath('Event is null');
      }
      const log: TraceLog = { timestamp: 0, name: '', fields: NO_TAGS };
      for (let key; (key = json.nextKey(EVENT)) !== END_OF_OBJECT;) {
        if (key === 'timeUnixNano') {
          this.time(this.eventTime);
          log.timestamp = splitToMillis(this.eventTime);
        } else if (key === 'name') {
          log.name = json.string();
        } else if (key === 'attributes') {
          log.fields = this.attributes.tags();
        } else {
          json.skipValue();
        }
      }
      addLog(this.draft, log);
    }
  }

  private links(): void {
    const { json } = this;
    if (!json.arrayOrNull()) {
      return;
    }
    for (let i = 0; json.nextItem(i); i++) {
      if (!json.objectOrNull()) {
        throw new NotFastPath('Link is null');
      }
      let traceID = this.traceIds.fromText('');
      let spanID = spanIdFromText('');
      let tags = NO_TAGS;
      for (let key; (key = json.nextKey(LINK)) !== END_OF_OBJECT;) {
        if (key === 'traceId') {
          traceID = this.traceIds.fromText(json.string());
        } else if (key === 'spanId') {
          spanID = spanIdFromText(json.string());
        } else if (key === 'attributes') {
          tags = this.attributes.tags();
        } else {
          json.skipValue();
        }
      }
      const reference: TraceSpanReference = tags.length > 0 ? { traceID, spanID, tags } : { traceID, spanID };
      addReference(this.draft, reference);
    }
  }
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) {
    if (bytes[a + i] !== bytes[b + i]) {
      return false;
    }
  }
  return true;
}
