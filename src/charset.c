/* charset.c — reading charset declarations: WHATWG labels, the charset
 * parameter of a Content-Type, and the HTML standard's <meta> prescan.
 *
 * Stage 2 (decode) helper; see charset.h. decode.c chooses among what this
 * file finds, and converts.
 */
#include "charset.h"

#include <stdbool.h>
#include <string.h>

/* The encodings of the WHATWG Encoding standard that folio decodes, with
 * the glibc iconv name of the closest table. WHATWG's Shift_JIS is
 * Microsoft's CP932, its EUC-KR is CP949 and its Big5 is Big5-HKSCS, which
 * is why those iconv names differ from the labels. The "replacement" and
 * x-user-defined encodings are left out: an unknown label falls through to
 * the next source, which reads better than a page of U+FFFD. */
enum {
    E_UTF8, E_UTF16LE, E_UTF16BE, E_WIN1252, E_IBM866, E_ISO2, E_ISO3, E_ISO4, E_ISO5, E_ISO6,
    E_ISO7, E_ISO8, E_ISO8I, E_ISO10, E_ISO13, E_ISO14, E_ISO15, E_ISO16, E_KOI8R, E_KOI8U,
    E_MAC, E_WIN874, E_WIN1250, E_WIN1251, E_WIN1253, E_WIN1254, E_WIN1255, E_WIN1256,
    E_WIN1257, E_WIN1258, E_MACCYR, E_GBK, E_GB18030, E_BIG5, E_EUCJP, E_ISO2022JP, E_SJIS,
    E_EUCKR
};

static const charset_info encodings[] = {
    [E_UTF8] = {"UTF-8", "UTF-8", CHARSET_UTF8},
    [E_UTF16LE] = {"UTF-16LE", "UTF-16LE", CHARSET_UTF16LE},
    [E_UTF16BE] = {"UTF-16BE", "UTF-16BE", CHARSET_UTF16BE},
    [E_WIN1252] = {"windows-1252", "CP1252", CHARSET_WIN1252},
    [E_IBM866] = {"IBM866", "IBM866", CHARSET_ICONV},
    [E_ISO2] = {"ISO-8859-2", "ISO-8859-2", CHARSET_ICONV},
    [E_ISO3] = {"ISO-8859-3", "ISO-8859-3", CHARSET_ICONV},
    [E_ISO4] = {"ISO-8859-4", "ISO-8859-4", CHARSET_ICONV},
    [E_ISO5] = {"ISO-8859-5", "ISO-8859-5", CHARSET_ICONV},
    [E_ISO6] = {"ISO-8859-6", "ISO-8859-6", CHARSET_ICONV},
    [E_ISO7] = {"ISO-8859-7", "ISO-8859-7", CHARSET_ICONV},
    [E_ISO8] = {"ISO-8859-8", "ISO-8859-8", CHARSET_ICONV},
    [E_ISO8I] = {"ISO-8859-8-I", "ISO-8859-8", CHARSET_ICONV},
    [E_ISO10] = {"ISO-8859-10", "ISO-8859-10", CHARSET_ICONV},
    [E_ISO13] = {"ISO-8859-13", "ISO-8859-13", CHARSET_ICONV},
    [E_ISO14] = {"ISO-8859-14", "ISO-8859-14", CHARSET_ICONV},
    [E_ISO15] = {"ISO-8859-15", "ISO-8859-15", CHARSET_ICONV},
    [E_ISO16] = {"ISO-8859-16", "ISO-8859-16", CHARSET_ICONV},
    [E_KOI8R] = {"KOI8-R", "KOI8-R", CHARSET_ICONV},
    [E_KOI8U] = {"KOI8-U", "KOI8-U", CHARSET_ICONV},
    [E_MAC] = {"macintosh", "MACINTOSH", CHARSET_ICONV},
    [E_WIN874] = {"windows-874", "CP874", CHARSET_ICONV},
    [E_WIN1250] = {"windows-1250", "CP1250", CHARSET_ICONV},
    [E_WIN1251] = {"windows-1251", "CP1251", CHARSET_ICONV},
    [E_WIN1253] = {"windows-1253", "CP1253", CHARSET_ICONV},
    [E_WIN1254] = {"windows-1254", "CP1254", CHARSET_ICONV},
    [E_WIN1255] = {"windows-1255", "CP1255", CHARSET_ICONV},
    [E_WIN1256] = {"windows-1256", "CP1256", CHARSET_ICONV},
    [E_WIN1257] = {"windows-1257", "CP1257", CHARSET_ICONV},
    [E_WIN1258] = {"windows-1258", "CP1258", CHARSET_ICONV},
    [E_MACCYR] = {"x-mac-cyrillic", "MAC-CYRILLIC", CHARSET_ICONV},
    [E_GBK] = {"GBK", "GBK", CHARSET_ICONV, true},
    [E_GB18030] = {"gb18030", "GB18030", CHARSET_ICONV, true},
    [E_BIG5] = {"Big5", "BIG5-HKSCS", CHARSET_ICONV, true},
    [E_EUCJP] = {"EUC-JP", "EUC-JP", CHARSET_ICONV, true},
    [E_ISO2022JP] = {"ISO-2022-JP", "ISO-2022-JP", CHARSET_ICONV},
    [E_SJIS] = {"Shift_JIS", "CP932", CHARSET_ICONV, true},
    [E_EUCKR] = {"EUC-KR", "CP949", CHARSET_ICONV, true},
};

