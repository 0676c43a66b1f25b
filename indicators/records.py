"""The review queue: submitted records of every kind that a reviewer may see, as one sequence."""

from .models import RECORD_MODELS


def _submitted(user, model):
    return model.objects.visible_to(user).submitted().with_subject().order_by("year", "pk")


class ReviewQueue:
    """What waits for this reviewer: submitted records of every kind in their jurisdiction and below,
    values first, then task and project progress, as one sequence a `Paginator` can slice: a page costs
    one COUNT per kind and one query per kind it reaches, whatever the size of the queue."""

    def __init__(self, user):
        self.user = user
        self._counts = None

    def counts(self) -> dict[type, int]:
        if self._counts is None:
            self._counts = {model: _submitted(self.user, model).count() for model in RECORD_MODELS}
        return self._counts

    def __len__(self):
        return sum(self.counts().values())

    def __getitem__(self, items: slice) -> list:
        start, stop, _step = items.indices(len(self))
        found, offset = [], 0
        for model, count in self.counts().items():
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                found += list(_submitted(self.user, model)[low:high])
            offset += count
        return found
