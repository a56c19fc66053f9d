/* zip_lazy.c — opens libzip on first use; see zip_lazy.h and lazylib.h. */
#include "zip_lazy.h"

#include <pthread.h>
#include <stdio.h>

#include "lazylib.h"

static pthread_once_t lazy_once = PTHREAD_ONCE_INIT;
static zip_lazy_api lazy_api;
static const zip_lazy_api *lazy_loaded;
static char lazy_why[160];

/* The library folio was built against (meson passes pkg-config's libdir),
 * then the loader's search path. */
static const char *const lazy_names[] = {
#ifdef FOLIO_ZIP_LIBDIR
    FOLIO_ZIP_LIBDIR "/" ZIP_LAZY_SONAME,
#endif
    ZIP_LAZY_SONAME};

/* Checked against zip.h's declarations at compile time (see curl_lazy.c). */
#define SYM(field, fn) {#fn, offsetof(zip_lazy_api, field) + 0 * sizeof(((zip_lazy_api *)0)->field = fn)}
static const lazylib_sym lazy_syms[] = {
    SYM(error_init, zip_error_init),
    SYM(error_fini, zip_error_fini),
    SYM(source_buffer_create, zip_source_buffer_create),
    SYM(source_buffer, zip_source_buffer),
    SYM(source_keep, zip_source_keep),
    SYM(source_free, zip_source_free),
    SYM(source_stat, zip_source_stat),
    SYM(source_open, zip_source_open),
    SYM(source_read, zip_source_read),
    SYM(source_close, zip_source_close),
    SYM(stat_init, zip_stat_init),
    SYM(open_from_source, zip_open_from_source),
    SYM(file_add, zip_file_add),
    SYM(set_file_compression, zip_set_file_compression),
    SYM(file_set_dostime, zip_file_set_dostime),
    SYM(file_set_external_attributes, zip_file_set_external_attributes),
    SYM(close, zip_close),
    SYM(discard, zip_discard),
};
#undef SYM

static void load(void)
{
    if (lazylib_open(ZIP_LAZY_SONAME, lazy_names, sizeof lazy_names / sizeof lazy_names[0],
                     lazy_syms, sizeof lazy_syms / sizeof lazy_syms[0], &lazy_api, lazy_why,
                     sizeof lazy_why))
        lazy_loaded = &lazy_api;
}

const zip_lazy_api *zip_lazy(char *err, size_t errlen)
{
    pthread_once(&lazy_once, load);
    if (!lazy_loaded && err && errlen)
        snprintf(err, errlen, "%s", lazy_why);
    return lazy_loaded;
}
