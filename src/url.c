/* url.c — URL resolution (RFC 3986 section 5) and the checks every stage
 * uses before a URL reaches the output.
 *
 * Place in the pipeline: a helper. folio.c resolves <base href>, clean
 * resolves links and images against the base, meta resolves the lead image,
 * the writers ask url_is_safe before writing a link. Pure string work: no
 * I/O, no globals; results live in the caller's arena.
 */
#include "url.h"

#include <string.h>

#include "buf.h"

/* One component of a split URL: a slice of the source string. `defined`
 * tells an empty component ("?" with nothing after it) from a missing one,
 * which RFC 3986 section 5.2 treats differently. */
typedef struct {
    const char *p;
    size_t n;
    bool defined;
} url_part;

/* A URL split as RFC 3986 appendix B does. */
typedef struct {
    url_part scheme, authority, path, query, fragment;
} url_parts;

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_scheme_char(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

static int lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Length of the scheme at s[0..n) (without the ':'), or 0 when s does not
 * start with `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`. */
static size_t scheme_len(const char *s, size_t n)
{
    if (n == 0 || !is_alpha((unsigned char)s[0]))
        return 0;
    size_t i = 1;
    while (i < n && is_scheme_char((unsigned char)s[i]))
        i++;
    return i < n && s[i] == ':' ? i : 0;
}

static void set_part(url_part *u, const char *p, size_t n)
{
    u->p = p;
    u->n = n;
    u->defined = true;
}

/* Splits s[0..n) into its five components (RFC 3986 appendix B, with the
 * scheme held to its grammar so "a b:c" is a relative path). */
static void split(const char *s, size_t n, url_parts *u)
{
    memset(u, 0, sizeof *u);
    size_t i = 0, sl = scheme_len(s, n);
    if (sl) {
        set_part(&u->scheme, s, sl);
        i = sl + 1;
    }
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        size_t start = i + 2, j = start;
        while (j < n && s[j] != '/' && s[j] != '?' && s[j] != '#')
            j++;
        set_part(&u->authority, s + start, j - start);
        i = j;
    }
    size_t j = i;
    while (j < n && s[j] != '?' && s[j] != '#')
        j++;
    set_part(&u->path, s + i, j - i);
    i = j;
    if (i < n && s[i] == '?') {
        j = ++i;
        while (j < n && s[j] != '#')
            j++;
        set_part(&u->query, s + i, j - i);
        i = j;
    }
    if (i < n && s[i] == '#')
        set_part(&u->fragment, s + i + 1, n - i - 1);
}

static bool starts(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memcmp(p, lit, k) == 0;
}

static bool equals(const char *p, size_t n, const char *lit)
{
    return n == strlen(lit) && memcmp(p, lit, n) == 0;
}

/* Drops the last segment and its "/" from the output (RFC 3986 5.2.4 C). */
static void pop_segment(buf *out, size_t floor)
{
    size_t k = out->len;
    while (k > floor && out->data[k - 1] != '/')
        k--;
    if (k > floor)
        k--;
    buf_truncate(out, k);
}

/* Appends path p[0..n) to out with "." and ".." segments removed, as the
 * loop of RFC 3986 section 5.2.4 does. `floor` is out->len on entry: the
 * output before it (scheme and authority) is never popped. */
static void remove_dots(buf *out, const char *p, size_t n)
{
    size_t floor = out->len;
    while (n > 0) {
        if (starts(p, n, "../") || starts(p, n, "./")) { /* A */
            size_t k = p[0] == '.' && p[1] == '.' ? 3 : 2;
            p += k;
            n -= k;
        } else if (starts(p, n, "/./")) { /* B */
            p += 2;
            n -= 2;
        } else if (equals(p, n, "/.")) {
            buf_putc(out, '/');
            return;
        } else if (starts(p, n, "/../")) { /* C */
            p += 3;
            n -= 3;
            pop_segment(out, floor);
        } else if (equals(p, n, "/..")) {
            pop_segment(out, floor);
            buf_putc(out, '/');
            return;
        } else if (equals(p, n, ".") || equals(p, n, "..")) { /* D */
            return;
        } else { /* E: move the first segment, with its leading "/" */
            size_t k = p[0] == '/' ? 1 : 0;
            while (k < n && p[k] != '/')
                k++;
            buf_append(out, p, k);
            p += k;
            n -= k;
        }
    }
}

