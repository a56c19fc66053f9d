/* byline.c — cleaning raw author strings into names (meta stage).
 *
 * A byline mixes the names with a marker ("By"), roles ("Staff Writer"),
 * credentials ("MA"), dates, e-mail addresses and the newsroom. The rules
 * here are word lists (below, each with why) and a split on the joining
 * words of the languages folio reads. Working on one short string, bounded.
 */
#include "byline.h"

#include <string.h>

#include "buf.h"
#include "dates.h"
#include "utf8.h"

/* Bytes of a raw byline looked at; a longer one is a paragraph, not a
 * byline, and only its start can hold names. */
#define BYLINE_MAX_RAW 300
/* A name longer than this (bytes or words) is a sentence, not a name. */
#define BYLINE_MAX_NAME_BYTES 80
#define BYLINE_MAX_NAME_WORDS 6

/* Markers before the names, lower case, each followed by white space or a
 * colon: English, French, German, Spanish/Portuguese, Italian, Dutch,
 * Polish and the labels "Author:"/"Autor:" of many CMS templates. */
/* clang-format off */
static const char *const markers[] = {
    "written by", "posted by", "words by", "story by", "text by", "reporting by",
    "published by", "veröffentlicht von", "publiziert von", "geschrieben von", "verfasst von",
    "publié par", "écrit par", "publicado por", "escrito por", "scritto da", "pubblicato da",
    "geplaatst door", "geschreven door", "by", "par", "von", "por", "di", "da", "door",
    "autor", "autorin", "author", "authors", "auteur", "autore", "texto", "text", "reporter",
    "redakcja",
};
/* clang-format on */

/* Markers this long may be glued to the name that follows ("AuthorAnn
 * Lee", from <span>Author</span><a>Ann Lee</a>). */
#define MARKER_MIN_GLUED 5

/* Single words that label a field rather than name a person: comment form
 * labels, placeholders, "source" lines. */
static const char *const generic_names[] = {
    "name",   "author", "autor",   "admin",          "administrator", "anonymous", "anonym",
    "guest",  "gast",   "unknown", "user",           "verifizierte",  "source",    "quelle",
    "fuente", "fonte",  "źródło",  "bron",           "stand",         "redaktion", "editor",
    "team",   "please", "article", "veröffentlicht", "published",     "posted",    "theme",
};

/* Lower-case words that belong inside names ("Ursula von der Leyen"); any
 * other lower-case word makes a phrase, not a name. */
static const char *const particles[] = {
    "von", "van", "der", "den", "de",  "da", "das", "dos", "du",  "del", "della", "di", "la",
    "le",  "y",   "e",   "bin", "ibn", "al", "el",  "zu",  "ten", "ter", "vom",   "af"};

/* Words that separate several names. */
static const char *const joiners[] = {"and", "&",   "und",  "et",   "y",   "e",   "i",   "en",
                                      "og",  "och", "with", "avec", "mit", "con", "com", "+"};

/* Roles that follow or precede a name in bylines; a piece made only of
 * these (with credentials) is no name, and they are cut off the end of a
 * name. English, German, French, Spanish, Italian. */
/* clang-format off */
static const char *const roles[] = {
    "staff", "writer", "writers", "reporter", "reporters", "editor", "editors", "senior",
    "correspondent", "contributor", "contributing", "columnist", "photographer", "producer",
    "associate", "special", "chief", "deputy", "managing", "executive", "political",
    "foreign", "guest", "freelance", "journalist", "redakteur", "redakteurin",
    "korrespondent", "korrespondentin", "journaliste", "rédacteur", "rédactrice",
    "correspondant", "correspondante", "envoyé", "envoyée", "redactor", "redactora",
    "periodista", "corresponsal", "giornalista", "inviato", "follow", "contributors", "our",
};
/* clang-format on */

/* Credentials after a name ("Brenda Goodman, MA"): dropped. */
static const char *const credentials[] = {"ma",  "md",  "phd", "ph.d.", "mph", "rn",  "mba",
                                          "msc", "bsc", "dds", "do",    "np",  "lcsw"};

