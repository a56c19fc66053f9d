/* curl_lazy.h — libcurl, loaded the first time a URL needs it.
 *
 * Linking libcurl pulls some 35 shared libraries (TLS, Kerberos, LDAP,
 * SSH, IDN...) into every folio process; loading and relocating them cost
 * 4 ms of CPU per process, eight times gumbo's whole parse of a small page,
 * paid by every script that converts a local file per call. So folio is
 * built against libcurl's headers only (pkg-config still finds them) and
 * opens the library with dlopen on the first download, under pthread_once.
 * fetch.c and resources.c call curl through the table below; nothing else
 * may.
 */
#ifndef FOLIO_CURL_LAZY_H
#define FOLIO_CURL_LAZY_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

/* The library's file name: the soname of libcurl 7.16 and later (Debian's
 * GnuTLS and NSS builds are tried too, see curl_lazy.c). Packagers: folio
 * needs libcurl at run time for URLs although it is not in the binary's
 * NEEDED list; Debian's package is libcurl4. */
#define CURL_LAZY_SONAME "libcurl.so.4"

typedef struct curl_lazy_api {
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_cleanup)(CURLM *);
} curl_lazy_api;

/* Typed calls of easy_setopt and easy_getinfo. curl's header checks the
 * types of direct calls (typecheck-gcc.h) but cannot see calls through a
 * pointer, and a wrong one (an int for a long option) is undefined
 * behaviour through "...". These check at compile time that the option is
 * of the kind named, and pass the value as the type curl reads. */
#define CURL_LAZY_OPT_IS(opt, kind) ((void)sizeof(char[(opt) / 10000 * 10000 == (kind) ? 1 : -1]))
#define CURL_LAZY_INFO_IS(info, kind) \
    ((void)sizeof(char[((info) & CURLINFO_TYPEMASK) == (kind) ? 1 : -1]))

#define curl_set_long(C, h, opt, v) \
    (CURL_LAZY_OPT_IS(opt, CURLOPTTYPE_LONG), (C)->easy_setopt((h), (opt), (long)(v)))
#define curl_set_off(C, h, opt, v) \
    (CURL_LAZY_OPT_IS(opt, CURLOPTTYPE_OFF_T), (C)->easy_setopt((h), (opt), (curl_off_t)(v)))
/* v must be a pointer: comparing an integer with (void *)0 does not compile
 * cleanly. Strings, lists and callback data alike. */
#define curl_set_ptr(C, h, opt, v)                                                           \
    (CURL_LAZY_OPT_IS(opt, CURLOPTTYPE_OBJECTPOINT), (void)sizeof((v) == (void *)0),          \
     (C)->easy_setopt((h), (opt), (v)))
#define curl_set_fn(C, h, opt, v) \
    (CURL_LAZY_OPT_IS(opt, CURLOPTTYPE_FUNCTIONPOINT), (C)->easy_setopt((h), (opt), (v)))

#define curl_get_long(C, h, info, p) \
    (CURL_LAZY_INFO_IS(info, CURLINFO_LONG), curl_lazy_get_long_((C), (h), (info), (p)))
#define curl_get_str(C, h, info, p) \
    (CURL_LAZY_INFO_IS(info, CURLINFO_STRING), curl_lazy_get_str_((C), (h), (info), (p)))
#define curl_get_off(C, h, info, p) \
    (CURL_LAZY_INFO_IS(info, CURLINFO_OFF_T), curl_lazy_get_off_((C), (h), (info), (p)))

/* libcurl's functions once loaded; NULL when it could not be loaded, with
 * one line saying why in err. The first call opens the library and runs
 * curl_global_init exactly once, whichever thread gets there first; later
 * calls only read the result. */
const curl_lazy_api *curl_lazy(char *err, size_t errlen);

/* Why libcurl could not be loaded (a static string, valid until the
 * process ends), or NULL when it was. */
const char *curl_lazy_error(void);

/* The typed getinfo calls behind the macros above. */
static inline CURLcode curl_lazy_get_long_(const curl_lazy_api *C, CURL *h, CURLINFO i, long *p)
{
    return C->easy_getinfo(h, i, p);
}

static inline CURLcode curl_lazy_get_str_(const curl_lazy_api *C, CURL *h, CURLINFO i, char **p)
{
    return C->easy_getinfo(h, i, p);
}

static inline CURLcode curl_lazy_get_off_(const curl_lazy_api *C, CURL *h, CURLINFO i,
                                          curl_off_t *p)
{
    return C->easy_getinfo(h, i, p);
}

#endif
