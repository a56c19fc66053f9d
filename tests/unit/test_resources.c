/* test_resources.c — the resources stage: sniffing, data: URIs, local
 * files (and what is refused), the SVG check, offline fetching. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "resources.h"

static res_type sniff(const char *s, size_t n)
{
    return res_sniff((const unsigned char *)s, n);
}

static void test_sniff(void)
{
    CHECK(sniff("\xFF\xD8\xFF\xE0xxxx", 8) == RES_JPEG);
    CHECK(sniff("\x89PNG\r\n\x1A\nxxxx", 12) == RES_PNG);
    CHECK(sniff("GIF89a....", 10) == RES_GIF);
    CHECK(sniff("GIF87a....", 10) == RES_GIF);
    CHECK(sniff("RIFF\0\0\0\0WEBPVP8 ", 16) == RES_WEBP);
    CHECK(sniff("\0\0\0\x1c" "ftypavif\0\0", 14) == RES_AVIF);
    const char *svg = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n"
                      "<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    CHECK(sniff(svg, strlen(svg)) == RES_SVG);
    CHECK(sniff("<svgx/>", 7) == RES_UNKNOWN);
    CHECK(sniff("<html><svg></svg></html>", 24) == RES_UNKNOWN);
    CHECK(sniff("\x89PN", 3) == RES_UNKNOWN); /* truncated */
    CHECK(sniff("", 0) == RES_UNKNOWN);
    CHECK(res_type_supported(RES_PNG) && res_type_supported(RES_SVG));
    CHECK(!res_type_supported(RES_WEBP) && !res_type_supported(RES_AVIF));
    CHECK_STR(res_extension(RES_JPEG), "jpg");
    CHECK_STR(res_media_type(RES_SVG), "image/svg+xml");
}

static void test_data_uri(void)
{
    unsigned char *d = NULL;
    size_t n = 0;
    CHECK(res_data_uri("data:image/png;base64,iVBORw0KGgo=", 100, &d, &n));
    CHECK(n == 8 && d && memcmp(d, "\x89PNG\r\n\x1A\n", 8) == 0);
    free(d);
    CHECK(res_data_uri("data:image/svg+xml,%3Csvg%2F%3E", 100, &d, &n));
    CHECK(n == 6 && d && memcmp(d, "<svg/>", 6) == 0);
    free(d);
    CHECK(res_data_uri("  DATA:image/gif;BASE64,R0lG\nODlh", 100, &d, &n)); /* case, space */
    CHECK(n == 6 && d && memcmp(d, "GIF89a", 6) == 0);
    free(d);
    CHECK(!res_data_uri("data:image/png;base64", 100, &d, &n) && d == NULL); /* no comma */
    CHECK(!res_data_uri("data:image/png;base64,iVBORw0KGgo=", 4, &d, &n)); /* over max */
    CHECK(!res_data_uri("data:image/png;base64,iVB*Rw0", 100, &d, &n)); /* bad base64 */
    CHECK(!res_data_uri("http://example.com/x.png", 100, &d, &n));
}

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(data, f);
        fclose(f);
    }
}

static void test_local(void)
{
    char dir[] = "/tmp/folio-res-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char sub[64], file[96], spaced[96];
    snprintf(sub, sizeof sub, "%s/img", dir);
    mkdir(sub, 0700);
    snprintf(file, sizeof file, "%s/img/a.png", dir);
    snprintf(spaced, sizeof spaced, "%s/img/b c.gif", dir);
    write_file(file, "\x89PNG\r\n\x1A\nrest");
    write_file(spaced, "GIF89a");
    unsigned char *d = NULL;
    size_t n = 0;
    const char *why = NULL;
    CHECK(res_read_local(dir, "img/a.png", 1000, &d, &n, &why) && n == 12 && why == NULL);
    free(d);
    CHECK(res_read_local(dir, "img/b%20c.gif?v=2#x", 1000, &d, &n, &why) && n == 6);
    free(d);
    CHECK(res_read_local(dir, "./img/a.png", 1000, &d, &n, &why));
    free(d);
    CHECK(!res_read_local(dir, "img/a.png", 5, &d, &n, &why) && d == NULL && why); /* cap */
    static const char *const refused[] = {
        "/etc/passwd", "../etc/passwd", "img/../../x", "file:///etc/passwd", "C:/x",
        "%2Fetc%2Fpasswd", "img/%2E%2E/%2E%2E/x", "", "img/a.png%00.gif", "\\etc\\passwd",
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        why = NULL;
        bool ok = res_read_local(dir, refused[i], 1000, &d, &n, &why);
        CHECK(!ok && d == NULL && why != NULL);
        if (ok) {
            fprintf(stderr, "  read %s\n", refused[i]);
            free(d);
        }
    }
    CHECK(!res_read_local(dir, "img", 1000, &d, &n, &why)); /* a directory */
    CHECK(!res_read_local(NULL, "img/a.png", 1000, &d, &n, &why)); /* no dir: never */
    unlink(file);
    unlink(spaced);
    rmdir(sub);
    rmdir(dir);
}

