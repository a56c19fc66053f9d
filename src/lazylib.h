/* lazylib.h — opening a shared library on first use and filling a table
 * of its functions.
 *
 * folio links only gumbo and libcmark, which every conversion needs.
 * libcurl (URLs) and libzip (EPUBs) bring some 35 more libraries between
 * them (TLS, Kerberos, LDAP, compression, libcrypto) whose loading and
 * relocation cost more CPU than gumbo's whole parse of a small page; so
 * they are built against by their headers only and opened with dlopen
 * when first needed (curl_lazy.c, zip_lazy.c). The callers run this under
 * pthread_once.
 */
#ifndef FOLIO_LAZYLIB_H
#define FOLIO_LAZYLIB_H

#include <stddef.h>

/* One function: its symbol and where its pointer goes in the table. */
typedef struct {
    const char *symbol;
    size_t offset;
} lazylib_sym;

/* Opens the first of the candidate file names that loads and fills, for
 * each of syms, the function pointer at table + offset. Returns the handle
 * (never closed by folio), or NULL with one line in why naming the library
 * (label, e.g. its soname) and what went wrong first; the table is then
 * not to be used. */
void *lazylib_open(const char *label, const char *const *names, size_t nnames,
                   const lazylib_sym *syms, size_t nsyms, void *table, char *why, size_t whylen);

#endif
