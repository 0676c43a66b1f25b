"""The 填报 page's row widgets, written out in Python instead of through the form renderer's templates.

The page draws three or four widgets a row, about 500 at 124 rows, and Django's template-rendered
widgets took half of its server time. The markup is Django's (same attributes, values and options),
without the whitespace between tags. A widget context comes from Django's own `get_context`, so
values, `selected` options and attributes are what the stock widgets give.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


def _input(widget) -> str:
    value = widget["value"]
    shown = format_html(' value="{}"', value) if value is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown, flatatt(widget["attrs"])
    )


class Lean:
    """Rendered by `html(widget context)` rather than a template."""

    def _render(self, template_name, context, renderer=None):
        return self.html(context["widget"])


class TextInput(Lean, forms.TextInput):
    html = staticmethod(_input)


class HiddenInput(Lean, forms.HiddenInput):
    html = staticmethod(_input)


class FileInput(Lean, forms.FileInput):
    html = staticmethod(_input)


class Textarea(Lean, forms.Textarea):
    @staticmethod
    def html(widget) -> str:
        # The line break after the tag is Django's: the parser drops it, so a value's own first one stays.
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            flatatt(widget["attrs"]),
            widget["value"] or "",
        )


class Select(Lean, forms.Select):
    @staticmethod
    def html(widget) -> str:
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _name, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )
