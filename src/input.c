/* input.c — stage 1: the bytes of one input (a file, "-" for stdin, or an
 * http/https URL) and what is known about them.
 *
 * [input] -> decode -> dom. URLs go through fetch.c (libcurl with folio's
 * limits); files and stdin are read here with the same size cap. Any other
 * URL scheme is refused, so an input name can never make folio read
 * through file:, ftp: or a script URL. Messages are one line and do not
 * name the input: main prefixes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fetch.h"
#include "folio.h"

/* Defaults of folio_input_options, documented in folio.h. */
enum {
    DEFAULT_TIMEOUT_MS = 30000,
    DEFAULT_CONNECT_TIMEOUT_MS = 10000,
    DEFAULT_MAX_REDIRECTS = 10,
    READ_CHUNK = 65536,
    MAX_SCHEME_SHOWN = 32, /* a longer "scheme" is cut in the message */
};
static const size_t default_max_size = (size_t)64 << 20;

void folio_input_options_init(folio_input_options *o)
{
    memset(o, 0, sizeof *o);
    o->max_size = default_max_size;
    o->timeout_ms = DEFAULT_TIMEOUT_MS;
    o->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
    o->max_redirects = DEFAULT_MAX_REDIRECTS;
}

static void set_errno_err(char *err, size_t errlen, int e)
{
    char text[128];
    if (strerror_r(e, text, sizeof text) != 0)
        snprintf(text, sizeof text, "error %d", e);
    fetch_set_err(err, errlen, "%s", text);
}

/* Length of the URL scheme name starts with (`[A-Za-z][A-Za-z0-9+.-]*:`),
 * without the ':'; 0 when there is none. */
static size_t scheme_len(const char *name)
{
    const char *p = name;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    for (p++; *p && *p != ':'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'))
            return 0;
    return *p == ':' ? (size_t)(p - name) : 0;
}

static bool scheme_is(const char *name, size_t n, const char *want)
{
    if (n != strlen(want))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((name[i] | 0x20) != want[i])
            return false;
    return true;
}

int folio_is_url(const char *name)
{
    size_t n = name ? scheme_len(name) : 0;
    return n && (scheme_is(name, n, "http") || scheme_is(name, n, "https")) &&
           name[n + 1] == '/' && name[n + 2] == '/';
}

/* Reads fd to its end into b, refusing more than max bytes. */
static folio_status read_all(int fd, size_t max, buf *b, char *err, size_t errlen)
{
    for (;;) {
        if (!buf_reserve(b, READ_CHUNK))
            return FOLIO_ENOMEM;
        ssize_t r = read(fd, b->data + b->len, READ_CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            set_errno_err(err, errlen, errno);
            return FOLIO_EINPUT;
        }
        if (r == 0)
            return FOLIO_OK;
        if ((size_t)r > max - b->len) {
            fetch_set_err(err, errlen, "larger than %zu bytes", max);
            return FOLIO_ELIMIT;
        }
        b->len += (size_t)r;
        b->data[b->len] = '\0';
    }
}

/* A file or stdin ("-"). */
static folio_status read_file(const char *name, const folio_input_options *o, buf *b, char *err,
                              size_t errlen)
{
    bool is_stdin = strcmp(name, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        set_errno_err(err, errlen, errno);
        return FOLIO_EINPUT;
    }
    struct stat st;
    folio_status s = FOLIO_OK;
    if (fstat(fd, &st) != 0) {
        set_errno_err(err, errlen, errno);
        s = FOLIO_EINPUT;
    } else if (S_ISDIR(st.st_mode)) {
        set_errno_err(err, errlen, EISDIR);
        s = FOLIO_EINPUT;
    } else if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > o->max_size) {
        fetch_set_err(err, errlen, "larger than %zu bytes", o->max_size);
        s = FOLIO_ELIMIT;
    } else {
        s = read_all(fd, o->max_size, b, err, errlen);
    }
    if (!is_stdin)
        close(fd);
    return s;
}

/* Media types read as pages, and those read only when the body looks like
 * HTML: servers label saved pages text/plain, and XHTML comes as XML. */
static const char *const html_types[] = {"text/html", "application/xhtml+xml"};
static const char *const maybe_html_types[] = {"text/plain", "application/xml", "text/xml"};

