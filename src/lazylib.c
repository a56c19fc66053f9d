/* lazylib.c — dlopen and dlsym into a table; see lazylib.h. */
#include "lazylib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* One line: dlerror's text may hold newlines. */
static void one_line(char *s)
{
    for (; *s; s++)
        if (*s == '\n' || *s == '\r')
            *s = ' ';
}

void *lazylib_open(const char *label, const char *const *names, size_t nnames,
                   const lazylib_sym *syms, size_t nsyms, void *table, char *why, size_t whylen)
{
    void *h = NULL;
    char first[128] = "";
    for (size_t i = 0; i < nnames && !h; i++) {
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        const char *e = h ? NULL : dlerror();
        if (!h && !*first)
            snprintf(first, sizeof first, "%s", e ? e : "not found");
    }
    if (!h) {
        snprintf(why, whylen, "cannot load %s: %s", label, first);
        one_line(why);
        return NULL;
    }
    for (size_t i = 0; i < nsyms; i++) {
        void *sym = dlsym(h, syms[i].symbol);
        if (!sym) {
            snprintf(why, whylen, "%s lacks %s", label, syms[i].symbol);
            dlclose(h);
            return NULL;
        }
        /* dlsym's object pointer becomes a function pointer through memcpy:
         * POSIX guarantees they share a representation; ISO C has no
         * conversion between them. */
        memcpy((char *)table + syms[i].offset, &sym, sizeof sym);
    }
    return h;
}
