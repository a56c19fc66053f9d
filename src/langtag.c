/* langtag.c — BCP 47 language tags from what pages write (meta stage).
 *
 * Case conventions of RFC 5646 section 2.1.1: language subtags lower case,
 * four-letter script subtags title case, two-letter region subtags upper
 * case. No registry lookup: the shape is checked, not the names.
 */
#include "langtag.h"

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

/* Subtags longer than this are not BCP 47 (RFC 5646: 1*8alphanum). */
#define LANGTAG_MAX_SUBTAG 8
/* Tags longer than this are junk in a lang attribute. */
#define LANGTAG_MAX 35

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Writes subtag number k of length m (at s) into out in its case. */
static void put_subtag(char *out, const char *s, size_t m, size_t k, bool after_single)
{
    bool all_alpha = true;
    for (size_t i = 0; i < m; i++)
        all_alpha = all_alpha && is_alpha(s[i]);
    for (size_t i = 0; i < m; i++) {
        char c = (char)ascii_lower((unsigned char)s[i]);
        if (k > 0 && !after_single && all_alpha && ((m == 2) || (m == 4 && i == 0)) && c >= 'a' &&
            c <= 'z')
            c = (char)(c - 32);
        out[i] = c;
    }
}

char *langtag_normalize(arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\n')) {
        s++;
        n--;
    }
    size_t len = 0;
    while (len < n && s[len] != ',' && s[len] != ';')
        len++;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
        len--;
    if (len == 0 || len > LANGTAG_MAX)
        return NULL; /* white space inside is caught below: not alphanumeric */
    char out[LANGTAG_MAX + 1];
    size_t i = 0, k = 0;
    bool after_single = false; /* after x- or a singleton: keep lower case */
    while (i < len) {
        size_t m = 0;
        while (i + m < len && s[i + m] != '-' && s[i + m] != '_') {
            if (!is_alnum(s[i + m]))
                return NULL;
            m++;
        }
        if (m == 0 || m > LANGTAG_MAX_SUBTAG)
            return NULL;
        if (k == 0 && !((m >= 2 && m <= 3) || (m == 1 && strchr("xXiI", s[i]))))
            return NULL;
        for (size_t j = 0; k == 0 && j < m; j++)
            if (!is_alpha(s[i + j]))
                return NULL;
        put_subtag(out + i, s + i, m, k, after_single);
        after_single = after_single || m == 1;
        i += m;
        if (i < len)
            out[i++] = '-';
        k++;
    }
    if (out[i - 1] == '-')
        i--;
    return arena_strndup(a, out, i);
}
