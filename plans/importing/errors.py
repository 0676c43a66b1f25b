class PlanParseError(Exception):
    """A document that cannot be read as a plan; the message is for the person who chose the file."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"第{line}行：{message}" if line else message)


# The upload budget's refusals (`operations.uploads`), said as the importer says everything: in Chinese.
BUDGET_REFUSALS = {
    "too_big": "文件解压后的体积异常（可能是压缩炸弹），不予导入",
    "damaged": "文件已损坏（部分内容与文件目录记载的不符），不予导入",
    "too_many_elements": "文件包含的元素远多于一份规划文本（可能是恶意构造的文件），不予导入",
    "too_slow": "文件读取超时（可能是恶意构造的文件），不予导入",
}


def budget_refusal(refused) -> PlanParseError:
    """An `operations.uploads.UploadRefused` as the importer's refusal."""
    return PlanParseError(BUDGET_REFUSALS.get(refused.code, refused.message))
