"""Quantitative targets stated in running text: "到2030年，畜禽粪污综合利用率达到97%"."""

from __future__ import annotations

import re

from .outline import Goal, TextTarget

VERBS = r"(?:达到|提高到|提升到|提高至|提升至|降低到|下降到|降至|控制在|稳定在|保持在|保持|不低于|不高于|不超过|低于|高于)"
UNITS = r"(?:%|％|天|万吨|吨|个|座|处|家|公里|平方公里|万立方米|微克/立方米|µg/m3|μg/m3|亿元|万元|蒸吨)"
NUMERIC_TARGET = re.compile(
    rf"(?P<metric>[^，。；：、]{{2,40}}?)(?P<verb>{VERBS})(?:在)?\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>{UNITS})?"
    r"(?P<tail>以[上下内])?"
)
LEADING_NOISE = re.compile(
    r"^(?:到|至)?\d{4}年(?:底|末)?(?:前)?[，,]?|^(?:全区|全市|全县|区域|城市|我区|我市)"
)
HIGHER = ("不低于", "高于", "提高到", "提升到", "提高至", "提升至")
LOWER = ("不高于", "不超过", "低于", "降低到", "下降到", "降至", "控制在")
QUALITATIVE_GOAL = re.compile(
    r"^(?P<metric>[^，。；]{2,40}?)(?P<verb>达到|不低于|不高于|控制在)(?P<target>[^，。；\d][^，。；]{1,20})$"
)


def _metric(raw: str) -> str:
    metric = LEADING_NOISE.sub("", raw.strip())
    return metric.strip("，, 的")


def text_targets(text: str) -> list[TextTarget]:
    """Targets in a task's text; each keeps the clause it came from as its statement."""
    targets = []
    for sentence in re.split(r"[。；]", text):
        year = re.search(r"(?:到|至)\d{4}年(?:底|末)?", sentence)
        previous_end = 0
        for match in NUMERIC_TARGET.finditer(sentence):
            metric = _metric(match.group("metric"))
            if len(metric) < 2 or re.fullmatch(r"[\d.]+", metric):
                continue
            unit = (match.group("unit") or "").replace("％", "%") or None
            start = year.start() if year and previous_end <= year.start() < match.start() else match.start()
            statement = sentence[start : match.end()].strip("，, ")
            previous_end = match.end()
            targets.append(
                TextTarget(statement=statement, metric=metric, value=match.group("value"), unit=unit)
            )
    return targets


def goal_direction(name: str, verb: str, numeric: bool) -> str:
    if not numeric:
        return "qualitative"
    if verb in LOWER or any(word in name for word in ("浓度", "污染天数", "排放量")) and "下降" not in name:
        return "lower_is_better"
    if verb in HIGHER:
        return "higher_is_better"
    return "higher_is_better"


def goals_from_paragraph(text: str) -> list[Goal]:
    """An action plan's 奋斗目标 paragraph: each clause that sets a level becomes a goal."""
    goals = []
    for clause in re.split(r"[，。；]", text):
        clause = LEADING_NOISE.sub("", clause.strip())
        numeric = re.fullmatch(
            rf"(?P<metric>.{{2,40}}?)(?P<verb>{VERBS})(?:在)?(?P<value>[≥≤]?\d+(?:\.\d+)?)(?P<unit>{UNITS})?(?:以[上下内])?",
            clause,
        )
        if numeric:
            name = _metric(numeric.group("metric"))
            unit = (numeric.group("unit") or "").replace("％", "%") or None
            goals.append(Goal(name=name, target=numeric.group("value"), unit=unit,
                              direction=goal_direction(name, numeric.group("verb"), True)))  # fmt: skip
            continue
        qualitative = QUALITATIVE_GOAL.match(clause)
        if (
            qualitative
            and not qualitative.group("metric").endswith("全部")
            and not qualitative.group("target").startswith("或")
        ):
            name = _metric(qualitative.group("metric"))
            goals.append(
                Goal(name=name, target=qualitative.group("target"), unit=None, direction="qualitative")
            )
    return goals