/* Words that make a piece an organization, not a person: a newsroom
 * credit next to the reporter's name ("WebMD Health News"), an agency,
 * a team. */
/* clang-format off */
static const char *const org_words[] = {
    "news", "press", "media", "magazine", "newsroom", "agency", "staff", "team", "desk",
    "redaktion", "rédaction", "redacción", "redazione", "inc", "inc.", "ltd", "llc", "gmbh",
    "wire", "wires", "reuters", "afp", "dpa", "ap", "associated", "editorial", "board",
};
/* clang-format on */

static bool word_in(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (strlen(list[k]) == n && ascii_ieqn(w, list[k], n))
            return true;
    return false;
}
#define IN_LIST(w, n, list) word_in(w, n, list, sizeof list / sizeof *list)

size_t byline_marker(const char *s, size_t n)
{
    char low[24]; /* the longest marker and the sign after it, lower-cased */
    size_t m = n < sizeof low ? n : sizeof low;
    for (size_t i = 0; i < m; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    for (size_t k = 0; k < sizeof markers / sizeof *markers; k++) {
        size_t ml = strlen(markers[k]);
        if (m <= ml || low[0] != markers[k][0] || memcmp(low, markers[k], ml) != 0)
            continue;
        char after = s[ml];
        if (after == ' ' || after == ':' || after == '\t' || after == '\n' ||
            (ml >= MARKER_MIN_GLUED && after >= 'A' && after <= 'Z')) {
            size_t i = ml;
            while (i < n && (s[i] == ' ' || s[i] == ':' || s[i] == '\t' || s[i] == '\n'))
                i++;
            return i;
        }
    }
    return 0;
}

/* A word of a piece: [s, s + n). */
typedef struct {
    const char *s;
    size_t n;
} word;

/* Splits s into space-separated words (at most max); returns the count. */
static size_t split_words(const char *s, size_t n, word *w, size_t max)
{
    size_t k = 0, i = 0;
    while (i < n && k < max) {
        while (i < n && s[i] == ' ')
            i++;
        size_t start = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i > start)
            w[k++] = (word){s + start, i - start};
    }
    return k;
}

static bool is_noise_word(const word *w)
{
    if (memchr(w->s, '@', w->n))
        return true; /* e-mail address or @handle */
    const char *s = w->s;
    size_t n = w->n;
    while (n && (*s == '(' || *s == '<' || *s == '[')) { /* "(http://...)" */
        s++;
        n--;
    }
    return (n >= 4 && ascii_ieqn(s, "http", 4)) || (n >= 4 && ascii_ieqn(s, "www.", 4));
}

/* Strips a word of trailing commas, colons and dots ("Writer," "Jr.") for
 * comparison with the word lists. */
static size_t bare_len(const word *w)
{
    size_t n = w->n;
    while (n > 1 && strchr(",:;", w->s[n - 1]))
        n--;
    return n;
}

/* Words that lead into a date cut off a byline ("by Ann Lee on May 3",
 * "Updated", "le 3 mai"): dropped from the end of the last name, with a
 * month name, only when a date was cut off there. */
/* clang-format off */
static const char *const date_leads[] = {
    "on", "at", "le", "am", "el", "il", "em", "op", "updated", "published", "posted", "mis",
    "à", "jour", "de", "del", "of", "the", "aktualisiert", "last", "publiziert",
    "veröffentlicht", "stand", "publié", "publicado", "pubblicato", "gepubliceerd",
    "opublikowano", "erstellt", "datum", "date", "fecha", "data", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri",
    "sat", "sun", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
    "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
};
/* clang-format on */

/* Phrases after which a byline names other people than the authors. */
static const char *const byline_stops[] = {
    " edited by ",      " photos by ",     " photographs by ", " illustrations by ",
    " illustrated by ", " translated by ", " video by "};

/* Characters no name holds: a piece with one is markup or decoration
 * ("*****Notes*****", "[more]"). */
static const char name_refused[] = "*#=<>{}[]~^\\";

/* Trailing words kept with their dot: initials and suffixes. */
static const char *const dotted_suffixes[] = {"jr.", "sr.", "st."};

static bool is_date_word(const char *s, size_t n)
{
    return date_month_word(s, n) || IN_LIST(s, n, date_leads);
}

