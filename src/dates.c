/* dates.c — date strings to calendar parts and back, for the meta stage.
 *
 * A short text (a meta value, a <time>, a byline line) is cut into tokens:
 * numbers, words and single signs. Dates are then found as token patterns:
 * Y-M-D, D.M.Y, M/D/Y, "D Month Y", "Month D, Y", "Y年M月D日", each
 * optionally followed by a time and a zone. Month names and the little
 * words that sit between the parts come from the tables below. Nothing
 * here depends on the locale or a clock. At the end, meta_resolve_dates
 * picks the published and modified dates among meta.c's candidates.
 */
#include "dates.h"

#include <stdio.h>
#include <string.h>

#include "meta_collect.h"
#include "utf8.h"

/* Tokens looked at per call: dates sit in short strings (meta values,
 * byline lines); longer text is cut, which bounds the work. */
#define DATE_MAX_TOKENS 96
/* The first year accepted: the web before 1995 had few dated articles,
 * and earlier years are mostly "founded in" or copyright noise (htmldate's
 * floor). */
#define DATE_MIN_YEAR 1995
/* Slack past the conversion time, for zones ahead of UTC (seconds). */
#define DATE_SLACK_SECONDS (26 * 3600)

/* Month names and abbreviations, lower case, in the languages folio reads
 * dates in (English, German, French, Spanish, Italian, Polish, Dutch,
 * Portuguese). Polish appears in the nominative and the genitive used in
 * dates. Accented forms are written with and without accents, as pages
 * drop them. Abbreviations that are also common words ("may") only count
 * next to a day number and a year. */
/* clang-format off */
static const struct {
    const char *name;
    int month;
} month_names[] = {
    {"january", 1}, {"jan", 1}, {"januar", 1}, {"jänner", 1}, {"janvier", 1}, {"janv", 1},
    {"enero", 1}, {"ene", 1}, {"gennaio", 1}, {"gen", 1}, {"styczeń", 1}, {"stycznia", 1},
    {"sty", 1}, {"januari", 1}, {"janeiro", 1},
    {"february", 2}, {"feb", 2}, {"febr", 2}, {"februar", 2}, {"février", 2}, {"fevrier", 2},
    {"févr", 2}, {"fevr", 2}, {"febrero", 2}, {"febbraio", 2}, {"luty", 2}, {"lutego", 2},
    {"lut", 2}, {"februari", 2}, {"fevereiro", 2}, {"fev", 2},
    {"march", 3}, {"mar", 3}, {"märz", 3}, {"maerz", 3}, {"mrz", 3}, {"mars", 3},
    {"marzo", 3}, {"marzec", 3}, {"marca", 3}, {"maart", 3}, {"mrt", 3}, {"março", 3},
    {"marco", 3},
    {"april", 4}, {"apr", 4}, {"avril", 4}, {"avr", 4}, {"abril", 4}, {"abr", 4},
    {"aprile", 4}, {"kwiecień", 4}, {"kwiecien", 4}, {"kwietnia", 4}, {"kwi", 4},
    {"may", 5}, {"mai", 5}, {"mayo", 5}, {"maggio", 5}, {"mag", 5}, {"maj", 5}, {"maja", 5},
    {"mei", 5}, {"maio", 5},
    {"june", 6}, {"jun", 6}, {"juni", 6}, {"juin", 6}, {"junio", 6}, {"giugno", 6},
    {"giu", 6}, {"czerwiec", 6}, {"czerwca", 6}, {"cze", 6}, {"junho", 6},
    {"july", 7}, {"jul", 7}, {"juli", 7}, {"juillet", 7}, {"juil", 7}, {"julio", 7},
    {"luglio", 7}, {"lug", 7}, {"lipiec", 7}, {"lipca", 7}, {"lip", 7}, {"julho", 7},
    {"august", 8}, {"aug", 8}, {"août", 8}, {"aout", 8}, {"agosto", 8}, {"ago", 8},
    {"sierpień", 8}, {"sierpien", 8}, {"sierpnia", 8}, {"sie", 8}, {"augustus", 8},
    {"september", 9}, {"sep", 9}, {"sept", 9}, {"septembre", 9}, {"septiembre", 9},
    {"setiembre", 9}, {"settembre", 9}, {"set", 9}, {"wrzesień", 9}, {"wrzesien", 9},
    {"września", 9}, {"wrzesnia", 9}, {"wrz", 9}, {"setembro", 9},
    {"october", 10}, {"oct", 10}, {"oktober", 10}, {"okt", 10}, {"octobre", 10},
    {"octubre", 10}, {"ottobre", 10}, {"ott", 10}, {"październik", 10}, {"pazdziernik", 10},
    {"października", 10}, {"pazdziernika", 10}, {"paź", 10}, {"outubro", 10}, {"out", 10},
    {"november", 11}, {"nov", 11}, {"novembre", 11}, {"noviembre", 11}, {"listopad", 11},
    {"listopada", 11}, {"lis", 11}, {"novembro", 11},
    {"december", 12}, {"dec", 12}, {"dezember", 12}, {"dez", 12}, {"décembre", 12},
    {"decembre", 12}, {"déc", 12}, {"diciembre", 12}, {"dic", 12}, {"dicembre", 12},
    {"grudzień", 12}, {"grudzien", 12}, {"grudnia", 12}, {"gru", 12}, {"dezembro", 12},
};
/* clang-format on */

