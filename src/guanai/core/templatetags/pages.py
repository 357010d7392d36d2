"""The page title, written once (issue 13, point 9).

A page writes its title in ``{% block title %}``; ``base.html`` shows it in ``<title>``
through ``{% pagetitle %}``, which also keeps it for ``{% page_header %}``, the page's
``<h1>``. ``<head>`` is rendered before ``{% block content %}``, so the title is known by
the time the heading is written. Loaded for every template (``builtins`` in the settings).

    {% block title %}{% translate "Payment rolls" %}{% endblock %}
    {% block content %}
      {% page_header "h3 mb-0" %}
      …

Where the heading shows more than the title (a badge, a detail), the block form adds it
after the title, inside the ``<h1>``::

    {% page_header "h3 mb-0" after %}
      <span class="badge text-bg-secondary">{% translate "archived" %}</span>
    {% endpage_header %}

Where the title says more than the heading (the person the page is about, for the browser's
tab), ``{% heading %}`` marks the part the heading shows::

    {% block title %}
      {% heading %}{% translate "Add a category" %}{% endheading %} · {{ person.name }}
    {% endblock %}
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TITLE = "guanai.page_title"
HEADING = "guanai.page_heading"


class TitleNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, key: str) -> None:
        self.nodelist = nodelist
        self.key = key

    def render(self, context: Context) -> SafeString:
        rendered = self.nodelist.render(context)
        context.render_context[self.key] = mark_safe(rendered.strip())  # noqa: S308 rendered template output
        return rendered


@register.tag
def pagetitle(parser: Parser, token: Token) -> TitleNode:
    """Show the page's title and keep it for ``{% page_header %}`` (``base.html`` only)."""
    nodelist = parser.parse(("endpagetitle",))
    parser.delete_first_token()
    return TitleNode(nodelist, TITLE)


@register.tag
def heading(parser: Parser, token: Token) -> TitleNode:
    """Mark the part of the title the page's ``<h1>`` shows."""
    nodelist = parser.parse(("endheading",))
    parser.delete_first_token()
    return TitleNode(nodelist, HEADING)


class PageHeaderNode(template.Node):
    child_nodelists = ("after",)

    def __init__(self, css_class: FilterExpression | None, after: NodeList) -> None:
        self.css_class = css_class
        self.after = after

    def render(self, context: Context) -> SafeString:
        css_class = self.css_class.resolve(context) if self.css_class else "h3"
        title = context.render_context.get(HEADING) or context.render_context.get(TITLE, "")
        return format_html(
            '<h1 class="{}">{}{}</h1>',
            css_class,
            title,
            mark_safe(self.after.render(context)),  # noqa: S308
        )


@register.tag
def page_header(parser: Parser, token: Token) -> PageHeaderNode:
    """``{% page_header ["classes"] [after] %}``: the page's ``<h1>``, showing its title."""
    bits = token.split_contents()[1:]
    after = NodeList()
    if bits and bits[-1] == "after":
        bits.pop()
        after = parser.parse(("endpage_header",))
        parser.delete_first_token()
    if len(bits) > 1:
        raise template.TemplateSyntaxError(
            '{% page_header %} takes the heading\'s classes ("h3 mb-0") and "after", no more'
        )
    return PageHeaderNode(parser.compile_filter(bits[0]) if bits else None, after)