/* Drops date words and commas from the end of s[0..*len) (the date after
 * them was cut off: "Ann Lee, Monday, February"). */
static void trim_date_tail(const char *s, size_t *len)
{
    for (;;) {
        size_t n = *len;
        while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == '.'))
            n--;
        size_t ws = n;
        while (ws && s[ws - 1] != ' ')
            ws--;
        size_t wl = n - ws;
        while (wl > 1 && strchr(",:;.", s[ws + wl - 1]))
            wl--;
        if (n == ws || !is_date_word(s + ws, wl)) {
            *len = n;
            return;
        }
        *len = ws;
    }
}

static bool trailing_noise(const word *w, bool date_tail)
{
    size_t n = bare_len(w);
    return IN_LIST(w->s, n, credentials) || IN_LIST(w->s, n, roles) ||
           (n > 1 && IN_LIST(w->s, n, joiners)) || /* "Mac & i" keeps its "i" */
           (date_tail && is_date_word(w->s, n));
}

/* A word starting with an ASCII lower-case letter that is no particle. */
static bool is_lower_word(const word *w)
{
    return w->n > 1 && w->s[0] >= 'a' && w->s[0] <= 'z' && !IN_LIST(w->s, bare_len(w), particles);
}

/* Adds one cleaned piece (n bytes) to out; date_tail: a date was cut off
 * right after it. */
static bool add_piece(arena *a, const char *s, size_t n, bool date_tail, bool strict,
                      byline_names *out)
{
    word w[BYLINE_MAX_NAME_WORDS + 8];
    size_t k = split_words(s, n, w, sizeof w / sizeof *w);
    size_t lo = 0, hi = k;
    /* Leading roles go ("Staff Writer Ann Lee"), unless a lower-case word
     * follows: then the words are a phrase ("Contributors to Wikimedia"). */
    while (lo + 1 < hi &&
           (IN_LIST(w[lo].s, bare_len(&w[lo]), credentials) ||
            IN_LIST(w[lo].s, bare_len(&w[lo]), roles)) &&
           !(w[lo + 1].s[0] >= 'a' && w[lo + 1].s[0] <= 'z'))
        lo++;
    if (lo + 1 == hi && (IN_LIST(w[lo].s, bare_len(&w[lo]), credentials) ||
                         IN_LIST(w[lo].s, bare_len(&w[lo]), roles)))
        lo++;
    while (hi > lo && trailing_noise(&w[hi - 1], date_tail))
        hi--;
    size_t words = 0;
    int depth = 0;
    for (size_t i = lo; i < hi; i++) { /* words in parentheses are a remark */
        words += depth == 0 && w[i].s[0] != '(';
        for (size_t j = 0; j < w[i].n; j++)
            depth += w[i].s[j] == '(' ? 1 : w[i].s[j] == ')' && depth > 0 ? -1 : 0;
    }
    if (lo == hi || words > BYLINE_MAX_NAME_WORDS)
        return true;
    /* Lower-case words at the end are a verb ("Ann Lee says"); inside,
     * they make a phrase ("by the way", "by clicking Submit"), a title or
     * a user name, not a name. Particles and remarks in parentheses pass. */
    while (strict && hi > lo && is_lower_word(&w[hi - 1]))
        hi--;
    depth = 0;
    for (size_t i = lo; strict && i < hi; i++) {
        if (depth == 0 && w[i].s[0] != '(' && is_lower_word(&w[i]))
            return true;
        for (size_t j = 0; j < w[i].n; j++)
            depth += w[i].s[j] == '(' ? 1 : w[i].s[j] == ')' && depth > 0 ? -1 : 0;
    }
    if (lo == hi || (words == 1 && IN_LIST(w[lo].s, bare_len(&w[lo]), generic_names)))
        return true;
    for (size_t i = lo; i < hi; i++)
        for (size_t j = 0; j < w[i].n; j++)
            if (strchr(name_refused, w[i].s[j]))
                return true;
    bool org = false;
    for (size_t i = lo; i < hi; i++)
        org = org || IN_LIST(w[i].s, bare_len(&w[i]), org_words);
    const char *start = w[lo].s, *end = w[hi - 1].s + w[hi - 1].n;
    while (end > start && strchr(",;:-|", end[-1]))
        end--;
    if (end - start > 1 && end[-1] == '.' && w[hi - 1].n > 2 && /* "Alon Zakai." */
        !IN_LIST(w[hi - 1].s, w[hi - 1].n, dotted_suffixes))
        end--;
    if ((size_t)(end - start) > BYLINE_MAX_NAME_BYTES || end == start)
        return true;
    for (size_t i = 0; i < out->n; i++)
        if (strlen(out->names[i]) == (size_t)(end - start) &&
            ascii_ieqn(out->names[i], start, (size_t)(end - start)))
            return true;
    if (out->n == BYLINE_MAX_NAMES)
        return true;
    char *name = arena_strndup(a, start, (size_t)(end - start));
    if (!name)
        return false;
    out->org[out->n] = org;
    out->names[out->n++] = name;
    return true;
}