/* Little words that may stand between the parts of a date or before its
 * time: "23 de mayo de 2024", "the 23rd of May", "May 23, 2024 at 6:01",
 * "le 23 mai", "23 mei 2024 om 10:00", "23. Mai 2024 um 10:00", "às". */
static const char *const date_fillers[] = {
    "de", "del", "of",   "the", "at", "um",  "à",   "a",  "las", "le", "el", "il", "om",
    "às", "as",  "alle", "ore", "o",  "den", "der", "do", "da",  "w",  "r",  "h",
};

/* Ordinal suffixes glued to a day: 23rd, 1er, 2º. */
static const char *const ordinal_suffixes[] = {"st", "nd", "rd", "th", "er", "e", "º", "ª"};

/* Words for the zone that mean UTC. */
static const char *const utc_words[] = {"z", "utc", "gmt"};

typedef enum { TK_NUM, TK_WORD, TK_SIGN } tk_kind;

typedef struct {
    const char *s;
    size_t n;
    tk_kind kind;
    bool space_before; /* white space separates it from the previous token */
    int value;         /* TK_NUM: its value (capped) */
} token;

typedef struct {
    token t[DATE_MAX_TOKENS];
    size_t n;
    date_order order;
} token_list;

/* True for a code point that belongs to a word: ASCII letters and the
 * Latin, Greek and Cyrillic letters of U+00C0..U+052F. Everything else that
 * is not a digit or a space is a sign, one token each (CJK included). */
static bool is_word_cp(unsigned long cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x52F && cp != 0xD7 && cp != 0xF7) || cp == 0xBA || cp == 0xAA;
}

static void tokenize(const char *s, size_t n, token_list *tl)
{
    size_t i = 0;
    bool space = false;
    tl->n = 0;
    while (i < n && tl->n < DATE_MAX_TOKENS) {
        size_t used;
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (utf8_is_space(cp)) {
            space = true;
            i += used;
            continue;
        }
        token *t = &tl->t[tl->n++];
        t->s = s + i;
        t->space_before = space;
        t->value = 0;
        space = false;
        if (cp >= '0' && cp <= '9') {
            t->kind = TK_NUM;
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                if (t->value < 100000000)
                    t->value = t->value * 10 + (s[i] - '0');
                i++;
            }
        } else if (is_word_cp(cp)) {
            t->kind = TK_WORD;
            while (i < n && is_word_cp(utf8_decode(s + i, n - i, &used)))
                i += used;
        } else {
            t->kind = TK_SIGN;
            i += used;
        }
        t->n = (size_t)(s + i - t->s);
    }
}

/* True when token t is the word w (ASCII case-insensitive). */
static bool tk_is(const token *t, const char *w)
{
    return t->n == strlen(w) && ascii_ieqn(t->s, w, t->n);
}

static bool tk_in(const token *t, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (tk_is(t, list[k]))
            return true;
    return false;
}

static bool tk_sign(const token *t, char c)
{
    return t->kind == TK_SIGN && t->n == 1 && t->s[0] == c;
}

/* The month a word names, or 0. */
static int tk_month(const token *t)
{
    if (t->kind != TK_WORD)
        return 0;
    for (size_t k = 0; k < sizeof month_names / sizeof *month_names; k++)
        if (tk_is(t, month_names[k].name))
            return month_names[k].month;
    return 0;
}

int date_month_word(const char *s, size_t n)
{
    token t = {s, n, TK_WORD, false, 0};
    return tk_month(&t);
}

