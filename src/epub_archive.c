/* epub_archive.c — the files of an EPUB book and its zip: the entries in
 * archive order (mimetype first, stored), the chapters written through
 * xhtml.c with the link and image hooks, and the archive made in memory
 * with libzip, opened on first use (zip_lazy.h). The only user of libzip. Times in the archive are
 * UTC from options.timestamp, so the bytes do not depend on TZ or a clock.
 */
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "templates.h"
#include "url.h"
#include "utf8.h"
#include "zip_lazy.h"

/* ---------------------------------------------------------------- hooks */

/* True when a and b name the same page (fragments ignored). */
static bool same_page(const char *a, const char *b)
{
    if (!b || !*b)
        return false;
    size_t na = strcspn(a, "#"), nb = strcspn(b, "#");
    return na == nb && memcmp(a, b, na) == 0;
}

/* Links to another article of the book point to its chapter; absolute web
 * and mail links stay; anything else (fragments of the page, relative
 * links that lead nowhere in the book) is dropped, keeping the text. */
static const char *hook_link(void *ctx, const char *href)
{
    const epub_book *b = ctx;
    if (href[0] == '#')
        return NULL;
    for (size_t i = 0; i < b->nch; i++) {
        const folio_meta *m = &b->ch[i].doc->meta;
        if (same_page(href, m->source) || same_page(href, m->canonical))
            return b->ch[i].file;
    }
    if (url_is_http(href))
        return xhtml_link_host_ok(href) ? href : NULL;
    if (ascii_ieqn(href, "mailto:", 7))
        return href;
    return NULL;
}

/* ---------------------------------------------------------------- files */

static folio_status add_entry(epub_book *b, const char *name, const char *data, size_t len,
                              bool store)
{
    if (!name || !data ||
        !epub_grow((void **)&b->ent, &b->capent, b->nent + 1, sizeof *b->ent))
        return FOLIO_ENOMEM;
    b->ent[b->nent++] = (epub_entry){name, data, len, store};
    return FOLIO_OK;
}

/* Moves a finished buf into the arena as the entry `name`. */
static folio_status add_buf(epub_book *b, const char *name, buf *t)
{
    if (t->failed) {
        buf_free(t);
        return FOLIO_ENOMEM;
    }
    char *data = arena_strndup(b->a, t->data ? t->data : "", t->len);
    size_t len = t->len;
    buf_free(t);
    return add_entry(b, name, data, len, false);
}

/* Writes one document of the book through fn into the entry `name`. */
static folio_status add_doc(epub_book *b, const char *name,
                            void (*fn)(buf *, const epub_book *))
{
    buf t = BUF_INIT;
    fn(&t, b);
    return add_buf(b, name, &t);
}

static folio_status write_chapter(epub_book *b, const epub_chapter *c)
{
    buf t = BUF_INIT;
    xhtml_hooks h = {epub_hook_image, hook_link, b};
    b->writing = c;
    xhtml_book_chapter(&t, b, c, &h);
    return add_buf(b, epub_printf(b->a, "OEBPS/%s", c->file), &t);
}

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" "
    "media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

/* --------------------------------------------------------- all the files */

static folio_status write_images(epub_book *b)
{
    folio_status st = FOLIO_OK;
    for (size_t i = 0; st == FOLIO_OK && i < b->imgs.n; i++) {
        const res_item *it = &b->imgs.items[i];
        if (!it->data)
            continue;
        st = add_entry(b, epub_printf(b->a, "OEBPS/%s", it->name), (const char *)it->data,
                       it->len, it->type != RES_SVG);
    }
    return st;
}

/* Writes every file of the book, in archive order. */
folio_status epub_write_files(epub_book *b)
{
    static const char mimetype[] = "application/epub+zip";
    folio_status st = add_entry(b, "mimetype", mimetype, sizeof mimetype - 1, true);
    if (st == FOLIO_OK)
        st = add_entry(b, "META-INF/container.xml", container_xml, sizeof container_xml - 1,
                       false);
    for (size_t i = 0; st == FOLIO_OK && i < b->nch; i++)
        st = epub_chapter_toc(b, &b->ch[i]);
    if (st == FOLIO_OK)
        st = add_doc(b, "OEBPS/content.opf", xhtml_book_opf);
    if (st == FOLIO_OK)
        st = add_doc(b, "OEBPS/nav.xhtml", xhtml_book_nav);
    if (st == FOLIO_OK)
        st = add_doc(b, "OEBPS/toc.ncx", xhtml_book_ncx);
    if (st == FOLIO_OK)
        st = add_entry(b, "OEBPS/style.css", folio_tpl_epub_css, folio_tpl_epub_css_len, false);
    if (st == FOLIO_OK && b->cover >= 0)
        st = add_doc(b, "OEBPS/cover.xhtml", xhtml_book_cover);
    for (size_t i = 0; st == FOLIO_OK && i < b->nch; i++)
        st = write_chapter(b, &b->ch[i]);
    if (st == FOLIO_OK)
        st = write_images(b);
    return st;
}

