// Partial plotly.js: core (which always includes scatter) plus the one MapLibre trace we plot
// (towns are HTML markers, see assets/atlas.js).
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/choroplethmap')]);

window.Plotly = Plotly;
