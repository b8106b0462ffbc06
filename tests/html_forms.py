"""Reading a page's form as a browser would post it, for the pages tests post back (the admin)."""

from html.parser import HTMLParser


def form_values(html: str, form_id: str) -> dict:
    """What a browser would post for the form `form_id` of a page, unchanged."""
    reader = FormReader(form_id)
    reader.feed(html)
    values: dict = {}
    for name, value in reader.values:
        values.setdefault(name, []).append(value)
    return {name: found if len(found) > 1 else found[0] for name, found in values.items()}


class FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.values: list[tuple[str, str]] = []
        self.select = self.textarea = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = found.get("id") == self.form_id
        if not self.inside:
            return
        kind = found.get("type", "text")
        if tag == "input" and found.get("name") and kind not in ("submit", "button", "file"):
            if kind not in ("checkbox", "radio"):
                self.values.append((found["name"], found.get("value", "")))
            elif "checked" in found:
                self.values.append((found["name"], found.get("value", "on")))
        elif tag == "select":
            self.select = found.get("name")
        elif tag == "option" and self.select and "selected" in found:
            self.values.append((self.select, found.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = found.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.values.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
