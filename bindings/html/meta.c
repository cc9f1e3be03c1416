/*
** meta.c -- what a page says about itself: JSON-LD, OpenGraph and
** article:* meta tags, <time datetime>, <link rel=canonical>, <h1>,
** <title>. Gives the headline candidates, the byline, the site's name,
** the URL and the published date (with where it came from).
**
** Date order: the datePublished of the first Article-family JSON-LD
** object; article:published_time (and its og: forms) or an element with
** itemprop=datePublished; the datePublished of a page-level JSON-LD
** object; other publication-date meta names; the first <time datetime>
** inside an <article>. Placeholder dates (before 1995) are skipped.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hint.h"

/* ------------------------------------------------------------ JSON */

/* A small JSON reader for JSON-LD: objects, arrays and strings are kept;
** numbers, booleans and null become JV_OTHER. */
enum { JV_OTHER, JV_STR, JV_ARR, JV_OBJ };

typedef struct jv {
  int type;
  char *s;              /* JV_STR: decoded string */
  char **keys;          /* JV_OBJ: keys, parallel to kids */
  struct jv **kids;
  size_t n;
} jv;

typedef struct jparser {
  const char *p, *end;
  int depth;
} jparser;

static void jv_free(jv *v) {
  size_t i;
  if (!v) return;
  for (i = 0; i < v->n; i++) {
    if (v->keys) free(v->keys[i]);
    jv_free(v->kids[i]);
  }
  free(v->keys);
  free(v->kids);
  free(v->s);
  free(v);
}

static void jskip(jparser *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
                           *j->p == '\r'))
    j->p++;
}

static void put_utf8(hbuf *b, unsigned long c) {
  char u[4];
  if (c < 0x80) { hbuf_addc(b, (char)c); return; }
  if (c < 0x800) {
    u[0] = (char)(0xC0 | (c >> 6)); u[1] = (char)(0x80 | (c & 0x3F));
    hbuf_add(b, u, 2);
  } else if (c < 0x10000) {
    u[0] = (char)(0xE0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    u[2] = (char)(0x80 | (c & 0x3F));
    hbuf_add(b, u, 3);
  } else {
    u[0] = (char)(0xF0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((c >> 6) & 0x3F)); u[3] = (char)(0x80 | (c & 0x3F));
    hbuf_add(b, u, 4);
  }
}

static unsigned long hex4(const char *p) {
  unsigned long v = 0;
  int i;
  for (i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned long)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned long)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned long)(c - 'A' + 10);
    else return 0xFFFD;
  }
  return v;
}

/* A string at j->p (after its opening quote); NULL when malformed. */
static char *jstring(jparser *j) {
  hbuf b = {0};
  hbuf_add(&b, "", 0);
  while (j->p < j->end && *j->p != '"') {
    char c = *j->p++;
    if (c != '\\') { hbuf_addc(&b, c); continue; }
    if (j->p >= j->end) break;
    c = *j->p++;
    switch (c) {
    case 'n': case 'r': case 't': case 'b': case 'f': hbuf_addc(&b, ' '); break;
    case 'u':
      if (j->end - j->p >= 4) {
        unsigned long u = hex4(j->p);
        j->p += 4;
        if (u >= 0xD800 && u < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' &&
            j->p[1] == 'u') {
          unsigned long lo = hex4(j->p + 2);
          if (lo >= 0xDC00 && lo < 0xE000) {
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            j->p += 6;
          } else u = 0xFFFD;
        } else if (u >= 0xD800 && u < 0xE000) u = 0xFFFD;
        put_utf8(&b, u ? u : 0xFFFD);
      }
      break;
    default: hbuf_addc(&b, c);
    }
  }
  if (j->p >= j->end || b.failed) { free(b.p); return NULL; }
  j->p++;
  return b.p;
}