/* The labels of the WHATWG Encoding standard (lower case). latin1,
 * iso-8859-1 and ascii mean windows-1252 there, because that is what the
 * pages that say so are really written in; gb2312 means GBK, x-sjis means
 * Shift_JIS, and so on. */
static const struct {
    const char *label;
    unsigned char enc;
} labels[] = {
    {"unicode-1-1-utf-8", E_UTF8}, {"unicode11utf8", E_UTF8}, {"unicode20utf8", E_UTF8},
    {"utf-8", E_UTF8}, {"utf8", E_UTF8}, {"x-unicode20utf8", E_UTF8},
    {"csunicode", E_UTF16LE}, {"iso-10646-ucs-2", E_UTF16LE}, {"ucs-2", E_UTF16LE},
    {"unicode", E_UTF16LE}, {"unicodefeff", E_UTF16LE}, {"utf-16", E_UTF16LE},
    {"utf-16le", E_UTF16LE}, {"unicodefffe", E_UTF16BE}, {"utf-16be", E_UTF16BE},
    {"ansi_x3.4-1968", E_WIN1252}, {"ascii", E_WIN1252}, {"cp1252", E_WIN1252},
    {"cp819", E_WIN1252}, {"csisolatin1", E_WIN1252}, {"ibm819", E_WIN1252},
    {"iso-8859-1", E_WIN1252}, {"iso-ir-100", E_WIN1252}, {"iso8859-1", E_WIN1252},
    {"iso88591", E_WIN1252}, {"iso_8859-1", E_WIN1252}, {"iso_8859-1:1987", E_WIN1252},
    {"l1", E_WIN1252}, {"latin1", E_WIN1252}, {"us-ascii", E_WIN1252},
    {"windows-1252", E_WIN1252}, {"x-cp1252", E_WIN1252},
    {"866", E_IBM866}, {"cp866", E_IBM866}, {"csibm866", E_IBM866}, {"ibm866", E_IBM866},
    {"csisolatin2", E_ISO2}, {"iso-8859-2", E_ISO2}, {"iso-ir-101", E_ISO2},
    {"iso8859-2", E_ISO2}, {"iso88592", E_ISO2}, {"iso_8859-2", E_ISO2},
    {"iso_8859-2:1987", E_ISO2}, {"l2", E_ISO2}, {"latin2", E_ISO2},
    {"csisolatin3", E_ISO3}, {"iso-8859-3", E_ISO3}, {"iso-ir-109", E_ISO3},
    {"iso8859-3", E_ISO3}, {"iso88593", E_ISO3}, {"iso_8859-3", E_ISO3},
    {"iso_8859-3:1988", E_ISO3}, {"l3", E_ISO3}, {"latin3", E_ISO3},
    {"csisolatin4", E_ISO4}, {"iso-8859-4", E_ISO4}, {"iso-ir-110", E_ISO4},
    {"iso8859-4", E_ISO4}, {"iso88594", E_ISO4}, {"iso_8859-4", E_ISO4},
    {"iso_8859-4:1988", E_ISO4}, {"l4", E_ISO4}, {"latin4", E_ISO4},
    {"csisolatincyrillic", E_ISO5}, {"cyrillic", E_ISO5}, {"iso-8859-5", E_ISO5},
    {"iso-ir-144", E_ISO5}, {"iso8859-5", E_ISO5}, {"iso88595", E_ISO5},
    {"iso_8859-5", E_ISO5}, {"iso_8859-5:1988", E_ISO5},
    {"arabic", E_ISO6}, {"asmo-708", E_ISO6}, {"csiso88596e", E_ISO6}, {"csiso88596i", E_ISO6},
    {"csisolatinarabic", E_ISO6}, {"ecma-114", E_ISO6}, {"iso-8859-6", E_ISO6},
    {"iso-8859-6-e", E_ISO6}, {"iso-8859-6-i", E_ISO6}, {"iso-ir-127", E_ISO6},
    {"iso8859-6", E_ISO6}, {"iso88596", E_ISO6}, {"iso_8859-6", E_ISO6},
    {"iso_8859-6:1987", E_ISO6},
    {"csisolatingreek", E_ISO7}, {"ecma-118", E_ISO7}, {"elot_928", E_ISO7}, {"greek", E_ISO7},
    {"greek8", E_ISO7}, {"iso-8859-7", E_ISO7}, {"iso-ir-126", E_ISO7}, {"iso8859-7", E_ISO7},
    {"iso88597", E_ISO7}, {"iso_8859-7", E_ISO7}, {"iso_8859-7:1987", E_ISO7},
    {"sun_eu_greek", E_ISO7},
    {"csiso88598e", E_ISO8}, {"csisolatinhebrew", E_ISO8}, {"hebrew", E_ISO8},
    {"iso-8859-8", E_ISO8}, {"iso-8859-8-e", E_ISO8}, {"iso-ir-138", E_ISO8},
    {"iso8859-8", E_ISO8}, {"iso88598", E_ISO8}, {"iso_8859-8", E_ISO8},
    {"iso_8859-8:1988", E_ISO8}, {"visual", E_ISO8},
    {"csiso88598i", E_ISO8I}, {"iso-8859-8-i", E_ISO8I}, {"logical", E_ISO8I},
    {"csisolatin6", E_ISO10}, {"iso-8859-10", E_ISO10}, {"iso-ir-157", E_ISO10},
    {"iso8859-10", E_ISO10}, {"iso885910", E_ISO10}, {"l6", E_ISO10}, {"latin6", E_ISO10},
    {"iso-8859-13", E_ISO13}, {"iso8859-13", E_ISO13}, {"iso885913", E_ISO13},
    {"iso-8859-14", E_ISO14}, {"iso8859-14", E_ISO14}, {"iso885914", E_ISO14},
    {"csisolatin9", E_ISO15}, {"iso-8859-15", E_ISO15}, {"iso8859-15", E_ISO15},
    {"iso885915", E_ISO15}, {"iso_8859-15", E_ISO15}, {"l9", E_ISO15},
    {"iso-8859-16", E_ISO16},
    {"cskoi8r", E_KOI8R}, {"koi", E_KOI8R}, {"koi8", E_KOI8R}, {"koi8-r", E_KOI8R},
    {"koi8_r", E_KOI8R}, {"koi8-ru", E_KOI8U}, {"koi8-u", E_KOI8U},
    {"csmacintosh", E_MAC}, {"mac", E_MAC}, {"macintosh", E_MAC}, {"x-mac-roman", E_MAC},
    {"dos-874", E_WIN874}, {"iso-8859-11", E_WIN874}, {"iso8859-11", E_WIN874},
    {"iso885911", E_WIN874}, {"tis-620", E_WIN874}, {"windows-874", E_WIN874},
    {"cp1250", E_WIN1250}, {"windows-1250", E_WIN1250}, {"x-cp1250", E_WIN1250},
    {"cp1251", E_WIN1251}, {"windows-1251", E_WIN1251}, {"x-cp1251", E_WIN1251},
    {"cp1253", E_WIN1253}, {"windows-1253", E_WIN1253}, {"x-cp1253", E_WIN1253},
    {"cp1254", E_WIN1254}, {"csisolatin5", E_WIN1254}, {"iso-8859-9", E_WIN1254},
    {"iso-ir-148", E_WIN1254}, {"iso8859-9", E_WIN1254}, {"iso88599", E_WIN1254},
    {"iso_8859-9", E_WIN1254}, {"iso_8859-9:1989", E_WIN1254}, {"l5", E_WIN1254},
    {"latin5", E_WIN1254}, {"windows-1254", E_WIN1254}, {"x-cp1254", E_WIN1254},
    {"cp1255", E_WIN1255}, {"windows-1255", E_WIN1255}, {"x-cp1255", E_WIN1255},
    {"cp1256", E_WIN1256}, {"windows-1256", E_WIN1256}, {"x-cp1256", E_WIN1256},
    {"cp1257", E_WIN1257}, {"windows-1257", E_WIN1257}, {"x-cp1257", E_WIN1257},
    {"cp1258", E_WIN1258}, {"windows-1258", E_WIN1258}, {"x-cp1258", E_WIN1258},
    {"x-mac-cyrillic", E_MACCYR}, {"x-mac-ukrainian", E_MACCYR},
    {"chinese", E_GBK}, {"csgb2312", E_GBK}, {"csiso58gb231280", E_GBK}, {"gb2312", E_GBK},
    {"gb_2312", E_GBK}, {"gb_2312-80", E_GBK}, {"gbk", E_GBK}, {"iso-ir-58", E_GBK},
    {"x-gbk", E_GBK}, {"gb18030", E_GB18030},
    {"big5", E_BIG5}, {"big5-hkscs", E_BIG5}, {"cn-big5", E_BIG5}, {"csbig5", E_BIG5},
    {"x-x-big5", E_BIG5},
    {"cseucpkdfmtjapanese", E_EUCJP}, {"euc-jp", E_EUCJP}, {"x-euc-jp", E_EUCJP},
    {"csiso2022jp", E_ISO2022JP}, {"iso-2022-jp", E_ISO2022JP},
    {"csshiftjis", E_SJIS}, {"ms932", E_SJIS}, {"ms_kanji", E_SJIS}, {"shift-jis", E_SJIS},
    {"shift_jis", E_SJIS}, {"sjis", E_SJIS}, {"windows-31j", E_SJIS}, {"x-sjis", E_SJIS},
    {"cseuckr", E_EUCKR}, {"csksc56011987", E_EUCKR}, {"euc-kr", E_EUCKR},
    {"iso-ir-149", E_EUCKR}, {"korean", E_EUCKR}, {"ks_c_5601-1987", E_EUCKR},
    {"ks_c_5601-1989", E_EUCKR}, {"ksc5601", E_EUCKR}, {"ksc_5601", E_EUCKR},
    {"windows-949", E_EUCKR},
};

