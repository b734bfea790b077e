// plotly.js with only the trace types the kit draws (mlearn.figures): scatter (in core), bar, choropleth,
// scattergeo. About a quarter of the full bundle to download, parse and initialise.
import Plotly from "plotly.js/lib/core";
import bar from "plotly.js/lib/bar";
import choropleth from "plotly.js/lib/choropleth";
import scattergeo from "plotly.js/lib/scattergeo";
import fr from "plotly.js/lib/locales/fr";

Plotly.register([bar, choropleth, scattergeo, fr]);

export default Plotly;