/* True when the word at s (n bytes left) is a joiner between names. */
static size_t joiner_at(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof joiners / sizeof *joiners; k++) {
        size_t m = strlen(joiners[k]);
        if (n > m + 1 && s[0] == ' ' && ascii_ieqn(s + 1, joiners[k], m) && s[m + 1] == ' ')
            return m + 2;
    }
    return 0;
}

/* Words in s[0..n) (space-separated). */
static size_t count_words(const char *s, size_t n)
{
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
            words++;
    return words;
}

/* Signs after which a byline holds no more names: a digit (dates, times,
 * counts), a bar, a bullet, a middle dot, an en or em dash. */
static bool ends_names(unsigned long cp)
{
    return (cp >= '0' && cp <= '9') || cp == '|' || cp == 0x2022 || cp == 0xB7 || cp == 0x2013 ||
           cp == 0x2014;
}

static size_t cut_point(const char *s, size_t n)
{
    size_t i = 0, used;
    while (i < n && !ends_names(utf8_decode(s + i, n - i, &used)))
        i += used;
    return i;
}

/* Copies raw into b, collapsed, without noise words (URLs, e-mails),
 * stopping at the first digit: what follows is a date, a time or a count.
 * True when it stopped at a digit. */
static bool clean_copy(const char *raw, size_t n, buf *b)
{
    buf tmp = BUF_INIT;
    utf8_collapse_buf(&tmp, raw, n < BYLINE_MAX_RAW ? n : BYLINE_MAX_RAW);
    const char *s = tmp.data ? tmp.data : "";
    size_t len = cut_point(s, tmp.len), i = 0;
    if (len < tmp.len && len > 0 && s[len - 1] != ' ') {
        /* A digit glued to the first word is a user handle ("CC7567"),
         * not a name followed by a date. */
        size_t ts = len;
        while (ts > 0 && s[ts - 1] != ' ')
            ts--;
        if (byline_marker(s, len) >= ts)
            len = 0;
    }
    bool digit = len < tmp.len && s[len] >= '0' && s[len] <= '9';
    word w[48];
    size_t k = split_words(s, len, w, sizeof w / sizeof *w);
    for (size_t j = 0; j < k; j++) {
        if (is_noise_word(&w[j]))
            continue;
        if (i++)
            buf_putc(b, ' ');
        buf_append(b, w[j].s, w[j].n);
    }
    buf_free(&tmp);
    return digit;
}

/* Drops "()" left where a URL was removed. */
static size_t drop_empty_parens(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(' && i + 1 < n && s[i + 1] == ')') {
            i++;
            continue;
        }
        s[o++] = s[i];
    }
    return o;
}

/* Adds an organization's name whole. */
static bool add_org(arena *a, const char *raw, size_t n, byline_names *out)
{
    char *name = utf8_collapse(a, raw, n);
    if (!name)
        return false;
    for (size_t i = 0; i < out->n; i++)
        if (ascii_ieq(out->names[i], name))
            return true;
    if (*name && out->n < BYLINE_MAX_NAMES) {
        out->org[out->n] = true;
        out->names[out->n++] = name;
    }
    return true;
}

