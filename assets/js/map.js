// Kartläggning: explore a samverkanskarta, the way Kumu does. Without
// JavaScript the map is a picture in a scroll box with links, and the table
// below says the same; with it:
//   - the map opens fitted to its frame; it zooms and pans with the mouse
//     (wheel, drag), touch (drag, pinch), the keyboard (+ − 0 and arrows
//     when the map has the focus) and the buttons +, − and Anpassa;
//   - a search box (a unit, forum or organisation) and a click on a node
//     focus it: its neighbours 1 or 2 steps away stay, the rest fades;
//     "Visa allt" shows everything again. The focus is in the address
//     (#fokus=units/x&steg=2), so a focused view can be shared and printed;
//   - pointing at or tabbing to a node lights up its lines;
//   - the keyboard reaches every node: Tab into the map, the arrow keys go
//     to the nearest node in that direction, Enter focuses its
//     neighbourhood (Enter again opens its page, as does the focus panel),
//     Escape shows everything; Shift and the arrows pan, + − 0 zoom.
// The map's nodes and lines carry ids from the DOT writer: "n:units/x" and
// "e:units/x forums/y member".
(function () {
  "use strict";

  var frame = document.querySelector(".map-scroll");
  var svg = frame && frame.querySelector("svg");
  if (!svg || !svg.viewBox || !svg.viewBox.baseVal) {
    return;
  }

  // The graph: nodes by ref, with their elements, names, links and lines.
  var nodes = {};
  var names = [];
  var lines = [];
  svg.querySelectorAll("g.node[id^='n:']").forEach(function (g) {
    var ref = g.id.slice(2);
    var a = g.querySelector("a");
    // A unit's wishes (red text in its box) are not part of its name.
    var label = Array.prototype.map.call(g.querySelectorAll("text:not([fill='#c62828'])"), function (t) { return t.textContent; }).join(" ")
      .replace(/\/ /g, "/").replace(/\s+/g, " ").trim();
    nodes[ref] = { ref: ref, el: g, link: a, label: label, lines: [], near: [] };
    names.push(label);
  });
  svg.querySelectorAll("g.edge[id^='e:']").forEach(function (g) {
    var parts = g.id.slice(2).split(" ");
    var from = nodes[parts[0]], to = nodes[parts[1]];
    if (!from || !to) {
      return;
    }
    from.lines.push(g);
    to.lines.push(g);
    from.near.push(to.ref);
    to.near.push(from.ref);
    lines.push({ el: g, from: from.ref, to: to.ref });
  });

  // The view is the SVG's viewBox: changing it redraws without relayout.
  var base = svg.viewBox.baseVal;
  var full = { x: base.x, y: base.y, w: base.width, h: base.height };
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  frame.classList.add("map-explorer");
  frame.setAttribute("aria-label", "Kartbild");
  frame.setAttribute("aria-describedby", "karthjalp");

  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
  }

  // zoom scales the view by f around the point (px, py) of the map.
  function zoom(f, px, py) {
    var w = Math.min(Math.max(view.w / f, full.w / 40), full.w * 2);
    var k = w / view.w;
    if (px === undefined) {
      px = view.x + view.w / 2;
      py = view.y + view.h / 2;
    }
    view.x = px - (px - view.x) * k;
    view.y = py - (py - view.y) * k;
    view.w = w;
    view.h = view.h * k;
    apply();
  }

  function fit() {
    view = { x: full.x, y: full.y, w: full.w, h: full.h };
    apply();
  }

  function pan(dx, dy) {
    view.x += dx * view.w;
    view.y += dy * view.h;
    apply();
  }

  // point turns a position on the screen into the map's coordinates.
  function point(clientX, clientY) {
    var m = svg.getScreenCTM();
    if (!m) {
      return { x: view.x, y: view.y };
    }
    var p = svg.createSVGPoint();
    p.x = clientX;
    p.y = clientY;
    p = p.matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  }

  // Mouse wheel, and drag or pinch with pointers of any kind.
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = point(e.clientX, e.clientY);
    zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, { passive: false });
  var pointers = {};
  var dragged = false;
  svg.addEventListener("pointerdown", function (e) {
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    dragged = false;
  });
  svg.addEventListener("pointermove", function (e) {
    var last = pointers[e.pointerId];
    if (!last) {
      return;
    }
    var ids = Object.keys(pointers);
    if (ids.length === 1) {
      var a = point(last.x, last.y), b = point(e.clientX, e.clientY);
      if (Math.abs(e.clientX - last.x) + Math.abs(e.clientY - last.y) > 2) {
        dragged = true;
        if (svg.setPointerCapture) {
          svg.setPointerCapture(e.pointerId);
        }
      }
      view.x -= b.x - a.x;
      view.y -= b.y - a.y;
      apply();
    } else if (ids.length === 2) {
      var other = pointers[ids[0] == e.pointerId ? ids[1] : ids[0]];
      var before = Math.hypot(last.x - other.x, last.y - other.y);
      var after = Math.hypot(e.clientX - other.x, e.clientY - other.y);
      if (before > 0) {
        var mid = point((e.clientX + other.x) / 2, (e.clientY + other.y) / 2);
        zoom(after / before, mid.x, mid.y);
        dragged = true;
      }
    }
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
  });
  function lift(e) {
    delete pointers[e.pointerId];
  }
  svg.addEventListener("pointerup", lift);
  svg.addEventListener("pointercancel", lift);

  // Moving between nodes with the keyboard. One node's link is in the tab
  // order (the last one visited), the others are reached with the arrows,
  // so that Tab leaves a map of hundreds of nodes in two presses.
  var order = Object.keys(nodes).filter(function (r) { return nodes[r].link; });
  var cursor = null;
  order.forEach(function (r, i) {
    nodes[r].link.setAttribute("tabindex", i === 0 ? "0" : "-1");
  });
  if (order.length) {
    cursor = order[0];
  }

  // centreOf is a node's middle in the graph's coordinates, measured once.
  function centreOf(r) {
    var n = nodes[r];
    if (!n.mid) {
      var b = n.box || (n.box = n.el.getBBox());
      n.mid = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    }
    return n.mid;
  }

  // The nodes' places are measured when the browser is idle after the
  // page has loaded, so that the first arrow does not wait for them.
  (window.requestIdleCallback || function (f) { return setTimeout(f, 200); })(function () {
    order.forEach(centreOf);
  });

  // graphShift is the translation of the graph's group in the viewBox.
  function graphShift() {
    var g = svg.querySelector("g.graph");
    var m = g && g.transform.baseVal.consolidate();
    return { x: m ? m.matrix.e : 0, y: m ? m.matrix.f : 0 };
  }

  // nearest is the node closest to (x, y) in the direction (dx, dy): among
  // those within 60° of it, the one at the least distance, counting a step
  // sideways twice, so that Right goes along a row before it jumps rows.
  function nearest(from, dx, dy) {
    var best = null, score = Infinity;
    order.forEach(function (r) {
      if (r === from.ref) {
        return;
      }
      var c = centreOf(r);
      var vx = c.x - from.x, vy = c.y - from.y;
      var along = vx * dx + vy * dy;
      var side = Math.abs(vx * dy - vy * dx);
      if (along <= 0 || side > along * 1.8) {
        return;
      }
      var s = along + 2 * side;
      if (s < score) {
        best = r;
        score = s;
      }
    });
    return best;
  }

  // middle is the node nearest the middle of the view.
  function middle() {
    var t = graphShift();
    var x = view.x + view.w / 2 - t.x, y = view.y + view.h / 2 - t.y;
    var best = null, dist = Infinity;
    order.forEach(function (r) {
      var c = centreOf(r);
      var dd = Math.hypot(c.x - x, c.y - y);
      if (dd < dist) {
        best = r;
        dist = dd;
      }
    });
    return best;
  }

  // visit moves the keyboard to a node, and the view to it when it is out
  // of sight.
  function visit(r) {
    if (!r) {
      return;
    }
    if (cursor && nodes[cursor]) {
      nodes[cursor].link.setAttribute("tabindex", "-1");
    }
    cursor = r;
    var n = nodes[r];
    n.link.setAttribute("tabindex", "0");
    var c = centreOf(r), t = graphShift();
    var x = c.x + t.x, y = c.y + t.y;
    if (x < view.x || x > view.x + view.w || y < view.y || y > view.y + view.h) {
      view.x = x - view.w / 2;
      view.y = y - view.h / 2;
      apply();
    }
    n.link.focus();
  }

  frame.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    var step = 0.1;
    var g = e.target.closest && e.target.closest("g.node[id^='n:']");
    var dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    var d = dirs[e.key];
    if (d && e.shiftKey) {
      pan(d[0] * step, d[1] * step);
    } else if (d) {
      var from;
      if (g && nodes[g.id.slice(2)]) {
        var c = centreOf(g.id.slice(2));
        from = { x: c.x, y: c.y, ref: g.id.slice(2) };
      }
      // From the map's frame an arrow enters the map at the node nearest
      // the middle of the view.
      visit(from ? nearest(from, d[0], d[1]) : middle());
    } else {
      switch (e.key) {
        case "+": case "=": zoom(1.25); break;
        case "-": case "−": zoom(1 / 1.25); break;
        case "0": fit(); break;
        case "Escape": showAll(); break;
        case "Enter":
          // Enter shows a node's neighbourhood; on the node already in
          // focus it follows the link to its page.
          if (!g || g.id.slice(2) === current) {
            return;
          }
          focus(g.id.slice(2));
          break;
        default: return;
      }
    }
    e.preventDefault();
  });

  // Lines light up with their node.
  Object.keys(nodes).forEach(function (ref) {
    var n = nodes[ref];
    var on = function () { n.lines.forEach(function (l) { l.classList.add("lit"); }); };
    var off = function () { n.lines.forEach(function (l) { l.classList.remove("lit"); }); };
    n.el.addEventListener("mouseenter", on);
    n.el.addEventListener("mouseleave", off);
    // On the link, not the node's group: Chromium makes an SVG element
    // with focus listeners a tab stop of its own.
    if (n.link) {
      n.link.addEventListener("focus", function () { on(); n.el.classList.add("cursor"); });
      n.link.addEventListener("blur", function () { off(); n.el.classList.remove("cursor"); });
    }
  });

  // The controls, above the map.
  var bar = document.createElement("div");
  bar.className = "map-controls";
  bar.innerHTML =
    '<div class="map-zoom" role="group" aria-label="Zoom">' +
    '<button type="button" class="small secondary" data-do="in" aria-label="Zooma in">+</button>' +
    '<button type="button" class="small secondary" data-do="out" aria-label="Zooma ut">−</button>' +
    '<button type="button" class="small secondary" data-do="fit">Anpassa</button></div>' +
    '<p class="map-help muted" id="karthjalp">Tangentbord i kartan: piltangenterna går till närmaste nod åt det hållet, ' +
    'Enter visar nodens grannar (Enter igen öppnar dess sida), Esc visar allt. ' +
    '+ och − zoomar, 0 anpassar, Skift + piltangent flyttar kartan.</p>' +
    '<form class="map-search" role="search"><label for="kartsok">Sök i kartan</label> ' +
    '<input id="kartsok" type="search" list="kartsok-namn" autocomplete="off"> ' +
    '<datalist id="kartsok-namn"></datalist>' +
    '<label for="kartsteg">Visa grannar</label> <select id="kartsteg"><option value="1">1 steg bort</option><option value="2">2 steg bort</option></select> ' +
    '<button type="submit" class="small">Fokusera</button> ' +
    '<button type="button" class="small secondary" data-do="all">Visa allt</button></form>' +
    '<p class="map-focus muted" role="status"></p>';
  frame.parentNode.insertBefore(bar, frame);
  var list = bar.querySelector("datalist");
  names.slice().sort(function (a, b) { return a.localeCompare(b, "sv"); }).forEach(function (name) {
    var o = document.createElement("option");
    o.value = name;
    list.appendChild(o);
  });
  var input = bar.querySelector("#kartsok");
  var steps = bar.querySelector("#kartsteg");
  var status = bar.querySelector(".map-focus");
  var current = null;

  // focus keeps the node's neighbourhood (steps away) and fades the rest.
  function focus(ref, keepView) {
    var n = nodes[ref];
    if (!n) {
      return false;
    }
    var depth = steps.value === "2" ? 2 : 1;
    var keep = {};
    keep[ref] = true;
    var ring = [ref];
    for (var d = 0; d < depth; d++) {
      var next = [];
      ring.forEach(function (r) {
        nodes[r].near.forEach(function (m) {
          if (!keep[m]) {
            keep[m] = true;
            next.push(m);
          }
        });
      });
      ring = next;
    }
    // Measure before restyling: reading boxes after it would force the
    // browser to restyle the whole map first.
    if (!keepView) {
      centre(Object.keys(keep));
    }
    svg.classList.add("focused");
    Object.keys(nodes).forEach(function (r) {
      nodes[r].el.classList.toggle("faded", !keep[r]);
      nodes[r].el.classList.toggle("chosen", r === ref);
    });
    lines.forEach(function (l) {
      l.el.classList.toggle("faded", !(keep[l.from] && keep[l.to]));
    });
    current = ref;
    var count = Object.keys(keep).length - 1;
    status.textContent = "";
    status.append("Fokus: " + n.label + " och " + count + (count === 1 ? " granne" : " grannar") + " " + depth + " steg bort. ");
    if (n.link && n.link.getAttribute("xlink:href")) {
      var open = document.createElement("a");
      open.href = n.link.getAttribute("xlink:href");
      open.textContent = "Öppna sidan för " + n.label;
      status.appendChild(open);
    }
    history.replaceState(null, "", "#fokus=" + encodeURIComponent(ref) + "&steg=" + depth);
    return true;
  }

  // centre fits the view to the nodes given.
  function centre(refs) {
    var box = null;
    refs.forEach(function (r) {
      var b = nodes[r].box || (nodes[r].box = nodes[r].el.getBBox());
      box = box ? {
        x0: Math.min(box.x0, b.x), y0: Math.min(box.y0, b.y),
        x1: Math.max(box.x1, b.x + b.width), y1: Math.max(box.y1, b.y + b.height)
      } : { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height };
    });
    if (!box) {
      return;
    }
    // The nodes' boxes are in the graph's group, translated from the
    // viewBox: map them through it.
    var g = svg.querySelector("g.graph");
    var m = g && g.transform.baseVal.consolidate();
    var tx = m ? m.matrix.e : 0, ty = m ? m.matrix.f : 0;
    var pad = 40;
    var w = Math.max(box.x1 - box.x0 + 2 * pad, full.w / 6);
    var h = Math.max(box.y1 - box.y0 + 2 * pad, full.h / 6);
    var ratio = full.w / full.h;
    if (w / h > ratio) {
      h = w / ratio;
    } else {
      w = h * ratio;
    }
    view = { x: tx + (box.x0 + box.x1) / 2 - w / 2, y: ty + (box.y0 + box.y1) / 2 - h / 2, w: w, h: h };
    apply();
  }

  function showAll() {
    svg.classList.remove("focused");
    svg.querySelectorAll(".faded, .chosen").forEach(function (el) { el.classList.remove("faded", "chosen"); });
    current = null;
    status.textContent = "";
    input.value = "";
    history.replaceState(null, "", location.pathname + location.search);
    fit();
  }

  function byName(name) {
    name = name.trim().toLowerCase();
    var found = null;
    Object.keys(nodes).some(function (r) {
      if (nodes[r].label.toLowerCase() === name) {
        found = r;
        return true;
      }
      return false;
    });
    if (!found && name) {
      Object.keys(nodes).some(function (r) {
        if (nodes[r].label.toLowerCase().indexOf(name) >= 0) {
          found = r;
          return true;
        }
        return false;
      });
    }
    return found;
  }

  bar.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-do]");
    if (!b) {
      return;
    }
    ({ "in": function () { zoom(1.25); }, out: function () { zoom(1 / 1.25); }, fit: fit, all: showAll })[b.dataset.do]();
  });
  bar.querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();
    var ref = byName(input.value);
    if (!ref) {
      status.textContent = "Ingen enhet, organisation eller inget forum i kartan heter ”" + input.value + "”.";
      return;
    }
    focus(ref);
  });
  input.addEventListener("change", function () {
    var ref = byName(input.value);
    if (ref && nodes[ref].label.toLowerCase() === input.value.trim().toLowerCase()) {
      focus(ref);
    }
  });
  steps.addEventListener("change", function () {
    if (current) {
      focus(current);
    }
  });

  // A click on a node focuses it; Enter on its link still opens its page.
  svg.addEventListener("click", function (e) {
    var g = e.target.closest("g.node[id^='n:']");
    if (!g || e.ctrlKey || e.metaKey || e.shiftKey || e.detail === 0) {
      return;
    }
    e.preventDefault();
    if (!dragged) {
      focus(g.id.slice(2));
    }
  });

  // The focus from the address, as shared.
  var m = /fokus=([^&]+)(?:&steg=(\d))?/.exec(location.hash);
  if (m) {
    if (m[2] === "2") {
      steps.value = "2";
    }
    focus(decodeURIComponent(m[1]));
  }
  // arrow is an arrow key's move from the keyboard's node (for the tests'
  // timings: the same steps as the key handler).
  function arrow(dx, dy) {
    if (!cursor) {
      return;
    }
    var c = centreOf(cursor);
    visit(nearest({ x: c.x, y: c.y, ref: cursor }, dx, dy) || cursor);
  }
  window.kartlaggningMap = { zoom: zoom, fit: fit, focus: focus, showAll: showAll, visit: visit, nearest: nearest, arrow: arrow, view: function () { return view; } };
})();
