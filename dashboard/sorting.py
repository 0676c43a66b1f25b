"""Server-side sorting and paging of the dashboard's lists: `?sort=name`, `?sort=-name`, `?page=2`."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def sort_rows(rows, sort: str, keys: dict, default: str):
    """Rows sorted by the named key (a leading "-" reverses); unknown names fall back to `default`.

    Missing values (None) sort last whichever the direction.
    """
    name = (sort or default).lstrip("-")
    if name not in keys:
        sort, name = default, default.lstrip("-")
    reverse = (sort or default).startswith("-")
    key = keys[name]
    keyed = [(key(row), row) for row in rows]
    present = [pair for pair in keyed if pair[0] is not None]
    present.sort(key=lambda pair: pair[0], reverse=reverse)
    return [row for _key, row in present] + [row for value, row in keyed if value is None], (sort or default)


def page_of(rows, number, size=PAGE_SIZE):
    """Page `number` (read by `operations.params.page_param`) of `rows`; past the last page, the last."""
    return Paginator(rows, size).get_page(number)


def sort_tree(rows, sort: str, keys: dict, default: str, *, pk, parent):
    """Rows as a tree: each row followed by its children (`parent(row)` is the pk of the row above it,
    or None), siblings sorted as `sort_rows` sorts them."""
    ordered, sort = sort_rows(rows, sort, keys, default)
    children: dict = {}
    for row in ordered:
        children.setdefault(parent(row), []).append(row)
    out = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        row = stack.pop()
        out.append(row)
        stack.extend(reversed(children.get(pk(row), [])))
    return out, sort
