// Partial plotly.js: core (which always includes scatter) plus the two MapLibre traces we plot.
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/choroplethmap'), require('plotly.js/lib/scattermap')]);

window.Plotly = Plotly;
