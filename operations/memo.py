"""Per-request memos: answers computed once for the user of a request (their units, the jurisdictions
they may read, the reporting rounds of their plans, the span of their plans' years).

Django loads `request.user` anew for every request, so what is kept on that object lives exactly as
long as the request. Every memo is kept here, in one dict on the user, rather than as attributes
scattered over the user by each module that needs one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_MEMO = "_per_request_memo"


def per_request(user, key: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time `key` is asked of this user object, then the same answer."""
    memo = user.__dict__.setdefault(_MEMO, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(user) -> None:
    """Drop the user's memos (after a change to their units or jurisdiction within one request)."""
    user.__dict__.pop(_MEMO, None)
