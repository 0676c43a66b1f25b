# Month and day as Chinese write them ("3月31日", not Django's "03月31日"): the reporting round's due date.
MONTH_DAY_FORMAT = "n月j日"
