/* score.c — the extractor's tables and its per-node counters.
 *
 * Place in the pipeline: used by extract (choosing the article) and clean
 * (pruning inside it). Every weight, threshold and keyword list of those
 * two stages is here, each with a note on why it exists, with the class/id
 * token matcher; the per-node counters (score_stats) are filled by
 * score_count.c.
 */
#include "score.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

/* ------------------------------------------------------------ the numbers */

const score_params score_p = {
    /* A block must hold this many characters to count as a paragraph
     * (Readability: shorter ones are captions, labels, buttons). */
    .para_min_chars = 25,
    /* Each para_len_unit characters add one point, at most para_len_cap
     * (Readability's min(len/100, 3): length helps, but not without end). */
    .para_len_unit = 100,
    .para_len_cap = 3,
    /* Commas mark prose in every script (Readability: 1 point each);
     * sentence terminators help languages that use few commas. */
    .comma_weight = 1.0f,
    .term_weight = 0.5f,
    /* A paragraph's score goes whole to its parent, half to the grandparent,
     * and 1/(level x 3) further up, for max_levels ancestors (Readability). */
    .level1_share = 0.5f,
    .level_divisor = 3.0f,
    .max_levels = 5,
    /* Tag priors of a candidate (Readability's _initializeNode): divs hold
     * articles, pre/td/blockquote sometimes, lists and forms rarely,
     * headings never. Article-like landmarks get a small push. */
    .prior_div = 5,
    .prior_pre = 3,
    .prior_list = -3,
    .prior_heading = -5,
    .prior_article = 5,
    /* Structural hints (itemprop=articleBody, role=main, <main>, a single
     * dominant <article>): a bonus, never a pick on their own. */
    .prior_hint = 5,
    /* Class and id words each move a candidate by this much (Readability). */
    .class_weight = 25,
    /* A candidate's article words (positive class weight) count at most
     * this many times the points its text collected: a one-line box
     * classed "content" must not outscore the article and climb into a
     * page header. Measured on trafilatura's set: 1 costs recall (F1
     * .9246), 3-5 cost readability's, 6 and 8 gain on both host halves. */
    .bonus_text_ratio = 6.0f,
    /* In-page (#fragment) links are footnotes and tables of contents, not
     * navigation: their text counts 0.3 as link text (Readability). */
    .fragment_link_weight = 0.3f,
    /* When 3+ of the top 5 candidates reach 3/4 of the best and share an
     * ancestor, that ancestor holds the article split into parts. */
    .top_share = 0.75f,
    .top_count_min = 3,
    /* Runners-up of the winner's class (part_count_min of them, scoring
     * part_share of it) are sections of the same article: their common
     * ancestor holds it. */
    .part_share = 0.5f,
    .part_count_min = 2,
    /* The winner climbs to a parent whose score is higher, but never past a
     * parent under a third of the winner (Readability). */
    .climb_stop = 1.0f / 3.0f,
    /* A candidate this close to the winner's score that comes right after
     * the heading repeating the title is the article (the winner may be an
     * appended next article). */
    .near_title_share = 0.5f,
    /* ...if its punctuation per character is at least this share of the
     * winner's (a video player or menu next to the title is not prose). */
    .near_title_punct = 0.5f,
    /* A winner outside the title's section (after the next story's h1)
     * gives way to the best candidate inside it scoring this share. */
    .section_share = 0.2f,
    /* An h1 longer than this (bytes) is a caption, not the next headline. */
    .headline_max = 200,
    /* Siblings join with a score of max(sibling_min, sibling_share x top);
     * the same class as the winner earns sibling_class_bonus x top. A <p>
     * sibling joins when longer than sibling_p_long with link density under
     * sibling_p_link_max, or short, link-free and ending a sentence. */
    .sibling_min = 10,
    .sibling_share = 0.2f,
    .sibling_class_bonus = 0.2f,
    .sibling_p_long = 80,
    .sibling_p_link_max = 0.25f,
    /* Under this many characters the pick is retried with relaxed rules
     * (Readability's charThreshold). */
    .retry_chars = 500,
    /* The last attempt keeps comment sections (forums); it wins only when
     * this many times longer than the best pick without them. */
    .retry_comment_gain = 3,
    /* Attempts that keep hidden nodes run only when the best pick so far
     * is shorter than this: some pages hide the article until a script
     * runs, most hide menus and dialogs. */
    .hidden_retry_chars = 250,
    /* ...and win only when this many times longer (then the article is
     * unhidden for clean). */
    .hidden_retry_gain = 3,
    /* Lead paragraphs beside the title heading join the article: prose
     * leaves of lead_min_chars+ with link density under lead_link_max,
     * looked for within lead_window nodes after the heading. */
    .lead_min_chars = 80,
    .lead_link_max = 0.2f,
    .lead_window = 300,
    /* A block named a teaser that opens the article (no more than this
     * many characters of the article before it: the headline, byline and
     * date), is prose with few links (lead_min_chars, lead_link_max) is
     * the standfirst, not a teaser of another story. */
    .lead_before_max = 300,
    /* The block whose text opens with the page's meta description (its
     * first desc_prefix bytes) and holds desc_min_share to desc_max_share
     * of its length is the standfirst, wherever the page put it before
     * the body (descriptions are often the lead, cut short). */
    .desc_prefix = 60,
    .desc_min_share = 0.8f,
    .desc_max_share = 3.0f,
    .desc_min_chars = 120,
    /* The lead image between the title heading and the body joins it too
     * (a figure, picture or img, at most lead_img_max of them): one whose
     * width or height attribute is under lead_img_min_px is an icon, an
     * avatar or a tracking pixel; a figure with more text than
     * lead_fig_max_chars is not a photo with its caption. */
    .lead_img_max = 1,
    .lead_img_min_px = 100,
    .lead_fig_max_chars = 400,
    /* Whether the lead figure keeps its caption (1) or only the image (0).
     * Measured: both reference sets leave the lead photo's caption out
     * (trafilatura counts captions as boilerplate; Readability keeps
     * only what lies in its chosen container): keeping it cost
     * trafilatura F1 0.0015 and readability 0.0003. */
    .lead_caption = 0,
    /* A JSON-LD articleBody counts when it is this long; a pick shorter than
     * jsonld_short of it gives way to the smallest element holding between
     * jsonld_cover and jsonld_over of its length (notes §3 item 7). */
    .jsonld_min = 500,
    .jsonld_short = 0.6f,
    .jsonld_cover = 0.8f,
    .jsonld_over = 1.5f,
    /* When no element holds it and the pick has less than this share of
     * its length, the page renders its text by script: the articleBody's
     * text is the article (notes §3 item 7). A pick with more is the
     * page's own text, which an articleBody may differ from. */
    .jsonld_text_share = 0.3f,
    /* isProbablyReaderable: paragraphs of readerable_para+ characters add
     * sqrt(len - readerable_para); a page needs readerable_sum. Below
     * readerable_chars of prose in the pick, the page holds no article. */
    .readerable_chars = 140,
    .readerable_para = 140,
    .readerable_sum = 20,
    /* A pick that is mostly links, or mostly teasers (teaser_min or more
     * headline links holding teaser_share of its text), is a front page. */
    .nonarticle_link_density = 0.5f,
    .teaser_min = 5,
    .teaser_share = 0.5f,
    /* a teaser heading is this much link text */
    .teaser_heading_links = 0.8f,
    /* Conditional cleaning (Readability's _cleanConditionally): blocks with
     * fewer than cc_commas commas are judged by link density (cc_link_low,
     * or cc_link_high for blocks whose class weight reaches
     * cc_weight_high), by length (cc_short) and images per paragraph. */
    .cc_commas = 10,
    .cc_link_low = 0.3f,
    .cc_link_high = 0.5f,
    .cc_weight_high = 25,
    .cc_short = 25,
    .cc_img_p = 0.5f,
    /* one embed with less text than this is a widget */
    .cc_embed_short = 75,
    /* A list whose text is this much links, with short items, is navigation
     * (trafilatura's link_density_test); a <p> under p_short or a block
     * under block_short that is p_link_density links too. */
    .list_link_density = 0.5f,
    .list_short_item = 60,
    .p_link_density = 0.8f,
    .p_short = 60,
    .block_short = 300,
    /* A boilerplate word never drops a block holding more than this share of
     * the article, keeptop_share for words that also name real wrappers
     * (a class "premium" around the whole text); a cleaning pass
     * that leaves less than undo_share of the text is undone (trafilatura's
     * 1/7 rule). */
    .boil_max_share = 0.3f,
    .keeptop_share = 0.1f,
    .undo_share = 1.0f / 7.0f,
    /* Byline, date and credit blocks are dropped up to this length (an
     * author's bio runs to a few hundred characters: 300 kept the longer
     * ones); share lines up to share_line_max. */
    .meta_max_chars = 600,
    .share_line_max = 120,
    /* A <time> outside a sentence is a date line up to this length. */
    .date_line_max = 60,
    /* Credit lines ("Foto: dpa") are dropped up to this length. */
    .credit_line_max = 100,
    /* A line naming a picture agency is a credit up to this length. */
    .agency_line_max = 60,
    /* "Read also" teaser lines are dropped up to this length. */
    .readmore_line_max = 200,
    /* Data tables: this many rows or columns, or cells (Readability). */
    .table_rows_data = 10,
    .table_cols_data = 4,
    .table_cells_data = 10,
    /* A heading this similar to the title (shared words) repeats it. */
    .title_similarity = 0.75f,
    /* A <noscript> with this much text is the article's script-free copy
     * (kept); shorter ones ask to turn on JavaScript (dropped). */
    .noscript_chars = 200,
};

