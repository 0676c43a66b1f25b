"""The 填报 page's row widgets, written out in Python instead of through the form renderer's templates.

The page draws three or four widgets a row, about 500 at 124 rows, and Django's template-rendered
widgets took half of its server time. The markup is Django's (same attributes, values and options),
without the whitespace between tags and the `</option>` end tags HTML lets out (4 KB at 124 rows). A
widget context comes from Django's own `get_context`, so values, `selected` options and attributes
are what the stock widgets give.
"""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _attrs(attrs) -> str:
    """Django's attrs.html: `name="value"`, a bare name for True, nothing for False or None."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _input(widget) -> str:
    value = widget["value"]
    shown = f' value="{escape(value)}"' if value is not None else ""
    return mark_safe(
        f'<input type="{widget["type"]}" name="{escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
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
        return mark_safe(
            f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{escape(widget["value"] or "")}</textarea>'
        )


class Select(Lean, forms.Select):
    """Flat choices only (no option groups), as the page's status lists have; an option ends where the
    next begins."""

    @staticmethod
    def html(widget) -> str:
        options = "".join(
            f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>{escape(option["label"])}'
            for _name, choices, _index in widget["optgroups"]
            for option in choices
        )
        return mark_safe(
            f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>{options}</select>'
        )