static jv *jvalue(jparser *j) {
  jv *v;
  jskip(j);
  if (j->p >= j->end || j->depth > 64) return NULL;
  v = calloc(1, sizeof *v);
  if (!v) return NULL;
  if (*j->p == '"') {
    j->p++;
    v->type = JV_STR;
    v->s = jstring(j);
    if (!v->s) { free(v); return NULL; }
    return v;
  }
  if (*j->p == '{' || *j->p == '[') {
    int obj = *j->p == '{';
    char close = obj ? '}' : ']';
    size_t cap = 0;
    v->type = obj ? JV_OBJ : JV_ARR;
    j->p++;
    j->depth++;
    for (;;) {
      char *key = NULL;
      jv *kid;
      jskip(j);
      if (j->p < j->end && *j->p == close) { j->p++; break; }
      if (obj) {
        if (j->p >= j->end || *j->p != '"') goto bad;
        j->p++;
        key = jstring(j);
        if (!key) goto bad;
        jskip(j);
        if (j->p >= j->end || *j->p != ':') { free(key); goto bad; }
        j->p++;
      }
      kid = jvalue(j);
      if (!kid) { free(key); goto bad; }
      if (v->n == cap) {
        size_t ncap = cap ? cap * 2 : 8;
        jv **nk = realloc(v->kids, ncap * sizeof *nk);
        char **nkeys = nk ? realloc(v->keys, ncap * sizeof *nkeys) : NULL;
        if (nk) v->kids = nk;
        if (!nk || !nkeys) { free(key); jv_free(kid); goto bad; }
        v->keys = nkeys;
        cap = ncap;
      }
      v->keys[v->n] = key;
      v->kids[v->n++] = kid;
      jskip(j);
      if (j->p < j->end && *j->p == ',') j->p++;
    }
    j->depth--;
    return v;
  bad:
    jv_free(v);
    return NULL;
  }
  /* number, true, false, null; a stray '}' in an array (or any
  ** byte that starts no value) is malformed: taking it as an empty value
  ** would loop there forever */
  const char *from = j->p;
  while (j->p < j->end && *j->p != ',' && *j->p != '}' && *j->p != ']' &&
         *j->p != ' ' && *j->p != '\n')
    j->p++;
  if (j->p == from) { free(v); return NULL; }
  v->type = JV_OTHER;
  return v;
}

static jv *jget(const jv *o, const char *key) {
  size_t i;
  if (!o || o->type != JV_OBJ) return NULL;
  for (i = 0; i < o->n; i++)
    if (strcmp(o->keys[i], key) == 0) return o->kids[i];
  return NULL;
}

static const char *jstr(const jv *v) {
  return v && v->type == JV_STR ? v->s : NULL;
}

/* The name of an author or publisher: a string, {name}, or the first of
** an array of those. */
static const char *jname(const jv *v) {
  if (!v) return NULL;
  if (v->type == JV_STR) return v->s;
  if (v->type == JV_OBJ) return jstr(jget(v, "name"));
  if (v->type == JV_ARR && v->n > 0) return jname(v->kids[0]);
  return NULL;
}

static const char *const article_types[] = {
  "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
  "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
  "ReviewNewsArticle", "LiveBlogPosting", "ScholarlyArticle", "TechArticle",
  "SocialMediaPosting", "Report", "AdvertiserContentArticle",
  "SatiricalArticle", "Posting", "DiscussionForumPosting", NULL
};
static const char *const page_types[] = {
  "WebPage", "ItemPage", "AboutPage", "CollectionPage", "ClaimReview",
  "MediaObject", "VideoObject", "Review", "CreativeWork", NULL
};

static int in_list(const char *s, const char *const *list) {
  size_t i;
  if (!s) return 0;
  for (i = 0; list[i]; i++)
    if (strcmp(s, list[i]) == 0) return 1;
  return 0;
}

static int has_type(const jv *o, const char *const *list) {
  const jv *t = jget(o, "@type");
  size_t i;
  if (!t) return 0;
  if (t->type == JV_STR) return in_list(t->s, list);
  if (t->type == JV_ARR)
    for (i = 0; i < t->n; i++)
      if (in_list(jstr(t->kids[i]), list)) return 1;
  return 0;
}

