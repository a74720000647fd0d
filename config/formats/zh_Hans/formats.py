# Dates as a Beijing office writes them: no leading zeros ("5月1日"), weekday in Chinese.
DATE_FORMAT = "Y年n月j日"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
