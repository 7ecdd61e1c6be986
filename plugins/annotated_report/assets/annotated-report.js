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
    });
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