/* ------------------------------------------------------------- the words */

enum {
    P = SCORE_K_POS,
    N = SCORE_K_NEG,
    U = SCORE_K_UNLIKELY,
    M = SCORE_K_MAYBE,
    B = SCORE_K_BOIL,
    C = SCORE_K_COMMENT,
    H = SCORE_K_HIDDEN,
    T = SCORE_K_META,
    K = SCORE_K_KEEPTOP,
    L = SCORE_K_LEAD,
};

typedef struct {
    const char *word;
    unsigned flags;
} score_word;

/* Class and id words, sorted (score_tokens_of searches them by halves; the
 * unit test checks the order). The concepts behind them:
 *  - P/M: the article container (Readability's positive and "maybe" words);
 *  - N/U: chrome Readability lowers or drops before scoring (banner, menu,
 *    footer, sidebar, social, sponsor, pager...);
 *  - B: boilerplate dropped inside the article (trafilatura's discard
 *    vocabulary grouped by concept: share/social, newsletter/subscribe,
 *    cookie/consent and CMP vendors, tags, navigation, related/read-next,
 *    ads and recommender widgets, meta UI, paywall, print/tools);
 *  - C: comment sections, dropped before scoring (comma-rich threads
 *    outscore short articles);
 *  - H: hidden-by-class, matched only as a whole class token (never
 *    "hidden-xs", which hides on phones only);
 *  - T: bylines, dates and credits, dropped when short;
 *  - K: words that also name real article wrappers ("premium"), so they
 *    never drop a block holding most of the text;
 *  - L: teaser words, which some sites give the article's own standfirst
 *    (clean keeps it when it opens the article). */