/* The first object of one of the types, depth first (arrays, @graph,
** mainEntity). */
static const jv *jfind(const jv *v, const char *const *types, int depth) {
  size_t i;
  if (!v || depth > 8) return NULL;
  if (v->type == JV_OBJ && has_type(v, types)) return v;
  if (v->type == JV_ARR || v->type == JV_OBJ)
    for (i = 0; i < v->n; i++) {
      const jv *r;
      if (v->type == JV_OBJ && strcmp(v->keys[i], "@graph") != 0 &&
          strcmp(v->keys[i], "mainEntity") != 0 &&
          strcmp(v->keys[i], "mainEntityOfPage") != 0)
        continue;
      r = jfind(v->kids[i], types, depth + 1);
      if (r) return r;
    }
  return NULL;
}

/* ------------------------------------------------------------ dates */

typedef struct dcand {
  char date[11];
  int hour;             /* the time stamp's hour, or -1 */
} dcand;

static int digits(const char *s, int n) {
  int i, v = 0;
  for (i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* The first full date (day, month and year stated) the core finds. */
typedef struct first_day {
  int y, m, d;
} first_day;

static int take_first(void *ctx, const lede_date *x) {
  first_day *f = ctx;
  unsigned full = LEDE_STATED_YEAR | LEDE_STATED_MONTH | LEDE_STATED_DAY;
  if (x->kind != LEDE_DATE_KIND_DATE || (x->stated & full) != full) return 0;
  if (sscanf(x->value, "%4d-%2d-%2d", &f->y, &f->m, &f->d) == 3) return 1;
  f->y = 0;
  return 0;
}

/* Reads a date value ("2019-11-19T01:50:00Z", "2019-11-19", or a date
** in words the core's date finder reads). 1 when a usable date. */
static int read_date(const char *v, dcand *d) {
  int y = 0, m = 0, day = 0;
  const char *p = v;
  if (!v) return 0;
  while (*p == ' ') p++;
  d->hour = -1;
  if (digits(p, 4) > 0 && (p[4] == '-' || p[4] == '/') && digits(p + 5, 2) > 0 &&
      p[7] == p[4] && digits(p + 8, 2) > 0) {
    const char *t = p + 10;
    y = digits(p, 4);
    m = digits(p + 5, 2);
    day = digits(p + 8, 2);
    if ((*t == 'T' || *t == ' ') && digits(t + 1, 2) >= 0 && t[3] == ':')
      d->hour = digits(t + 1, 2);
  } else {
    lede_date_opts o = {0, 0, 0, 0};
    first_day f = {0, 0, 0};
    size_t n = strlen(p);
    if (n > 200) return 0;
    lede_dates_in(p, n, 0, n, &o, take_first, &f);
    y = f.y;
    m = f.m;
    day = f.d;
  }
  if (y < 1995 || y > 2200 || m < 1 || m > 12 || day < 1 || day > 31) return 0;
  snprintf(d->date, sizeof d->date, "%04d-%02d-%02d", y, m, day);
  return 1;
}

/* The day before (delta -1) or after (+1) an ISO date, in place. */
static void shift_day(char date[11], int delta) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, d, len;
  if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3) return;
  len = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  d += delta;
  if (d < 1) {
    if (--m < 1) { m = 12; y--; }
    d = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  } else if (d > len) {
    d = 1;
    if (++m > 12) { m = 1; y++; }
  }
  {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    memcpy(date, tmp, 10);
    date[10] = '\0';
  }
}

/* Which of two days the page prints, as full dates. */
typedef struct printed {
  const char *a, *b;
  int has_a, has_b;
} printed;

static int see_day(void *ctx, const lede_date *x) {
  printed *pr = ctx;
  unsigned full = LEDE_STATED_YEAR | LEDE_STATED_MONTH | LEDE_STATED_DAY;
  if ((x->stated & full) != full) return 0;
  if (strncmp(x->value, pr->a, 10) == 0) pr->has_a = 1;
  if (strncmp(x->value, pr->b, 10) == 0) pr->has_b = 1;
  return 0;
}

