"""`{% kept "name" %}…{% endkept %}`: a part of the base layout rendered once per publication
for anonymous visitors (agenda/site/layout.py); rendered each time otherwise."""

from __future__ import annotations

from django import template
from django.template.base import Node, NodeList

from agenda.site.layout import keeping, kept_part

register = template.Library()


class KeptNode(Node):
    def __init__(self, name: str, nodelist: NodeList):
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        request, user = context.get("request"), context.get("user")
        anonymous = user is None or not user.is_authenticated
        if not keeping() or request is None or not anonymous:
            return self.nodelist.render(context)
        match = getattr(request, "resolver_match", None)
        key = (self.name, match.view_name if match else None)
        return kept_part(key, lambda: self.nodelist.render(context))


@register.tag("kept")
def kept(parser, token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('usage : {% kept "nom" %}…{% endkept %}')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[1][1:-1], nodelist)
