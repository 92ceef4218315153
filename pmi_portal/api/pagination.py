"""Pages of a list: `?page=` and `?page_size=` (1 to 100), or a cursor for very long lists.

A page size that is not a whole number from 1 up is refused (400), not silently replaced: an
integration that sends `page_size=1OO` learns it at once. Above 100 it is capped.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, serializers

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
PAGE_SIZE_PARAM = "page_size"
PAGE_FIELDS = {
    "count": "How many results there are on all pages together.",
    "next": "The address of the next page; null on the last one.",
    "previous": "The address of the previous page; null on the first one.",
    "results": "The results of this page.",
}


class _StrictPageSize:
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = PAGE_SIZE_PARAM
    page_size_query_description = _("Number of results per page, 1 to 100 (default 50).")
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or int(raw) < 1:
            raise serializers.ValidationError(
                {
                    self.page_size_query_param: [
                        serializers.ErrorDetail(
                            _("Give a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE},
                            code="invalid",
                        )
                    ]
                }
            )
        return min(int(raw), self.max_page_size)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        for name, description in PAGE_FIELDS.items():
            if name in response["properties"]:
                response["properties"][name]["description"] = description
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters


class PageNumberPagination(_StrictPageSize, pagination.PageNumberPagination):
    def get_page_number(self, request, paginator):
        # DRF reads `?page=` as page 1; an empty page number is as invalid as `?page=x` (404).
        number = request.query_params.get(self.page_query_param, 1)
        return paginator.num_pages if number in self.last_page_strings else number


class CursorPagination(_StrictPageSize, pagination.CursorPagination):
    """For lists of millions of rows, where counting pages costs more than the page itself.

    A view that uses it sets `ordering` to an indexed ordering that ends on a unique field.
    """

    ordering = "-pk"