static const score_word score_words[] = {
    {"ad", N | U | B},       {"addthis", B},          {"ads", N | U | B},
    {"adsense", N | U | B},  {"adslot", N | U | B},    {"adunit", N | U | B},
    {"adv", N | U | B},      {"advert", N | U | B},    {"advertisement", N | U | B},
    {"advertising", N | U | B}, {"adverts", N | U | B}, {"agegate", U},
    {"ai2html", U},          {"article", P | M},       {"articlebody", P | M},
    {"attribution", T},      {"author", T},            {"authorbox", B},
    {"authorinfo", B},       {"banner", N | U | B},    {"bio", B},
    {"blog", P},             {"body", P | M},          {"borlabs", B},
    {"breadcrumb", N | U | B}, {"breadcrumbs", N | U | B}, {"btn", B},
    {"button", B},           {"buttons", B},           {"byline", T},
    {"carousel", B},         {"cmp", B},               {"column", M},
    {"combx", N | U},        {"comment", N | U | B | C}, {"commentlist", N | U | B | C},
    {"comments", N | U | B | C}, {"community", U},     {"consent", N | U | B},
    {"contact", N},          {"content", P | M},       {"cookie", B | K},
    {"cookiebanner", N | U | B}, {"cookiebot", N | U | B}, {"cookies", B | K},
    {"copyright", T},        {"credit", T},            {"credits", T},
    {"crumbs", B},           {"cta", B},               {"d-none", H},
    {"date", T},             {"dateline", T},          {"didomi", N | U | B},
    {"disqus", N | U | B | C}, {"donate", B},          {"element-invisible", H},
    {"entry", P},            {"entrymeta", T},         {"extra", U},
    {"facebook", B},         {"follow", B},            {"footer", N | U | B},
    {"gdpr", N | U | B},     {"h-entry", P},           {"hentry", P},
    {"hidden", N | H},       {"hide", H},              {"icon", B},
    {"icons", B},            {"interstitial", N | U | B}, {"is-hidden", H},
    {"kommentare", N | U | B | C}, {"legends", U},     {"login", B},
    {"main", P | M},         {"masthead", N},          {"media", N},
    {"menu", N | U | B},     {"menubar", N | U | B},   {"meta", N | T},
    {"modal", N | U | B},    {"most", B},              {"nav", N | U | B},
    {"navbar", N | U | B},   {"navigation", N | U | B}, {"newsletter", N | U | B},
    {"next", B},             {"noprint", B},           {"onetrust", N | U | B},
    {"outbrain", N | U | B}, {"overlay", N | B},       {"page", P},
    {"pager", N | U | B},    {"pagination", N | U | B}, {"paywall", B | K},
    {"plista", N | U | B},   {"popular", N | B},       {"popup", N | U | B},
    {"post", P},             {"posted", T},           {"postmeta", T},
    {"premium", B | K},      {"prev", B},              {"previous", B},
    {"print", B},            {"promo", N | U | B},     {"promotion", N | B},
    {"prose", P},            {"pubdate", T},           {"published", T},
    {"rail", N | U | B},     {"rating", B},            {"ratings", B},
    {"recirc", N | B},       {"recommendations", N | B}, {"recommended", N | B},
    {"register", B},         {"related", N | U | B},   {"relatedposts", N | U | B},
    {"remark", U},           {"replies", N | U | B | C}, {"respond", N | U | B | C},
    {"rss", U},              {"screen-reader-text", H}, {"scroll", N},
    {"shadow", M},           {"share", N | B},         {"sharebar", N | B},
    {"sharedaddy", N | B},   {"shares", N | B},        {"sharethis", N | B},
    {"sharing", N | B},      {"shopping", N},          {"shoutbox", N | U},
    {"sidebar", N | U | B},  {"signin", B},            {"signup", N | B},
    {"skip", B},             {"skyscraper", N | U | B}, {"sociable", N | U | B},
    {"social", N | U | B},   {"socialmedia", N | U | B}, {"sponsor", N | U | B},
    {"sponsored", N | U | B}, {"sr-only", H},          {"story", P},
    {"subscribe", N | B},    {"subscription", N | B},  {"supplemental", U},
    {"taboola", N | U | B},  {"tag", B},               {"tagcloud", N | B},
    {"tagged", B},           {"tags", N | B},          {"teaser", N | B | L},
    {"text", P},             {"timestamp", T},         {"toolbar", B},
    {"tools", B},            {"topics", B},            {"trending", N | B},
    {"twitter", B},          {"updated", T},           {"usercentrics", N | U | B},
    {"visually-hidden", H},  {"visuallyhidden", H},    {"whatsapp", B},
    {"widget", N | B},       {"yarpp", N | U | B},     {"yom-remote", U},
};

