/**
 * Reads a JSON trace body from its bytes straight into the columns, without `JSON.parse`:
 * parsing first would build an object per span, attribute and value, all thrown away after
 * conversion, and that garbage (and the GC of it) costs more than the conversion itself.
 *
 * It reads the shapes `decodeOtlpJson` reads, the way it reads them. Whatever it does not
 * handle (malformed JSON, a duplicated field, a value of an unexpected type, times as numbers,
 * …) makes it start over with `JSON.parse` and `decodeOtlpJson`, which then decide, so both
 * give the same result, or the same error, for every body.
 */
import type { TraceKeyValuePair } from '@grafana/data';

import { Utf8Strings } from './byte-caches';
import { DecodedTrace, DecodeError, DecodeSteps, finishSteps, newSpanDraft, NO_TAGS } from './columns';
import { SpanColumnsBuilder } from './columns-builder';
import { NotFastPath } from './json-grammar';
import { END_OF_OBJECT } from './json-keys';
import { JsonScanner } from './json-scanner';
import { JsonSpanReader } from './json-span';
import { decodeOtlpJsonSteps } from './otlp-json';
import { BODY, RESOURCE, RESOURCE_SPANS, SCOPE, SCOPE_SPANS, TRACE } from './otlp-json-keys';

const utf8 = new TextDecoder();

export function decodeOtlpJsonBody(body: Uint8Array): DecodedTrace {
  return finishSteps(decodeOtlpJsonBodySteps(body, Infinity));
}

/** The same decode, pausing (yielding) after every `chunkSpans` spans: see chunked.ts. */
export function* decodeOtlpJsonBodySteps(body: Uint8Array, chunkSpans: number): DecodeSteps {
  try {
    return yield* new JsonBodyReader(body, chunkSpans).readBody();
  } catch (error) {
    // A DecodeError too: the body may be malformed further on, which JSON.parse reports first.
    if (!(error instanceof NotFastPath || error instanceof DecodeError)) {
      throw error;
    }
  }
  // A SyntaxError from here means the body is not JSON, as with JSON.parse on its text.
  return yield* decodeOtlpJsonSteps(JSON.parse(utf8.decode(body)), chunkSpans);
}

/** The levels above the spans: the body, ResourceSpans with their Resource, ScopeSpans with their scope. */
class JsonBodyReader {
  private readonly json: JsonScanner;
  private readonly spans: JsonSpanReader;
  private readonly builder = new SpanColumnsBuilder();
  private readonly draft = newSpanDraft();
  private spansSinceYield = 0;

  constructor(
    body: Uint8Array,
    private readonly chunkSpans: number
  ) {
    const strings = new Utf8Strings();
    this.json = new JsonScanner(body, strings);
    this.spans = new JsonSpanReader(this.json, strings, this.draft);
  }

  *readBody(): DecodeSteps {
    const { json } = this;
    if (!json.objectOrNull()) {
      throw new NotFastPath('body is null');
    }
    let hasSpans = false;
    let inTrace = false;
    let status: unknown;
    let message: unknown;
    let keys = 0;
    for (let key; (key = json.nextKey(BODY)) !== END_OF_OBJECT; keys++) {
      if (key === 'batches' || key === 'resourceSpans') {
        hasSpans = true;
        yield* this.resourceSpansList();
      } else if (key === 'trace') {
        hasSpans = true;
        inTrace = true;
        yield* this.trace();
      } else if (key === 'status') {
        status = json.stringOrNumber();
      } else if (key === 'message') {
        message = json.stringOrNumber();
      } else {
        json.skipValue();
      }
    }
    json.end();
    if (!hasSpans && keys > 0) {
      throw new NotFastPath('no spans field');
    }
    const spans = this.builder.finish();
    if (inTrace && (status === 'PARTIAL' || status === 1)) {
      return { spans, partialMessage: typeof message === 'string' ? message : '' };
    }
    return { spans };
  }

  /** Tempo v2's `trace`: `{ resourceSpans }`. */
  private *trace(): Generator<void, void, void> {
    const { json } = this;
    if (!json.objectOrNull()) {
      throw new NotFastPath('trace is null');
    }
    for (let key; (key = json.nextKey(TRACE)) !== END_OF_OBJECT;) {
      if (key === 'resourceSpans') {
        yield* this.resourceSpansList();
      } else {
        json.skipValue();
      }
    }
  }

  private *resourceSpansList(): Generator<void, void, void> {
    const { json, builder } = this;
    if (!json.arrayOrNull()) {
      return;
    }
    for (let i = 0; json.nextItem(i); i++) {
      if (!json.objectOrNull()) {
        throw new NotFastPath('ResourceSpans is null');
      }
      const firstSpan = builder.count;
      let attributes: TraceKeyValuePair[] = [];
      for (let key; (key = json.nextKey(RESOURCE_SPANS)) !== END_OF_OBJECT;) {
        if (key === 'scopeSpans' || key === 'instrumentationLibrarySpans') {
          yield* this.scopeSpansList();
        } else if (key === 'resource') {
          attributes = json.objectOrNull() ? this.resourceAttributes() : [];
        } else {
          json.skipValue();
        }
      }
      builder.endResource(firstSpan, attributes);
    }
  }

  /** The `attributes` of an open Resource. */
  private resourceAttributes(): TraceKeyValuePair[] {
    let attributes = NO_TAGS;
    for (let key; (key = this.json.nextKey(RESOURCE)) !== END_OF_OBJECT;) {
      if (key === 'attributes') {
        attributes = this.spans.tags();
      } else {
        this.json.skipValue();
      }
    }
    return attributes;
  }

  private *scopeSpansList(): Generator<void, void, void> {
    const { json, builder, draft } = this;
    if (!json.arrayOrNull()) {
      return;
    }
    for (let i = 0; json.nextItem(i); i++) {
      if (!json.objectOrNull()) {
        throw new NotFastPath('ScopeSpans is null');
      }
      const firstSpan = builder.count;
      let scope: { name: string; version: string } | undefined;
      for (let key; (key = json.nextKey(SCOPE_SPANS)) !== END_OF_OBJECT;) {
        if (key === 'spans') {
          if (!json.arrayOrNull()) {
            continue;
          }
          for (let s = 0; json.nextItem(s); s++) {
            this.spans.span();
            builder.push(draft);
            if (++this.spansSinceYield >= this.chunkSpans) {
              this.spansSinceYield = 0;
              yield;
            }
          }
        } else if (key === 'scope' || key === 'instrumentationLibrary') {
          scope = json.objectOrNull() ? this.scope() : undefined;
        } else {
          json.skipValue();
        }
      }
      if (scope) {
        builder.endScope(firstSpan, scope.name, scope.version);
      }
    }
  }

  private scope(): { name: string; version: string } {
    const scope = { name: '', version: '' };
    for (let key; (key = this.json.nextKey(SCOPE)) !== END_OF_OBJECT;) {
      if (key === 'name') {
        scope.name = this.json.string();
      } else if (key === 'version') {
        scope.version = this.json.string();
      } else {
        this.json.skipValue();
      }
    }
    return scope;
  }
}
