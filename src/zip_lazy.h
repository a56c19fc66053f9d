/* zip_lazy.h — libzip, loaded the first time an EPUB is zipped.
 *
 * libzip brings libcrypto, libbz2 and zlib; loading and relocating them
 * cost every folio process about 2.5 million instructions, four times
 * gumbo's parse of a small page, though only EPUBs need them. So, as with
 * libcurl (lazylib.h), folio is built against libzip's headers only and
 * epub_archive.c, the one user, calls it through this table.
 */
#ifndef FOLIO_ZIP_LAZY_H
#define FOLIO_ZIP_LAZY_H

#include <stddef.h>
#include <zip.h>

/* The library's file name: the soname of libzip 1.x (Debian's libzip4). */
#define ZIP_LAZY_SONAME "libzip.so.4"

typedef struct zip_lazy_api {
    void (*error_init)(zip_error_t *);
    void (*error_fini)(zip_error_t *);
    zip_source_t *(*source_buffer_create)(const void *, zip_uint64_t, int, zip_error_t *);
    zip_source_t *(*source_buffer)(zip_t *, const void *, zip_uint64_t, int);
    void (*source_keep)(zip_source_t *);
    void (*source_free)(zip_source_t *);
    int (*source_stat)(zip_source_t *, zip_stat_t *);
    int (*source_open)(zip_source_t *);
    zip_int64_t (*source_read)(zip_source_t *, void *, zip_uint64_t);
    int (*source_close)(zip_source_t *);
    void (*stat_init)(zip_stat_t *);
    zip_t *(*open_from_source)(zip_source_t *, int, zip_error_t *);
    zip_int64_t (*file_add)(zip_t *, const char *, zip_source_t *, zip_flags_t);
    int (*set_file_compression)(zip_t *, zip_uint64_t, zip_int32_t, zip_uint32_t);
    int (*file_set_dostime)(zip_t *, zip_uint64_t, zip_uint16_t, zip_uint16_t, zip_flags_t);
    int (*file_set_external_attributes)(zip_t *, zip_uint64_t, zip_flags_t, zip_uint8_t,
                                        zip_uint32_t);
    int (*close)(zip_t *);
    void (*discard)(zip_t *);
} zip_lazy_api;

/* libzip's functions once loaded; NULL when it could not be loaded, with
 * one line saying why in err. Safe from several threads: the first call
 * loads, under pthread_once. */
const zip_lazy_api *zip_lazy(char *err, size_t errlen);

#endif
