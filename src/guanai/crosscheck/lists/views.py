"""PLACEHOLDER: the pages are written by the views helper."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


finding_list = finding_detail = finding_resolve = findings_recheck_view = _todo
list_index = list_upload_view = list_detail = _todo
