/* Every interactive chart of the book offers the numbers it draws: a "Data table" under the chart
   (for screen-reader users, and for anyone who wants the numbers) and a CSV file made in the
   browser. Loaded in the page head right after the vega bundle (tools/book_meta.py), it wraps
   window.vegaEmbed: when a chart of bot_core.rendering (div.bot-core-chart) has been drawn, a
   <details> follows it; the table is read from the vega view's data the first time it is opened,
   and again whenever the chart's controls change that data. Nothing is fetched. */
(function () {
  "use strict";
  var embed = window.vegaEmbed;
  if (typeof embed !== "function" || embed.botDataTables) return;
  var MAX_ROWS = 500; // rows shown in the page; the CSV file has them all
  var count = 0;

  // the names of the datasets that the marks draw, outermost first (facets: their source)
  function markData(spec, out) {
    (spec.marks || []).forEach(function (mark) {
      var from = mark.from || {};
      var name = (from.facet && from.facet.data) || from.data;
      if (name && out.indexOf(name) < 0) out.push(name);
      markData(mark, out);
    });
    return out;
  }

  function tables(view, vgSpec) {
    var found = [];
    markData(vgSpec || {}, []).forEach(function (name) {
      var rows;
      try { rows = view.data(name); } catch (err) { return; } // a facet's inner name, not a dataset
      var cols = rows && rows.length ? columns(rows) : [];
      if (cols.length) found.push({ name: name, rows: rows, cols: cols }); // a constant mark has no column
    });
    return found;
  }

  function columns(rows) {
    var cols = [];
    rows.slice(0, 200).forEach(function (row) {
      Object.keys(row).forEach(function (key) {
        var v = row[key];
        if (cols.indexOf(key) >= 0 || /^_vgsid_/.test(key)) return;
        if (v !== null && typeof v === "object" && !(v instanceof Date)) return; // geometry and the like
        cols.push(key);
      });
    });
    return cols;
  }

  function shown(v) {
    if (v === null || v === undefined) return "";
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(+v.toPrecision(4));
    return String(v);
  }

  function csvField(v) {
    var s = v instanceof Date ? v.toISOString() : v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function csv(cols, rows) {
    var lines = [cols.map(csvField).join(",")];
    rows.forEach(function (row) { lines.push(cols.map(function (c) { return csvField(row[c]); }).join(",")); });
    return lines.join("\r\n") + "\r\n";
  }

  function cell(tag, text, scope) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (scope) el.setAttribute("scope", scope);
    return el;
  }

  function build(box, view, vgSpec, title, slug) {
    var body = box.querySelector(".bot-data-body");
    body.querySelectorAll("a[href^='blob:']").forEach(function (a) { URL.revokeObjectURL(a.href); });
    body.textContent = "";
    var found = tables(view, vgSpec);
    if (!found.length) {
      body.appendChild(cell("p", "This chart draws no data rows at present."));
      return;
    }
    found.forEach(function (t, i) {
      var cols = t.cols;
      var label = title + (found.length > 1 ? " (part " + (i + 1) + " of " + found.length + ")" : "");
      var scroll = document.createElement("div");
      scroll.className = "bot-data-scroll";
      scroll.setAttribute("role", "region");
      scroll.setAttribute("tabindex", "0"); // a scrolling box is reachable with the keyboard
      scroll.setAttribute("aria-label", "Data table: " + label);
      var table = document.createElement("table");
      var n = Math.min(t.rows.length, MAX_ROWS);
      table.appendChild(cell("caption", label + ": " + t.rows.length + " rows" +
        (n < t.rows.length ? ", the first " + n + " shown; the CSV file has all" : "")));
      var head = document.createElement("thead"), tr = document.createElement("tr");
      cols.forEach(function (c) { tr.appendChild(cell("th", c, "col")); });
      head.appendChild(tr);
      table.appendChild(head);
      var tbody = document.createElement("tbody");
      for (var r = 0; r < n; r++) {
        var row = document.createElement("tr");
        cols.forEach(function (c) { row.appendChild(cell("td", shown(t.rows[r][c]))); });
        tbody.appendChild(row);
      }
      table.appendChild(tbody);
      scroll.appendChild(table);
      body.appendChild(scroll);
      var link = document.createElement("a");
      link.className = "bot-data-csv";
      link.download = slug + (found.length > 1 ? "-part" + (i + 1) : "") + ".csv";
      link.href = URL.createObjectURL(new Blob([csv(cols, t.rows)], { type: "text/csv" }));
      link.textContent = "Download these data (CSV, " + t.rows.length + " rows)";
      var p = document.createElement("p");
      p.appendChild(link);
      body.appendChild(p);
    });
  }

  // A chart wider than its box scrolls sideways (_static/charts.css): then the box takes keyboard
  // focus, so that the arrow keys scroll it, and is named by the chart's description.
  function scrollable(el, title) {
    function update() {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "group");
        if (!el.getAttribute("aria-label")) el.setAttribute("aria-label", title);
        el.setAttribute("data-bot-scrolls", "1");
      } else if (!scrolls && el.getAttribute("data-bot-scrolls")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("data-bot-scrolls");
      }
    }
    update();
    window.addEventListener("resize", update);
  }

  function attach(el, result) {
    if (!el || !el.classList || !el.classList.contains("bot-core-chart") || !result || !result.view) return;
    var spec = result.spec || {};
    var title = spec.description || (spec.title && (spec.title.text || spec.title)) || "the chart's data";
    if (Array.isArray(title)) title = title.join(" ");
    var page = (location.pathname.split("/").pop() || "index").replace(/\.html$/, "");
    var slug = page + "-chart-" + (++count);
    var box = document.createElement("details");
    box.className = "bot-data";
    var summary = cell("summary", "Data table");
    summary.setAttribute("aria-label", "Data table of the chart above, with a CSV download");
    box.appendChild(summary);
    var body = document.createElement("div");
    body.className = "bot-data-body";
    box.appendChild(body);
    el.insertAdjacentElement("afterend", box);
    scrollable(el, "Chart: " + String(title));
    watchMarks(el);
    var stale = true, pending = false;
    function refresh() {
      pending = false;
      if (!box.open) { stale = true; return; }
      build(box, result.view, result.vgSpec, String(title), slug);
      stale = false;
    }
    box.addEventListener("toggle", function () { if (box.open && stale) refresh(); });
    markData(result.vgSpec || {}, []).forEach(function (name) {
      try {
        result.view.addDataListener(name, function () {
          stale = true;
          if (box.open && !pending) { pending = true; window.requestAnimationFrame(refresh); }
        });
      } catch (err) { /* not a dataset of the view */ }
    });
  }

  // vega-lite describes each item of most marks for assistive technology, but not those of a rule (a
  // reference line), and a mark may have no item at present (a rule drawn on hover): vega then gives
  // the mark's container the role of a graphic with no name. Such a container, none of whose items
  // carries a description, is left out of the accessibility tree (as vega does for aria: false); its
  // numbers are in the chart's data table. Checked again whenever vega redraws the chart.
  function silenceUnnamed(el) {
    el.querySelectorAll("g.role-mark[role='graphics-symbol'], g.role-mark[data-bot-silent]").forEach(function (g) {
      var named = g.getAttribute("aria-label") || g.querySelector("[aria-label]");
      if (!named && !g.hasAttribute("aria-hidden")) {
        g.setAttribute("aria-hidden", "true");
        g.setAttribute("data-bot-silent", "1");
      } else if (named && g.getAttribute("data-bot-silent")) {
        g.removeAttribute("aria-hidden");
        g.removeAttribute("data-bot-silent");
      }
    });
  }

  function watchMarks(el) {
    var queued = false;
    silenceUnnamed(el);
    new MutationObserver(function () {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(function () { queued = false; silenceUnnamed(el); });
    }).observe(el, { childList: true, subtree: true });
  }

  function wrapped(el, spec, options) {
    return embed.apply(this, arguments).then(function (result) {
      try {
        attach(typeof el === "string" ? document.querySelector(el) : el, result);
      } catch (err) {
        console.warn("The chart's data table could not be made:", err);
      }
      return result;
    });
  }
  Object.keys(embed).forEach(function (key) { wrapped[key] = embed[key]; });
  wrapped.botDataTables = true;
  window.vegaEmbed = wrapped;
})();
