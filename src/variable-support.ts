import { CustomVariableSupport, DataQueryRequest, DataQueryResponse } from '@grafana/data';
import { from, Observable } from 'rxjs';

import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { DataSource } from './datasource';
import { messageOf } from './query-errors';
import { ThreadlineVariableQuery } from './types';

/**
 * Dashboard variables of this data source (Grafana's `CustomVariableSupport`, which replaced
 * `setVariableQueryEditor`): the editor, and the query that lists tag names or a tag's values.
 */
export class ThreadlineVariableSupport extends CustomVariableSupport<DataSource, ThreadlineVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  /** A failure reaches the variable editor as a message written for users, as a query's does. */
  query(request: DataQueryRequest<ThreadlineVariableQuery>): Observable<DataQueryResponse> {
    return from(
      this.datasource.metricFindQuery(request.targets[0]).then(
        (values) => ({ data: values }),
        (error) => {
          throw new Error(messageOf(error));
        }
      )
    );
  }
}
