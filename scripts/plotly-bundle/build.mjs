// esbuild for assets/plotly-map.min.js (run by scripts/build-plotly-bundle.sh): the settings of
// plotly.js's own esbuild-config.js, plus the substitutions below.
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
