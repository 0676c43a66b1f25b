"""Chinese numerals as printed in headings: 一 … 十九, 二十一, 〇/零, and plain digits; read and written."""

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def to_int(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGITS[ch]
    return total + current


def year_digits(text: str) -> str:
    """ "二〇二三" → "2023" (years are read digit by digit)."""
    return "".join(str(DIGITS[ch]) if ch in DIGITS else ch for ch in text)


SPELLED = "零一二三四五六七八九"


def to_chinese(number: int) -> str:
    """1…999 as printed in headings and plan names: 三, 十, 十四, 二十一, 一百零五, 一百一十 (the inverse of
    `to_int`); larger numbers in digits."""
    if not 0 < number < 1000:
        return str(number)
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    if not hundreds:
        return ("" if tens < 2 else SPELLED[tens]) + ("十" if tens else "") + (SPELLED[ones] if ones else "")
    spoken = SPELLED[hundreds] + "百"
    if tens:
        spoken += SPELLED[tens] + "十"
    elif ones:
        spoken += "零"
    return spoken + (SPELLED[ones] if ones else "")
