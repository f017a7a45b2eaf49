// Food suggestions in the diary form: while typing, ask the food search API (debounced) and
// fill the input's <datalist>. The form works without this file; the server then lists the
// matching foods to choose from.
(function () {
  "use strict";
  var input = document.getElementById("food");
  var list = document.getElementById("food-options");
  if (!input || !list || !window.fetch) { return; }
  var api = input.getAttribute("data-api");
  var timer = null;
  var latest = 0;

  function search() {
    var q = input.value.trim();
    var mine = ++latest;
    if (q.length < 2) { list.replaceChildren(); return; }
    fetch(api + "?limit=10&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (hits) {
        if (mine !== latest) { return; }
        list.replaceChildren.apply(list, hits.map(function (hit) {
          var option = document.createElement("option");
          option.value = hit.name;
          return option;
        }));
      })
      .catch(function () { /* the form still works without suggestions */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 200);
  });
}());
