"""Messages of Django REST framework that its own Indonesian catalog lacks.

Listed here so that `make messages` puts them in the portal's catalog, whose translations then
apply to DRF's own calls: an integrator gets every error in Bahasa Indonesia, not half of them.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DRF_MESSAGES = [
    # exceptions
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop('Method "{method}" not allowed.'),
    ngettext_lazy("Expected available in {wait} second.", "Expected available in {wait} seconds."),
    # pagination, and its parameters in the schema
    gettext_noop("Invalid page."),
    gettext_noop("Invalid cursor"),
    gettext_noop("A page number within the paginated result set."),
    gettext_noop("The pagination cursor value."),
    # the fields of a request body
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("A valid number is required."),
    gettext_noop("String value too large."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("This value does not match the required pattern."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Object with {slug_name}={value} does not exist."),
    gettext_noop("Invalid value."),
]