/* ------------------------------------------------------------- zipping */

/* The DOS date and time of a Unix time, in UTC (libzip's own conversion
 * uses local time, which would make the archive depend on TZ). Times
 * before 1980 become 1980-01-01 00:00. */
static void dos_time(long long t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    epub_civil c;
    epub_civil_from_unix(t < 315532800 ? 315532800 : t > EPUB_LAST_TIME ? EPUB_LAST_TIME : t, &c);
    if (c.year > 2107)
        c.year = 2107;
    *dtime = (zip_uint16_t)((c.hour << 11) | (c.min << 5) | (c.sec / 2));
    *ddate = (zip_uint16_t)(((c.year - 1980) << 9) | (c.mon << 5) | c.day);
}

/* Adds one entry; its data must live until zip_close. */
static bool archive_entry(const zip_lazy_api *Z, zip_t *za, const epub_entry *e, long long t)
{
    zip_source_t *s = Z->source_buffer(za, e->data, e->len, 0);
    if (!s)
        return false;
    zip_int64_t idx = Z->file_add(za, e->name, s, ZIP_FL_ENC_GUESS);
    if (idx < 0) {
        Z->source_free(s); /* not the archive's: zip_file_add failed */
        return false;
    }
    zip_uint16_t dtime, ddate;
    dos_time(t, &dtime, &ddate);
    zip_uint64_t i = (zip_uint64_t)idx;
    return Z->set_file_compression(za, i, e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                    e->store ? 0 : 9) == 0 &&
           Z->file_set_dostime(za, i, dtime, ddate, 0) == 0 &&
           Z->file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) == 0;
}

/* Copies the bytes of a closed in-memory archive out of its source. */
static folio_status archive_bytes(const zip_lazy_api *Z, zip_source_t *mem, char **out,
                                  size_t *len)
{
    zip_stat_t st;
    Z->stat_init(&st);
    if (Z->source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
        return FOLIO_EIO;
    char *data = malloc(st.size ? st.size : 1);
    if (!data)
        return FOLIO_ENOMEM;
    if (Z->source_open(mem) < 0) {
        free(data);
        return FOLIO_EIO;
    }
    zip_int64_t got = Z->source_read(mem, data, st.size);
    Z->source_close(mem);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(data);
        return FOLIO_EIO;
    }
    *out = data;
    *len = (size_t)st.size;
    return FOLIO_OK;
}

/* Zips the book's entries, in order, into a new buffer. */
folio_status epub_zip_book(const epub_book *b, char **out, size_t *len, char *why,
                           size_t whylen)
{
    const zip_lazy_api *Z = zip_lazy(why, whylen);
    if (!Z)
        return FOLIO_EIO;
    zip_error_t ze;
    Z->error_init(&ze);
    zip_source_t *mem = Z->source_buffer_create(NULL, 0, 0, &ze);
    if (!mem) {
        Z->error_fini(&ze);
        return FOLIO_ENOMEM;
    }
    zip_t *za = Z->open_from_source(mem, ZIP_TRUNCATE, &ze);
    Z->error_fini(&ze);
    if (!za) {
        Z->source_free(mem); /* still ours: the open failed */
        return FOLIO_EIO;
    }
    Z->source_keep(mem); /* read it back after zip_close */
    bool ok = true;
    for (size_t i = 0; ok && i < b->nent; i++)
        ok = archive_entry(Z, za, &b->ent[i], b->o->timestamp);
    if (!ok || Z->close(za) < 0) {
        Z->discard(za);
        Z->source_free(mem);
        return FOLIO_EIO;
    }
    folio_status st = archive_bytes(Z, mem, out, len);
    Z->source_free(mem);
    return st;
}
