"""Helpers to drive the workspace pages with the Django test client, as a browser would."""

from django.urls import reverse
from django.utils import translation

from planning import models


def url(name: str, *args, language: str = "ky") -> str:
    with translation.override(language):
        return reverse(f"planning:{name}", args=args)


class _FormParser:
    """Collect the fields of the page's POST form as a browser would submit them."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        self.data: dict[str, str] = {}
        outer = self

        class Parser(HTMLParser):
            in_form = False
            textarea = None
            select = None
            select_first = None
            in_template = 0

            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "template":
                    self.in_template += 1
                if self.in_template:
                    return
                if tag == "form" and (a.get("method") or "").lower() == "post" and "action" not in a:
                    self.in_form = True
                if not self.in_form:
                    return
                name = a.get("name")
                if tag == "input" and name and "disabled" not in a:
                    kind = (a.get("type") or "text").lower()
                    if kind in {"checkbox", "radio"}:
                        if "checked" in a:
                            outer.data[name] = a.get("value", "on")
                    elif kind not in {"submit", "button", "file"}:
                        outer.data[name] = a.get("value", "")
                elif tag == "textarea" and name and "disabled" not in a:
                    self.textarea = name
                    outer.data[name] = ""
                elif tag == "select" and name and "disabled" not in a:
                    self.select = name
                    self.select_first = None
                elif tag == "option" and self.select:
                    value = a.get("value", "")
                    if self.select_first is None:
                        self.select_first = value
                    if "selected" in a:
                        outer.data[self.select] = value

            def handle_endtag(self, tag):
                if tag == "template":
                    self.in_template -= 1
                elif tag == "textarea":
                    self.textarea = None
                elif tag == "select" and self.select:
                    outer.data.setdefault(self.select, self.select_first or "")
                    self.select = None
                elif tag == "form":
                    self.in_form = False

            def handle_data(self, text):
                if self.textarea:
                    outer.data[self.textarea] += text

        Parser(convert_charrefs=True).feed(html)


def form_data(response) -> dict[str, str]:
    """The fields of the page's first POST form without an action, as a browser sends them."""
    data = _FormParser(response.content.decode()).data
    # Django renders the textarea's first newline; browsers drop it.
    return {k: (v[1:] if v.startswith("\n") else v) for k, v in data.items()}


def add_rows(data: dict, prefix: str, rows: list[dict]) -> dict:
    """Append new rows to a formset in form data, as "Add a row" does."""
    data = dict(data)
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                value = "on"
            elif value is False or value is None:
                continue
            data[f"{prefix}-{start + offset}-{key}"] = str(value)
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    return data


def submit(
    client, address: str, changes: dict | None = None, *, rows: dict | None = None, remove=(), **kwargs
):
    """GET a page, change some fields and add rows like a user, and POST it back."""
    page = client.get(address)
    assert page.status_code == 200, page.status_code
    data = form_data(page)
    for key in remove:
        data.pop(key, None)
    data.update(changes or {})
    for prefix, new_rows in (rows or {}).items():
        data = add_rows(data, prefix, new_rows)
    return client.post(address, data, **kwargs)


def as_typed_in(program: models.Program) -> None:
    """Give every part of a program built in bulk (planning/demo/sample.py, no history rows) the
    first historical row it would have had if typed in through the pages."""
    plan = "objective__goal__priority__program"
    for model, lookup in [
        (models.WorkingGroupMember, {"working_group__program": program}),
        (models.SectorAnalysis, {"program": program}),
        (models.KeyFigure, {"analysis__program": program}),
        (models.Priority, {"program": program}),
        (models.Goal, {"priority__program": program}),
        (models.Objective, {"goal__priority__program": program}),
        (models.Activity, {plan: program}),
        (models.FundingLine, {f"activity__{plan}": program}),
        (models.Indicator, {plan: program}),
        (models.IndicatorTarget, {f"indicator__{plan}": program}),
    ]:
        rows = model.objects.filter(**lookup)
        model.history.bulk_history_create(list(rows.exclude(pk__in=model.history.values("id"))))
