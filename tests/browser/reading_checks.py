"""Measurements shared by the browser tests and the screenshot script.

Each runs inside the page (one evaluate per page, not one per note), so checking every
note of the report at two widths stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

# Where a highlight sits when its note is opened: just below the header, in the middle,
# at the bottom edge of the window.
PLACEMENT_JS = """
async ([positions]) => {
  const header = document.querySelector('.md-header');
  const marks = [...document.querySelectorAll('.ar-report mark[data-annotation][id]')];
  const results = [];
  for (const mark of marks) {
    for (const where of positions) {
      const line = () => mark.getClientRects()[0];
      const roof = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
      const viewH = document.documentElement.clientHeight;
      const target = where === 'top' ? roof + 4 : where === 'middle' ? (roof + viewH) / 2 : viewH - line().height - 4;
      window.scrollTo({top: scrollY + line().top - target, behavior: 'instant'});
      mark.focus({preventScroll: true});
      mark.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
      const pop = document.querySelector('.ar-popover');
      const open = pop && !pop.hidden;
      const r = open ? pop.getBoundingClientRect() : null;
      const viewW = document.documentElement.clientWidth;
      const roofNow = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
      const ok = !!r && r.height > 40 && r.top >= roofNow - 0.5 && r.bottom <= viewH + 0.5
        && r.left >= -0.5 && r.right <= viewW + 0.5;
      results.push({id: mark.dataset.annotation, where, ok,
                    rect: r && [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)],
                    roof: roofNow, viewH, viewW});
      document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, cancelable: true}));
    }
  }
  return results;
}
"""


def popover_placements(page: Any, positions: tuple[str, ...] = ("top", "middle", "bottom")) -> list[dict[str, Any]]:
    """Open every note of the report page with its highlight at each position; one row each."""
    return page.evaluate(PLACEMENT_JS, [list(positions)])


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core (from the npm registry, installed by `npm ci`) on the page as it is."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations'], performanceTimer: false});
          return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => [n.target.join(' '), n.failureSummary.slice(0, 300)])}));
        }"""
    )
    return [v for v in violations if v["impact"] in impacts]


def open_reading_guide(page: Any) -> None:
    """Unfold the reading guide (folded on every screen) the way a reader does."""
    guide = page.locator(".ar-legend details")
    if not guide.evaluate("d => d.open"):
        guide.locator("summary").click()


def choose_reading_mode(page: Any, mode: str) -> None:
    """Choose a view the way a reader does: unfold the reading guide, select the choice."""
    open_reading_guide(page)
    page.locator(f'.ar-legend .ar-modes input[value="{mode}"]').check()