/* Appends a path, removing dot segments only from hierarchical paths: an
 * opaque path ("image/png;base64,..." of a data: URL, "user@host" of
 * mailto:) is data, and browsers leave it as it is. */
static void put_path(buf *out, url_part path, bool hierarchical)
{
    if (hierarchical)
        remove_dots(out, path.p, path.n);
    else
        buf_append(out, path.p, path.n);
}

/* The merge of RFC 3986 section 5.2.3, written into out (dots still in). */
static void merge(buf *out, const url_parts *b, const url_parts *r)
{
    if (b->authority.defined && b->path.n == 0) {
        buf_putc(out, '/');
    } else {
        size_t k = b->path.n;
        while (k > 0 && b->path.p[k - 1] != '/')
            k--;
        buf_append(out, b->path.p, k);
    }
    buf_append(out, r->path.p, r->path.n);
}

static void put_scheme(buf *out, url_part s)
{
    for (size_t i = 0; i < s.n; i++)
        buf_putc(out, (char)lower((unsigned char)s.p[i]));
    buf_putc(out, ':');
}

static void put_authority(buf *out, url_part a)
{
    if (!a.defined)
        return;
    buf_puts(out, "//");
    buf_append(out, a.p, a.n);
}

/* Writes the target URL of RFC 3986 section 5.2.2 (with 5.3's
 * recomposition): r resolved against b. */
static void transform(buf *out, const url_parts *b, const url_parts *r)
{
    const url_parts *src = r; /* where authority and query come from */
    if (r->scheme.defined) {
        put_scheme(out, r->scheme);
        put_authority(out, r->authority);
        put_path(out, r->path, r->authority.defined || starts(r->path.p, r->path.n, "/"));
    } else {
        put_scheme(out, b->scheme);
        if (r->authority.defined) {
            put_authority(out, r->authority);
            put_path(out, r->path, true);
        } else {
            put_authority(out, b->authority);
            if (r->path.n == 0) {
                buf_append(out, b->path.p, b->path.n);
                if (!r->query.defined)
                    src = b;
            } else if (r->path.p[0] == '/') {
                put_path(out, r->path, true);
            } else {
                buf merged = BUF_INIT;
                merge(&merged, b, r);
                url_part m = {merged.data ? merged.data : "", merged.len, true};
                put_path(out, m, b->authority.defined || starts(m.p, m.n, "/"));
                if (merged.failed)
                    out->failed = true;
                buf_free(&merged);
            }
        }
    }
    if (src->query.defined) {
        buf_putc(out, '?');
        buf_append(out, src->query.p, src->query.n);
    }
    if (r->fragment.defined) {
        buf_putc(out, '#');
        buf_append(out, r->fragment.p, r->fragment.n);
    }
}

static bool is_trim_space(unsigned char c)
{
    return c <= 0x20; /* ASCII white space and C0 controls, as browsers trim */
}

/* Copies ref into out the way a browser reads an href: ends trimmed, tabs
 * and newlines inside dropped, spaces and other controls percent-encoded. */
static void clean_ref(buf *out, const char *ref)
{
    size_t n = strlen(ref), start = 0;
    while (start < n && is_trim_space((unsigned char)ref[start]))
        start++;
    while (n > start && is_trim_space((unsigned char)ref[n - 1]))
        n--;
    for (size_t i = start; i < n; i++) {
        unsigned char c = (unsigned char)ref[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c <= 0x20 || c == 0x7F)
            buf_printf(out, "%%%02X", c);
        else
            buf_putc(out, (char)c);
    }
}

char *url_resolve(arena *a, const char *base, const char *ref)
{
    if (!ref)
        return NULL;
    buf r = BUF_INIT, out = BUF_INIT;
    clean_ref(&r, ref);
    char *result = NULL;
    if (r.failed || r.len == 0)
        goto done;
    url_parts rp, bp;
    split(r.data, r.len, &rp);
    if (base && !rp.scheme.defined) {
        split(base, strlen(base), &bp);
        if (!bp.scheme.defined) { /* not an absolute base: nothing to resolve against */
            result = arena_strndup(a, r.data, r.len);
            goto done;
        }
        transform(&out, &bp, &rp);
    } else if (rp.scheme.defined) {
        transform(&out, &rp, &rp);
    } else {
        result = arena_strndup(a, r.data, r.len);
        goto done;
    }
    if (!out.failed)
        result = arena_strndup(a, out.data ? out.data : "", out.len);
done:
    buf_free(&r);
    buf_free(&out);
    return result;
}

