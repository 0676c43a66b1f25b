"""Plan documents → outlines. Pure parsing; `importer.services` writes outlines to the database."""

from .documents import read_document
from .errors import PlanParseError
from .outline import PlanOutline
from .parser import parse_plan

__all__ = ["PlanOutline", "PlanParseError", "parse_plan", "read_document"]