/* ARIA roles of page chrome (Readability's unlikely roles plus the
 * landmark roles of banners and page footers). */
static const char *const score_chrome_roles[] = {
    "alert", "alertdialog", "banner", "complementary", "contentinfo",
    "dialog", "menu", "menubar", "navigation", "search",
};

/* Lines made only of these words are share bars and print buttons
 * (trafilatura's share-word filter, in the languages of the corpora). */
static const char *const score_share_words[] = {
    "share", "shares", "sharing", "tweet", "facebook", "twitter", "x", "linkedin",
    "pinterest", "whatsapp", "telegram", "reddit", "xing", "email", "e-mail", "mail",
    "print", "drucken", "teilen", "teile", "artikel", "this", "article", "on", "via",
    "copy", "link", "save", "merken", "messenger", "flipboard", "pocket", "imprimir",
    "compartir", "partager", "imprimer", "udostępnij", "drukuj", "condividi", "stampa",
};

/* Words of "N comments" lines and ad labels, which are boilerplate when a
 * line holds nothing else. */
static const char *const score_label_words[] = {
    "comment", "comments", "kommentar", "kommentare", "commentaires", "commentaire",
    "komentarze", "komentarzy", "komentarz", "comentarios", "commenti", "reply",
    "replies", "advertisement", "anzeige", "werbung", "publicité", "reklama",
    "publicidad", "sponsored", "ad", "ads", "loading", "loading...",
};

/* Labels that open an image credit or source line ("Foto: dpa"), which is
 * boilerplate when the line is short. */
static const char *const score_credit_labels[] = {
    "foto", "fotos", "bild", "bilder", "bildquelle", "titelbild", "beitragsbild", "photo",
    "photos", "image", "images", "credit", "credits", "photo credit", "image credit",
    "quelle", "source", "źródło", "zdjęcie", "fot.", "crédit", "crédits", "crédits photos",
    "fuente", "fonte", "illustration", "copyright", "grafik", "abbildung",
};

/* Picture agencies and stock libraries: a short line naming one and not
 * ending a sentence is an image credit. */
