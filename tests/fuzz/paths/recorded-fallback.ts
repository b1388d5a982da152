/** The recorded server's own answer for the requests a path does not mutate (jaeger-/zipkin-fixtures' profiles). */
import type { Profile } from '../../support/fixture-server';
import type { Answer } from '../support/mutant';
import type { SeenRequest } from '../support/raw-server';

export function fromProfile(profile: Profile): (request: SeenRequest) => Answer {
  return (request) => {
    const answer = profile({ path: request.path, query: request.query, wantsProtobuf: false });
    if (answer === 'hang') {
      throw new Error('recorded profiles never hang');
    }
    const { 'content-type': contentType, ...headers } = answer.headers;
    return { status: answer.status, contentType, headers, body: new Uint8Array(answer.body) };
  };
}