bool byline_parse(arena *a, const char *raw, size_t n, unsigned flags, byline_names *out)
{
    if (flags & BYLINE_ORG)
        return add_org(a, raw, n, out);
    while (n && (*raw == ' ' || *raw == '\n' || *raw == '\t')) {
        raw++;
        n--;
    }
    if (n == 0 || ascii_ieqn(raw, "http://", 7) || ascii_ieqn(raw, "https://", 8) ||
        ascii_ieqn(raw, "www.", 4) || raw[0] == '/')
        return true;
    buf b = BUF_INIT;
    bool date_cut = clean_copy(raw, n, &b);
    if (b.failed) {
        buf_free(&b);
        return false;
    }
    char *s = b.data ? b.data : "";
    size_t len = drop_empty_parens(s, b.len);
    for (size_t k = 0; k < sizeof byline_stops / sizeof *byline_stops; k++) {
        const char *stop = ascii_istr(s, len, byline_stops[k]);
        if (stop)
            len = (size_t)(stop - s);
    }
    if (date_cut)
        trim_date_tail(s, &len);
    size_t i = byline_marker(s, len), start = i;
    int depth = 0;
    bool ok = true;
    while (i <= len && ok) {
        size_t skip = 0;
        if (i < len && s[i] == '(')
            depth++;
        else if (i < len && s[i] == ')' && depth > 0)
            depth--;
        if (i == len)
            skip = 1;
        else if (depth == 0 && (s[i] == ',' || s[i] == ';' || s[i] == '/'))
            skip = 1;
        else if (depth == 0 && (skip = joiner_at(s + i, len - i)) != 0 &&
                 (count_words(s + start, i - start) < 2 ||
                  count_words(s + i + skip, strcspn(s + i + skip, ",;/")) < 2))
            skip = 0; /* "Mac & i", "Smith and Jones": one name */
        if (skip) {
            ok = add_piece(a, s + start, i - start, date_cut && i == len,
                           (flags & BYLINE_STRICT) != 0, out);
            i += skip;
            start = i < len ? i + byline_marker(s + i, len - i) : i;
            continue;
        }
        i++;
    }
    buf_free(&b);
    return ok;
}

void byline_prefer_people(byline_names *out)
{
    size_t people = 0;
    for (size_t i = 0; i < out->n; i++)
        people += !out->org[i];
    if (people == 0 || people == out->n)
        return;
    size_t o = 0;
    for (size_t i = 0; i < out->n; i++)
        if (!out->org[i]) {
            out->org[o] = false;
            out->names[o++] = out->names[i];
        }
    out->n = o;
}

/* ------------------------------------------------- bylines in the body */

#include "meta_collect.h"

/* Class or id fragments (matched anywhere in the attribute, as Readability
 * does: "post-author", "byline__name") and what each says of the element:
 * a byline; a line showing the date; a <time> of publication; or
 * "authority"/"authorize", which are no authors. */
enum { H_BYLINE = 1, H_AUTHOR = 2, H_DATE = 4, H_TIME_PUB = 8, H_NOT_AUTHOR = 16 };
/* clang-format off */
static const struct {
    const char *frag;
    unsigned mask;
} hints[] = {
    {"byline", H_BYLINE | H_DATE}, {"author", H_AUTHOR}, {"dateline", H_AUTHOR | H_DATE},
    {"writtenby", H_AUTHOR}, {"p-author", H_AUTHOR}, {"authori", H_NOT_AUTHOR},
    {"date", H_DATE}, {"time", H_DATE}, {"publish", H_DATE | H_TIME_PUB}, {"posted", H_DATE},
    {"datum", H_DATE}, {"fecha", H_DATE}, {"data-pub", H_DATE}, {"entry-meta", H_DATE},
    {"post-meta", H_DATE}, {"article-meta", H_DATE}, {"entry-date", H_TIME_PUB},
    {"pubdate", H_TIME_PUB}, {"post-date", H_TIME_PUB},
};
/* clang-format on */

/* Limits on the body: elements whose text is read for bylines and dates,
 * candidates kept per kind (later ones rank lower, never merged), and the
 * text length of a byline or date line (Readability's byline bound). */