/* How a text/plain or XML body shows it is HTML after all: one of these
 * (case ignored) in its first bytes, after leading white space and a BOM
 * the first character being '<'. */
static const char *const html_openers[] = {"<!doctype html", "<html", "<head", "<body",
                                           "<meta", "<title"};
enum { SNIFF_BYTES = 1024 };

static bool type_in(const char *ct, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && strncasecmp(ct, list[i], n) == 0)
            return true;
    return false;
}

static bool body_is_html(const char *body, size_t len)
{
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES, i = 0;
    if (n >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r'))
        i++;
    if (i >= n || body[i] != '<')
        return false;
    for (size_t k = 0; k < sizeof html_openers / sizeof *html_openers; k++) {
        size_t m = strlen(html_openers[k]);
        for (size_t j = i; j + m <= n; j++)
            if (strncasecmp(body + j, html_openers[k], m) == 0)
                return true;
    }
    return false;
}

/* The fetch_type_fn for pages: HTML, XHTML or no type; text/plain and XML
 * only when the body looks like HTML. */
static bool page_type_ok(const char *ct, const char *body, size_t len)
{
    if (!ct)
        return true;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strcspn(ct, "; \t");
    if (n == 0 || type_in(ct, n, html_types, sizeof html_types / sizeof *html_types))
        return true;
    if (!type_in(ct, n, maybe_html_types, sizeof maybe_html_types / sizeof *maybe_html_types))
        return false;
    return !body || body_is_html(body, len);
}

static folio_status read_url(const char *name, const folio_input_options *o, folio_input *in,
                             buf *b, char *err, size_t errlen)
{
    fetch_request r = {name, o, page_type_ok, "HTML"};
    fetch_result res;
    folio_status s = fetch_url(&r, &res, err, errlen);
    if (s != FOLIO_OK)
        return s;
    *b = res.body;
    in->url = res.final_url;
    in->content_type = res.content_type;
    return FOLIO_OK;
}

/* Sorts a name: 1 an http(s) URL, 0 a file or stdin, -1 a refused URL
 * (the message is written). A name that starts like a URL but is an
 * existing file ("notes:2024.html") is a file. */
static int classify(const char *name, char *err, size_t errlen)
{
    size_t n = scheme_len(name);
    struct stat st;
    if (n == 0 || strcmp(name, "-") == 0 || stat(name, &st) == 0)
        return 0;
    if (scheme_is(name, n, "http") || scheme_is(name, n, "https"))
        return 1;
    char scheme[MAX_SCHEME_SHOWN + 1];
    size_t k = n < MAX_SCHEME_SHOWN ? n : MAX_SCHEME_SHOWN;
    for (size_t i = 0; i < k; i++)
        scheme[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    scheme[k] = '\0';
    fetch_set_err(err, errlen, "unsupported URL scheme '%s' (only http and https)", scheme);
    return -1;
}

folio_status folio_input_read(const char *name, const folio_input_options *o, folio_input **out,
                              char *err, size_t errlen)
{
    folio_input_options defaults;
    if (!o) {
        folio_input_options_init(&defaults);
        o = &defaults;
    }
    if (!name || !*name || !out) {
        fetch_set_err(err, errlen, "no input given");
        return FOLIO_EINVAL;
    }
    int kind = classify(name, err, errlen);
    if (kind < 0)
        return FOLIO_EINPUT;
    folio_input *in = calloc(1, sizeof *in);
    if (!in)
        return FOLIO_ENOMEM;
    buf b = BUF_INIT;
    folio_status s = kind ? read_url(name, o, in, &b, err, errlen)
                          : read_file(name, o, &b, err, errlen);
    if (s == FOLIO_OK && !buf_reserve(&b, 1)) /* bytes is never NULL, even when empty */
        s = FOLIO_ENOMEM;
    if (s != FOLIO_OK) {
        buf_free(&b);
        folio_input_free(in);
        return s;
    }
    in->bytes = b.data;
    in->len = b.len;
    *out = in;
    return FOLIO_OK;
}

void folio_input_free(folio_input *in)
{
    if (!in)
        return;
    free(in->bytes);
    free(in->url);
    free(in->content_type);
    free(in);
}