static bool svg_ok(const char *s)
{
    return res_svg_ok((const unsigned char *)s, strlen(s));
}

static void test_svg(void)
{
    CHECK(svg_ok("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                 "viewBox='0 0 1 1'><g><rect width=\"1\" height=\"1\"/><text>a &amp; "
                 "&#233; &#x41;</text></g><!-- c --></svg>\n"));
    CHECK(svg_ok("<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use xlink:href=\"#a\"/>"
                 "</svg>"));
    CHECK(!svg_ok("<svg><script>alert(1)</script></svg>"));
    CHECK(!svg_ok("<svg onload=\"alert(1)\"></svg>"));
    CHECK(!svg_ok("<svg><g></svg>"));                      /* unbalanced */
    CHECK(!svg_ok("<svg><g></h></svg>"));                  /* mismatched */
    CHECK(!svg_ok("<svg><text>&nbsp;</text></svg>"));      /* named entity */
    CHECK(!svg_ok("<svg><text>a & b</text></svg>"));       /* bare ampersand */
    CHECK(!svg_ok("<svg width=1></svg>"));                 /* unquoted */
    CHECK(!svg_ok("<svg><image href=\"http://x/a.png\"/></svg>")); /* external */
    CHECK(!svg_ok("<svg><foreignObject/></svg>"));
    CHECK(!svg_ok("<svg></svg><svg></svg>"));              /* two roots */
    CHECK(!svg_ok("<!DOCTYPE svg [<!ENTITY x \"y\">]><svg>&x;</svg>"));
    CHECK(!svg_ok("<svg><style>@import url(http://x/c.css);</style></svg>"));
    CHECK(!svg_ok("<svg>"));
    char dt[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg/>";
    size_t n = res_svg_strip_doctype((unsigned char *)dt, strlen(dt));
    CHECK(n == strlen("<?xml version=\"1.0\"?>\n\n<svg/>") && memcmp(dt + n - 7, "\n<svg/>", 7) == 0);
    CHECK(res_svg_ok((const unsigned char *)dt, n));
    char sub[] = "<!DOCTYPE svg [<!ENTITY x \"y\">]><svg>&x;</svg>";
    CHECK(res_svg_strip_doctype((unsigned char *)sub, strlen(sub)) == strlen(sub));
    CHECK(svg_ok("<svg/>"));
}

static void test_fetch_offline(void)
{
    res_item items[4];
    memset(items, 0, sizeof items);
    items[0].url = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    items[1].url = "http://127.0.0.1:9/a.png";
    items[2].url = "img/a.png";
    items[2].allow_local = false; /* the page came from a URL */
    items[3].url = "data:image/webp;base64,UklGRhoAAABXRUJQVlA4TA==";
    res_options o = {"/tmp", true, 1 << 20, 1000, 1000, 5, 2, NULL};
    CHECK(res_fetch_all(items, 4, &o) == FOLIO_OK);
    CHECK(items[0].data && items[0].type == RES_GIF && !items[0].why);
    CHECK(!items[1].data && items[1].why);
    CHECK(!items[2].data && items[2].why);
    CHECK(!items[3].data && items[3].why && strstr(items[3].why, "WebP"));
    for (int i = 0; i < 4; i++)
        res_item_clear(&items[i]);
}

int main(void)
{
    test_sniff();
    test_data_uri();
    test_local();
    test_svg();
    test_fetch_offline();
    return harness_done();
}
