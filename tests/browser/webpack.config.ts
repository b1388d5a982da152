/**
 * The browser test page: one bundle with everything in it (React, @grafana/*, Monaco from the
 * installed `monaco-editor`, no externals, nothing from a CDN), written to tests/browser/.build/.
 * Development mode without source maps and with webpack's filesystem cache, so a rebuild after a
 * change in src/ takes seconds.
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import path from 'path';
import webpack, { type Configuration } from 'webpack';

import { BUILD_DIR, PAGE_DIR, ROOT } from './support/paths';
import { provisionedDataSource } from './support/provisioning-file';

const swc = {
  loader: 'swc-loader',
  options: {
    jsc: {
      target: 'es2020',
      parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
      transform: { react: { runtime: 'classic' } },
    },
  },
};

export function pageConfig(): Configuration {
  return {
    mode: 'development',
    devtool: false,
    context: ROOT,
    entry: { page: path.join(PAGE_DIR, 'index.tsx') },
    output: { path: BUILD_DIR, filename: '[name].js', chunkFilename: '[name].js', publicPath: 'auto', clean: true },
    cache: {
      type: 'filesystem',
      cacheDirectory: path.join(ROOT, 'node_modules/.cache/threadline-browser-page'),
      buildDependencies: { config: [__filename] },
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.mjs', '.js', '.json'],
      modules: [path.join(ROOT, 'src'), 'node_modules'],
      alias: {
        // The editor with all its contributions (suggest, hover, markers…) but without the 80
        // bundled languages and their web workers, which nothing here uses: a much smaller build.
        'monaco-editor$': path.join(ROOT, 'node_modules/monaco-editor/esm/vs/editor/edcore.main.js'),
      },
    },
    module: {
      rules: [
        // @grafana/*'s .mjs files import CommonJS packages' default exports (react-custom-scrollbars-2,
        // …): read them as Grafana's own build does, honouring `__esModule`, not as strict ESM.
        { test: /\.mjs$/, include: /node_modules/, type: 'javascript/auto', resolve: { fullySpecified: false } },
        { test: /\.js$/, resolve: { fullySpecified: false } },
        { test: /\.tsx?$/, exclude: /node_modules/, use: swc },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(ttf|woff2?)$/, type: 'asset/resource' },
        { test: /\.(png|jpe?g|gif|svg)$/, type: 'asset/resource' },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({ __PROVISIONED__: JSON.stringify(provisionedDataSource()) }),
      new CopyWebpackPlugin({
        patterns: [
          { from: path.join(PAGE_DIR, 'index.html') },
          // Icon SVGs that @grafana/ui's <Icon> loads from `${__grafana_public_path__}build/img/icons/`.
          { from: path.join(ROOT, 'node_modules/@grafana/ui/dist/public/img/icons'), to: 'public/build/img/icons' },
        ],
      }),
    ],
    performance: { hints: false },
    stats: 'errors-warnings',
    infrastructureLogging: { level: 'error' },
  };
}

export default pageConfig;
