/* utf8.c — UTF-8 and whitespace helpers; see utf8.h. */
#include "utf8.h"

#include <string.h>

unsigned long utf8_decode(const char *str, size_t n, size_t *used)
{
    const unsigned char *s = (const unsigned char *)str;
    *used = 1;
    if (n == 0)
        return 0xFFFD;
    unsigned c = s[0];
    if (c < 0x80)
        return c;
    size_t need;
    unsigned long cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0xFFFD;
    }
    if (n < need + 1)
        return 0xFFFD;
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *used = need + 1;
    return cp;
}

bool utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t used;
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (cp == 0xFFFD && !(used == 3 && (unsigned char)s[i] == 0xEF))
            return false;
        i += used;
    }
    return true;
}

bool utf8_is_space(unsigned long cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool utf8_is_invisible(unsigned long cp)
{
    return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD;
}

/* HTML's white space, which separates the words of a class list; bytes,
 * so the 0x85 and 0xA0 inside a multi-byte character never split it. */
static bool html_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

size_t utf8_next_token(const char *v, size_t len, size_t *pos, size_t *start)
{
    size_t i = *pos;
    while (i < len && html_space(v[i]))
        i++;
    *start = i;
    while (i < len && !html_space(v[i]))
        i++;
    *pos = i;
    return i - *start;
}

void utf8_collapse_buf(buf *b, const char *s, size_t n)
{
    size_t i = 0;
    bool space = false;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                space = true;
            } else {
                if (space)
                    buf_putc(b, ' ');
                space = false;
                buf_putc(b, (char)c);
            }
            i++;
            continue;
        }
        size_t used;
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (utf8_is_space(cp)) {
            space = true;
        } else {
            if (space)
                buf_putc(b, ' ');
            space = false;
            buf_append(b, s + i, used);
        }
        i += used;
    }
    if (space)
        buf_putc(b, ' ');
}

char *utf8_collapse(arena *a, const char *s, size_t n)
{
    buf b = BUF_INIT;
    utf8_collapse_buf(&b, s, n);
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    const char *p = b.data ? b.data : "";
    size_t len = b.len;
    while (len && p[len - 1] == ' ')
        len--;
    while (len && *p == ' ') {
        p++;
        len--;
    }
    char *out = arena_strndup(a, p, len);
    buf_free(&b);
    return out;
}

int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool ascii_ieqn(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
            return false;
        if (!a[i])
            return true;
    }
    return true;
}

bool ascii_ieq(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la == lb && ascii_ieqn(a, b, la);
}

const char *ascii_istr(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0)
        return s;
    for (size_t i = 0; i + m <= n; i++)
        if (ascii_lower((unsigned char)s[i]) == ascii_lower((unsigned char)needle[0]) &&
            ascii_ieqn(s + i, needle, m))
            return s + i;
    return NULL;
}