/* A time stamp just past (or before) midnight is the day the article's
** part of the page prints, when it prints the neighbouring day and never
** the stamp's own: the stamp is in UTC (whatever zone it claims), the
** page in local time. */
static void local_day(const hpage *pg, dcand *d) {
  char other[11];
  printed pr;
  lede_date_opts o = {0, 0, 0, 0};
  size_t i, nread = 0;
  if (d->hour < 0) return;
  memcpy(other, d->date, sizeof other);
  shift_day(other, d->hour < 12 ? -1 : 1);
  pr.a = d->date;
  pr.b = other;
  pr.has_a = pr.has_b = 0;
  /* line by line: the date finder reads one sentence or line at a time */
  for (i = pg->near_first; i < pg->near_end && nread < (1u << 20); i++) {
    const hblock *b = &pg->blocks[i];
    size_t a = b->start;
    while (a < b->end) {
      const char *nl = memchr(pg->text.p + a, '\n', b->end - a);
      size_t e = nl ? (size_t)(nl - pg->text.p) : b->end;
      if (e > a) lede_dates_in(pg->text.p, pg->text.n, a, e, &o, see_day, &pr);
      a = e + 1;
    }
    nread += b->end - b->start;
  }
  if (pr.has_b && !pr.has_a) memcpy(d->date, other, sizeof other);
}

/* ------------------------------------------------------------ text */

char *lede_html_node_text(GumboNode *node) {
  hbuf b = {0};
  GumboNode *stack[256];
  unsigned idx[256];
  int sp = 0;
  int space = 0;
  hbuf_add(&b, "", 0);
  if (node->type != GUMBO_NODE_ELEMENT) return b.p;
  stack[0] = node;
  idx[0] = 0;
  sp = 1;
  while (sp > 0) {
    GumboVector *kids = &stack[sp - 1]->v.element.children;
    GumboNode *c;
    if (idx[sp - 1] >= kids->length) { sp--; continue; }
    c = kids->data[idx[sp - 1]++];
    if (c->type == GUMBO_NODE_ELEMENT) {
      int tag = (int)c->v.element.tag;
      if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE ||
          tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE)
        continue;
      if (tag == GUMBO_TAG_BR) space = 1;
      if (sp < 256) { stack[sp] = c; idx[sp] = 0; sp++; }
    } else if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE ||
               c->type == GUMBO_NODE_CDATA) {
      const unsigned char *s = (const unsigned char *)c->v.text.text;
      for (; *s; s++) {
        if (*s <= ' ' || (s[0] == 0xC2 && s[1] == 0xA0)) {
          if (*s == 0xC2) s++;
          space = 1;
          continue;
        }
        if (space && b.n > 0) hbuf_addc(&b, ' ');
        space = 0;
        hbuf_addc(&b, (char)*s);
      }
    }
  }
  if (b.failed) { free(b.p); return NULL; }
  return b.p;
}

/* Equal ignoring ASCII case and runs of white space. */
static int same_text(const char *a, size_t na, const char *b, size_t nb) {
  size_t i = 0, j = 0;
  for (;;) {
    int sa = 0, sb = 0;
    while (i < na && (unsigned char)a[i] <= ' ') { i++; sa = 1; }
    while (j < nb && (unsigned char)b[j] <= ' ') { j++; sb = 1; }
    if (i == na || j == nb) return i == na && j == nb;
    if (sa != sb && i > 0 && j > 0) return 0;
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j])) return 0;
    i++;
    j++;
  }
}