static bool tk_digits(const token *t, size_t lo, size_t hi)
{
    return t->kind == TK_NUM && t->n >= lo && t->n <= hi;
}

/* Skips fillers (commas, dots, dashes and the words of date_fillers). */
static size_t skip_fill(const token_list *tl, size_t i)
{
    while (i < tl->n) {
        const token *t = &tl->t[i];
        if (tk_sign(t, ',') || tk_sign(t, '.') || tk_sign(t, '-') || tk_sign(t, '|') ||
            (t->kind == TK_WORD &&
             tk_in(t, date_fillers, sizeof date_fillers / sizeof *date_fillers)))
            i++;
        else
            break;
    }
    return i;
}

/* Skips an ordinal suffix glued to the number before i. */
static size_t skip_ordinal(const token_list *tl, size_t i)
{
    if (i < tl->n && !tl->t[i].space_before &&
        tk_in(&tl->t[i], ordinal_suffixes, sizeof ordinal_suffixes / sizeof *ordinal_suffixes))
        return i + 1;
    return i;
}

/* Reads a zone at i: Z, UTC, GMT, +hh:mm, +hhmm, +hh, or UTC+hh. */
static size_t read_zone(const token_list *tl, size_t i, date_parts *p)
{
    if (i < tl->n && tl->t[i].kind == TK_WORD &&
        tk_in(&tl->t[i], utc_words, sizeof utc_words / sizeof *utc_words)) {
        p->has_off = p->zulu = true;
        p->off = 0;
        i++;
    }
    if (i + 1 < tl->n && (tk_sign(&tl->t[i], '+') || tk_sign(&tl->t[i], '-')) &&
        tk_digits(&tl->t[i + 1], 1, 4)) {
        int sign = tk_sign(&tl->t[i], '-') ? -1 : 1;
        const token *h = &tl->t[i + 1];
        int hh = h->n <= 2 ? h->value : h->value / 100, mm = h->n <= 2 ? 0 : h->value % 100;
        size_t j = i + 2;
        if (h->n <= 2 && j + 1 < tl->n && tk_sign(&tl->t[j], ':') &&
            tk_digits(&tl->t[j + 1], 2, 2)) {
            mm = tl->t[j + 1].value;
            j += 2;
        }
        if (hh <= 14 && mm < 60) {
            p->has_off = true;
            p->off = sign * (hh * 60 + mm);
            return j;
        }
    }
    return i;
}

/* Reads a time at i: hh:mm[:ss[.frac]] [am|pm] [zone]. */
static size_t read_time(const token_list *tl, size_t i, date_parts *p)
{
    if (i + 2 >= tl->n || !tk_digits(&tl->t[i], 1, 2) || !tk_sign(&tl->t[i + 1], ':') ||
        !tk_digits(&tl->t[i + 2], 2, 2))
        return i;
    int hh = tl->t[i].value, mm = tl->t[i + 2].value, ss = 0;
    size_t j = i + 3;
    if (j + 1 < tl->n && tk_sign(&tl->t[j], ':') && tk_digits(&tl->t[j + 1], 2, 2)) {
        ss = tl->t[j + 1].value;
        j += 2;
        if (j + 1 < tl->n && tk_sign(&tl->t[j], '.') && tl->t[j + 1].kind == TK_NUM)
            j += 2; /* fractions of a second */
    }
    if (j < tl->n && (tk_is(&tl->t[j], "pm") || tk_is(&tl->t[j], "am"))) {
        if (hh > 12 || hh == 0)
            return i;
        hh = tk_is(&tl->t[j], "pm") ? (hh % 12) + 12 : hh % 12;
        j++;
    }
    if (hh > 23 || mm > 59 || ss > 60)
        return i;
    p->hour = hh;
    p->min = mm;
    p->sec = ss;
    p->has_time = true;
    return read_zone(tl, j, p);
}

/* After a date ending before i: the time, if one follows. */
static void read_after(const token_list *tl, size_t i, date_parts *p)
{
    if (i < tl->n && tk_is(&tl->t[i], "T") && !tl->t[i].space_before) {
        read_time(tl, i + 1, p); /* ISO: 2024-05-23T10:00 */
        return;
    }
    read_time(tl, skip_fill(tl, i), p);
}

