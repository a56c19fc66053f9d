/* curl_lazy.c — opens libcurl on first use; see curl_lazy.h.
 *
 * The table and the reason are written once, inside pthread_once, and only
 * read afterwards; the library stays loaded until the process ends, as it
 * would have if linked. */
#include "curl_lazy.h"

#include <pthread.h>
#include <stdio.h>

#include "lazylib.h"

static pthread_once_t lazy_once = PTHREAD_ONCE_INIT;
static curl_lazy_api lazy_api;
static const curl_lazy_api *lazy_loaded;
static char lazy_why[160];

/* Where libcurl may be: first the library folio was built against (meson
 * passes pkg-config's libdir), then the loader's search path under the
 * names Debian's OpenSSL, GnuTLS and NSS builds give it. */
static const char *const lazy_names[] = {
#ifdef FOLIO_CURL_LIBDIR
    FOLIO_CURL_LIBDIR "/" CURL_LAZY_SONAME,
#endif
    CURL_LAZY_SONAME, "libcurl-gnutls.so.4", "libcurl-nss.so.4"};

/* The table, plus curl_global_init, which only load() calls. */
typedef struct {
    curl_lazy_api api;
    CURLcode (*global_init)(long);
} curl_lazy_all;

/* Each entry is checked against curl.h's declaration at compile time: the
 * assignment inside sizeof is never evaluated, so it does not link the
 * symbol, but a mismatched type does not compile cleanly. */
#define SYM(field, fn) {#fn, offsetof(curl_lazy_all, field) + 0 * sizeof(((curl_lazy_all *)0)->field = fn)}
static const lazylib_sym lazy_syms[] = {
    SYM(global_init, curl_global_init),
    SYM(api.easy_init, curl_easy_init),
    SYM(api.easy_setopt, curl_easy_setopt),
    SYM(api.easy_perform, curl_easy_perform),
    SYM(api.easy_getinfo, curl_easy_getinfo),
    SYM(api.easy_cleanup, curl_easy_cleanup),
    SYM(api.easy_strerror, curl_easy_strerror),
    SYM(api.slist_append, curl_slist_append),
    SYM(api.slist_free_all, curl_slist_free_all),
    SYM(api.multi_init, curl_multi_init),
    SYM(api.multi_add_handle, curl_multi_add_handle),
    SYM(api.multi_remove_handle, curl_multi_remove_handle),
    SYM(api.multi_perform, curl_multi_perform),
    SYM(api.multi_poll, curl_multi_poll),
    SYM(api.multi_info_read, curl_multi_info_read),
    SYM(api.multi_cleanup, curl_multi_cleanup),
};
#undef SYM

static void load(void)
{
    static curl_lazy_all all;
    if (!lazylib_open(CURL_LAZY_SONAME, lazy_names, sizeof lazy_names / sizeof lazy_names[0],
                      lazy_syms, sizeof lazy_syms / sizeof lazy_syms[0], &all, lazy_why,
                      sizeof lazy_why))
        return;
    if (all.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(lazy_why, sizeof lazy_why, "libcurl could not start (curl_global_init)");
        return;
    }
    lazy_api = all.api;
    lazy_loaded = &lazy_api;
}

const curl_lazy_api *curl_lazy(char *err, size_t errlen)
{
    pthread_once(&lazy_once, load);
    if (!lazy_loaded && err && errlen)
        snprintf(err, errlen, "%s", lazy_why);
    return lazy_loaded;
}

const char *curl_lazy_error(void)
{
    pthread_once(&lazy_once, load);
    return lazy_loaded ? NULL : lazy_why;
}
