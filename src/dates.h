/* dates.h — reading publication dates for the meta stage.
 *
 * meta.c collects date strings from JSON-LD, <meta>, <time>, the URL and
 * visible text; this module turns each into calendar parts, checks it
 * (never before 1995, never after the conversion time) and writes it as
 * ISO 8601, keeping the calendar day and the offset as written (no time
 * zone shift). No clock, no locale: everything is explicit.
 */
#ifndef FOLIO_DATES_H
#define FOLIO_DATES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* A date as written. off is minutes east of UTC when has_off; zulu when
 * the zone was written as Z, UTC or GMT (kept as "Z"; "+00:00" stays). */
typedef struct {
    int year, month, day;
    int hour, min, sec;
    int off;
    bool has_time, has_off, zulu;
} date_parts;

/* How to read an ambiguous numeric date like 03/04/2019. */
typedef enum {
    DATE_ORDER_UNKNOWN = 0, /* refuse ambiguous dates */
    DATE_ORDER_DMY,         /* day first (most of the world) */
    DATE_ORDER_MDY          /* month first (en-US) */
} date_order;

/* Parses a machine-readable date (a <meta> content, JSON-LD, a datetime
 * attribute): ISO 8601 and its common variants ("2017-11-03 03:01:00.000",
 * "2021-11-01T10:52:50+0100", "20240523"), RFC 2822, a Unix time of 10 or
 * 13 digits, and anything date_find_text reads. The date must come first
 * (after white space and an optional weekday). False when none. */
bool date_parse(const char *s, size_t n, date_parts *out);

/* Finds the first date in free text of n bytes ("May 23, 2024",
 * "23. Mai 2024", "23 de mayo de 2024", "23.05.2024", "5/23/2024",
 * "2024年5月23日"): month names in English, German, French, Spanish,
 * Italian, Polish, Dutch and Portuguese; numeric dates only where order
 * (or a day over 12) makes them unambiguous. A time right after the date
 * is kept. False when none. */
bool date_find_text(const char *s, size_t n, date_order order, date_parts *out);

/* A date in the path of a URL: /2024/05/23/, /2024-05-23, /20240523/.
 * False when none. */
bool date_from_url(const char *url, date_parts *out);

/* True when p is a real calendar date between 1995-01-01 and the
 * conversion time now (Unix seconds; 0 = unknown: no upper bound). A day
 * of slack allows for time zones ahead of UTC. */
bool date_check(const date_parts *p, long long now);

/* p as ISO 8601 in a: "2024-05-23", "2024-05-23T10:52:50" or with the
 * offset "2024-05-23T10:52:50+01:00" / "...Z". NULL on allocation failure. */
char *date_format(arena *a, const date_parts *p);

/* The month (1..12) a word of n bytes names in one of the languages
 * above ("May", "mai", "września"), or 0. */
int date_month_word(const char *s, size_t n);

/* Seconds since the epoch of p (its offset applied when known, else read
 * as UTC). */
long long date_instant(const date_parts *p);

/* Compares the calendar days of a and b (<0, 0, >0). */
int date_cmp_day(const date_parts *a, const date_parts *b);

#endif
