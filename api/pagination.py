import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

WHOLE_NUMBER = re.compile(r"[0-9]+")


class OpenDataPagination(PageNumberPagination):
    """50 items a page; `page_size` asks for up to 200 (more is cut to 200).

    Unlike DRF's default, a `page_size` that is not a whole number is refused (400) rather than
    ignored, and `page` must be a page number (404 otherwise), so that a mistyped request never
    silently answers something else than was asked.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: [_("Give a whole number from 1 to 200.")]})
        return min(int(raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if not WHOLE_NUMBER.fullmatch(str(number)):
            raise NotFound(self.invalid_page_message.format(page_number=number, message=""))
        return number

    def get_schema_operation_parameters(self, view):
        page, size = super().get_schema_operation_parameters(view)
        page["schema"]["minimum"] = 1
        size["schema"].update(minimum=1)
        size["description"] = "Number of results per page: 50 unless asked, at most 200 (more is cut to 200)."
        return [page, size]