/* The prescan reads this many bytes, as the HTML standard says. */
enum { PRESCAN_BYTES = 1024 };

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

const charset_info *charset_lookup(const char *label, size_t n)
{
    while (n > 0 && is_space((unsigned char)*label)) {
        label++;
        n--;
    }
    while (n > 0 && is_space((unsigned char)label[n - 1]))
        n--;
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        const char *l = labels[i].label;
        size_t k = 0;
        while (k < n && l[k] && lower((unsigned char)label[k]) == l[k])
            k++;
        if (k == n && !l[k])
            return &encodings[labels[i].enc];
    }
    return NULL;
}

const charset_info *charset_get(charset_kind kind)
{
    switch (kind) {
    case CHARSET_UTF16LE:
        return &encodings[E_UTF16LE];
    case CHARSET_UTF16BE:
        return &encodings[E_UTF16BE];
    case CHARSET_UTF8:
        return &encodings[E_UTF8];
    default:
        return &encodings[E_WIN1252];
    }
}

/* The value after "charset" in s[0..n) (the HTML standard's "extracting a
 * character encoding from a meta element", also good for a Content-Type):
 * sets *v and *vn and returns true, or false when there is none. */
static bool find_charset_param(const char *s, size_t n, const char **v, size_t *vn)
{
    static const char key[] = "charset";
    size_t i = 0;
    for (;;) {
        while (i + 7 <= n) { /* find "charset", any case */
            size_t k = 0;
            while (k < 7 && lower((unsigned char)s[i + k]) == key[k])
                k++;
            if (k == 7)
                break;
            i++;
        }
        if (i + 7 > n)
            return false;
        i += 7;
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        if (i < n && s[i] == '=')
            break;
        /* not "charset=": look for the next occurrence */
    }
    i++;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    if (i >= n)
        return false;
    if (s[i] == '"' || s[i] == '\'') {
        const char *close = memchr(s + i + 1, s[i], n - i - 1);
        if (!close)
            return false;
        *v = s + i + 1;
        *vn = (size_t)(close - *v);
        return true;
    }
    size_t j = i;
    while (j < n && !is_space((unsigned char)s[j]) && s[j] != ';')
        j++;
    *v = s + i;
    *vn = j - i;
    return j > i;
}

