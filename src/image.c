/* image.c — what an image's bytes are: type sniffing and the SVG check.
 *
 * Place in the pipeline: part of the resources stage (declared in
 * resources.h). resources.c gets the bytes; this file says what they are
 * and whether an SVG is safe and well-formed enough to put in a book. The
 * type always comes from the bytes, never from a file name or a header.
 */
#include <string.h>

#include "resources.h"

/* ------------------------------------------------------------- sniffing */

static bool has_prefix(const unsigned char *p, size_t n, const char *sig, size_t k)
{
    return n >= k && memcmp(p, sig, k) == 0;
}

static bool is_xml_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips white space, an XML declaration, comments, processing
 * instructions and a doctype; returns the offset of the first element. */
static size_t skip_prolog(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (has_prefix(p, n, "\xEF\xBB\xBF", 3))
        i = 3;
    for (;;) {
        while (i < n && is_xml_space(p[i]))
            i++;
        if (i + 1 >= n || p[i] != '<')
            return i;
        const char *close = NULL;
        if (p[i + 1] == '?')
            close = "?>";
        else if (has_prefix(p + i, n - i, "<!--", 4))
            close = "-->";
        else if (p[i + 1] == '!')
            close = ">";
        else
            return i;
        const unsigned char *end = NULL;
        size_t k = strlen(close);
        for (size_t j = i + 2; j + k <= n && !end; j++)
            if (memcmp(p + j, close, k) == 0)
                end = p + j + k;
        if (!end)
            return n;
        i = (size_t)(end - p);
    }
}

static bool is_svg(const unsigned char *p, size_t n)
{
    size_t i = skip_prolog(p, n);
    if (!has_prefix(p + i, n - i, "<svg", 4) || i + 4 >= n)
        return false;
    unsigned char c = p[i + 4];
    return is_xml_space(c) || c == '>' || c == '/';
}

res_type res_sniff(const unsigned char *p, size_t n)
{
    if (has_prefix(p, n, "\xFF\xD8\xFF", 3))
        return RES_JPEG;
    if (has_prefix(p, n, "\x89PNG\r\n\x1A\n", 8))
        return RES_PNG;
    if (has_prefix(p, n, "GIF87a", 6) || has_prefix(p, n, "GIF89a", 6))
        return RES_GIF;
    if (n >= 12 && has_prefix(p, n, "RIFF", 4) && memcmp(p + 8, "WEBP", 4) == 0)
        return RES_WEBP;
    if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0 &&
        (memcmp(p + 8, "avif", 4) == 0 || memcmp(p + 8, "avis", 4) == 0))
        return RES_AVIF;
    if (is_svg(p, n))
        return RES_SVG;
    return RES_UNKNOWN;
}

bool res_type_supported(res_type t)
{
    return t == RES_JPEG || t == RES_PNG || t == RES_GIF || t == RES_SVG;
}

static const struct {
    const char *media, *ext;
} type_names[] = {
    [RES_UNKNOWN] = {"application/octet-stream", "bin"},
    [RES_JPEG] = {"image/jpeg", "jpg"},
    [RES_PNG] = {"image/png", "png"},
    [RES_GIF] = {"image/gif", "gif"},
    [RES_SVG] = {"image/svg+xml", "svg"},
    [RES_WEBP] = {"image/webp", "webp"},
    [RES_AVIF] = {"image/avif", "avif"},
};

const char *res_media_type(res_type t)
{
    return type_names[(unsigned)t <= RES_AVIF ? t : RES_UNKNOWN].media;
}

const char *res_extension(res_type t)
{
    return type_names[(unsigned)t <= RES_AVIF ? t : RES_UNKNOWN].ext;
}

/* ------------------------------------------------------------ SVG check */

/* Limits of the SVG check (an SVG deeper or bigger is refused). */
enum { SVG_MAX_DEPTH = 256, SVG_MAX_NAME = 64 };

/* Words whose presence anywhere refuses an SVG: active content, external
 * references (epubcheck refuses remote resources), and markup this check
 * does not parse. Matched case-insensitively. */
static const char *const svg_refused[] = {
    "<script", "foreignobject", "<!doctype", "<!entity", "<![cdata[", "javascript:",
    "@import", "href=\"h", "href='h", "href=\"/", "href='/", "href=\"d", "href='d",
    "url(h", "url('h", "url(\"h", "<iframe", "<object", "<embed",
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool contains_ci(const unsigned char *p, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && lower(p[i + j]) == w[j])
            j++;
        if (j == k)
            return true;
    }
    return false;
}

static bool is_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == ':' || c == '.' || c >= 0x80;
}

/* Reads a name at p[*i]; returns its length (0: none). */
static size_t read_name(const unsigned char *p, size_t n, size_t *i)
{
    size_t s = *i;
    while (*i < n && is_name_char(p[*i]))
        (*i)++;
    return *i - s;
}

