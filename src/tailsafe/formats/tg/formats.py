"""Tajik date and number formats (P1).

Django's own ``tg`` formats copy the Russian ones, "г." included ("5 декабря 2026 г."). Tajik
writes dates with the month in the izofa form and, in formal text, "соли" before the year, as the
sources the glossary cites do: "аз 2 сентябри соли 2021", "аз 29 майи соли 2015". The izofa
month names ("alt. month" context: "декабри", "майи") are in the project catalogue.
Numbers: decimal comma and a non-breaking space between thousands, as in Russian.
"""

DATE_FORMAT = r"j E \с\о\л\и Y"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = r"j E \с\о\л\и Y, G:i"
YEAR_MONTH_FORMAT = r"F \с\о\л\и Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
