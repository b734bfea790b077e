/* Search over a small local index (assets/search-index.js): no server, no network; works from file://. */
(function () {
  "use strict";
  var input = document.getElementById("mlearn-search-input");
  var list = document.getElementById("mlearn-search-results");
  var index = window.MLEARN_SEARCH_INDEX || [];
  if (!input || !list) { return; }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = index.map(function (entry) { return fold(entry.page + " " + entry.title + " " + entry.text); });
  function snippet(text, term) {
    var at = fold(text).indexOf(term);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + text.slice(start, start + 160) + "…";
  }
  function search() {
    var terms = fold(input.value).split(/\s+/).filter(function (t) { return t.length > 1; });
    list.textContent = "";
    if (!terms.length) { return; }
    var shown = 0;
    for (var i = 0; i < index.length && shown < 12; i++) {
      if (terms.every(function (t) { return folded[i].indexOf(t) !== -1; })) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = index[i].href;
        a.textContent = index[i].page + " — " + index[i].title;
        var extract = document.createElement("span");
        extract.className = "extrait";
        extract.textContent = snippet(index[i].text, terms[0]);
        li.appendChild(a);
        li.appendChild(extract);
        list.appendChild(li);
        shown++;
      }
    }
    if (!shown) {
      var none = document.createElement("li");
      none.textContent = "Aucun résultat.";
      list.appendChild(none);
    }
  }
  input.addEventListener("input", search);
})();
