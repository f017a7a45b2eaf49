// Search-as-you-type for the food search page. The page works without this file (it is a
// plain GET form); this only asks the JSON API while typing, debounced, and redraws the
// result list. It builds elements with textContent, never HTML strings.
(function () {
  "use strict";
  var form = document.getElementById("food-search");
  var list = document.getElementById("food-results");
  var status = document.getElementById("food-status");
  if (!form || !list || !status || !window.fetch) { return; }
  var input = form.querySelector("input[name=q]");
  var api = form.getAttribute("data-api");
  var limit = form.getAttribute("data-limit") || "20";
  var timer = null;
  var latest = 0;

  function number(value) {
    return (Math.round(value * 100) / 100).toLocaleString("en", { maximumFractionDigits: 2 });
  }

  function item(hit) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = "/foods/" + encodeURIComponent(hit.id).replace("%3A", ":");
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = hit.name;
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = hit.group + " · " + hit.id;
    var b12 = document.createElement("span");
    b12.className = "b12";
    b12.textContent = hit.b12_per_100g === null ? "B12 not reported"
      : "B12 " + number(hit.b12_per_100g) + " µg / 100 g";
    a.appendChild(name);
    a.appendChild(meta);
    a.appendChild(b12);
    li.appendChild(a);
    return li;
  }

  function show(hits, q) {
    list.replaceChildren.apply(list, hits.map(item));
    if (!q) {
      status.textContent = "";
    } else {
      status.textContent = hits.length + (hits.length === 1 ? " food" : " foods") +
        " found for “" + q + "”" + (String(hits.length) === limit ? " (the best " + limit + ")." : ".");
    }
    var url = q ? "?q=" + encodeURIComponent(q) : window.location.pathname;
    window.history.replaceState(null, "", url);
  }

  function search() {
    var q = input.value.trim();
    var mine = ++latest;
    if (!q) { show([], ""); return; }
    fetch(api + "?limit=" + limit + "&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (mine !== latest) { return; }
        if (result.ok) { show(result.body, q); }
        else { status.textContent = result.body.error ? result.body.error.message : "Search failed."; }
      })
      .catch(function () { /* offline or server gone: the form still submits normally */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 200);
  });

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    }
  });

  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (event.key === "ArrowDown" && at < all.length - 1) { event.preventDefault(); all[at + 1].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); (at === 0 ? input : all[at - 1]).focus(); }
    else if (event.key === "Escape") { event.preventDefault(); input.focus(); }
  });
}());
