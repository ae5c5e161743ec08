// Country-name lookup is only used by geo/"country names" location modes, which this map-only
// bundle never uses; the stub saves ~68 KB.
module.exports = { COUNTRIES: [], createLookup: () => ({ lookupAlpha3: () => undefined }) };
