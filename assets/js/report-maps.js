// A large report's maps, fetched once the page is shown.
//
// The large edition's report has a hundred maps or more; drawing them all
// before sending the page kept the reader waiting 15–25 s for the first
// byte. Its page comes without them, each municipality with a placeholder
// naming the address of its maps (report.go, handleReportMaps); this
// fetches them, two at a time as the service has two render workers, and
// puts them in place. The status line counts them; when all are in,
// <html data-report-maps="klar"> and the event "report-maps-ready" tell
// report-pages.js that the page can be laid out into numbered pages.
//
// Without JavaScript the placeholder links to the report with every map
// drawn in (?kartor=med).
(function () {
  "use strict";

  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-maps-url]"));
  var root = document.documentElement;
  if (!boxes.length || !window.fetch) {
    return;
  }
  var status = document.getElementById("report-maps-status");
  var next = 0;
  var done = 0;
  var failed = 0;
  root.setAttribute("data-report-maps", "arbetar");
  say();

  function say() {
    if (!status) {
      return;
    }
    var text = done < boxes.length
      ? "Kartorna ritas: " + done + " av " + boxes.length + " kommuner klara. Vänta med att skriva ut tills alla är klara."
      : "Alla kartor är klara.";
    if (failed) {
      text += " " + failed + (failed === 1 ? " kommuns kartor" : " kommuners kartor") +
        " kunde inte ritas; ladda om sidan för att försöka igen.";
    }
    status.textContent = text;
  }

  function fetchNext() {
    if (next >= boxes.length) {
      return;
    }
    var box = boxes[next++];
    fetch(box.getAttribute("data-maps-url"), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        if (!res.ok) {
          throw new Error("HTTP " + res.status);
        }
        return res.text();
      })
      .then(function (html) {
        // The fragment is the service's own escaped template output.
        var maps = document.createRange().createContextualFragment(html);
        box.replaceChildren(maps);
        box.removeAttribute("data-maps-url");
      }, function (err) {
        failed++;
        var wait = box.querySelector(".report-maps-wait");
        if (wait) {
          var inline = wait.querySelector("a");
          wait.textContent = "Kartorna här kunde inte ritas (" + err.message + "). Ladda om sidan för att försöka igen, eller ";
          if (inline) {
            inline.textContent = "öppna rapporten med alla kartor ritade";
            wait.appendChild(inline);
            wait.appendChild(document.createTextNode("."));
          }
          wait.classList.add("error");
        }
      })
      .then(function () {
        done++;
        say();
        if (done === boxes.length) {
          root.setAttribute("data-report-maps", failed ? "fel" : "klar");
          document.dispatchEvent(new Event("report-maps-ready"));
        } else {
          fetchNext();
        }
      });
  }

  fetchNext();
  fetchNext();
})();