const charset_info *charset_from_content_type(const char *ct)
{
    if (!ct)
        return NULL;
    const char *semi = strchr(ct, ';');
    if (!semi)
        return NULL;
    const char *v;
    size_t vn;
    if (!find_charset_param(semi, strlen(semi), &v, &vn))
        return NULL;
    return charset_lookup(v, vn);
}

/* The prescan's cursor over the first bytes of the page. */
typedef struct {
    const unsigned char *s;
    size_t n, i;
} scan;

/* An attribute read by the prescan: name lower-cased into a small buffer
 * (longer names cannot be ones we want), value a slice of the input. */
typedef struct {
    char name[16];
    size_t name_len;
    const char *value;
    size_t value_len;
} scan_attr;

static void name_put(scan_attr *a, unsigned char c)
{
    if (a->name_len + 1 < sizeof a->name)
        a->name[a->name_len] = (char)lower(c);
    a->name_len++;
}

/* True when p[0..n) is lit, ASCII case ignored (lit is lower case). */
static bool slice_ieq(const char *p, size_t n, const char *lit)
{
    size_t k = 0;
    while (k < n && lit[k] && lower((unsigned char)p[k]) == lit[k])
        k++;
    return k == n && !lit[k];
}

static bool attr_is(const scan_attr *a, const char *want)
{
    return a->name_len < sizeof a->name && a->name_len == strlen(want) &&
           memcmp(a->name, want, a->name_len) == 0;
}

