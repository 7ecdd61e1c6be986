/*
 * annotated-report.js: opens an annotation's note where the reader looks.
 *
 * Progressive enhancement over the static page: without this script the notes are
 * lists under each paragraph and the letter badges are plain links to them. With it:
 *  - a click, Enter or Space on a highlight (or a click on its badge) opens the note
 *    of the innermost shown annotation in one popover per page, and marks every
 *    fragment of that annotation .ar-hl--active;
 *  - the popover is always wholly inside the visible area below the sticky header:
 *    on a wide screen (and when the margin has room) it is a sidenote in the right
 *    margin beside the highlight, covering no text; otherwise below the highlight,
 *    else above it, else where there is most room, scrolling inside itself when the
 *    note is taller than the room; on a narrow screen it is a bottom sheet. Opening
 *    from a link (permalink, search result, previous/next) first scrolls the
 *    highlight into view;
 *  - focus stays in the open note: Tab past its last link, Escape, the close button
 *    or a click outside closes it and focus returns to the highlight;
 *  - the URL hash follows the open note (the highlight's id); a hash naming a
 *    highlight or a note opens it;
 *  - reading modes: marked (the default: each type's line, no tint), highlighted
 *    (tints and note numbers), one type, or plain text; the choice is remembered
 *    across pages in localStorage;
 *  - each shown highlight is a link-like control whose accessible name says its
 *    type, its words and which note it opens ("Statistic: 38 traffickers, open
 *    note 12"); the type's name is read from the legend;
 *  - per type, previous/next buttons step through its annotations;
 *  - a skip link to the report text; a name for Material's search dialog;
 *  - tables marked data-sortable sort by a column when its heading is selected.
 * Notes and highlights are found by their data-annotation-note / data-annotation
 * attributes and hashes are resolved through the element they name, so no URL or id
 * shape is spelled here. Vanilla JS, no network, no innerHTML: note content is cloned
 * from the page. Works with Material's instant navigation (window.document$) and
 * without it.
 */