static bool set_ymd(date_parts *p, int y, int m, int d)
{
    memset(p, 0, sizeof *p);
    p->year = y;
    p->month = m;
    p->day = d;
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Three numbers joined by the same sign with no space: "a?b?c"; returns
 * the index after them or 0. */
static size_t numeric_triple(const token_list *tl, size_t i, int v[3], char *sep)
{
    if (i + 4 >= tl->n)
        return 0;
    const token *t = &tl->t[i];
    if (t[0].kind != TK_NUM || t[1].kind != TK_SIGN || t[1].n != 1 || t[2].kind != TK_NUM ||
        t[3].kind != TK_SIGN || t[3].n != 1 || t[4].kind != TK_NUM || t[1].s[0] != t[3].s[0])
        return 0;
    for (int k = 1; k < 5; k++)
        if (t[k].space_before)
            return 0;
    *sep = t[1].s[0];
    if (!strchr("-/.", *sep))
        return 0;
    v[0] = t[0].value;
    v[1] = t[2].value;
    v[2] = t[4].value;
    return i + 5;
}

/* Y-M-D or D.M.Y / M/D/Y / D-M-Y at i. Returns the index after, or 0. */
static size_t match_numeric(const token_list *tl, size_t i, date_parts *p)
{
    int v[3];
    char sep;
    size_t end = numeric_triple(tl, i, v, &sep);
    if (!end)
        return 0;
    const token *t = &tl->t[i];
    if (t[0].n == 4 && t[2].n <= 2 && t[4].n <= 2)
        return set_ymd(p, v[0], v[1], v[2]) ? end : 0;
    if (t[0].n > 2 || t[2].n > 2 || t[4].n != 4)
        return 0;
    if (sep != '/') /* 23.05.2024, 23-05-2024: day first */
        return set_ymd(p, v[2], v[1], v[0]) ? end : 0;
    bool dmy;
    if (v[0] > 12 && v[1] > 12)
        return 0;
    if (v[0] > 12 || v[1] > 12 || v[0] == v[1])
        dmy = v[0] > 12 || v[0] == v[1];
    else if (tl->order != DATE_ORDER_UNKNOWN)
        dmy = tl->order == DATE_ORDER_DMY;
    else
        return 0; /* 03/04/2019 with no hint: refuse rather than guess */
    if (dmy)
        return set_ymd(p, v[2], v[1], v[0]) ? end : 0;
    return set_ymd(p, v[2], v[0], v[1]) ? end : 0;
}

/* "D Month Y" at i (with ordinals, dots and fillers). */
static size_t match_day_month(const token_list *tl, size_t i, date_parts *p)
{
    if (!tk_digits(&tl->t[i], 1, 2))
        return 0;
    int d = tl->t[i].value;
    size_t j = skip_fill(tl, skip_ordinal(tl, i + 1));
    int m = j < tl->n ? tk_month(&tl->t[j]) : 0;
    if (!m)
        return 0;
    j = skip_fill(tl, j + 1);
    if (j >= tl->n || !tk_digits(&tl->t[j], 4, 4))
        return 0;
    return set_ymd(p, tl->t[j].value, m, d) ? j + 1 : 0;
}

/* "Month D, Y" at i. */
static size_t match_month_day(const token_list *tl, size_t i, date_parts *p)
{
    int m = tk_month(&tl->t[i]);
    if (!m)
        return 0;
    size_t j = skip_fill(tl, i + 1);
    if (j >= tl->n || !tk_digits(&tl->t[j], 1, 2))
        return 0;
    int d = tl->t[j].value;
    j = skip_fill(tl, skip_ordinal(tl, j + 1));
    if (j >= tl->n || !tk_digits(&tl->t[j], 4, 4))
        return 0;
    return set_ymd(p, tl->t[j].value, m, d) ? j + 1 : 0;
}

/* "2024年5月23日" (Chinese and Japanese) at i. */
static size_t match_cjk(const token_list *tl, size_t i, date_parts *p)
{
    static const char *const marks[] = {"年", "月", "日"};
    if (i + 5 >= tl->n || !tk_digits(&tl->t[i], 4, 4))
        return 0;
    for (int k = 0; k < 3; k++)
        if (tl->t[i + 1 + 2 * k].kind != TK_SIGN || !tk_is(&tl->t[i + 1 + 2 * k], marks[k]) ||
            (k < 2 && tl->t[i + 2 + 2 * k].kind != TK_NUM))
            return 0;
    return set_ymd(p, tl->t[i].value, tl->t[i + 2].value, tl->t[i + 4].value) ? i + 6 : 0;
}

static size_t match_at(const token_list *tl, size_t i, date_parts *p)
{
    size_t end = match_numeric(tl, i, p);
    if (!end)
        end = match_day_month(tl, i, p);
    if (!end)
        end = match_month_day(tl, i, p);
    if (!end)
        end = match_cjk(tl, i, p);
    return end;
}

bool date_find_text(const char *s, size_t n, date_order order, date_parts *out)
{
    token_list tl;
    tokenize(s, n, &tl);
    tl.order = order;
    for (size_t i = 0; i < tl.n; i++) {
        date_parts p;
        size_t end = match_at(&tl, i, &p);
        if (end) {
            read_after(&tl, end, &p);
            *out = p;
            return true;
        }
    }
    return false;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The civil date of a day count since 1970-01-01. */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A value of only 10 or 13 digits: Unix seconds or milliseconds (UTC). */
static bool parse_epoch(const char *s, size_t n, date_parts *p)
{
    if (n != 10 && n != 13)
        return false;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (n == 13)
        v /= 1000;
    memset(p, 0, sizeof *p);
    civil_from_days(v / 86400, &p->year, &p->month, &p->day);
    long long r = v % 86400;
    p->hour = (int)(r / 3600);
    p->min = (int)(r / 60 % 60);
    p->sec = (int)(r % 60);
    p->has_time = p->has_off = p->zulu = true;
    return true;
}

/* "20240523" alone (or before a T and a time). */
static bool parse_compact(const token_list *tl, date_parts *p)
{
    const token *t = &tl->t[0];
    if (!tk_digits(t, 8, 8))
        return false;
    int v = t->value;
    if (!set_ymd(p, v / 10000, v / 100 % 100, v % 100))
        return false;
    read_after(tl, 1, p);
    return true;
}

bool date_parse(const char *s, size_t n, date_parts *out)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (parse_epoch(s, n, out))
        return true;
    token_list tl;
    tokenize(s, n, &tl);
    tl.order = DATE_ORDER_UNKNOWN;
    if (tl.n == 0)
        return false;
    if (parse_compact(&tl, out))
        return true;
    /* The date comes first, after an optional weekday ("Thu, 23 May..."). */
    size_t i = 0;
    if (tl.t[0].kind == TK_WORD && !tk_month(&tl.t[0]))
        i = skip_fill(&tl, 1);
    for (size_t k = i; k < tl.n && k <= i + 1; k++) {
        date_parts p;
        size_t end = match_at(&tl, k, &p);
        if (end) {
            read_after(&tl, end, &p);
            *out = p;
            return true;
        }
    }
    return false;
}

bool date_from_url(const char *url, date_parts *out)
{
    const char *path = url ? strstr(url, "://") : NULL;
    path = path ? strchr(path + 3, '/') : url;
    if (!path)
        return false;
    size_t n = strcspn(path, "?#");
    for (size_t i = 0; i + 9 <= n; i++) {
        if (path[i] != '/')
            continue;
        const char *p = path + i + 1;
        size_t left = n - i - 1;
        int y, m, d;
        char a, b, end = 0;
        bool ok = false;
        if (left >= 10 && sscanf(p, "%4d%c%2d%c%2d", &y, &a, &m, &b, &d) == 5 && a == b &&
            (a == '/' || a == '-' || a == '_') && p[4] == a && p[7] == a)
            end = left > 10 ? p[10] : '/', ok = true;
        else if (left >= 8 && strspn(p, "0123456789") == 8 &&
                 sscanf(p, "%4d%2d%2d", &y, &m, &d) == 3)
            end = left > 8 ? p[8] : '/', ok = true;
        if (ok && (end == '/' || end == '-' || end == '_' || end == '.') && set_ymd(out, y, m, d) &&
            out->year >= DATE_MIN_YEAR)
            return true;
    }
    return false;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool date_check(const date_parts *p, long long now)
{
    if (p->year < DATE_MIN_YEAR || p->year > 9999 || p->month < 1 || p->month > 12 || p->day < 1 ||
        p->day > days_in_month(p->year, p->month))
        return false;
    if (now <= 0)
        return true;
    long long t = days_from_civil(p->year, p->month, p->day) * 86400;
    return t <= now + DATE_SLACK_SECONDS;
}

long long date_instant(const date_parts *p)
{
    long long t =
        days_from_civil(p->year, p->month, p->day) * 86400 + p->hour * 3600 + p->min * 60 + p->sec;
    return p->has_off ? t - (long long)p->off * 60 : t;
}

int date_cmp_day(const date_parts *a, const date_parts *b)
{
    long long x = days_from_civil(a->year, a->month, a->day);
    long long y = days_from_civil(b->year, b->month, b->day);
    return x < y ? -1 : x > y;
}

char *date_format(arena *a, const date_parts *p)
{
    char s[40];
    int n = snprintf(s, sizeof s, "%04d-%02d-%02d", p->year, p->month, p->day);
    if (p->has_time)
        n += snprintf(s + n, sizeof s - (size_t)n, "T%02d:%02d:%02d", p->hour, p->min, p->sec);
    if (p->has_time && p->has_off && p->off == 0 && p->zulu)
        snprintf(s + n, sizeof s - (size_t)n, "Z");
    else if (p->has_time && p->has_off)
        snprintf(s + n, sizeof s - (size_t)n, "%c%02d:%02d", p->off < 0 ? '-' : '+',
                 (p->off < 0 ? -p->off : p->off) / 60, (p->off < 0 ? -p->off : p->off) % 60);
    return arena_strdup(a, s);
}

/* ------------------------------------------- choosing among candidates */

static date_order order_of(const meta_collector *c)
{
    const char *lang = c->lang_hint;
    if (!lang)
        return DATE_ORDER_UNKNOWN;
    if (ascii_ieqn(lang, "en-US", 5) && (lang[5] == 0 || lang[5] == '-'))
        return DATE_ORDER_MDY;
    if (ascii_ieqn(lang, "en", 2) && (lang[2] == 0))
        return DATE_ORDER_UNKNOWN; /* en alone: US or not, unknown */
    return DATE_ORDER_DMY;
}

static bool accept_date(meta_collector *c, const meta_cand *k)
{
    date_parts p;
    bool ok = k->free_text ? date_find_text(k->value, strlen(k->value), order_of(c), &p)
                           : date_parse(k->value, strlen(k->value), &p);
    if (!ok || !date_check(&p, c->ctx->now))
        return false;
    c->date = p;
    return true;
}

/* When the chosen date is in UTC and another machine source gives the
 * same instant with the publisher's own offset, that one is kept: its
 * calendar day is the day as written on the page (2017-02-23T17:18-08:00,
 * not 2017-02-24T01:18Z). */
static void prefer_local(meta_collector *c, meta_field f, date_parts *best)
{
    if (!best->has_time || (best->has_off && best->off != 0))
        return;
    for (size_t i = 0; i < c->n; i++) {
        const meta_cand *k = &c->cands[i];
        date_parts p;
        if (k->field != f || k->free_text || !date_parse(k->value, strlen(k->value), &p))
            continue;
        if (p.has_time && p.has_off && p.off != 0 && date_instant(&p) == date_instant(best)) {
            *best = p;
            return;
        }
    }
}

/* A UTC time shifts the calendar day of pages published in the evening
 * west of Greenwich (or the morning east of it): when the page's URL names
 * the day before or after, that is the day the publisher wrote, and it is
 * kept, without the time (2023-01-17T00:30Z under /2023/01/16/). */
static void prefer_url_day(meta_collector *c, date_parts *best)
{
    if (!best->has_time || !best->has_off || best->off != 0)
        return;
    for (size_t i = 0; i < c->n; i++) {
        const meta_cand *k = &c->cands[i];
        date_parts u;
        if (k->field != MF_PUBLISHED || k->rank != MR_URL ||
            !date_parse(k->value, strlen(k->value), &u))
            continue;
        long long diff = days_from_civil(u.year, u.month, u.day) -
                         days_from_civil(best->year, best->month, best->day);
        if (diff == 1 || diff == -1)
            *best = u;
        return;
    }
}

folio_status meta_resolve_dates(meta_collector *c, folio_meta *m)
{
    if (meta_first_accepted(c, MF_PUBLISHED, accept_date)) {
        date_parts pub = c->date;
        prefer_local(c, MF_PUBLISHED, &pub);
        prefer_url_day(c, &pub);
        if (!(m->date = date_format(c->d->arena, &pub)))
            return FOLIO_ENOMEM;
        if (meta_first_accepted(c, MF_MODIFIED, accept_date) && date_cmp_day(&c->date, &pub) >= 0 &&
            !(m->modified = date_format(c->d->arena, &c->date)))
            return FOLIO_ENOMEM;
    } else if (meta_first_accepted(c, MF_MODIFIED, accept_date)) {
        if (!(m->modified = date_format(c->d->arena, &c->date)))
            return FOLIO_ENOMEM;
    }
    return FOLIO_OK;
}
