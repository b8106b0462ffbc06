"""`{% kept "name" %}…{% endkept %}`: a part of the base layout rendered once per publication
for anonymous visitors (agenda/site/layout.py); rendered each time otherwise.

`{% kept "name" value… %}`: a part that also depends on these values (e.g. the filter panel
on the request's query string): rendered once per page kind and values."""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Node, NodeList

from agenda.site.layout import keeping, kept_part

register = template.Library()


class KeptNode(Node):
    def __init__(self, name: str, nodelist: NodeList, values: list[FilterExpression]):
        self.name = name
        self.nodelist = nodelist
        self.values = values

    def render(self, context) -> str:
        request, user = context.get("request"), context.get("user")
        anonymous = user is None or not user.is_authenticated
        if not keeping() or request is None or not anonymous:
            return self.nodelist.render(context)
        match = getattr(request, "resolver_match", None)
        values = tuple(value.resolve(context) for value in self.values)
        key = (self.name, match.view_name if match else None, *values)
        return kept_part(key, lambda: self.nodelist.render(context))


@register.tag("kept")
def kept(parser, token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('usage : {% kept "nom" [valeur…] %}…{% endkept %}')
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[1][1:-1], nodelist, values)
