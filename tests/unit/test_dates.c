/* test_dates.c — dates.c: machine and text dates, URL dates, checks and
 * the ISO form. */
#include <string.h>

#include "dates.h"
#include "harness.h"

static arena *A;

/* date_parse then date_format, or NULL. */
static const char *iso(const char *s)
{
    date_parts p;
    return date_parse(s, strlen(s), &p) ? date_format(A, &p) : NULL;
}

static const char *text(const char *s, date_order o)
{
    date_parts p;
    return date_find_text(s, strlen(s), o, &p) ? date_format(A, &p) : NULL;
}

static const char *from_url(const char *u)
{
    date_parts p;
    return date_from_url(u, &p) ? date_format(A, &p) : NULL;
}

static void test_machine(void)
{
    CHECK_STR(iso("2024-05-23"), "2024-05-23");
    CHECK_STR(iso(" 2021-11-01T10:52:50+0100 "), "2021-11-01T10:52:50+01:00");
    CHECK_STR(iso("2015-07-10T09:53:00-04:00"), "2015-07-10T09:53:00-04:00");
    CHECK_STR(iso("2015-03-27T13:07:55.096Z"), "2015-03-27T13:07:55Z");
    CHECK_STR(iso("2025-03-14T07:30:00+00:00"), "2025-03-14T07:30:00+00:00"); /* as written */
    CHECK_STR(iso("2017-11-03 03:01:00.000000"), "2017-11-03T03:01:00");
    CHECK_STR(iso("2018-04-05T06:00"), "2018-04-05T06:00:00");
    CHECK_STR(iso("20240523"), "2024-05-23");
    CHECK_STR(iso("Thu, 23 May 2024 10:00:00 GMT"), "2024-05-23T10:00:00Z");
    CHECK_STR(iso("Fri Jul 24 2015"), "2015-07-24");
    CHECK_STR(iso("1438412345"), "2015-08-01T06:59:05Z");
    CHECK_STR(iso("1438412345000"), "2015-08-01T06:59:05Z");
    CHECK_STR(iso("2024-13-01"), NULL);
    CHECK_STR(iso("yesterday"), NULL);
    CHECK_STR(iso(""), NULL);
    CHECK_STR(iso("12345"), NULL);
}

static void test_text(void)
{
    CHECK_STR(text("Published May 23rd, 2024", DATE_ORDER_UNKNOWN), "2024-05-23");
    CHECK_STR(text("le 1er août 2019 à 10:05", DATE_ORDER_UNKNOWN), "2019-08-01T10:05:00");
    CHECK_STR(text("23. März 2020", DATE_ORDER_UNKNOWN), "2020-03-23");
    CHECK_STR(text("3 de diciembre de 2021", DATE_ORDER_UNKNOWN), "2021-12-03");
    CHECK_STR(text("2024年5月23日 10:00", DATE_ORDER_UNKNOWN), "2024-05-23T10:00:00");
    CHECK_STR(text("April 28, 2019 at 6:01 am Updated", DATE_ORDER_UNKNOWN), "2019-04-28T06:01:00");
    CHECK_STR(text("12:30 PM - 5 Oct 2016", DATE_ORDER_UNKNOWN), "2016-10-05");
    CHECK_STR(text("on 04/05/2019", DATE_ORDER_MDY), "2019-04-05");
    CHECK_STR(text("on 04/05/2019", DATE_ORDER_DMY), "2019-05-04");
    CHECK_STR(text("on 04/05/2019", DATE_ORDER_UNKNOWN), NULL);
    CHECK_STR(text("on 04/04/2019", DATE_ORDER_UNKNOWN), "2019-04-04");
    CHECK_STR(text("05.06.2019", DATE_ORDER_MDY), "2019-06-05"); /* dots: day first */
    CHECK_STR(text("3 days ago", DATE_ORDER_UNKNOWN), NULL);
    CHECK_STR(text("May I say 2024 was good", DATE_ORDER_UNKNOWN), NULL);
}

static void test_url(void)
{
    CHECK_STR(from_url("https://x.example/2024/05/23/title"), "2024-05-23");
    CHECK_STR(from_url("https://x.example/news/2024-05-23-title.html"), "2024-05-23");
    CHECK_STR(from_url("https://x.example/a/20240523/b"), "2024-05-23");
    CHECK_STR(from_url("https://x.example/2024/05/title"), NULL);
    CHECK_STR(from_url("https://x.example/p/12345678/"), NULL);
    CHECK_STR(from_url("https://x.example/?d=2024/05/23/"), NULL);
    CHECK_STR(from_url("https://2024.example/"), NULL);
}

static void test_check(void)
{
    date_parts p = {2024, 2, 29, 0, 0, 0, 0, false, false};
    CHECK(date_check(&p, 0));
    p.year = 2023;
    CHECK(!date_check(&p, 0)); /* not a leap year */
    p = (date_parts){1994, 12, 31, 0, 0, 0, 0, false, false};
    CHECK(!date_check(&p, 0));
    p = (date_parts){2024, 6, 2, 0, 0, 0, 0, false, false};
    CHECK(date_check(&p, 1717286400LL));  /* 2024-06-02T00:00Z: the same day */
    CHECK(!date_check(&p, 1717113600LL)); /* 2024-05-31: the future */
}

int main(void)
{
    A = arena_new();
    test_machine();
    test_text();
    test_url();
    test_check();
    arena_free(A);
    return harness_done();
}
