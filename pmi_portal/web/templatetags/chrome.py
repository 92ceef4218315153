from django import template

from pmi_portal.web.chrome import chrome_html

register = template.Library()


@register.simple_tag(takes_context=True)
def chrome(context, piece: str):
    """`{% chrome "head" %}`, `{% chrome "body" %}`: base.html's frame (pmi_portal.web.chrome)."""
    return chrome_html(piece, context)