static const char *const score_credit_agencies[] = {
    "getty images", "gettyimages", "shutterstock", "istock", "istockphoto", "reuters",
    "afp", "dpa", "imago", "picture alliance", "picture-alliance", "unsplash", "pixabay",
    "adobe stock", "adobestock", "epa", "keystone", "apa", "ddp", "xinhua",
    "alamy", "fotolia", "depositphotos", "123rf", "ap photo", "associated press",
};

/* Openings of "read also" teaser lines and box titles, in the corpora's
 * languages (a notes §3 item 5 end marker, applied to short lines only). */
static const char *const score_readmore_labels[] = {
    "lesen sie auch", "lesen sie mehr", "lesen sie hier", "auch interessant", "mehr zum thema",
    "das könnte sie auch interessieren", "das könnte dich auch interessieren", "weitere artikel",
    "zum weiterlesen", "auch lesen", "ähnliche artikel", "ähnliche themen",
    "weiterlesen", "mehr dazu", "read more", "read also", "related:", "related articles",
    "related stories", "related posts", "you might also like", "you may also like",
    "recommended for you", "more from", "more stories", "à lire aussi", "lire aussi",
    "a lire aussi", "voir aussi", "lea también", "lee también", "ver también",
    "leia também", "veja também", "leggi anche",
    "czytaj także", "zobacz także", "zobacz też", "przeczytaj również",
};

/* Id prefixes of footnote targets and backlinks (#fn1, #fn:1, #fnref:1,
 * #footnote-2, #note-3, #cite_note-x-4, #cite_ref-4, #ref-5, #endnote6):
 * clean keeps these ids for the footnote finder of the model (notes.c).
 * A prefix matches only before the end, a digit or one of "-_:.", so
 * "notebook" and "referral" are not notes. */
static const char *const score_note_id_prefixes[] = {
    "fn", "fnref", "footnote", "footnoteref", "note", "cite_note", "cite_ref", "ref", "endnote",
};

/* Class tokens of the element holding the notes, kept by clean for the
 * same reason (Markdown renderers, Wikipedia, WordPress plugins). */
static const char *const score_note_classes[] = {"footnote", "footnotes", "references"};

/* ------------------------------------------------------------ token match */

/* The ASCII lower case of c. Inline here (not ascii_lower of utf8.c):
 * the token lookups below run it on every byte of every class and id. */