/* The scheme of url as a browser sees it, lower-cased into out (size cap):
 * leading white space and controls skipped, tabs and newlines inside
 * ignored. Returns the index just past the ':' or 0 when url is relative
 * (or its scheme is longer than cap - 1). */
static size_t browser_scheme(const char *url, char *out, size_t cap)
{
    size_t i = 0, k = 0;
    while (url[i] && is_trim_space((unsigned char)url[i]))
        i++;
    for (; url[i]; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c == ':')
            break;
        if (!(k == 0 ? is_alpha(c) : is_scheme_char(c)) || k + 1 >= cap)
            return 0;
        out[k++] = (char)lower(c);
    }
    if (url[i] != ':' || k == 0)
        return 0;
    out[k] = '\0';
    return i + 1;
}

bool url_is_http(const char *url)
{
    char scheme[16];
    if (!url || !scheme_len(url, strlen(url)))
        return false;
    return browser_scheme(url, scheme, sizeof scheme) &&
           (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
}

/* Schemes a link may carry into the output. Everything else (javascript:,
 * vbscript:, file:, data: outside images, unknown schemes) is refused: the
 * output is read in browsers and e-readers, and an unknown scheme is a risk
 * with no reading value. */
static const char *const safe_schemes[] = {"http", "https", "mailto", "ftp", "tel"};

/* True when the data: URL body at s (after "data:") declares an image type;
 * tabs and newlines are ignored as in the scheme. */
static bool data_is_image(const char *s)
{
    static const char want[] = "image/";
    size_t k = 0;
    for (; *s && k < sizeof want - 1; s++) {
        if (*s == '\t' || *s == '\n' || *s == '\r' || (k == 0 && *s == ' '))
            continue;
        if (lower((unsigned char)*s) != want[k])
            return false;
        k++;
    }
    return k == sizeof want - 1;
}

bool url_is_safe(const char *url, bool image)
{
    if (!url)
        return false;
    char scheme[32];
    size_t end = browser_scheme(url, scheme, sizeof scheme);
    if (end == 0) {
        /* No scheme a browser would see. A long "scheme" is still refused
         * unless the string is plainly relative. */
        const char *colon = strchr(url, ':');
        const char *stop = strpbrk(url, "/?#");
        return !colon || (stop && stop < colon);
    }
    for (size_t i = 0; i < sizeof safe_schemes / sizeof *safe_schemes; i++)
        if (strcmp(scheme, safe_schemes[i]) == 0)
            return true;
    return image && strcmp(scheme, "data") == 0 && data_is_image(url + end);
}

char *url_host(arena *a, const char *url)
{
    if (!url)
        return NULL;
    url_parts u;
    split(url, strlen(url), &u);
    if (!u.scheme.defined || !u.authority.defined)
        return NULL;
    const char *h = u.authority.p, *end = h + u.authority.n;
    for (const char *p = end; p > h; p--)
        if (p[-1] == '@') { /* drop user:password@ */
            h = p;
            break;
        }
    const char *stop = end;
    if (h < end && *h == '[') { /* IPv6 literal: keep through ']' */
        const char *close = memchr(h, ']', (size_t)(end - h));
        stop = close ? close + 1 : end;
    } else {
        const char *colon = memchr(h, ':', (size_t)(end - h));
        if (colon)
            stop = colon;
    }
    size_t n = (size_t)(stop - h);
    if (n > 4 && (h[0] | 32) == 'w' && (h[1] | 32) == 'w' && (h[2] | 32) == 'w' && h[3] == '.') {
        h += 4;
        n -= 4;
    }
    while (n > 0 && h[n - 1] == '.') /* a fully qualified "example.com." */
        n--;
    if (n == 0)
        return NULL;
    char *s = arena_strndup(a, h, n);
    if (s)
        for (char *p = s; *p; p++)
            *p = (char)lower((unsigned char)*p);
    return s;
}