(function () {
  "use strict";

  var HL = "mark[data-annotation]";
  var NARROW = "(max-width: 599px)"; // a phone: the note is a bottom sheet
  var WIDE = "(min-width: 1220px)"; // room for the note in the right margin (see the CSS)
  var SIDENOTE_MIN = 280; // px: a narrower margin reads worse than a note over the text
  var SIDENOTE_MAX = 420;
  var MODE_KEY = "annotated-report:reading-mode";
  var DEFAULT_MODE = "marks";
  var MODES = ["marks", "all", "claim", "statistic", "caveat", "allegation", "plain"];
  var MODE_LABELS = {
    marks: "Marked", all: "Highlighted", claim: "Claims", statistic: "Statistics",
    caveat: "Caveats", allegation: "Allegations", plain: "Plain text"
  };
  var current = { id: null, report: null, popover: null }; // the open note, if any
  var bound = false;

  /* ---------------------------------------------------------------- lookups -- */

  function quoted(value) {
    return '"' + String(value).replace(/["\\]/g, "\\$&") + '"';
  }

  // The first fragment of an annotation (document order), or null.
  function firstFragment(id) {
    return id ? document.querySelector(".ar-report mark[data-annotation=" + quoted(id) + "]") : null;
  }

  // The annotation a hash names, when it is on this page: the hash may name a highlight
  // or a note (or its heading); whatever the id shapes are, the element says which.
  function idFromHash(hash) {
    var raw = (hash || "").replace(/^#/, "");
    try { raw = decodeURIComponent(raw); } catch (e) { return null; }
    var el = raw ? document.getElementById(raw) : null;
    if (!el || !el.closest(".ar-report")) return null;
    var note = el.closest("[data-annotation-note]");
    var id = note ? note.getAttribute("data-annotation-note")
      : (el.matches(HL) ? el.getAttribute("data-annotation") : null);
    return firstFragment(id) ? id : null;
  }

  // The annotation a same-page link points at, or null for any other link.
  function idFromLink(link) {
    if (!link.hash || link.origin !== location.origin || link.pathname !== location.pathname) return null;
    return idFromHash(link.hash);
  }

  function noteFor(id) {
    return document.querySelector(".ar-report [data-annotation-note=" + quoted(id) + "]");
  }

  function setHash(hash) {
    var url = location.pathname + location.search + hash;
    if (location.pathname + location.search + location.hash !== url) history.replaceState(history.state, "", url);
  }

  function narrow() {
    return window.matchMedia(NARROW).matches;
  }

  // The bottom of Material's sticky header: nothing above it is visible.
  function roof() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  function viewHeight() {
    return document.documentElement.clientHeight || window.innerHeight;
  }

  function scrollByPx(dy) {
    if (Math.abs(dy) >= 1) window.scrollTo({ top: window.scrollY + dy, left: window.scrollX, behavior: "instant" });
  }

  // Bring the start of a highlight into the upper part of the visible area, leaving
  // room below it for the note (on a phone, above the bottom sheet).
  function reveal(el) {
    var line = el.getClientRects()[0] || el.getBoundingClientRect();
    var top = roof();
    scrollByPx(line.top - (top + (viewHeight() - top) * (narrow() ? 0.08 : 0.25)));
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

  // Open annotation `id`. Options: scroll (bring the highlight into view first),
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
    // "Note 12 · paragraph 3": the number is the mark in the text and in "Linked" lists.
    var number = note.getAttribute("value");
    var paragraph = first.closest("[data-paragraph]");
    var where = document.createElement("p");
    where.className = "ar-popover__where";
    where.textContent = (number ? "Note " + number : "Note") +
      (paragraph ? " \u00b7 paragraph " + paragraph.getAttribute("data-paragraph") : "");
    body.insertBefore(where, body.firstChild);
    pop.className = "ar-popover ar-popover--" + type;
    pop.setAttribute("aria-label", (number ? "Note " + number : "Note") + ": " + typeLabel(report, type));
    pop.hidden = false;
    pop.scrollTop = 0;

    report.querySelectorAll(HL).forEach(function (el) {
      el.classList.toggle("ar-hl--active", el.getAttribute("data-annotation") === id);
    });
    current = { id: id, report: report, popover: pop };
    setHash("#" + first.id);
    if (options.scroll) reveal(first);
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
    current.report.style.paddingBottom = "";
    current.popover.style.maxHeight = "";
    current.popover.style.width = "";
    current.popover.querySelector(".ar-popover__body").replaceChildren();
    current = { id: null, report: null, popover: null };
    if (idFromHash(location.hash) === id) setHash("");
    var first = firstFragment(id);
    if (refocus && first) {
      if (!first.hasAttribute("tabindex")) first.tabIndex = -1; // a mark of a hidden type
      first.focus({ preventScroll: true });
    }
  }

  // Place the open popover wholly inside the visible area (below the header).
  function place() {
    if (!current.id) return;
    var first = firstFragment(current.id);
    var pop = current.popover;
    if (!first) return;
    var margin = 8, gap = 6;
    var top = roof() + margin, bottom = viewHeight() - margin;
    pop.style.maxHeight = "";
    if (narrow()) {
      // A bottom sheet (fixed, full width: see the CSS); keep the highlight visible above it.
      pop.classList.add("ar-popover--sheet");
      pop.style.left = pop.style.top = "";
      pop.style.maxHeight = Math.max(0, Math.min(pop.offsetHeight, bottom + margin - top)) + "px";
      // Room to scroll the last lines of the report above the sheet.
      current.report.style.paddingBottom = pop.offsetHeight + "px";
      var firstLine = first.getClientRects()[0] || first.getBoundingClientRect();
      var sheetTop = viewHeight() - pop.offsetHeight;
      if (firstLine.top < top || firstLine.bottom > sheetTop - margin) scrollByPx(firstLine.top - top - margin);
      return;
    }
    pop.classList.remove("ar-popover--sheet");
    current.report.style.paddingBottom = "";
    var box = first.getBoundingClientRect();
    var line = first.getClientRects()[0] || box; // where the highlight starts
    var base = current.report.getBoundingClientRect();
    var viewW = document.documentElement.clientWidth;
    if (placeInMargin(pop, first, line, base, viewW, top, bottom, margin)) return;
    pop.classList.remove("ar-popover--side");
    pop.style.width = "";
    var width = pop.offsetWidth, height = pop.offsetHeight;

    // Below the whole highlight, above its first line, below its first line: the first
    // that fits, else the one with most room (the note then scrolls inside).
    var spots = [
      { y: box.bottom + gap, room: bottom - box.bottom - gap, above: false },
      { y: line.top - gap, room: line.top - gap - top, above: true },
      { y: line.bottom + gap, room: bottom - line.bottom - gap, above: false }
    ];
    var spot = spots.filter(function (s) { return s.room >= height; })[0];
    if (!spot) {
      spot = spots.reduce(function (a, b) { return b.room > a.room ? b : a; });
      if (spot.room < Math.min(height, 160)) spot = { y: top, room: bottom - top, above: false };
    }
    var h = Math.min(height, Math.max(0, spot.room));
    if (h < height) pop.style.maxHeight = h + "px";
    var y = spot.above ? spot.y - h : spot.y;
    y = Math.max(top, Math.min(y, bottom - h));
    var x = Math.max(margin, Math.min(line.left, viewW - width - margin));
    pop.classList.toggle("ar-popover--above", spot.above);
    pop.style.left = x - base.left + "px";
    pop.style.top = y - base.top + "px";
  }

  // On a wide screen, the note as a sidenote: in the margin right of the text, level with
  // the highlight's first line (moved up as far as needed to fit the visible area), so it
  // covers no text. False when the margin is too narrow (the caller places it over the text).
  function placeInMargin(pop, first, line, base, viewW, top, bottom, margin) {
    if (!window.matchMedia(WIDE).matches) return false;
    var paragraph = first.closest("[data-paragraph]");
    if (!paragraph) return false;
    var left = paragraph.getBoundingClientRect().right + 24;
    var width = Math.min(SIDENOTE_MAX, viewW - margin - left);
    if (width < SIDENOTE_MIN) return false;
    pop.classList.add("ar-popover--side");
    pop.classList.remove("ar-popover--above");
    pop.style.width = width + "px";
    var height = pop.offsetHeight;
    var h = Math.min(height, bottom - top);
    if (h < height) pop.style.maxHeight = h + "px";
    var y = Math.max(top, Math.min(line.top - 8, bottom - h));
    pop.style.left = left - base.left + "px";
    pop.style.top = y - base.top + "px";
    return true;
  }

  // The controls inside the open popover, in tab order.
  function focusables(pop) {
    return Array.prototype.filter.call(
      pop.querySelectorAll("a[href], button:not([disabled]), summary, input, select, textarea, [tabindex]:not([tabindex='-1'])"),
      function (el) { return el.getClientRects().length > 0; }
    );
  }

  /* ----------------------------------------------------------- reading mode -- */

  function readingMode() {
    try {
      var mode = localStorage.getItem(MODE_KEY);
      return MODES.indexOf(mode) !== -1 ? mode : DEFAULT_MODE;
    } catch (e) {
      return DEFAULT_MODE; // storage disabled: the default
    }
  }

  function saveReadingMode(mode) {
    try { localStorage.setItem(MODE_KEY, mode); } catch (e) { /* private mode: not remembered */ }
  }

  // Is a highlight of this type shown (and so a control) in this mode?
  function shown(mode, type) {
    return mode === "marks" || mode === "all" || mode === type;
  }

  // The innermost shown highlight at an element, or null.
  function shownMark(el, mode) {
    var mark = el.closest(HL);
    while (mark && !shown(mode, mark.getAttribute("data-type"))) {
      mark = mark.parentElement ? mark.parentElement.closest(HL) : null;
    }
    return mark;
  }

  // A type's name as the legend shows it (one truth: the page), else the type itself.
  function typeLabel(report, type) {
    var label = report.querySelector(".ar-legend li[data-type=" + quoted(type) + "] .ar-type");
    return label ? label.textContent.trim() : type.charAt(0).toUpperCase() + type.slice(1);
  }

  // An annotation's words as shown: the visible text of all its fragments (with the note
  // numbers a view shows), so the name holds all the visible text (WCAG 2.5.3).
  function wordsOf(report, id) {
    var words = "";
    report.querySelectorAll("mark[data-annotation=" + quoted(id) + "]").forEach(function (mark) {
      words += mark.innerText;
    });
    return words.replace(/\s+/g, " ").trim();
  }

  // The name a screen reader announces for a highlight: its type, its words, and which
  // note it opens. (Not the text alone: an unnamed `mark` said neither.)
  function highlightName(report, mark) {
    var id = mark.getAttribute("data-annotation");
    var note = noteFor(id);
    var number = note ? note.getAttribute("value") : null;
    return typeLabel(report, mark.getAttribute("data-type")) + ": " + wordsOf(report, id) +
      " \u2014 open note" + (number ? " " + number : "");
  }

  // Reflect a mode on a report: its attribute (the CSS reads it), the chosen radio
  // button, and the controls: a shown highlight's first fragment is a tab stop with a
  // role and a name; a highlight that is not shown is plain text.
  function applyMode(report, mode) {
    report.setAttribute("data-reading-mode", mode);
    report.querySelectorAll(".ar-modes input").forEach(function (input) { input.checked = input.value === mode; });
    report.querySelectorAll("mark[data-annotation][id]").forEach(function (mark) {
      if (shown(mode, mark.getAttribute("data-type"))) {
        mark.tabIndex = 0;
        // A link (to its note), not a button: a button's content is presentational, and a
        // highlight may hold another one (a figure inside a claim).
        mark.setAttribute("role", "link");
        mark.setAttribute("aria-label", highlightName(report, mark)); // the view decides what is visible
      } else {
        mark.removeAttribute("tabindex");
        mark.removeAttribute("role");
        mark.removeAttribute("aria-label");
      }
    });
  }

  function setMode(mode) {
    saveReadingMode(mode);
    document.querySelectorAll(".ar-report").forEach(function (report) { applyMode(report, mode); });
    var first = firstFragment(current.id);
    if (first && !shown(mode, first.getAttribute("data-type"))) closeNote(false);
  }

  var modeGroups = 0;

  // The "Show" choice at the top of the legend (only with this script).
  function addModeChoice(report) {
    var legend = report.querySelector(".ar-legend");
    if (!legend || legend.querySelector(".ar-modes")) return;
    var name = "ar-mode-" + (++modeGroups);
    var field = document.createElement("fieldset");
    field.className = "ar-modes";
    var caption = document.createElement("legend");
    caption.textContent = "Show";
    field.appendChild(caption);
    MODES.forEach(function (mode) {
      var isType = mode !== "marks" && mode !== "all" && mode !== "plain";
      if (isType && !report.querySelector("mark[data-type=" + quoted(mode) + "]")) return;
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = mode;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + MODE_LABELS[mode]));
      if (isType) label.setAttribute("data-type", mode);
      field.appendChild(label);
    });
    field.addEventListener("change", function (ev) {
      if (ev.target.name === name) setMode(ev.target.value);
    });
    var help = legend.querySelector(".ar-legend__help");
    var list = legend.querySelector(".ar-legend__types");
    (list || help).parentNode.insertBefore(field, list || help.nextSibling);
  }

  /* ------------------------------------------------------------ reading aids -- */

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

  // Previous/next buttons on a legend entry (only with this script: they would do
  // nothing without it). Skipped for types with no annotation on the page.
  function addLegendTools(item) {
    var type = item.getAttribute("data-type");
    var report = item.closest(".ar-report");
    if (item.querySelector(".ar-legend__tools") || !report.querySelector("mark[data-type=" + quoted(type) + "]")) return;
    var tools = document.createElement("span");
    tools.className = "ar-legend__tools";
    tools.appendChild(button("ar-step", type, "\u2191", "Previous", { "data-step": "-1", "aria-label": "Previous " + type }));
    tools.appendChild(button("ar-step", type, "\u2193", "Next", { "data-step": "1", "aria-label": "Next " + type }));
    item.appendChild(tools);
  }

  // Open the next (step 1) or previous (step -1) annotation of a type: after the open
  // one if it is of that type, else after the middle of the viewport.
  function stepTo(report, type, step) {
    var marks = Array.prototype.slice.call(report.querySelectorAll("mark[data-annotation][id][data-type=" + quoted(type) + "]"));
    if (!marks.length) return;
    var index = marks.findIndex(function (m) { return m.getAttribute("data-annotation") === current.id; });
    if (index === -1) {
      var middle = window.innerHeight / 2;
      var after = marks.findIndex(function (m) { return m.getBoundingClientRect().top > middle; });
      if (after === -1) after = marks.length;
      index = step > 0 ? after - 1 : after; // so that index + step is the first after / last before
    }
    var next = marks[(index + step + marks.length) % marks.length];
    openNote(next.getAttribute("data-annotation"), { scroll: true, focus: false });
  }

  /* ------------------------------------------------- skip link, search name -- */

  // "Skip to the report text": the first stop on the page, to the first paragraph.
  function addSkipLink(report) {
    var paragraph = report.querySelector("[data-paragraph]");
    if (!paragraph || document.querySelector(".ar-skip")) return;
    var heading = paragraph.previousElementSibling;
    var link = document.createElement("a");
    link.className = "md-skip ar-skip";
    link.href = heading && heading.id ? "#" + heading.id : "#";
    link.textContent = "Skip to the report text";
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      paragraph.tabIndex = -1;
      paragraph.focus({ preventScroll: true });
      reveal(paragraph);
    });
    document.body.insertBefore(link, document.body.firstChild);
  }

  // Material's search dialog has no accessible name.
  function nameSearchDialog() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (el) {
      el.setAttribute("aria-label", "Search");
    });
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

    var tool = target.closest(".ar-legend .ar-step");
    if (tool) {
      stepTo(tool.closest(".ar-report"), tool.getAttribute("data-type"), Number(tool.getAttribute("data-step")));
      ev.preventDefault();
      ev.stopPropagation();
      return;
    }
    if (target.closest(".ar-modes")) return; // choosing a mode leaves the note alone

    var report = target.closest(".ar-report.ar-js");
    if (report) {
      var mode = report.getAttribute("data-reading-mode") || DEFAULT_MODE;
      if (link && link.closest(".ar-ref")) {
        if (plain) handled = openNote(idFromLink(link), { focus: true });
      } else if (!link) {
        var mark = shownMark(target, mode);
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
    } else if (ev.key === "Tab" && current.id && ev.target.closest(".ar-popover") === current.popover) {
      // Focus stays in the open note; Tab past its end closes it and returns to the highlight.
      var items = focusables(current.popover);
      var last = items[items.length - 1];
      if (!ev.shiftKey && (!last || ev.target === last)) {
        ev.preventDefault();
        closeNote(true);
      } else if (ev.shiftKey && (ev.target === current.popover || ev.target === items[0])) {
        ev.preventDefault();
        (last || current.popover).focus();
      }
    } else if ((ev.key === "Enter" || ev.key === " ") && ev.target.matches(HL + "[tabindex='0']")) {
      ev.preventDefault(); // Space would scroll the page
      openNote(ev.target.getAttribute("data-annotation"), { focus: true });
    }
  }

  function fromHash() {
    var id = idFromHash(location.hash);
    if (id) openNote(id, { scroll: true, focus: true });
    return id;
  }

  /* --------------------------------------------------------- cite this note -- */

  // BibTeX and CSL-JSON are made here, when a reader opens "Cite this note": the page carries
  // the sentence, each note's title and permalink (data-cite-title, data-cite-url) and, once,
  // what all its notes share (the report's data-cite: render/citation.py).
  var BIBTEX_SPECIAL = /[\\{}%&$#_^~]/g;
  var BIBTEX_ESCAPES = { "\\": "\\textbackslash{}", "^": "\\^{}", "~": "\\~{}" };

  // A value BibTeX reads literally: its special characters escaped, no line breaks.
  function bibtexValue(value) {
    return value.split(/\s+/).filter(Boolean).join(" ").replace(BIBTEX_SPECIAL, function (c) {
      return BIBTEX_ESCAPES[c] || "\\" + c;
    });
  }

  // A URL field is read verbatim (biber, the url package): only braces and spaces would break it.
  function bibtexUrl(url) { return url.replace(/[{} \t\r\n]/g, ""); }

  function citeFormats(id, title, url, shared) {
    var licence = shared.licence ? "Annotations licensed " + shared.licence : "";
    var fields = [["author", shared.authors.join(" and ")], ["title", title], ["howpublished", shared.container],
      ["publisher", shared.publisher || ""], ["year", shared.date.length ? String(shared.date[0]) : ""],
      ["url", url], ["note", licence]];
    var bibtex = "@misc{note:" + id.replace(/[^A-Za-z0-9_:-]/gu, "-") + ",\n" + fields.filter(function (field) {
      return field[1];
    }).map(function (field) {
      return "  " + field[0] + " = {" + (field[0] === "url" ? bibtexUrl(field[1]) : bibtexValue(field[1])) + "}";
    }).join(",\n") + "\n}";
    var csl = { id: id, type: "entry", title: title, "container-title": shared.container };
    if (shared.authors.length) csl.author = shared.authors.map(function (name) { return { literal: name }; });
    if (shared.publisher) csl.publisher = shared.publisher;
    if (shared.date.length) csl.issued = { "date-parts": [shared.date] };
    if (url) csl.URL = url;
    if (shared.licence) csl.license = shared.licence;
    return { bibtex: bibtex, csl: JSON.stringify([csl]) };
  }

  function fillCitation(details) {
    if (!details.open || details.querySelector(".ar-cite__bibtex")) return;
    var note = details.closest("[data-annotation-note]"); // in the popover, the open note's clone
    var id = note ? note.getAttribute("data-annotation-note") : details.closest(".ar-popover") ? current.id : null;
    var report = details.closest(".ar-report[data-cite]") || document.querySelector(".ar-report[data-cite]");
    if (!id || !report) return;
    var formats = citeFormats(id, details.getAttribute("data-cite-title") || "",
      details.getAttribute("data-cite-url") || "", JSON.parse(report.getAttribute("data-cite")));
    [["BibTeX", "ar-cite__bibtex", formats.bibtex], ["CSL-JSON", "ar-cite__csl", formats.csl]].forEach(function (part) {
      var label = document.createElement("p");
      label.className = "ar-cite__label";
      label.textContent = part[0];
      var pre = document.createElement("pre");
      pre.className = part[1];
      pre.textContent = part[2];
      details.append(label, pre);
    });
  }

  function onToggle(ev) {
    if (ev.target instanceof Element && ev.target.matches("details.ar-cite")) fillCitation(ev.target);
  }

  /* ------------------------------------------------------------------ setup -- */

  // Runs once per page (and once per instant-navigation page); idempotent.
  function setup() {
    if (current.popover && !document.contains(current.popover)) {
      current = { id: null, report: null, popover: null }; // the page was swapped
    }
    nameSearchDialog();
    document.querySelectorAll(".ar-skip").forEach(function (link) { link.remove(); });
    var mode = readingMode();
    document.querySelectorAll(".ar-report").forEach(function (report) {
      report.classList.add("ar-js");
      report.querySelectorAll(".ar-ref a").forEach(function (a) { a.tabIndex = -1; });
      // The highlight's name says its note's number: the mark is for the eye.
      report.querySelectorAll(".ar-ref").forEach(function (sup) { sup.setAttribute("aria-hidden", "true"); });
      addModeChoice(report);
      report.querySelectorAll(".ar-legend li[data-type]").forEach(addLegendTools);
      applyMode(report, mode); // the highlight is the control now: one tab stop per annotation
      addSkipLink(report);
    });
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    if (!bound) {
      bound = true;
      document.addEventListener("click", onClick, true);
      document.addEventListener("keydown", onKeydown);
      document.addEventListener("toggle", onToggle, true); // toggle does not bubble: caught on its way down
      window.addEventListener("hashchange", fromHash);
      window.addEventListener("resize", place);
    }
    var id = fromHash();
    // The browser may still scroll to the fragment (and focus it) while the page loads.
    if (id && document.readyState !== "complete") {
      window.addEventListener("load", function () {
        if (current.id !== id) return;
        reveal(firstFragment(id));
        place();
        current.popover.focus({ preventScroll: true });
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
