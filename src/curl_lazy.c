/* curl_lazy.c — opens libcurl on first use; see curl_lazy.h.
 *
 * The table and the reason are written once, inside pthread_once, and only
 * read afterwards; the handle is never closed (libcurl stays loaded until
 * the process ends, as it would have if linked). */
#include "curl_lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t lazy_once = PTHREAD_ONCE_INIT;
static curl_lazy_api lazy_api;
static const curl_lazy_api *lazy_loaded;
static char lazy_why[160];

/* dlsym's object pointer turned into a function pointer through memcpy:
 * POSIX guarantees the two have the same representation; ISO C has no
 * conversion between them. */
#define LOAD(field, name)                                                         \
    do {                                                                          \
        void *sym_ = dlsym(h, name);                                              \
        if (!sym_) {                                                              \
            snprintf(lazy_why, sizeof lazy_why, "%s lacks %s", CURL_LAZY_SONAME, name); \
            return;                                                               \
        }                                                                         \
        memcpy(&lazy_api.field, &sym_, sizeof lazy_api.field);                    \
    } while (0)

/* Where libcurl may be: first the library folio was built against (meson
 * passes pkg-config's libdir), then the loader's search path under the
 * names Debian's OpenSSL, GnuTLS and NSS builds give it. */
static const char *const lazy_names[] = {
#ifdef FOLIO_CURL_LIBDIR
    FOLIO_CURL_LIBDIR "/" CURL_LAZY_SONAME,
#endif
    CURL_LAZY_SONAME, "libcurl-gnutls.so.4", "libcurl-nss.so.4"};

static void *open_curl(void)
{
    char first[128] = "";
    for (size_t i = 0; i < sizeof lazy_names / sizeof lazy_names[0]; i++) {
        void *h = dlopen(lazy_names[i], RTLD_NOW | RTLD_LOCAL);
        if (h)
            return h;
        const char *e = dlerror();
        if (!*first)
            snprintf(first, sizeof first, "%s", e ? e : "not found");
    }
    snprintf(lazy_why, sizeof lazy_why, "cannot load %s: %s", CURL_LAZY_SONAME, first);
    for (char *p = lazy_why; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return NULL;
}

static void load_from(void *h);

static void load(void)
{
    void *h = open_curl();
    if (!h)
        return;
    load_from(h);
    if (!lazy_loaded)
        dlclose(h);
}

static void load_from(void *h)
{
    CURLcode (*global_init)(long);
    void *gi = dlsym(h, "curl_global_init");
    if (!gi) {
        snprintf(lazy_why, sizeof lazy_why, "%s lacks curl_global_init", CURL_LAZY_SONAME);
        return;
    }
    memcpy(&global_init, &gi, sizeof global_init);
    LOAD(easy_init, "curl_easy_init");
    LOAD(easy_setopt, "curl_easy_setopt");
    LOAD(easy_perform, "curl_easy_perform");
    LOAD(easy_getinfo, "curl_easy_getinfo");
    LOAD(easy_cleanup, "curl_easy_cleanup");
    LOAD(easy_strerror, "curl_easy_strerror");
    LOAD(slist_append, "curl_slist_append");
    LOAD(slist_free_all, "curl_slist_free_all");
    LOAD(multi_init, "curl_multi_init");
    LOAD(multi_add_handle, "curl_multi_add_handle");
    LOAD(multi_remove_handle, "curl_multi_remove_handle");
    LOAD(multi_perform, "curl_multi_perform");
    LOAD(multi_poll, "curl_multi_poll");
    LOAD(multi_info_read, "curl_multi_info_read");
    LOAD(multi_cleanup, "curl_multi_cleanup");
    if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(lazy_why, sizeof lazy_why, "libcurl could not start (curl_global_init)");
        return;
    }
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
