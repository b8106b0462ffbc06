"""What a screen must be at every width (issue 12, item 8), for the browser tests: the page does
not scroll sideways, and every visible button shows its label."""

from __future__ import annotations

# Buttons a person can see (not those in a closed <details>, which `offsetParent` still counts)
# whose label is empty, cut off, or squeezed into a 40 px square (an icon alone).
UNLABELLED_BUTTONS = """() => [...document.querySelectorAll('main .fr-btn, main button')]
    .filter(b => b.checkVisibility({checkVisibilityCSS: true}))
    .filter(b => b.innerText.trim() === '' || b.scrollWidth > b.clientWidth + 1
                 || getComputedStyle(b).maxWidth === '40px')
    .map(b => `${b.outerHTML.slice(0, 120)} (${b.scrollWidth} > ${b.clientWidth})`)"""


def assert_fits(page, width: int) -> None:
    """No horizontal scroll of the page (a wide table scrolls in its own region); no button
    without its visible label. Measured once the fonts are in (a fallback font is wider)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} at {width} px: {overflow} px too wide"
    unlabelled = page.evaluate(UNLABELLED_BUTTONS)
    assert unlabelled == [], f"{page.url} at {width} px: labels hidden: {unlabelled}"
