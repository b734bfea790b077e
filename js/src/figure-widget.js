// The kit's front end of plotly's FigureWidget (an anywidget module), used by the Voilà dashboards.
//
// plotly.py's own module carries the whole of plotly.js (~5 MB, every trace type); this one carries the
// kit's partial bundle (src/plotly-mlearn.js). It speaks the same protocol as plotly.py's FigureWidget for
// what the kit uses: the first view is drawn from `_widget_data` / `_widget_layout` / `_config`, then the
// Python side's `_py2js_*` edit messages are applied to every view, and each edit is acknowledged through
// `_js2py_layoutDelta` / `_js2py_traceDeltas` (empty deltas: the browser's computed defaults, such as an
// autorange, are not copied back to Python) so that Python's edit bookkeeping completes.
// Not supported: Python callbacks on browser events (clicks, selections, zoom read back from Python).
import Plotly from "./plotly-mlearn.js";

const UNDEFINED = "_undefined_";
const TYPED = {
  int8: Int8Array, int16: Int16Array, int32: Int32Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array,
  float32: Float32Array, float64: Float64Array,
};

// plotly.py's serializer: numpy arrays arrive as {buffer, dtype, shape}, Undefined as "_undefined_".
export function fromPython(value) {
  if (value === UNDEFINED) return undefined;
  if (Array.isArray(value)) return value.map(fromPython);
  if (value && typeof value === "object") {
    if (value.buffer !== undefined && typeof value.dtype === "string" && TYPED[value.dtype]) {
      const source = value.buffer.buffer ? value.buffer : new DataView(value.buffer);
      const Typed = TYPED[value.dtype];
      const copy = source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength);
      return new Typed(copy);
    }
    if (value instanceof DataView || value instanceof ArrayBuffer) return value;
    const out = {};
    for (const [key, item] of Object.entries(value)) out[key] = fromPython(item);
    return out;
  }
  return value;
}

function viewsOf(model) {
  if (!model.__mlearnViews) model.__mlearnViews = [];
  return model.__mlearnViews;
}

function acknowledge(model, message) {
  if (message.layout_edit_id != null) {
    model.set("_js2py_layoutDelta", { layout_delta: {}, layout_edit_id: message.layout_edit_id });
  }
  if (message.trace_edit_id != null) {
    model.set("_js2py_traceDeltas", { trace_deltas: [], trace_edit_id: message.trace_edit_id });
  }
  model.save_changes();
}

// Each handler applies one `_py2js_*` message to one plot.
const HANDLERS = {
  _py2js_update: (gd, m) =>
    Plotly.update(gd, fromPython(m.style_data) || {}, fromPython(m.layout_data) || {}, m.style_traces),
  _py2js_restyle: (gd, m) => Plotly.restyle(gd, fromPython(m.restyle_data), m.restyle_traces),
  _py2js_relayout: (gd, m) => Plotly.relayout(gd, fromPython(m.relayout_data)),
  _py2js_addTraces: (gd, m) => Plotly.addTraces(gd, fromPython(m.trace_data)),
  _py2js_deleteTraces: (gd, m) => Plotly.deleteTraces(gd, m.delete_inds),
  _py2js_moveTraces: (gd, m) => Plotly.moveTraces(gd, m.current_trace_inds, m.new_trace_inds),
  _py2js_animate: (gd, m) =>
    Plotly.animate(
      gd,
      { data: fromPython(m.style_data), layout: fromPython(m.layout_data), traces: m.style_traces },
      m.animation_opts,
    ),
};

// Margins that plotly grew for the labels are kept while a view lives (written into the figure's layout;
// margins set from Python still apply). plotly's automatic margins otherwise follow each new state, and a
// change of margins makes plotly draw the whole figure a second time: keeping them took the crossings
// dashboard's control change from 133 to 104 ms (p50, chromium, measured in Voilà). The plot area also stops
// jumping from one choice to the next; a state that needs more room than any before still gets it.
export function holdMargins(gd) {
  const size = gd._fullLayout && gd._fullLayout._size;
  if (!size || !gd.layout) return;
  const margin = { ...(gd.layout.margin || {}) };
  let grown = false;
  for (const side of ["l", "r", "t", "b"]) {
    if (size[side] > (margin[side] ?? 0)) {
      margin[side] = size[side];
      grown = true;
    }
  }
  if (grown) gd.layout.margin = margin;
}

async function render({ model, el }) {
  const gd = document.createElement("div");
  gd.className = "mlearn-figure";
  el.appendChild(gd);
  const views = viewsOf(model);
  views.push(gd);

  const config = { responsive: true, ...fromPython(model.get("_config") || {}) };
  const data = fromPython(model.get("_widget_data") || []);
  const layout = fromPython(model.get("_widget_layout") || {});
  // The first drawing waits until the view is in the page with a width. Voilà creates a view before it
  // attaches it: drawn at once, plotly drew the figure at its default width, then again at the real width
  // (two full drawings of every figure of a dashboard at load). Later width changes redraw the figure.
  let width = 0;
  let sized;
  const placed = new Promise((resolve) => {
    sized = resolve;
  });
  // Edits are applied in the order they arrive, after the first drawing, one at a time, on every view;
  // the first view acknowledges them.
  let queue = placed
    .then(() => Plotly.newPlot(gd, data, layout, config))
    .then(() => {
      holdMargins(gd);
      gd.dataset.mlearnDrawn = "true"; // for tests and benchmarks: the first drawing is complete
    })
    .catch((error) => console.warn("mlearn figure:", error));
  const observer = new ResizeObserver(() => {
    const now = gd.clientWidth;
    if (now === 0 || now === width) return;
    const first = width === 0;
    width = now;
    if (first) sized();
    else queue.then(() => Plotly.Plots.resize(gd)).catch((error) => console.warn("mlearn figure:", error));
  });
  observer.observe(gd);
  const listeners = Object.entries(HANDLERS).map(([name, apply]) => {
    const listener = () => {
      const message = model.get(name);
      if (!message) return; // Python resets each message to None right after sending it
      queue = queue
        .then(() => apply(gd, message))
        .then(() => holdMargins(gd))
        .catch((error) => console.warn("mlearn figure:", name, error))
        .then(() => {
          if (views[0] === gd && name !== "_py2js_moveTraces") acknowledge(model, message);
        });
    };
    model.on(`change:${name}`, listener);
    return [name, listener];
  });

  return () => {
    observer.disconnect();
    for (const [name, listener] of listeners) model.off(`change:${name}`, listener);
    views.splice(views.indexOf(gd), 1);
    Plotly.purge(gd);
    gd.remove();
  };
}

export default { render };
