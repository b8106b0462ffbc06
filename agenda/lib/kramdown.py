"""What Jekyll's kramdown reads otherwise than CommonMark, written so that markdown-it reads it
the same way, line for line (a text keeps its line count: the programme's line ranges and the
parts rendered from one parse count lines of the text as written).

- Attribute lists (`{: .text-center}`, `{:.encadre role="presentation"}`) style the block next
  to them in kramdown; CommonMark shows them as text. They are taken out (a line made of one
  keeps its quote markers and becomes empty).
- A heading's id (`## Programme {#programme}`) is taken out of its text.
- kramdown ends an HTML block at the line closing its element; CommonMark only at a blank line,
  so the markdown written right after `</section>` was shown as raw text (`> ####`). The closing
  tag moves to the end of the line above (still inside the HTML block), leaving its own line
  blank: the HTML block ends there, as in kramdown.
"""

import re

_IAL = re.compile(r"\{:(?!:)[^{}\n]*\}")
_HEADER_ID = re.compile(r"^(\s{0,3}#{1,6}\s.*?)\s*\{#[\w-]+\}\s*$")  # ## Programme {#programme}
_IAL_LINE = re.compile(r"^((?:\s*>)*)\s*(?:\{:(?!:)[^{}\n]*\}\s*)+$")
_CLOSING_BLOCK = re.compile(
    r"^\s{0,3}</(?:div|section|nav|article|aside|header|footer|figure|table|ul|ol|details"
    r"|center|form|main|blockquote|p)\s*>\s*$",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"\r\n|\n|\r")  # what markdown-it takes for one (a lone \r too)
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")


def as_commonmark(text: str) -> str:
    """The text with kramdown's attribute lists taken out and HTML blocks ended where kramdown
    ends them; the same number of lines."""
    if "{:" not in text and "</" not in text and "{#" not in text:
        return text
    lines = _LINE_BREAK.split(text)
    fenced = False
    for n, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        if "{:" in line:
            whole = _IAL_LINE.match(line)
            line = lines[n] = whole.group(1) if whole else _IAL.sub("", line).rstrip()
        if "{#" in line:
            line = lines[n] = _HEADER_ID.sub(r"\1", line)
        if _ends_an_html_block(lines, n):
            lines[n - 1] = f"{lines[n - 1]} {line.strip()}"
            lines[n] = ""
    return "\n".join(lines)


def _ends_an_html_block(lines: list[str], n: int) -> bool:
    """Line n closes a block element, inside an HTML block (the line above is not blank),
    and markdown follows it at once (a next line that is neither blank nor HTML)."""
    if n == 0 or n + 1 >= len(lines) or not _CLOSING_BLOCK.match(lines[n]):
        return False
    above, below = lines[n - 1], lines[n + 1].strip()
    return bool(above.strip()) and bool(below) and not below.startswith("<")