/* The value part of "get an attribute": returns false at the end. */
static bool scan_value(scan *c, scan_attr *a)
{
    while (c->i < c->n && is_space(c->s[c->i]))
        c->i++;
    if (c->i >= c->n)
        return false;
    unsigned char q = c->s[c->i];
    if (q == '"' || q == '\'') {
        size_t start = ++c->i;
        while (c->i < c->n && c->s[c->i] != q)
            c->i++;
        if (c->i >= c->n)
            return false;
        a->value = (const char *)c->s + start;
        a->value_len = c->i++ - start;
        return true;
    }
    if (q == '>')
        return true;
    size_t start = c->i;
    while (c->i < c->n && !is_space(c->s[c->i]) && c->s[c->i] != '>')
        c->i++;
    if (c->i >= c->n)
        return false;
    a->value = (const char *)c->s + start;
    a->value_len = c->i - start;
    return true;
}

/* The HTML standard's "get an attribute". Returns 1 with an attribute, 0
 * at the end of the tag ('>' left for the caller), -1 at the end of the
 * scanned bytes. Values keep their case; charset labels ignore it. */
static int scan_attribute(scan *c, scan_attr *a)
{
    memset(a, 0, sizeof *a);
    while (c->i < c->n && (is_space(c->s[c->i]) || c->s[c->i] == '/'))
        c->i++;
    if (c->i >= c->n)
        return -1;
    if (c->s[c->i] == '>')
        return 0;
    for (;; c->i++) {
        if (c->i >= c->n)
            return -1;
        unsigned char b = c->s[c->i];
        if (b == '=' && a->name_len > 0)
            break;
        if (is_space(b)) {
            while (c->i < c->n && is_space(c->s[c->i]))
                c->i++;
            if (c->i >= c->n)
                return -1;
            if (c->s[c->i] != '=')
                return 1;
            break;
        }
        if (b == '/' || b == '>')
            return 1;
        name_put(a, b);
    }
    c->i++; /* past '=' */
    return scan_value(c, a) ? 1 : -1;
}