int lede_html_is_line(const hpage *pg, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < pg->nblocks; i++) {
    const hblock *b = &pg->blocks[i];
    size_t a = b->start;
    while (a < b->end) {
      const char *nl = memchr(pg->text.p + a, '\n', b->end - a);
      size_t e = nl ? (size_t)(nl - pg->text.p) : b->end;
      if (same_text(pg->text.p + a, e - a, s, n)) return 1;
      a = e + 1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ meta */

/* What one walk over the document collects. */
typedef struct found {
  jv *ld[16];
  int nld;
  const char *og_title, *og_site, *og_url, *canonical, *title;
  const char *pub_meta;      /* article:published_time, itemprop */
  const char *other_meta;    /* pubdate, parsely-pub-date, ... */
  const char *time_in_article;
  GumboNode *times[16];      /* <time datetime> elements, in order */
  int ntimes;
  const char *author_meta;
  GumboNode *h1[8];
  int nh1;
} found;

static const char *const published_names[] = {
  "article:published_time", "og:article:published_time", "og:published_time",
  "article:published", "datepublished", NULL
};
static const char *const other_date_names[] = {
  "pubdate", "publishdate", "publish-date", "publish_date", "published_date",
  "published-date", "parsely-pub-date", "sailthru.date", "dc.date.issued",
  "dc.date", "dcterms.date", "dcterms.created", "dc.date.created", "date",
  "article.published", "article_date_original", "cxenseparse:recs:publishtime",
  "original-publish-date", "publication_date", "release_date", "pub_date",
  "og:pubdate", "displaydate", "article:post_date", NULL
};
static const char *const author_names[] = {
  "author", "article:author", "parsely-author", "sailthru.author",
  "dc.creator", "byl", NULL
};

static int in_ci_list(const char *s, const char *const *list) {
  size_t i;
  if (!s) return 0;
  for (i = 0; list[i]; i++)
    if (strcasecmp(s, list[i]) == 0) return 1;
  return 0;
}

/* Another site's name for the publication date: "sn-post-date",
** "article.created_date"... */
static int pub_date_name(const char *key) {
  static const char *const yes[] = {"pub", "post", "creat", "issued", NULL};
  static const char *const no[] = {"modif", "updat", "expir", "valid", "edit", NULL};
  char low[64];
  size_t i;
  int hit = 0;
  for (i = 0; key[i] && i + 1 < sizeof low; i++)
    low[i] = (char)tolower((unsigned char)key[i]);
  low[i] = '\0';
  if (!strstr(low, "date") && !strstr(low, "time")) return 0;
  for (i = 0; yes[i]; i++) if (strstr(low, yes[i])) hit = 1;
  for (i = 0; no[i]; i++) if (strstr(low, no[i])) return 0;
  return hit;
}

static const char *attr(const GumboElement *el, const char *name) {
  GumboAttribute *a = gumbo_get_attribute(&el->attributes, name);
  return a ? a->value : NULL;
}

static void see_meta(found *f, const GumboElement *el) {
  const char *key = attr(el, "property");
  const char *val = attr(el, "content");
  if (!key) key = attr(el, "name");
  if (!key) key = attr(el, "itemprop");
  if (!key || !val || !*val) return;
  if (strcasecmp(key, "og:title") == 0 && !f->og_title) f->og_title = val;
  else if (strcasecmp(key, "og:site_name") == 0 && !f->og_site) f->og_site = val;
  else if (strcasecmp(key, "og:url") == 0 && !f->og_url) f->og_url = val;
  else if (in_ci_list(key, published_names)) {
    if (!f->pub_meta) f->pub_meta = val;
  } else if (in_ci_list(key, other_date_names)) {
    if (!f->other_meta) f->other_meta = val;
  } else if (pub_date_name(key)) {
    if (!f->other_meta) f->other_meta = val;
  } else if (in_ci_list(key, author_names)) {
    if (!f->author_meta && strncmp(val, "http", 4) != 0) f->author_meta = val;
  }
}

static int inside_tag(GumboNode *n, int tag) {
  for (n = n->parent; n; n = n->parent)
    if (n->type == GUMBO_NODE_ELEMENT && (int)n->v.element.tag == tag) return 1;
  return 0;
}

/* A logo <h1>: inside a link to the site's home page. */
static int logo_h1(GumboNode *h1) {
  GumboNode *n;
  for (n = h1; n; n = n->parent) {
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_A) {
      const char *href = attr(&n->v.element, "href");
      const char *p;
      if (!href) return 0;
      if (strcmp(href, "/") == 0) return 1;
      p = strstr(href, "://");
      if (p) {
        p = strchr(p + 3, '/');
        return !p || p[1] == '\0';
      }
      return 0;
    }
  }
  /* a link to home inside the h1 */
  {
    GumboVector *kids = &h1->v.element.children;
    unsigned i;
    for (i = 0; i < kids->length; i++) {
      GumboNode *c = kids->data[i];
      if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_A) {
        const char *href = attr(&c->v.element, "href");
        const char *p = href ? strstr(href, "://") : NULL;
        if (href && strcmp(href, "/") == 0) return 1;
        if (p) {
          p = strchr(p + 3, '/');
          if (!p || p[1] == '\0') return 1;
        }
      }
    }
  }
  return 0;
}