/* Checks an entity reference at p[i] ('&'); returns its length or 0. */
static size_t entity_len(const unsigned char *p, size_t n, size_t i)
{
    static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (size_t k = 0; k < sizeof named / sizeof *named; k++)
        if (has_prefix(p + i, n - i, named[k], strlen(named[k])))
            return strlen(named[k]);
    size_t j = i + 1;
    if (j < n && p[j] == '#') {
        j++;
        bool hex = j < n && p[j] == 'x';
        j += hex;
        size_t d = j;
        while (j < n && ((p[j] >= '0' && p[j] <= '9') ||
                         (hex && lower(p[j]) >= 'a' && lower(p[j]) <= 'f')))
            j++;
        if (j > d && j - d < 8 && j < n && p[j] == ';')
            return j + 1 - i;
    }
    return 0;
}

/* Checks the attributes of a start tag from p[*i] up to '>' or "/>". */
static bool check_attrs(const unsigned char *p, size_t n, size_t *i, bool *self_closed)
{
    for (;;) {
        while (*i < n && is_xml_space(p[*i]))
            (*i)++;
        if (*i >= n)
            return false;
        if (p[*i] == '>' || (p[*i] == '/' && *i + 1 < n && p[*i + 1] == '>')) {
            *self_closed = p[*i] == '/';
            *i += *self_closed ? 2 : 1;
            return true;
        }
        size_t name_at = *i, len = read_name(p, n, i);
        if (!len || (len > 2 && lower(p[name_at]) == 'o' && lower(p[name_at + 1]) == 'n'))
            return false; /* no name, or an on* event handler */
        while (*i < n && is_xml_space(p[*i]))
            (*i)++;
        if (*i + 1 >= n || p[*i] != '=')
            return false;
        (*i)++;
        while (*i < n && is_xml_space(p[*i]))
            (*i)++;
        if (*i >= n || (p[*i] != '"' && p[*i] != '\''))
            return false;
        unsigned char q = p[(*i)++];
        while (*i < n && p[*i] != q) {
            if (p[*i] == '<')
                return false;
            if (p[*i] == '&' && !entity_len(p, n, *i))
                return false;
            (*i)++;
        }
        if (*i >= n)
            return false;
        (*i)++;
    }
}

/* The element stack of the check: names as offsets into the input. */
typedef struct {
    size_t at[SVG_MAX_DEPTH], len[SVG_MAX_DEPTH];
    unsigned depth;
} svg_stack;

/* Handles a tag at p[*i] ('<'); false when it is malformed. */
static bool check_tag(const unsigned char *p, size_t n, size_t *i, svg_stack *s)
{
    (*i)++;
    if (*i < n && (p[*i] == '?' || p[*i] == '!')) { /* PI or comment */
        const char *close = p[*i] == '?' ? "?>" : "-->";
        if (p[*i] == '!' && !has_prefix(p + *i, n - *i, "!--", 3))
            return false;
        for (size_t k = strlen(close); *i + k <= n; (*i)++)
            if (memcmp(p + *i, close, k) == 0) {
                *i += k;
                return true;
            }
        return false;
    }
    bool closing = *i < n && p[*i] == '/';
    *i += closing;
    size_t at = *i, len = read_name(p, n, i);
    if (!len || len > SVG_MAX_NAME)
        return false;
    if (closing) {
        while (*i < n && is_xml_space(p[*i]))
            (*i)++;
        if (*i >= n || p[*i] != '>' || !s->depth)
            return false;
        (*i)++;
        s->depth--;
        return s->len[s->depth] == len && memcmp(p + s->at[s->depth], p + at, len) == 0;
    }
    bool self_closed = false;
    if (!check_attrs(p, n, i, &self_closed))
        return false;
    if (self_closed)
        return true;
    if (s->depth >= SVG_MAX_DEPTH)
        return false;
    s->at[s->depth] = at;
    s->len[s->depth++] = len;
    return true;
}

size_t res_svg_strip_doctype(unsigned char *p, size_t n)
{
    static const char word[] = "<!doctype";
    size_t k = sizeof word - 1;
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && lower(p[i + j]) == word[j])
            j++;
        if (j < k)
            continue;
        size_t end = i + k;
        while (end < n && p[end] != '>' && p[end] != '[' && p[end] != '<')
            end++;
        if (end >= n || p[end] != '>')
            return n; /* an internal subset, or unterminated: leave it to refuse */
        memmove(p + i, p + end + 1, n - end - 1);
        return n - (end + 1 - i);
    }
    return n;
}

bool res_svg_ok(const unsigned char *p, size_t n)
{
    for (size_t k = 0; k < sizeof svg_refused / sizeof *svg_refused; k++)
        if (contains_ci(p, n, svg_refused[k]))
            return false;
    svg_stack s;
    s.depth = 0;
    size_t i = skip_prolog(p, n);
    bool seen_root = false;
    while (i < n) {
        if (p[i] == '<') {
            if (seen_root && s.depth == 0 && p[i + 1 < n ? i + 1 : i] != '!')
                return false; /* a second root element */
            if (!check_tag(p, n, &i, &s))
                return false;
            seen_root = true;
        } else if (p[i] == '&') {
            size_t k = entity_len(p, n, i);
            if (!k)
                return false;
            i += k;
        } else if (s.depth == 0 && !is_xml_space(p[i])) {
            return false; /* text outside the root */
        } else {
            i++;
        }
    }
    return seen_root && s.depth == 0;
}
