from .errors import PlanParseError


def read_pdf(data: bytes) -> str:
    raise PlanParseError("x")
