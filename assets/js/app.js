// Kartläggning: small enhancements of pages that work without JavaScript.
//   - Tables sort by a column: a button in each column header, aria-sort on
//     the header, the new order announced in a live region.
//   - A search form marked data-filter filters its table while one types;
//     submitting the form still searches on the server.
//   - A form's error summary gets the focus, so that keyboard and screen
//     reader users start at the list of what to fix; its links focus the
//     field they name.
(function () {
  "use strict";

  var collator = new Intl.Collator("sv", { numeric: true, sensitivity: "base" });
  var swedishNumber = /^[−-]?\d{1,3}([\s\u00a0\u202f]?\d{3})*(,\d+)?$/;

  // announce says a message through one shared live region.
  var live;
  function announce(message) {
    if (!live) {
      live = document.createElement("p");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // sortKey makes numbers written the Swedish way ("1 234,5") sort as numbers
  // and empty cells ("–") sort last in either direction.
  function sortKey(text) {
    if (text === "" || text === "–" || text === "-") {
      return { empty: true };
    }
    if (swedishNumber.test(text)) {
      return { number: parseFloat(text.replace(/[\s\u00a0\u202f]/g, "").replace("−", "-").replace(",", ".")) };
    }
    return { text: text };
  }

  function compare(a, b) {
    if (a.empty || b.empty) {
      return (a.empty ? 1 : 0) - (b.empty ? 1 : 0);
    }
    if (a.number !== undefined && b.number !== undefined) {
      return a.number - b.number;
    }
    return collator.compare(a.text !== undefined ? a.text : String(a.number), b.text !== undefined ? b.text : String(b.number));
  }

  // sortable says whether a table can be sorted without breaking it: one
  // header row, one body, no cells that span rows or columns, two rows or more.
  function sortable(table) {
    if (table.dataset.sortable === "false" || !table.tHead || table.tHead.rows.length !== 1 || table.tBodies.length !== 1) {
      return false;
    }
    var body = table.tBodies[0];
    return body.rows.length > 1 && !body.querySelector("[rowspan], [colspan]") && !table.tHead.querySelector("[colspan]");
  }

  function enhanceTable(table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var label = th.textContent.replace(/\s+/g, " ").trim();
      if (label === "" || th.querySelector(".visually-hidden") && th.textContent.trim() === th.querySelector(".visually-hidden").textContent.trim()) {
        return; // a column without a visible heading, such as the actions
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      var icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        sortBy(table, index, ascending);
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var order = ascending ? "stigande" : "fallande";
        var caption = table.querySelector("caption [data-order]");
        if (caption) {
          caption.textContent = "sorterade efter " + label.toLowerCase() + ", " + order;
        }
        announce("Tabellen är sorterad efter " + label + ", " + order + ".");
      });
    });
  }

  function sortBy(table, index, ascending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return { row: row, key: sortKey(cellText(row, index)), position: position };
    });
    rows.sort(function (a, b) {
      var c = compare(a.key, b.key);
      if (!a.key.empty && !b.key.empty && !ascending) {
        c = -c;
      }
      return c || a.position - b.position;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
  }

  // enhanceFilter filters the rows of the form's table by their first cell
  // (the name) as the user types.
  function enhanceFilter(form) {
    var input = form.querySelector("input[type=search]");
    var table = document.getElementById(form.dataset.filter);
    if (!input || !table || !table.tBodies.length) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var status = document.createElement("p");
    status.className = "muted filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.insertAdjacentElement("afterend", status);
    var noun = form.dataset.noun || "rader";
    var timer;
    function apply() {
      var q = input.value.trim().toLocaleLowerCase("sv");
      var shown = 0;
      rows.forEach(function (row) {
        var match = q === "" || cellText(row, 0).toLocaleLowerCase("sv").indexOf(q) >= 0;
        row.hidden = !match;
        if (match) {
          shown++;
        }
      });
      table.hidden = shown === 0;
      status.textContent = q === "" ? "" : shown === 0
        ? "Inga " + noun + " matchar ”" + input.value.trim() + "”."
        : "Visar " + shown.toLocaleString("sv-SE") + " av " + rows.length.toLocaleString("sv-SE") + " " + noun + ".";
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 150);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
      if (sortable(table)) {
        enhanceTable(table);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filter]"), enhanceFilter);
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
      // A link in the summary puts the focus in its field, with the field's
      // label in view, instead of only scrolling to it.
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var field = link && document.getElementById(link.getAttribute("href").slice(1));
        if (!field) {
          return;
        }
        event.preventDefault();
        var label = document.querySelector("label[for='" + field.id + "']") || field;
        label.scrollIntoView();
        field.focus({ preventScroll: true });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