static inline unsigned char lower_byte(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int word_cmp(const char *a, size_t an, const char *word)
{
    size_t i = 0;
    for (; i < an && word[i]; i++) {
        int ca = lower_byte((unsigned char)a[i]), cb = (unsigned char)word[i];
        if (ca != cb)
            return ca - cb;
    }
    if (i < an)
        return 1;
    return word[i] ? -1 : 0;
}

/* The longest word of score_words: a longer token cannot be one, and is
 * rejected before any comparison (long utility-class names are common). */
enum { SCORE_WORD_MAX = 18 };

/* Where the words of each first letter 'a'..'z' start in score_words
 * (the 27th entry is the table's end), so a lookup searches one letter's
 * few words. score_tables_sorted checks it against the table. */
static const unsigned char score_word_first[27] = {
    0,   19,  30,  50,  56,  60,  63,  64,  68,  72,  72,  73,  75,  83,
    89,  92,  111, 111, 124, 150, 163, 165, 167, 169, 169, 171, 171,
};

/* Bit k of entry c is set when some word of first letter 'a' + c has k
 * bytes: most class and id tokens fail this test and are never searched. */
static const uint32_t score_word_lens[26] = {
    0x02ecc, 0x00cd8, 0x01be8, 0x00150, 0x20220, 0x00140, 0x00010, 0x000d0, 0x01230,
    0x00000, 0x00400, 0x000a0, 0x001b0, 0x004d8, 0x00180, 0x007f0, 0x00000, 0x099d8,
    0x41ff0, 0x003f8, 0x01080, 0x0c000, 0x00140, 0x00000, 0x00420, 0x00000,
};

bool score_tables_sorted(void)
{
    size_t nw = sizeof score_words / sizeof *score_words;
    if (score_word_first[26] != nw)
        return false;
    uint32_t lens[26] = {0};
    for (size_t i = 0; i < nw; i++) {
        size_t letter = (size_t)((unsigned char)score_words[i].word[0] - 'a');
        if (letter < 26 && strlen(score_words[i].word) <= SCORE_WORD_MAX)
            lens[letter] |= (uint32_t)1 << strlen(score_words[i].word);
    }
    if (memcmp(lens, score_word_lens, sizeof lens) != 0)
        return false;
    for (size_t i = 0; i < nw; i++) {
        const char *w = score_words[i].word;
        size_t letter = (size_t)((unsigned char)w[0] - 'a');
        if (i > 0 && strcmp(score_words[i - 1].word, w) >= 0)
            return false;
        if (strlen(w) > SCORE_WORD_MAX || letter >= 26 || i < score_word_first[letter] ||
            i >= score_word_first[letter + 1])
            return false;
    }
    return true;
}

/* The flags of the word s[0..n), or 0: a binary search among the words
 * of s's first letter, when one of them has n bytes, on a lower-cased
 * copy of s. */
static unsigned word_flags(const char *s, size_t n)
{
    if (n == 0 || n > SCORE_WORD_MAX)
        return 0;
    unsigned char first = lower_byte((unsigned char)s[0]);
    if (first < 'a' || first > 'z' || !((score_word_lens[first - 'a'] >> n) & 1))
        return 0;
    unsigned char w[SCORE_WORD_MAX];
    for (size_t i = 0; i < n; i++)
        w[i] = lower_byte((unsigned char)s[i]);
    size_t lo = score_word_first[first - 'a'], hi = score_word_first[first - 'a' + 1];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const unsigned char *t = (const unsigned char *)score_words[mid].word;
        size_t i = 1; /* the first letters are equal */
        while (i < n && t[i] && w[i] == t[i])
            i++;
        int c = i < n ? (t[i] ? (int)w[i] - (int)t[i] : 1) : (t[i] ? -1 : 0);
        if (c == 0)
            return score_words[mid].flags;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}
static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

/* The flags of the parts of one space-free token: split on '-', '_' and
 * lower-to-upper case changes ("relatedPosts"). Hidden-by-class is never
 * read from a part. */
static unsigned part_flags(const char *s, size_t n)
{
    unsigned f = 0;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_lower(c))
            continue; /* a lower-case letter never cuts (most bytes) */
        if (c == '-' || c == '_') {
            if (i > start)
                f |= word_flags(s + start, i - start);
            start = i + 1;
        } else if (i > start && is_upper(c) && is_lower(s[i - 1])) {
            f |= word_flags(s + start, i - start);
            start = i;
        }
    }
    if (n > start)
        f |= word_flags(s + start, n - start);
    return f & ~(unsigned)SCORE_K_HIDDEN;
}

/* True for the white space that separates class tokens. */
static bool is_token_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

unsigned score_tokens_of(const char *v, size_t len)
{
    unsigned f = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_token_space(v[i]))
            i++;
        /* One pass finds the token's end and whether part_flags would cut
         * it anywhere ('-', '_', lower to upper case): without a cut its
         * only part is the token itself, whose flags (less hidden) it
         * already has, so the second lookup is skipped. Lower-case letters,
         * most of any class, are settled by the first test. */
        size_t s = i;
        bool cut = false, prev_lower = false;
        while (i < len) {
            char c = v[i];
            if (is_lower(c)) {
                prev_lower = true;
                i++;
                continue;
            }
            if (is_token_space(c))
                break;
            if (c == '-' || c == '_' || (prev_lower && is_upper(c)))
                cut = true;
            prev_lower = false;
            i++;
        }
        if (i > s) {
            f |= word_flags(v + s, i - s);
            if (cut)
                f |= part_flags(v + s, i - s);
        }
    }
    return f;
}

unsigned score_tokens(const dom_node *n)
{
    size_t len;
    unsigned f = 0;
    const char *v = dom_attr_len(n, "class", &len);
    if (v)
        f |= score_tokens_of(v, len);
    v = dom_attr_len(n, "id", &len);
    if (v)
        f |= score_tokens_of(v, len);
    return f;
}

float score_words_weight(const char *v, size_t len)
{
    unsigned f = score_tokens_of(v, len);
    float w = 0;
    if (f & SCORE_K_NEG)
        w -= score_p.class_weight;
    if (f & SCORE_K_POS)
        w += score_p.class_weight;
    return w;
}

float score_class_weight(const dom_node *n)
{
    size_t len;
    float w = 0;
    const char *v = dom_attr_len(n, "class", &len);
    if (v)
        w += score_words_weight(v, len);
    v = dom_attr_len(n, "id", &len);
    if (v)
        w += score_words_weight(v, len);
    return w;
}

bool score_role_unlikely(const dom_node *n)
{
    const char *r = dom_attr(n, "role");
    if (!r)
        return false;
    for (size_t i = 0; i < sizeof score_chrome_roles / sizeof *score_chrome_roles; i++)
        if (ascii_ieq(r, score_chrome_roles[i]))
            return true;
    return false;
}

