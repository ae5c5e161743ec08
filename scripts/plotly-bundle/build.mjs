// esbuild for assets/plotly-map.min.js (run by scripts/build-plotly-bundle.sh): the settings of
// plotly.js's own esbuild-config.js, plus the substitutions below.
import { appendFileSync, readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const [outfile] = process.argv.slice(2);

const substitutions = {
    name: 'substitutions',
    setup(build) {
        const here = import.meta.dirname;
        // MapLibre 5 in place of 6 and of plotly.js's inlined copy of MapLibre 6's worker
        build.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.mjs$/ }, () => ({
            path: `${here}/maplibre-shim.js`
        }));
        build.onResolve({ filter: /\/build\/maplibre_worker$/ }, () => ({
            path: 'maplibre_worker',
            namespace: 'unused'
        }));
        build.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({ contents: 'module.exports = "";' }));
        // plotly.js's own style rules, inserted one by one as the bundle starts (a slow part of
        // its start-up), are appended to the bundle's CSS file below instead
        build.onResolve({ filter: /\/build\/plotcss$/ }, () => ({
            path: 'plotcss',
            namespace: 'unused'
        }));
        build.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, () => ({
            path: `${here}/node_modules/maplibre-gl-5/dist/maplibre-gl.css`
        }));
    }
};

await esbuild.build({
    entryPoints: ['entry.js'],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false' },
    alias: { regl: '@plotly/regl', 'country-iso-search': './country-iso-search-stub.js' },
    plugins: [substitutions],
    logLevel: 'warning',
    outfile
});

// The rules plotly.js's build/plotcss.js would insert, in the order it leaves them: each one goes
// in at index 0 of its stylesheet, so the last one comes first.
const rules = [];
const plotcss = readFileSync(`${import.meta.dirname}/node_modules/plotly.js/build/plotcss.js`, 'utf8');
new Function('require', plotcss)(() => ({
    addStyleRule: (selector, style) => rules.unshift(`${selector}{${style}}`)
}));
appendFileSync(outfile.replace(/\.js$/, '.css'), `\n${rules.join('\n')}\n`);
