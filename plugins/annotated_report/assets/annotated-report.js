/*
 * annotated-report.js: opens an annotation's note in a popover.
 *
 * Progressive enhancement over the static page: without this script the notes are
 * lists under each paragraph and the letter badges are plain links to them. With it:
 *  - a click, Enter or Space on a highlight (or a click on its badge) opens the note
 *    of the innermost annotation in one popover per page, and marks every fragment
 *    of that annotation .ar-hl--active;
 *  - Escape, the close button or a click outside closes it, focus returns to the
 *    highlight; links inside the popover to another annotation open that one;
 *  - the URL hash follows the open note (#<id>), and #<id> or #note_<id> on load or
 *    on hashchange opens it.
 *  - reading aids: per type, show/hide its highlights and step to the previous/next
 *    one (the hidden types are remembered across pages in localStorage);
 *  - tables marked data-sortable sort by a column when its heading is selected.
 * Vanilla JS, no network, no innerHTML: note content is cloned from the page.
 * Works with Material's instant navigation (window.document$) and without it.
 */
(function () {
  "use strict";

  var HL = "mark[data-annotation]";
  var ID = /^[a-z0-9-]+$/;
  var current = { id: null, report: null, popover: null }; // the open note, if any
  var bound = false;

  /* ---------------------------------------------------------------- lookups -- */

  // The first fragment of an annotation (document order), or null.
  function firstFragment(id) {
    return ID.test(id) ? document.querySelector('.ar-report mark[data-annotation="' + id + '"]') : null;
  }

  // "#law-2008" or "#note_law-2008" -> "law-2008" when that annotation is on this page.
  function idFromHash(hash) {
    var id = (hash || "").replace(/^#/, "").replace(/^note_/, "");
    return firstFragment(id) ? id : null; // ids are [a-z0-9-]+: nothing to decode
  }

  // The annotation a same-page link points at, or null for any other link.
  function idFromLink(link) {
    if (!link.hash || link.origin !== location.origin || link.pathname !== location.pathname) return null;
    return idFromHash(link.hash);
  }

  // The note of an annotation: the list item with data-annotation-note (the note_<id>
  // anchor may be on the item or on its heading).
  function noteFor(id) {
    var note = document.querySelector('.ar-report [data-annotation-note="' + id + '"]');
    var anchor = note ? null : document.getElementById("note_" + id);
    return note || (anchor && (anchor.closest(".ar-note") || anchor));
  }

  function setHash(hash) {
    var url = location.pathname + location.search + hash;
    if (location.pathname + location.search + location.hash !== url) history.replaceState(history.state, "", url);
  }

  /* ---------------------------------------------------------------- popover -- */

  function popoverFor(report) {
    var pop = report.querySelector(":scope > .ar-popover");
    if (pop) return pop;
    pop = document.createElement("div");
    pop.className = "ar-popover";
    pop.setAttribute("role", "dialog");
    pop.tabIndex = -1;
    pop.hidden = true;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "ar-popover__close";
    close.setAttribute("aria-label", "Close note");
    close.textContent = "\u00d7"; // a multiplication sign, the usual "close" glyph
    pop.appendChild(close);
    var body = document.createElement("div");
    body.className = "ar-popover__body";
    pop.appendChild(body);
    report.appendChild(pop);
    return pop;
  }

  // Open annotation `id`. Options: scroll (bring it to the middle of the viewport),
  // focus (move focus into the popover). Returns false if there is no such note.
  function openNote(id, options) {
    options = options || {};
    var first = firstFragment(id);
    var note = noteFor(id);
    if (!first || !note) return false;
    var report = first.closest(".ar-report");
    var type = first.getAttribute("data-type") || "note";
    var pop = popoverFor(report);
    if (current.id && current.id !== id) deactivate();

    // Deep-clone the note, strip ids (they would be duplicates), and show it.
    var clone = note.cloneNode(true);
    clone.removeAttribute("id");
    clone.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    var body = pop.querySelector(".ar-popover__body");
    body.replaceChildren.apply(body, Array.prototype.slice.call(clone.childNodes));
    pop.className = "ar-popover ar-popover--" + type;
    pop.setAttribute("aria-label", "Note: " + type.charAt(0).toUpperCase() + type.slice(1));
    pop.hidden = false;

    report.querySelectorAll(HL).forEach(function (el) {
      el.classList.toggle("ar-hl--active", el.getAttribute("data-annotation") === id);
    });
    current = { id: id, report: report, popover: pop };
    setHash("#" + id);
    if (options.scroll) first.scrollIntoView({ block: "center" });
    place();
    if (options.focus) pop.focus({ preventScroll: true });
    return true;
  }

  function deactivate() {
    if (!current.report) return;
    current.report.querySelectorAll(".ar-hl--active").forEach(function (el) {
      el.classList.remove("ar-hl--active");
    });
  }

  // Close the popover; with `refocus`, return focus to the annotation's highlight.
  function closeNote(refocus) {
    if (!current.id) return;
    var id = current.id;
    deactivate();
    current.popover.hidden = true;
    current.popover.querySelector(".ar-popover__body").replaceChildren();
    current = { id: null, report: null, popover: null };
    if (idFromHash(location.hash) === id) setHash("");
    var first = firstFragment(id);
    if (refocus && first) first.focus();
  }

  // Put the popover under the first fragment, or above it when there is no room
  // below, horizontally inside the viewport. Coordinates are relative to the report
  // (position: relative), so the popover scrolls with the text.
  function place() {
    if (!current.id) return;
    var first = firstFragment(current.id);
    var pop = current.popover;
    if (!first) return;
    var box = first.getBoundingClientRect();
    var line = first.getClientRects()[0] || box; // where the highlight starts
    var base = current.report.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var roof = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    var viewW = document.documentElement.clientWidth;
    var viewH = window.innerHeight;
    var gap = 6, margin = 8;
    var width = pop.offsetWidth, height = pop.offsetHeight;

    var left = Math.max(margin, Math.min(line.left, viewW - width - margin));
    var roomBelow = viewH - box.bottom - gap, roomAbove = box.top - roof - gap;
    var above = height > roomBelow && roomAbove > roomBelow;
    var top = above ? box.top - gap - height : box.bottom + gap;
    pop.classList.toggle("ar-popover--above", above);
    pop.style.left = left - base.left + "px";
    pop.style.top = top - base.top + "px";
  }


  /* ------------------------------------------------------------ reading aids -- */

  var HIDDEN_KEY = "annotated-report:hidden-types";

  function hiddenTypes() {
    try {
      var value = JSON.parse(localStorage.getItem(HIDDEN_KEY) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (e) {
      return []; // storage disabled or corrupt: everything shown
    }
  }

  function saveHiddenTypes(types) {
    try { localStorage.setItem(HIDDEN_KEY, JSON.stringify(types)); } catch (e) { /* private mode */ }
  }

  // Reflect the remembered hidden types on a report: a class per hidden type, and the
  // pressed state of its toggle button.
  function applyHidden(report) {
    var hidden = hiddenTypes();
    report.querySelectorAll(".ar-toggle").forEach(function (button) {
      var type = button.getAttribute("data-type");
      var off = hidden.indexOf(type) !== -1;
      report.classList.toggle("ar-hide-" + type, off);
      button.setAttribute("aria-pressed", off ? "false" : "true");
      button.textContent = off ? "Hidden" : "Shown";
    });
  }

  function button(className, type, text, title, extra) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.setAttribute("data-type", type);
    b.title = title;
    b.textContent = text;
    Object.keys(extra).forEach(function (name) { b.setAttribute(name, extra[name]); });
    return b;
  }

  // Show/hide and previous/next buttons on a legend entry (only with this script: they
  // would do nothing without it). Skipped for types with no annotation on the page.
  function addLegendTools(item) {
    var type = item.getAttribute("data-type");
    var report = item.closest(".ar-report");
    if (item.querySelector(".ar-legend__tools") || !report.querySelector('mark[data-type="' + type + '"]')) return;
    var tools = document.createElement("span");
    tools.className = "ar-legend__tools";
    tools.appendChild(button("ar-toggle", type, "Shown", "Show or hide these highlights", { "aria-pressed": "true" }));
    tools.appendChild(button("ar-step", type, "\u2191", "Previous", { "data-step": "-1", "aria-label": "Previous " + type }));
    tools.appendChild(button("ar-step", type, "\u2193", "Next", { "data-step": "1", "aria-label": "Next " + type }));
    item.appendChild(tools);
  }

  function toggleType(report, type) {
    var hidden = hiddenTypes().filter(function (t) { return t !== type; });
    if (!report.classList.contains("ar-hide-" + type)) hidden.push(type);
    saveHiddenTypes(hidden);
    document.querySelectorAll(".ar-report").forEach(applyHidden);
    if (current.id && hidden.indexOf(type) !== -1 && firstFragment(current.id).getAttribute("data-type") === type) closeNote(false);
  }

  // Open the next (step 1) or previous (step -1) annotation of a type: after the open
  // one if it is of that type, else after the middle of the viewport.
  function stepTo(report, type, step) {
    var marks = Array.prototype.slice.call(report.querySelectorAll('mark[data-annotation][id][data-type="' + type + '"]'));
    if (!marks.length) return;
    var index = marks.findIndex(function (m) { return m.id === current.id; });
    if (index === -1) {
      var middle = window.innerHeight / 2;
      var after = marks.findIndex(function (m) { return m.getBoundingClientRect().top > middle; });
      if (after === -1) after = marks.length;
      index = step > 0 ? after - 1 : after; // so that index + step is the first after / last before
    }
    var next = marks[(index + step + marks.length) % marks.length];
    openNote(next.id, { scroll: true, focus: false });
    next.focus({ preventScroll: true });
  }

  /* ---------------------------------------------------------------- sorting -- */

  // Sort a table's body by one column: numbers by data-sort, else by text.
  function sortBy(table, column, button) {
    var body = table.tBodies[0];
    var header = button.closest("th");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    function key(row) {
      var cell = row.cells[column];
      var raw = cell ? cell.getAttribute("data-sort") : null;
      if (raw !== null && raw !== "" && !isNaN(Number(raw))) return Number(raw);
      return raw === "" ? null : (cell ? cell.textContent.trim().toLowerCase() : "");
    }
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === y) return 0;
      if (x === null) return 1; // empty cells last either way
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    if (table.hasAttribute("data-sortable-ready")) return;
    table.setAttribute("data-sortable-ready", "");
    Array.prototype.forEach.call(table.tHead ? table.tHead.rows[0].cells : [], function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ar-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, button); });
    });
  }

  /* ----------------------------------------------------------------- events -- */

  function selecting() {
    var sel = window.getSelection && window.getSelection();
    return !!sel && !sel.isCollapsed && sel.toString().trim() !== "";
  }

  // One capturing listener on the document: it runs before Material's own link
  // handling (instant navigation), so a handled click can stop there.
  function onClick(ev) {
    var target = ev.target instanceof Element ? ev.target : ev.target.parentElement;
    if (!target || ev.button !== 0) return;
    var link = target.closest("a[href]");
    var plain = !(ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey);
    var handled = false;

    if (target.closest(".ar-popover")) {
      if (target.closest(".ar-popover__close")) {
        closeNote(true);
        handled = true;
      } else if (link && plain && idFromLink(link)) {
        handled = openNote(idFromLink(link), { scroll: true, focus: true });
      }
      if (handled) { ev.preventDefault(); ev.stopPropagation(); }
      return; // anything else inside the popover (text, other links) is left alone
    }

    var tool = target.closest(".ar-legend .ar-toggle, .ar-legend .ar-step");
    if (tool) {
      var report = tool.closest(".ar-report");
      var type = tool.getAttribute("data-type");
      if (tool.classList.contains("ar-toggle")) toggleType(report, type);
      else stepTo(report, type, Number(tool.getAttribute("data-step")));
      ev.preventDefault();
      ev.stopPropagation();
      return;
    }

    if (target.closest(".ar-report.ar-js")) {
      if (link && link.closest(".ar-ref")) {
        if (plain) handled = openNote(idFromLink(link), { focus: true });
      } else if (!link) {
        var mark = target.closest(HL);
        if (mark && !selecting()) {
          openNote(mark.getAttribute("data-annotation"), { focus: true });
          return;
        }
      }
      if (handled) { ev.preventDefault(); ev.stopPropagation(); return; }
    }
    if (current.id && !handled) closeNote(false); // a click anywhere else
  }

  function onKeydown(ev) {
    if (!(ev.target instanceof Element)) return;
    if (ev.key === "Escape" && current.id && !ev.target.closest("input, textarea, select")) {
      ev.preventDefault();
      closeNote(true);
    } else if ((ev.key === "Enter" || ev.key === " ") && ev.target.matches(HL)) {
      ev.preventDefault(); // Space would scroll the page
      openNote(ev.target.getAttribute("data-annotation"), { focus: true });
    }
  }

  function fromHash() {
    var id = idFromHash(location.hash);
    if (id) openNote(id, { scroll: true, focus: true });
    return id;
  }

  /* ------------------------------------------------------------------ setup -- */

  // Runs once per page (and once per instant-navigation page); idempotent.
  function setup() {
    if (current.popover && !document.contains(current.popover)) {
      current = { id: null, report: null, popover: null }; // the page was swapped
    }
    document.querySelectorAll(".ar-report").forEach(function (report) {
      report.classList.add("ar-js");
      // The highlight is the control now: one tab stop per annotation, on its first fragment.
      report.querySelectorAll("mark[data-annotation][id]").forEach(function (m) { m.tabIndex = 0; });
      report.querySelectorAll(".ar-ref a").forEach(function (a) { a.tabIndex = -1; });
      report.querySelectorAll(".ar-legend li[data-type]").forEach(addLegendTools);
      applyHidden(report);
    });
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    if (!bound) {
      bound = true;
      document.addEventListener("click", onClick, true);
      document.addEventListener("keydown", onKeydown);
      window.addEventListener("hashchange", fromHash);
      window.addEventListener("resize", place);
    }
    var id = fromHash();
    // The browser may still scroll to the fragment itself while the page loads.
    if (id && document.readyState !== "complete") {
      window.addEventListener("load", function () {
        if (current.id === id) { firstFragment(id).scrollIntoView({ block: "center" }); place(); }
      }, { once: true });
    }
  }

  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setup); // Material: emits for every page, the first included
    } else {
      setup();
    }
  }

  if (window.document$ || document.readyState !== "loading") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  }
})();
