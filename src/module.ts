import { DataSourcePlugin } from '@grafana/data';

import { QueryEditorHelp } from './components/CheatSheet';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import { ThreadlineOptions, ThreadlineQuery } from './types';

export const plugin = new DataSourcePlugin<DataSource, ThreadlineQuery, ThreadlineOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor)
  .setQueryEditorHelp(QueryEditorHelp);