static void walk(found *f, GumboNode *root) {
  GumboNode *stack[512];
  unsigned idx[512];
  int sp = 1;
  stack[0] = root;
  idx[0] = 0;
  while (sp > 0) {
    GumboVector *kids = &stack[sp - 1]->v.element.children;
    GumboNode *c;
    GumboElement *el;
    if (idx[sp - 1] >= kids->length) { sp--; continue; }
    c = kids->data[idx[sp - 1]++];
    if (c->type != GUMBO_NODE_ELEMENT) continue;
    el = &c->v.element;
    switch (el->tag) {
    case GUMBO_TAG_META: see_meta(f, el); break;
    case GUMBO_TAG_LINK: {
      const char *rel = attr(el, "rel");
      if (rel && strcasecmp(rel, "canonical") == 0 && !f->canonical)
        f->canonical = attr(el, "href");
      break;
    }
    case GUMBO_TAG_TITLE:
      if (!f->title && el->children.length > 0) {
        GumboNode *t = el->children.data[0];
        if (t->type == GUMBO_NODE_TEXT) f->title = t->v.text.text;
      }
      break;
    case GUMBO_TAG_SCRIPT: {
      const char *type = attr(el, "type");
      if (type && strcasecmp(type, "application/ld+json") == 0 && f->nld < 16 &&
          el->children.length > 0) {
        GumboNode *t = el->children.data[0];
        if (t->type == GUMBO_NODE_TEXT || t->type == GUMBO_NODE_CDATA ||
            t->type == GUMBO_NODE_WHITESPACE) {
          jparser j;
          jv *v;
          j.p = t->v.text.text;
          j.end = j.p + strlen(j.p);
          j.depth = 0;
          v = jvalue(&j);
          if (v) f->ld[f->nld++] = v;
        }
      }
      break;
    }
    case GUMBO_TAG_TIME:
      if (!f->time_in_article && attr(el, "datetime") &&
          inside_tag(c, GUMBO_TAG_ARTICLE))
        f->time_in_article = attr(el, "datetime");
      if (attr(el, "datetime") && f->ntimes < 16) f->times[f->ntimes++] = c;
      break;
    case GUMBO_TAG_H1:
      if (f->nh1 < 8 && !logo_h1(c)) f->h1[f->nh1++] = c;
      break;
    default: break;
    }
    {
      const char *ip = attr(el, "itemprop");
      if (ip && strcasecmp(ip, "datePublished") == 0 && !f->pub_meta) {
        const char *v = attr(el, "content");
        if (!v) v = attr(el, "datetime");
        if (v) f->pub_meta = v;
      }
    }
    if (sp < 512) { stack[sp] = c; idx[sp] = 0; sp++; }
  }
}