/* Children looked at on each of the two levels score_holds_math reads:
 * MathJax 3 puts the MathML two levels under its container
 * (mjx-container > mjx-assistive-mml > math), after a rendered copy of any
 * size, so the scan goes by levels, not in document order; the bound keeps
 * wide wrappers cheap. */
enum { SCORE_MATH_SCAN = 16 };

bool score_holds_math(const dom_node *n)
{
    if (dom_is(n, TAG_MATH))
        return true;
    unsigned i = 0;
    for (const dom_node *c = n->first; c && i < SCORE_MATH_SCAN; c = c->next, i++) {
        if (dom_is(c, TAG_MATH))
            return true;
        unsigned j = 0;
        for (const dom_node *g = c->first; g && j < SCORE_MATH_SCAN; g = g->next, j++)
            if (dom_is(g, TAG_MATH))
                return true;
    }
    return false;
}

/* True when every word of s[0..n) (split on spaces and punctuation, '|'
 * and bullets) is in list, and there is at least one. */
static bool only_words(const char *s, size_t n, const char *const *list, size_t nlist,
                       bool digits_ok)
{
    size_t i = 0, words = 0;
    while (i < n) {
        size_t used;
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        bool sep = utf8_is_space(cp) || cp == '|' || cp == '/' || cp == ',' || cp == ':' ||
                   cp == '(' || cp == ')' || cp == 0x2022 || cp == 0xB7 || cp == '-';
        if (sep) {
            i += used;
            continue;
        }
        size_t s0 = i;
        while (i < n) {
            cp = utf8_decode(s + i, n - i, &used);
            if (utf8_is_space(cp) || cp == '|' || cp == '/' || cp == ',' || cp == ':' ||
                cp == '(' || cp == ')' || cp == 0x2022 || cp == 0xB7)
                break;
            i += used;
        }
        bool digit = true;
        for (size_t k = s0; k < i; k++)
            digit = digit && s[k] >= '0' && s[k] <= '9';
        if (digit && digits_ok)
            continue;
        bool found = false;
        for (size_t k = 0; k < nlist && !found; k++)
            found = word_cmp(s + s0, i - s0, list[k]) == 0;
        if (!found)
            return false;
        words++;
    }
    return words > 0;
}

bool score_is_share_line(const char *s, size_t n)
{
    return n <= score_p.share_line_max &&
           only_words(s, n, score_share_words,
                      sizeof score_share_words / sizeof *score_share_words, true);
}

bool score_is_label_line(const char *s, size_t n)
{
    return n <= score_p.share_line_max &&
           only_words(s, n, score_label_words,
                      sizeof score_label_words / sizeof *score_label_words, true);
}

/* True when s[0..n) contains phrase as whole words (ASCII case ignored). */
static bool has_phrase(const char *s, size_t n, const char *phrase)
{
    size_t k = strlen(phrase);
    for (const char *p = s; (p = ascii_istr(p, n - (size_t)(p - s), phrase)); p++) {
        bool start = p == s || !((p[-1] | 32) >= 'a' && (p[-1] | 32) <= 'z');
        const char *e = p + k;
        bool end = e >= s + n || !((*e | 32) >= 'a' && (*e | 32) <= 'z');
        if (start && end)
            return true;
        if ((size_t)(p - s) + 1 >= n)
            break;
    }
    return false;
}

/* The lower case of a Latin letter (ASCII, Latin-1, Latin Extended-A):
 * labels open lines, so they are often capitalised ("Ähnliche Artikel",
 * "À lire aussi", "Źródło"). Other code points are returned as they are. */
static unsigned long fold_cp(unsigned long c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return c + 0x20;
    if (c == 0x178)
        return 0xFF;
    bool even_upper = (c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177);
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if ((even_upper && c % 2 == 0) || (odd_upper && c % 2 == 1))
        return c + 1;
    return c;
}

/* True when s[0..n) opens with the lower-case label (k bytes), letters
 * compared without case; upper and lower forms have the same length in
 * UTF-8 in these ranges, so the match is k bytes of s. */
static bool opens_with(const char *s, size_t n, const char *label, size_t k)
{
    if (n < k)
        return false;
    for (size_t i = 0; i < k;) {
        size_t ua, ub;
        unsigned long a = utf8_decode(s + i, k - i, &ua), b = utf8_decode(label + i, k - i, &ub);
        if (ua != ub || fold_cp(a) != b)
            return false;
        i += ua;
    }
    return true;
}

