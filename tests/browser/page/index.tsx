// Order matters: boot data before @grafana/runtime loads, Monaco before any editor mounts.
import './boot';
import './monaco';

import React from 'react';
import { createRoot } from 'react-dom/client';

import { installRealBackendSrv, installTemplateSrv } from '../../support/grafana-services';
import { App } from './App';
import { installDataSourceSrv } from './dataSources';
import { pageParams } from './params';

installRealBackendSrv();
installTemplateSrv();
installDataSourceSrv();

createRoot(document.getElementById('root')!).render(<App params={pageParams()} />);
