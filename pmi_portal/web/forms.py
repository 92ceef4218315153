"""How a page puts a service's refusal in front of the user: on the field it concerns."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def apply_errors(*forms, error: ValidationError) -> None:
    """Put a service's errors on the field they concern, else on the first form as a whole."""
    if not hasattr(error, "error_dict"):
        forms[0].add_error(None, error.messages)
        return
    # The errors themselves, not their messages: a form keeps each error's code.
    for field, field_errors in error.error_dict.items():
        owner = next((form for form in forms if field in form.fields), None)
        if owner is None:
            forms[0].add_error(None, field_errors)
        else:
            owner.add_error(field, field_errors)


def call_service(form, service, **arguments):
    """Run a service for a valid form; its refusal lands on the form's fields. None if refused."""
    try:
        return service(**arguments)
    except ValidationError as error:
        apply_errors(form, error=error)
        return None


def flash_errors(request, form) -> None:
    """Show a form's errors as messages, for a post that answers with a redirect."""
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, error)
