/* M-LEARN static dashboards: the controls of each figure choose among precomputed states.
 *
 * Each panel ships, inline as JSON, one base figure (trace styles, geometry, layout) and, per state of the
 * controls, only what differs from it (trace values, titles, captions). No request is made: this works
 * from file:// and from any static host. Written for the kit; no dependency besides the local plotly.js.
 */
(function () {
  "use strict";

  function sameValue(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function resolve(spec, refs) {
    var out = {};
    Object.keys(refs || {}).forEach(function (key) { out[key] = spec.values[refs[key]]; });
    return out;
  }

  /* Plotly may annotate the objects it is given (uid, computed ranges): hand it fresh copies, except the
     geometry (large, never modified), which is shared to keep a control change fast. */
  function fresh(obj) {
    var out = {};
    Object.keys(obj).forEach(function (key) {
      var value = obj[key];
      out[key] = key === "geojson" || value === null || typeof value !== "object" ? value : JSON.parse(JSON.stringify(value));
    });
    return out;
  }

  /* Same as mlearn.dashboards.static.resolve_figure (Python). */
  function figureFor(spec, index) {
    var diff = spec.diffs[index];
    var data = spec.base.data.map(function (trace, i) {
      return fresh(Object.assign({}, trace, resolve(spec, diff.data[i])));
    });
    var layout = fresh(Object.assign({}, spec.base.layout, resolve(spec, diff.layout)));
    return { data: data, layout: layout, html: spec.values[diff.html] || "" };
  }

  function csvCell(value) {
    if (value === null || value === undefined) return "";
    var text = String(value);
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function plainText(text) {
    var div = document.createElement("div");
    div.innerHTML = String(text || "").replace(/<br\s*\/?>/gi, " ; ");
    return (div.textContent || "").trim();
  }

  /* Same rows as mlearn.dashboards.panels.figure_rows (Python). */
  function figureRows(gd) {
    var rows = [];
    (gd.data || []).forEach(function (trace, index) {
      var kind = trace.type || "scatter";
      var serie = plainText(trace.name || "trace " + (index + 1));
      var i;
      if (kind === "choropleth") {
        (trace.locations || []).forEach(function (loc, j) { rows.push([serie, loc, (trace.z || [])[j], "", ""]); });
      } else if (kind === "scattergeo") {
        var sizes = trace.marker && trace.marker.size;
        for (i = 0; i < (trace.lat || []).length; i++) {
          var label = Array.isArray(trace.text) ? trace.text[i] : (trace.locations || [])[i];
          rows.push([serie, plainText(label), Array.isArray(sizes) ? sizes[i] : sizes, trace.lat[i], trace.lon[i]]);
        }
      } else if (kind === "sankey") {
        var nodes = (trace.node && trace.node.label) || [];
        var link = trace.link || {};
        (link.source || []).forEach(function (s, j) {
          rows.push([serie, (nodes[s] || s) + " → " + (nodes[link.target[j]] || link.target[j]), link.value[j], "", ""]);
        });
      } else {
        var horizontal = trace.orientation === "h";
        var cats = (horizontal ? trace.y : trace.x) || [];
        var vals = (horizontal ? trace.x : trace.y) || [];
        for (i = 0; i < Math.min(cats.length, vals.length); i++) rows.push([serie, cats[i], vals[i], "", ""]);
      }
    });
    return rows;
  }

  function captionOf(gd) {
    var notes = (gd.layout && gd.layout.annotations) || [];
    for (var i = 0; i < notes.length; i++) if (notes[i].name === "source") return plainText(notes[i].text);
    return "";
  }

  function refreshDownload(panel, gd, spec) {
    var link = panel.querySelector("a.mlearn-download");
    var sourceLine = panel.querySelector(".mlearn-csv-source");
    if (!link) return;
    var source = captionOf(gd);
    var lines = [];
    if (source) lines.push("# " + source);
    lines.push("serie,categorie,valeur,latitude,longitude");
    figureRows(gd).forEach(function (row) { lines.push(row.map(csvCell).join(",")); });
    var blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
    if (link.dataset.url) URL.revokeObjectURL(link.dataset.url);
    link.dataset.url = URL.createObjectURL(blob);
    link.href = link.dataset.url;
    link.download = spec.name + ".csv";
    if (sourceLine) sourceLine.textContent = source;
  }

  function initPanel(panel) {
    var spec = JSON.parse(panel.querySelector("script.mlearn-spec").textContent);
    var gd = panel.querySelector(".mlearn-figure");
    var inputs = spec.controls.map(function (c) { return panel.querySelector('[data-control="' + c.name + '"]'); });
    var current = spec.states[spec.initial].slice();

    function matching(prefixLength, values) {
      return spec.states.filter(function (state) {
        for (var k = 0; k < prefixLength; k++) if (!sameValue(state[k], values[k])) return false;
        return true;
      });
    }

    function allowed(k) {
      var seen = [];
      matching(k, current).forEach(function (state) {
        if (!seen.some(function (v) { return sameValue(v, state[k]); })) seen.push(state[k]);
      });
      return spec.controls[k].options.filter(function (opt) {
        return seen.some(function (v) { return sameValue(v, opt[1]); });
      });
    }

    function syncInputs() {
      spec.controls.forEach(function (control, k) {
        var input = inputs[k];
        var options = allowed(k);
        var chosen = options.findIndex(function (opt) { return sameValue(opt[1], current[k]); });
        if (input.tagName === "SELECT") {
          input.innerHTML = "";
          options.forEach(function (opt, j) {
            var o = document.createElement("option");
            o.value = String(j);
            o.textContent = opt[0];
            input.appendChild(o);
          });
          input.value = String(Math.max(chosen, 0));
        } else {
          input.max = String(options.length - 1);
          input.value = String(Math.max(chosen, 0));
          var out = panel.querySelector('[data-output="' + control.name + '"]');
          if (out) out.textContent = options[Math.max(chosen, 0)][0];
        }
        input._options = options;
      });
    }

    function render() {
      var index = spec.states.findIndex(function (state) { return sameValue(state, current); });
      var fig = figureFor(spec, index);
      var details = panel.querySelector(".mlearn-details");
      if (details) details.innerHTML = fig.html;
      return Plotly.react(gd, fig.data, fig.layout, spec.config).then(function () {
        refreshDownload(panel, gd, spec);
      });
    }

    function onChange(k) {
      var value = inputs[k]._options[Number(inputs[k].value)][1];
      var prefix = current.slice(0, k).concat([value]);
      var best = null;
      var bestScore = -1;
      matching(k + 1, prefix).forEach(function (state) {
        var score = 0;
        for (var j = k + 1; j < state.length; j++) if (sameValue(state[j], current[j])) score++;
        if (score > bestScore) { best = state; bestScore = score; }
      });
      if (!best) return;
      current = best.slice();
      syncInputs();
      render();
    }

    inputs.forEach(function (input, k) {
      input.addEventListener(input.tagName === "SELECT" ? "change" : "input", function () { onChange(k); });
    });
    syncInputs();
    return render().then(function () {
      gd.dataset.mlearnDrawn = "true"; // as in the live dashboards: the first drawing is complete
    });
  }

  function initAll() {
    var panels = Array.prototype.slice.call(document.querySelectorAll(".mlearn-panel"));
    window.mlearnReady = Promise.all(panels.map(initPanel)).then(function () {
      document.body.setAttribute("data-mlearn-ready", "true");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
