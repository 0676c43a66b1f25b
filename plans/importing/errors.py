class PlanParseError(Exception):
    """A document that cannot be read as a plan; the message is for the person who chose the file."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"第{line}行：{message}" if line else message)
