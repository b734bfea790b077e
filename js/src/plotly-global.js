// The partial plotly.js as a classic script: sets `window.Plotly` like plotly.min.js does.
import Plotly from "./plotly-mlearn.js";

window.Plotly = Plotly;