/* What one <meta> tag declares, as the prescan's rules for http-equiv,
 * content and charset say; NULL when it declares nothing usable. */
static const charset_info *scan_meta(scan *c, bool *ended)
{
    bool got_pragma = false, seen_he = false, seen_content = false, seen_charset = false;
    int need_pragma = -1; /* -1 null, 0 false, 1 true */
    const charset_info *cs = NULL;
    scan_attr a;
    int r;
    while ((r = scan_attribute(c, &a)) == 1) {
        if (attr_is(&a, "http-equiv") && !seen_he) {
            seen_he = true;
            got_pragma = slice_ieq(a.value, a.value_len, "content-type");
        } else if (attr_is(&a, "content") && !seen_content) {
            seen_content = true;
            const char *v;
            size_t vn;
            if (!cs && find_charset_param(a.value, a.value_len, &v, &vn)) {
                cs = charset_lookup(v, vn);
                need_pragma = 1;
            }
        } else if (attr_is(&a, "charset") && !seen_charset) {
            seen_charset = true;
            cs = charset_lookup(a.value, a.value_len);
            need_pragma = 0;
        }
    }
    *ended = r < 0;
    if (need_pragma < 0 || (need_pragma == 1 && !got_pragma) || !cs)
        return NULL;
    if (cs->kind == CHARSET_UTF16LE || cs->kind == CHARSET_UTF16BE)
        return &encodings[E_UTF8];
    return cs;
}

/* Skips a tag that is not <meta>: its name, then its attributes. Returns
 * false when the scanned bytes end inside it. */
static bool skip_tag(scan *c)
{
    while (c->i < c->n && !is_space(c->s[c->i]) && c->s[c->i] != '>')
        c->i++;
    scan_attr a;
    int r;
    while ((r = scan_attribute(c, &a)) == 1)
        ;
    return r == 0;
}

static bool at(const scan *c, const char *lit)
{
    size_t k = strlen(lit);
    return c->n - c->i >= k && slice_ieq((const char *)c->s + c->i, k, lit);
}

static bool is_letter(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

/* Skips to just past the next b; false when there is none. */
static bool skip_past(scan *c, unsigned char b)
{
    const void *p = memchr(c->s + c->i, b, c->n - c->i);
    if (!p)
        return false;
    c->i = (size_t)((const unsigned char *)p - c->s) + 1;
    return true;
}

/* The prescan loop over the first `limit` bytes. */
static const charset_info *prescan(const char *bytes, size_t len, size_t limit)
{
    scan c = {(const unsigned char *)bytes, len < limit ? len : limit, 0};
    while (c.i < c.n) {
        if (at(&c, "<!--")) {
            /* "<!-->" closes at once: the "--" of "-->" may be the opener's */
            const char *end = NULL;
            for (size_t j = c.i + 2; j + 3 <= c.n && !end; j++)
                if (memcmp(c.s + j, "-->", 3) == 0)
                    end = (const char *)c.s + j;
            if (!end)
                return NULL;
            c.i = (size_t)((const unsigned char *)end - c.s) + 3;
        } else if (at(&c, "<meta") && c.n - c.i > 5 &&
                   (is_space(c.s[c.i + 5]) || c.s[c.i + 5] == '/')) {
            c.i += 6;
            bool ended = false;
            const charset_info *cs = scan_meta(&c, &ended);
            if (cs)
                return cs;
            if (ended)
                return NULL;
        } else if (c.s[c.i] == '<' && c.n - c.i > 2 &&
                   (is_letter(c.s[c.i + 1]) || (c.s[c.i + 1] == '/' && is_letter(c.s[c.i + 2])))) {
            c.i += c.s[c.i + 1] == '/' ? 2 : 1;
            if (!skip_tag(&c))
                return NULL;
        } else if (at(&c, "<!") || at(&c, "</") || at(&c, "<?")) {
            if (!skip_past(&c, '>'))
                return NULL;
        } else {
            c.i++;
        }
    }
    return NULL;
}

const charset_info *charset_prescan(const char *bytes, size_t len)
{
    return prescan(bytes, len, PRESCAN_BYTES);
}

const charset_info *charset_late_meta(const char *bytes, size_t len, size_t limit)
{
    return prescan(bytes, len, limit);
}
