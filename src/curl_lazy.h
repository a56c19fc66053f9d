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

/* The library's file name: the soname of libcurl 7.16 and later. */
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

/* libcurl's functions once loaded; NULL when it could not be loaded, with
 * one line saying why in err. The first call opens the library and runs
 * curl_global_init exactly once, whichever thread gets there first; later
 * calls only read the result. */
const curl_lazy_api *curl_lazy(char *err, size_t errlen);

#endif
