const TRACE_ID = /^[0-9a-f]{1,32}$/i;

/**
 * A trace ID as users paste it: 1 to 32 hex characters, any case, surrounding
 * whitespace ignored. Shorter IDs are left-padded with zeros, because Tempo's own
 * search results drop leading zeros and 64-bit IDs are 16 characters.
 * Returns the 32-character lowercase ID, or undefined when `input` is not a trace ID.
 */
export function normalizeTraceId(input: string): string | undefined {
  const trimmed = input.trim();
  if (!TRACE_ID.test(trimmed)) {
    return undefined;
  }
  return trimmed.toLowerCase().padStart(32, '0');
}

/** True when the text is a trace ID rather than TraceQL. */
export function isTraceId(input: string): boolean {
  return normalizeTraceId(input) !== undefined;
}

export function notATraceIdMessage(input: string): string {
  const shown = input.trim().length > 60 ? `${input.trim().slice(0, 60)}…` : input.trim();
  return `"${shown}" is not a trace ID (hex, up to 32 characters)`;
}
