/**
 * create-plugin's production config (.config/webpack), compiled for another ECMAScript target
 * and written elsewhere: `--env target=es2022 --env out=/tmp/dir`. Only the bench's build-target
 * comparison (bundle-target.ts) uses it; the plugin ships what .config builds.
 */
import type { Configuration, RuleSetRule } from 'webpack';

type Env = Record<string, string | true>;
// Required, not imported: `tsc` would check .config's sources, which only ts-node compiles.
const createPluginConfig: (env: Env) => Promise<Configuration> = require('../.config/webpack/webpack.config').default;

export default async (env: Env): Promise<Configuration> => {
  const config = await createPluginConfig(env);
  for (const rule of (config.module?.rules ?? []) as RuleSetRule[]) {
    const use = rule.use as { loader?: string; options?: { jsc?: { target?: string } } } | undefined;
    if (use?.loader === 'swc-loader' && use.options?.jsc) {
      use.options.jsc.target = String(env.target);
    }
  }
  return { ...config, cache: false, output: { ...config.output, path: String(env.out) } };
};
