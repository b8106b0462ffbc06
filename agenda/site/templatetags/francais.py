"""French agreement and elision in every template (a builtin library, settings.TEMPLATES):
the template side of agenda/lib/french.py. Django's `pluralize` follows English ("0 séances"):
templates use `pluriel` instead, and a test refuses `pluralize`."""

from django import template

from agenda.lib import french

register = template.Library()


@register.filter
def pluriel(count, suffix: str = "s") -> str:
    """{{ n }} séance{{ n|pluriel }}: "s" from 2 on ("0 séance", "1 séance", "2 séances");
    {{ n|pluriel:"x" }} for "bureaux". A list or queryset counts its items."""
    if hasattr(count, "__len__") and not isinstance(count, str):
        count = len(count)
    try:
        return suffix if french.is_plural(int(count)) else ""
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def accord(count: int, singular: str, plural: str | None = None) -> str:
    """{% accord 0 "séance" %} → "0 séance", with a no-break space."""
    return french.accord(count, singular, plural)


@register.filter
def de(name: str) -> str:
    """{{ name|de }} → "de Marie", "d’Alex"."""
    return french.de(str(name))


@register.filter
def particule_de(name: str) -> str:
    """The particle alone ("d’" or "de "), for a name marked up apart:
    au nom {{ n|particule_de }}<strong>{{ n }}</strong>."""
    return french.de(str(name))[: -len(str(name))] if name else "de "


@register.filter
def typo(text: str) -> str:
    """No-break spaces before ":" ";" "?" "!" and inside hours (plain text only)."""
    return french.typographie(str(text))