bool score_is_readmore_line(const char *s, size_t n)
{
    if (n > score_p.readmore_line_max)
        return false;
    for (size_t i = 0; i < sizeof score_readmore_labels / sizeof *score_readmore_labels; i++) {
        size_t k = strlen(score_readmore_labels[i]);
        if (opens_with(s, n, score_readmore_labels[i], k))
            return true;
    }
    return false;
}

bool score_has_credit(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA9)
            return true; /* the copyright sign */
    for (size_t i = 0; i < sizeof score_credit_agencies / sizeof *score_credit_agencies; i++)
        if (has_phrase(s, n, score_credit_agencies[i]))
            return true;
    for (size_t i = 0; i < sizeof score_credit_labels / sizeof *score_credit_labels; i++) {
        size_t k = strlen(score_credit_labels[i]);
        for (size_t j = 0; j + k < n; j++) {
            bool start = j == 0 || s[j - 1] == ' ' || s[j - 1] == '(' || s[j - 1] == '|';
            if (start && opens_with(s + j, n - j, score_credit_labels[i], k)) {
                size_t e = j + k;
                while (e < n && s[e] == ' ')
                    e++;
                if (e < n && s[e] == ':')
                    return true;
            }
        }
    }
    return false;
}

bool score_is_credit_line(const char *s, size_t n)
{
    if (n > score_p.credit_line_max)
        return false;
    unsigned char last = n ? (unsigned char)s[n - 1] : 0;
    if (n <= score_p.agency_line_max && last != '.' && last != '!' && last != '?')
        for (size_t i = 0; i < sizeof score_credit_agencies / sizeof *score_credit_agencies; i++)
            if (has_phrase(s, n, score_credit_agencies[i]))
                return true;
    if (n > 1 && s[0] == '(') { /* "(Foto: ...)" */
        s++;
        n--;
    }
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA9)
        return true; /* starts with the copyright sign */
    for (size_t i = 0; i < sizeof score_credit_labels / sizeof *score_credit_labels; i++) {
        size_t k = strlen(score_credit_labels[i]);
        if (n > k && opens_with(s, n, score_credit_labels[i], k)) {
            size_t j = k;
            while (j < n && s[j] == ' ')
                j++;
            if (j < n && s[j] == ':')
                return true;
        }
    }
    return false;
}

/* ---------------------------------------------------------- the title */

/* Words of s (ASCII letters and digits lower-cased, other bytes kept)
 * separated by single spaces into b. */
static void words_of(const char *s, size_t n, buf *b)
{
    bool sep = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool w = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                 (c >= 'A' && c <= 'Z');
        if (w) {
            if (sep && b->len)
                buf_putc(b, ' ');
            buf_putc(b, (char)ascii_lower(c));
        }
        sep = !w;
    }
}

/* True when the word w[0..wl) is one of the words of t (space-separated). */
static bool has_word(const char *t, const char *w, size_t wl)
{
    for (const char *r = t; *r;) {
        const char *e = r;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - r) == wl && memcmp(r, w, wl) == 0)
            return true;
        r = *e ? e + 1 : e;
    }
    return false;
}

/* Share of the heading's characters in words that the title also has
 * (Readability's textSimilarity). */
float score_title_similarity(const char *title, const char *heading, size_t hlen)
{
    buf t = BUF_INIT, h = BUF_INIT;
    words_of(title, strlen(title), &t);
    words_of(heading, hlen, &h);
    size_t total = 0, shared = 0;
    const char *p = h.data ? h.data : "", *end = p + h.len;
    while (p < end) {
        const char *w = p;
        while (p < end && *p != ' ')
            p++;
        size_t wl = (size_t)(p - w);
        total += wl;
        if (t.data && has_word(t.data, w, wl))
            shared += wl;
        while (p < end && *p == ' ')
            p++;
    }
    buf_free(&t);
    buf_free(&h);
    return total ? (float)shared / (float)total : 0;
}

bool score_is_note_id(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof score_note_id_prefixes / sizeof *score_note_id_prefixes; i++) {
        size_t k = strlen(score_note_id_prefixes[i]);
        if (n < k || !ascii_ieqn(s, score_note_id_prefixes[i], k))
            continue;
        char c = n == k ? 0 : s[k];
        if (c == 0 || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.')
            return true;
    }
    return false;
}

bool score_is_note_class(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof score_note_classes / sizeof *score_note_classes; i++)
        if (word_cmp(s, n, score_note_classes[i]) == 0)
            return true;
    return false;
}
