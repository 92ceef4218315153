"""A person's empowerment programmes, on the person's page (the registry's worker page)."""

from django import template

from outreach.selectors import programmes_of_person

register = template.Library()


@register.inclusion_tag("outreach/_person_programmes.html", takes_context=True)
def person_programmes(context, person) -> dict:
    user = context["request"].user
    return {"places": programmes_of_person(person, user)}