#define SCAN_MAX_TEXTS 80
#define SCAN_MAX_PER_KIND 3
/* Visible bylines kept: navigation and teasers often come first, and
 * organizations among them are passed over. */
#define SCAN_MAX_VISIBLE 8
#define SCAN_MAX_LINE 100
/* How deep to look for the first text under an element ("By" may sit in
 * a <span> of a <p>). */
#define SCAN_FIRST_TEXT_DEPTH 4

/* Bytes of a class or id attribute read for hints: real names sit in the
 * first few hundred bytes, and the bound keeps hostile attributes cheap. */
#define SCAN_MAX_ATTR 512

/* The H_* hints of e's class and id, in one pass over each (a fragment is
 * compared only where its first letter matches). */
static unsigned hint_mask(const dom_node *e)
{
    static const char *const attrs[] = {"class", "id"};
    unsigned mask = 0;
    for (size_t a = 0; a < 2; a++) {
        size_t len = 0;
        const char *v = dom_attr_len(e, attrs[a], &len);
        if (!v || len == 0)
            continue;
        char low[SCAN_MAX_ATTR + 1]; /* lower-cased once, then searched */
        len = len > SCAN_MAX_ATTR ? SCAN_MAX_ATTR : len;
        for (size_t i = 0; i < len; i++)
            low[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
        low[len] = 0;
        for (size_t k = 0; k < sizeof hints / sizeof *hints; k++)
            if (!(mask & hints[k].mask) && strstr(low, hints[k].frag))
                mask |= hints[k].mask;
    }
    return mask;
}

/* Drops the spaces at both ends of b's collapsed text. */
static void trim_line(buf *b)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->len--;
    size_t lead = 0;
    while (lead < b->len && b->data[lead] == ' ')
        lead++;
    if (lead) {
        memmove(b->data, b->data + lead, b->len - lead);
        b->len -= lead;
    }
    if (b->data)
        b->data[b->len] = 0;
}

/* The number of space-separated words in s[0..n). */
static size_t words_in(const char *s, size_t n)
{
    size_t w = 0, pos = 0, start;
    while (s && utf8_next_token(s, n, &pos, &start))
        w++;
    return w;
}

/* Class-token endings of the element beside a byline's name that holds
 * the person's job ("author-title": "Games Editor"), and so not a name. */
static const char *const job_suffixes[] = {"-title", "_title", "jobtitle", "-role", "-position",
                                           "-job"};

/* True when element n, inside a byline, holds the author's job title:
 * itemprop=jobTitle or a class token ending as in job_suffixes. Only read
 * after the name: a heading classed "author-title" that opens the byline
 * holds the name itself ("Published by <span>Cem Basman</span>"). */
static bool is_job_title(const dom_node *n)
{
    const char *ip = dom_attr(n, "itemprop");
    if (ip && ascii_istr(ip, strlen(ip), "jobTitle"))
        return true;
    size_t len, pos = 0, s0, t;
    const char *v = dom_attr_len(n, "class", &len);
    while (v && (t = utf8_next_token(v, len, &pos, &s0)) > 0)
        for (size_t k = 0; k < sizeof job_suffixes / sizeof job_suffixes[0]; k++) {
            size_t m = strlen(job_suffixes[k]);
            if (t >= m && ascii_ieqn(v + pos - m, job_suffixes[k], m))
                return true;
        }
    return false;
}

/* The text of e collapsed, if it is a short line (1..SCAN_MAX_LINE bytes),
 * leaving out a job title beside the name; stops reading early. Returns
 * false for empty or long text. */
