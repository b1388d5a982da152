/**
 * The OTLP trace messages and Tempo's trace-by-ID wrappers as a .proto schema for protobufjs
 * reflection: the reference the hand-walked decoder is checked against, and the encoder the
 * benchmark builds protobuf bodies with. Written from opentelemetry-proto v1 (trace.proto,
 * common.proto, resource.proto) and grafana/tempo pkg/tempopb/tempo.proto.
 */
import protobuf from 'protobufjs';

export const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ResourceSpans {
  Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3;
  repeated ScopeSpans instrumentation_library_spans = 1000;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
  repeated Event events = 11; uint32 dropped_events_count = 12;
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
}
message Status { string message = 2; int32 code = 3; }
message Trace { repeated ResourceSpans batches = 1; }
message TraceByIDMetrics { uint64 inspectedBytes = 1; }
message TraceByIDResponse { Trace trace = 1; TraceByIDMetrics metrics = 2; int32 status = 3; string message = 4; }
`;

let types: ReturnType<typeof lookUp> | undefined;

function lookUp() {
  const root = protobuf.parse(OTLP_TRACE_PROTO).root;
  return {
    Trace: root.lookupType('otlp.Trace'),
    TraceByIDResponse: root.lookupType('otlp.TraceByIDResponse'),
    ResourceSpans: root.lookupType('otlp.ResourceSpans'),
  };
}

export function otlpTraceTypes() {
  types ??= lookUp();
  return types;
}

/** Every recorded protobuf trace answer (`tests/fixtures`), with the shape of its API. */
export const RECORDED_PROTOBUF_TRACES = [
  ['tempo-2.0.1/trace-by-id.pb', 'v1'],
  ['tempo-2.0.1/trace-by-id-2007-spans.pb', 'v1'],
  ['tempo-2.8.2/v2-trace-by-id.pb', 'v2'],
  ['tempo-2.8.2/v2-trace-by-id-2007-spans.pb', 'v2'],
  ['tempo-2.8.2/v2-trace-by-id-partial.pb', 'v2'],
] as const;
