import { rangeUtil, TimeRange } from '@grafana/data';

import { TRACE_WINDOW_LABELS } from '../settings-labels';
import { ThreadlineOptions } from '../types';
import type { TimeWindow } from './backend';
import { UserFacingError } from './http';

/** The `start`/`end` window sent with a trace-by-ID request, when the data source turns it on. */
export function traceTimeWindow(options: ThreadlineOptions, range: TimeRange | undefined): TimeWindow | undefined {
  const settings = options.traceQuery;
  if (!settings?.timeShiftEnabled || !range) {
    return undefined;
  }
  const startShift = shiftMs(settings.spanStartTimeShift, TRACE_WINDOW_LABELS.startShift);
  const endShift = shiftMs(settings.spanEndTimeShift, TRACE_WINDOW_LABELS.endShift);
  return {
    start: Math.floor((range.from.valueOf() - startShift) / 1000),
    end: Math.ceil((range.to.valueOf() + endShift) / 1000),
  };
}

function shiftMs(shift: string | undefined, label: string): number {
  if (!shift || !shift.trim()) {
    return 0;
  }
  try {
    return rangeUtil.intervalToMs(shift.trim());
  } catch {
    throw new UserFacingError(
      `"${shift}" is not a time shift: fix "${label}" under "${TRACE_WINDOW_LABELS.section}" in the data source settings (e.g. 30m, 1h, 1d)`
    );
  }
}
