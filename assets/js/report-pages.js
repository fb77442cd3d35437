// The printed report's contents with page numbers.
//
// Chromium (Chrome, Edge) prints with its own page layout but supports
// neither target-counter() nor any other way to learn on which page an
// element lands, so the contents could not say where a unit is. Paged.js
// 0.4.3 (npm pagedjs, its dist/paged.min.js served from here, MIT,
// LICENSE-pagedjs.txt) lays the report out into A4 pages in
// the page itself, from the same report.css, and fills in the contents'
// page numbers (report.css: target-counter in .contents). Printing then
// prints those pages one for one, so the numbers are the printed ones.
//
// Without JavaScript, or where the layout fails, the report is the
// plain page that Chromium paginates itself: everything but the numbers.
// A large report (data-pages="manual") is laid out only when the reader
// presses the button: Paged.js needs 0.1–0.3 s a page, minutes for the
// large edition.
(function () {
  "use strict";

  var article = document.querySelector("article.report-doc[data-pages]");
  var sheet = document.querySelector("link[rel=stylesheet][href*=\"css/report.css\"]");
  if (!article || !sheet || !window.PagedModule || !window.fetch) {
    return;
  }
  var status = document.getElementById("report-pages-status");
  // A large report is laid out only when the reader asks (report.go).
  if (article.getAttribute("data-pages") === "manual") {
    var start = document.getElementById("report-pages-start");
    if (!start) {
      return;
    }
    start.parentNode.hidden = false;
    start.addEventListener("click", function () {
      start.parentNode.hidden = true;
      whenMapsAreIn(layOut);
    });
    return;
  }
  whenMapsAreIn(layOut);

  // A large report fetches its maps after it is shown (report-maps.js):
  // the pages are laid out when they are in.
  function whenMapsAreIn(then) {
    var state = document.documentElement.getAttribute("data-report-maps");
    if (state !== "arbetar") {
      then();
      return;
    }
    if (status) {
      status.textContent = "Sidorna räknas fram när alla kartor är klara …";
    }
    document.addEventListener("report-maps-ready", then, { once: true });
  }

  function layOut() {
    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    // Paged.js applies report.css to its own page boxes: the sheet leaves
    // the cascade so that Chromium does not add its page margins and page
    // numbers to those of the boxes.
    var href = sheet.href;
    var holder = document.createElement("div");
    holder.className = "report-pages";
    var content = document.createDocumentFragment();
    article.parentNode.insertBefore(holder, article);
    content.appendChild(article);
    sheet.disabled = true;
    document.documentElement.setAttribute("data-report-pages", "arbetar");
    say("Sidorna och innehållsförteckningens sidnummer räknas fram …");

    var previewer = new window.PagedModule.Previewer();
    previewer.preview(content, [href], holder).then(function (flow) {
      document.documentElement.setAttribute("data-report-pages", "klar");
      say("Sidorna är klara: " + (flow.total || flow.pages.length) + " sidor. Skriv ut eller spara som PDF med webbläsarens utskriftsfunktion.");
    }, function (err) {
      // Back to the plain page: a report without page numbers in its
      // contents is better than none.
      holder.parentNode.insertBefore(article, holder);
      holder.remove();
      document.querySelectorAll("style[data-pagedjs-inserted-styles]").forEach(function (s) { s.remove(); });
      sheet.disabled = false;
      document.documentElement.setAttribute("data-report-pages", "fel");
      say("Sidnumren kunde inte räknas fram. Rapporten går att skriva ut ändå, utan sidnummer i innehållsförteckningen.");
      if (window.console) {
        window.console.error(err);
      }
    });
  }
})();