static char *dup(const char *s) {
  size_t n;
  char *d;
  if (!s) return NULL;
  n = strlen(s);
  d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

/* s with its white space squashed and trimmed, malloc'd. */
static char *squash(const char *s) {
  hbuf b = {0};
  int space = 0;
  hbuf_add(&b, "", 0);
  if (!s) return b.p;
  for (; *s; s++) {
    if ((unsigned char)*s <= ' ') { space = 1; continue; }
    if (space && b.n > 0) hbuf_addc(&b, ' ');
    space = 0;
    hbuf_addc(&b, *s);
  }
  return b.p;
}

static void add_candidate(hmeta *m, const char *text, const char *source) {
  char *s;
  int i;
  if (!text || m->nheadline >= 6) return;
  s = squash(text);
  if (!s) return;
  if (!*s) { free(s); return; }
  for (i = 0; i < m->nheadline; i++)
    if (strcmp(m->headline[i], s) == 0) { free(s); return; }
  m->headline[m->nheadline] = s;
  m->hsource[m->nheadline++] = source;
}

static int try_date(hmeta *m, const char *value, const char *source,
                    const hpage *pg) {
  dcand d;
  if (m->date_source || !read_date(value, &d)) return 0;
  local_day(pg, &d);
  memcpy(m->date, d.date, sizeof m->date);
  m->date_source = source;
  m->date_hour = d.hour;
  return 1;
}

int lede_html_meta(hpage *pg, hmeta *m) {
  found f;
  const jv *art = NULL, *page = NULL;
  int i;
  memset(&f, 0, sizeof f);
  memset(m, 0, sizeof *m);
  m->date_hour = -1;
  walk(&f, pg->out->root);
  for (i = 0; i < f.nld && !art; i++) art = jfind(f.ld[i], article_types, 0);
  for (i = 0; i < f.nld && !page; i++) page = jfind(f.ld[i], page_types, 0);

  /* headline candidates */
  add_candidate(m, art ? jstr(jget(art, "headline")) : NULL, "jsonld");
  add_candidate(m, f.og_title, "og");
  for (i = 0; i < f.nh1; i++) {
    char *t = lede_html_node_text(f.h1[i]);
    if (t && *t && !(f.og_site && strcasecmp(t, f.og_site) == 0)) {
      add_candidate(m, t, "h1");
      free(t);
      break;
    }
    free(t);
  }
  add_candidate(m, f.title, "title");

  /* date */
  if (art) try_date(m, jstr(jget(art, "datePublished")), "jsonld", pg);
  try_date(m, f.pub_meta, "meta", pg);
  if (page) try_date(m, jstr(jget(page, "datePublished")), "jsonld", pg);
  try_date(m, f.other_meta, "meta", pg);
  try_date(m, f.time_in_article, "time", pg);
  /* else the first <time datetime> in the element around the article */
  for (i = 0; i < f.ntimes && !m->date_source && pg->around; i++) {
    GumboNode *n;
    for (n = f.times[i]; n && n != pg->around; n = n->parent) {}
    if (n) try_date(m, attr(&f.times[i]->v.element, "datetime"), "time", pg);
  }

  /* byline, site, url */
  {
    /* every author's name, "; "-separated */
    const jv *au = art ? jget(art, "author") : NULL;
    hbuf names = {0};
    size_t k, count = au && au->type == JV_ARR ? au->n : 1;
    hbuf_add(&names, "", 0);
    for (k = 0; k < count && k < LEDE_MAX_BYLINE_NAMES; k++) {
      const char *who = au && au->type == JV_ARR ? jname(au->kids[k]) : jname(au);
      if (!who || !*who || strncmp(who, "http", 4) == 0) continue;
      if (names.n > 0) hbuf_add(&names, "; ", 2);
      hbuf_adds(&names, who);
    }
    if (names.n == 0 && f.author_meta) hbuf_adds(&names, f.author_meta);
    if (names.n > 0 && !names.failed) m->byline = squash(names.p);
    free(names.p);
  }
  m->site = dup(f.og_site ? f.og_site
                          : art ? jname(jget(art, "publisher")) : NULL);
  {
    const char *url = f.canonical;
    if (!url) url = f.og_url;
    if (!url && art) url = jstr(jget(art, "url"));
    m->url = dup(url);
  }
  for (i = 0; i < f.nld; i++) jv_free(f.ld[i]);
  return LEDE_OK;
}

void lede_html_meta_free(hmeta *m) {
  int i;
  for (i = 0; i < m->nheadline; i++) free(m->headline[i]);
  free(m->site);
  free(m->url);
  free(m->byline);
  memset(m, 0, sizeof *m);
}