static bool short_line(meta_collector *c, const dom_node *e, buf *out, buf *first)
{
    size_t first_len = 0;
    if (c->texts_read >= SCAN_MAX_TEXTS)
        return false;
    c->texts_read++;
    buf raw = BUF_INIT;
    const dom_node *n = e->first;
    while (n && raw.len <= 4 * SCAN_MAX_LINE) {
        if (n->kind == DOM_ELEMENT &&
            ((dom_tag_flags(n->tag) & DOM_F_SKIP) ||
             (is_job_title(n) && words_in(raw.data, raw.len) > 0))) { /* after the name */
            n = dom_next_skip(n, e);
            continue;
        }
        if (n->kind == DOM_TEXT)
            buf_append(&raw, n->text, n->text_len);
        else if (dom_tag_flags(n->tag) & DOM_F_BLOCK || n->tag == TAG_BR) {
            if (n->tag == TAG_BR && !first_len && words_in(raw.data, raw.len) >= 2)
                first_len = raw.len; /* "By Kelli Miller<br>WebMD Health News" */
            buf_putc(&raw, ' ');
        }
        n = dom_next(n, e);
    }
    utf8_collapse_buf(out, raw.data ? raw.data : "", raw.len);
    trim_line(out);
    if (first && first_len) {
        utf8_collapse_buf(first, raw.data, first_len);
        trim_line(first);
    } else if (first) { /* one line: the same text */
        buf_append(first, out->data ? out->data : "", out->len);
    }
    buf_free(&raw);
    if (out->failed || (first && first->failed))
        c->failed = true;
    return !c->failed && out->len > 0 && out->len < SCAN_MAX_LINE;
}

/* The first text under e within a few levels, or NULL. */
static const dom_node *first_text(const dom_node *e)
{
    const dom_node *n = e->first;
    for (int depth = 0; n && depth < SCAN_FIRST_TEXT_DEPTH; depth++) {
        while (n && n->kind == DOM_TEXT && n->text_len == strspn(n->text, " \t\r\n"))
            n = n->next;
        if (!n || n->kind == DOM_TEXT)
            return n;
        n = n->first;
    }
    return NULL;
}

static void add_line(meta_collector *c, meta_field f, int rank, const buf *b, const dom_node *e,
                     bool free_text)
{
    size_t before = c->n;
    meta_add(c, f, rank, b->data, b->len, e);
    if (c->n > before)
        c->cands[c->n - 1].free_text = free_text;
}

/* Class or id fragments of blocks beside the article whose dates are not
 * the article's: related posts, comments, widgets, teasers. ("sidebar" is
 * not one: layouts name the wrapper of the whole page "has-sidebar".) Not
 * used for bylines: Readability takes the first byline anywhere. */
static const char *const side_blocks[] = {"related", "comment", "widget", "teaser", "recommend"};
/* Ancestors looked at for them. */
#define SCAN_MAX_ANCESTORS 12
/* <time> elements looked at: the article's comes early; archives and
 * comment threads have thousands. */
#define SCAN_MAX_TIMES 64

/* True when e sits in <aside>, <nav> or a block named in side_blocks. */
static bool in_side_block(const dom_node *e)
{
    int k = 0;
    for (const dom_node *p = e->parent; p && k < SCAN_MAX_ANCESTORS; p = p->parent, k++) {
        if (dom_is(p, TAG_ASIDE) || dom_is(p, TAG_NAV))
            return true;
        static const char *const attrs[] = {"class", "id"};
        for (size_t a = 0; a < 2; a++) {
            size_t len = 0;
            const char *v = dom_attr_len(p, attrs[a], &len);
            if (len > SCAN_MAX_ATTR)
                len = SCAN_MAX_ATTR;
            for (size_t j = 0; v && j < sizeof side_blocks / sizeof *side_blocks; j++)
                if (ascii_istr(v, len, side_blocks[j]))
                    return true;
        }
    }
    return false;
}

static void scan_time(meta_collector *c, const dom_node *e)
{
    if (c->times_seen++ >= SCAN_MAX_TIMES || in_side_block(e))
        return;
    size_t len;
    const char *dt = dom_attr_len(e, "datetime", &len);
    bool pub = dom_attr(e, "pubdate") || (hint_mask(e) & H_TIME_PUB);
    if (dt && (pub || c->n_time < SCAN_MAX_PER_KIND)) {
        meta_add(c, MF_PUBLISHED, pub ? MR_TIME_PUBDATE : MR_TIME + (int)c->n_time++, dt, len, e);
        return;
    }
    buf b = BUF_INIT;
    if (!dt && c->n_date_text < SCAN_MAX_PER_KIND && short_line(c, e, &b, NULL))
        add_line(c, MF_PUBLISHED, MR_DATE_TEXT + (int)c->n_date_text++, &b, e, true);
    buf_free(&b);
}

