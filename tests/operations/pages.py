"""Every page of the site, found by walking the URLconf, so pages added later are covered too."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Not pages: the API, language switching, logging out, the health check.
READ_ONLY = ("api/", "i18n/", "accounts/logout", "healthz")


def page_patterns(patterns, skipped, prefix="", namespace=""):
    """(url name, full route, pattern) of every named page outside the admin and the API."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(skipped):
            continue
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                yield from page_patterns(entry.url_patterns, skipped, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), route, entry


def argument(route, name, objects):
    """The object a parameter names; None for parameters that are not objects (formats, decisions…)."""
    if name == "key":
        return objects["indicator"].key
    if name in ("pk", "id") or name.endswith("_id"):
        for word in ("plan", "unit", "indicator"):
            if word in route.split("<")[0]:
                return objects[word].pk
    return None


def page_urls(objects, skipped=READ_ONLY):
    """{url name: URL} of every page whose parameters name a plan, unit or indicator of `objects`."""
    urls = {}
    for name, route, entry in page_patterns(get_resolver().url_patterns, skipped):
        kwargs = {param: argument(route, param, objects) for param in entry.pattern.regex.groupindex}
        if None not in kwargs.values():
            urls[name] = reverse(name, kwargs=kwargs)
    return urls


def any_urls(skipped=()):
    """One URL for every named route, parameters filled with whatever its pattern accepts."""
    from itertools import product

    from django.urls import NoReverseMatch

    urls = []
    for name, _route, entry in page_patterns(get_resolver().url_patterns, skipped):
        params = list(entry.pattern.regex.groupindex)
        for values in product(("1", "csv", "x"), repeat=len(params)):
            try:
                urls.append(reverse(name, kwargs=dict(zip(params, values, strict=True))))
                break
            except NoReverseMatch:
                continue
    return urls
