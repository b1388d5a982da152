import { zipkinSearchParams } from './zipkin';
import { parseSearchTags } from './search-params';

const window = { start: 1_700_000_000, end: 1_700_003_600 };

describe('zipkinSearchParams', () => {
  it("writes the search form as Zipkin's /api/v2/traces takes it: ms window, µs durations", () => {
    expect(
      zipkinSearchParams({
        service: 'email-verifier',
        operation: 'select signups',
        tags: [],
        minDurationUs: 1500,
        maxDurationUs: 2_000_000,
        limit: 7,
        window,
      })
    ).toEqual({
      serviceName: 'email-verifier',
      spanName: 'select signups',
      annotationQuery: undefined,
      minDuration: 1500,
      maxDuration: 2_000_000,
      endTs: 1_700_003_600_000,
      lookback: 3_600_000,
      limit: 7,
    });
  });

  it('joins tags into an annotationQuery; a bare key (key=true) is a bare term, as Zipkin matches tag keys', () => {
    const params = zipkinSearchParams({
      service: 'marketing-qualifier',
      tags: parseSearchTags('http.response.status_code=503 error error.message="timed out"'),
      limit: 20,
      window,
    });
    expect(params.annotationQuery).toBe('http.response.status_code=503 and error and error.message=timed out');
    expect(params.spanName).toBeUndefined();
  });
});