/* True when e lies inside the last byline taken (its name span is the
 * same byline). Only called for elements that look like bylines. */
static bool inside_last_byline(const meta_collector *c, const dom_node *e)
{
    for (const dom_node *p = e->parent; p && c->last_byline; p = p->parent)
        if (p == c->last_byline)
            return true;
    return false;
}

/* The element holding the name in a microdata author: its itemprop=name
 * descendant, else itself. */
static const dom_node *author_name_node(const dom_node *e)
{
    for (const dom_node *k = e->first; k; k = dom_next(k, e)) {
        const char *p = dom_attr(k, "itemprop");
        if (p && ascii_istr(p, strlen(p), "name"))
            return k;
    }
    return e;
}

/* A byline element of the body (rel=author, itemprop=author, byline
 * class): its short text is an author candidate ranked by document order,
 * as Readability takes the first; it may hold the date too. */
static void scan_byline_element(meta_collector *c, const dom_node *e, bool microdata)
{
    if (inside_last_byline(c, e))
        return;
    buf b = BUF_INIT, first = BUF_INIT;
    size_t len;
    const char *content = microdata ? dom_attr_len(e, "content", &len) : NULL;
    if (content) {
        meta_add(c, MF_AUTHOR, MR_VISIBLE_BYLINE + (int)c->n_visible++, content, len, e);
    } else if (short_line(c, microdata ? author_name_node(e) : e, &b, &first)) {
        add_line(c, MF_AUTHOR, MR_VISIBLE_BYLINE + (int)c->n_visible++, &first, e, false);
        c->last_byline = e;
        if (c->n_date_text < SCAN_MAX_PER_KIND)
            add_line(c, MF_PUBLISHED, MR_DATE_TEXT + (int)c->n_date_text++, &b, e, true);
    }
    buf_free(&b);
    buf_free(&first);
}

/* True when e is marked as an author by rel or itemprop. */
static bool marked_author(const dom_node *e, bool *microdata)
{
    const char *rel = dom_attr(e, "rel");
    const char *prop = dom_attr(e, "itemprop");
    *microdata = prop && (ascii_istr(prop, strlen(prop), "author") ||
                          ascii_istr(prop, strlen(prop), "creator"));
    return *microdata || (e->tag == TAG_A && rel && ascii_istr(rel, strlen(rel), "author"));
}

static void scan_by_line(meta_collector *c, const dom_node *e)
{
    const dom_node *t = c->n_by < SCAN_MAX_PER_KIND ? first_text(e) : NULL;
    if (!t)
        return;
    size_t lead = strspn(t->text, " \t\r\n");
    if (!byline_marker(t->text + lead, t->text_len - lead))
        return;
    buf b = BUF_INIT;
    if (short_line(c, e, &b, NULL))
        add_line(c, MF_AUTHOR, MR_BYLINE_TEXT + (int)c->n_by++, &b, e, false);
    buf_free(&b);
}

void byline_scan_element(meta_collector *c, const dom_node *e)
{
    if (e->tag == TAG_TIME) {
        scan_time(c, e);
        return;
    }
    bool microdata;
    unsigned mask = hint_mask(e);
    bool named = (mask & H_BYLINE) || ((mask & H_AUTHOR) && !(mask & H_NOT_AUTHOR));
    if (marked_author(e, &microdata) ||
        (e->tag != TAG_BODY && e->tag != TAG_ARTICLE && e->tag != TAG_MAIN && named)) {
        if (c->n_visible < SCAN_MAX_VISIBLE)
            scan_byline_element(c, e, microdata);
        return;
    }
    if (c->n_date_text < SCAN_MAX_PER_KIND && (mask & H_DATE) && c->texts_read++ < SCAN_MAX_TEXTS &&
        !in_side_block(e)) {
        buf b = BUF_INIT;
        if (short_line(c, e, &b, NULL))
            add_line(c, MF_PUBLISHED, MR_DATE_TEXT + (int)c->n_date_text++, &b, e, true);
        buf_free(&b);
    }
    scan_by_line(c, e);
}
