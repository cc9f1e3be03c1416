/*
** html.c -- a web page in, an article out (see html.h).
**
** 1. The page is parsed (gumbo) and rendered into blocks of text
**    (render.c); its metadata is read (meta.c).
** 2. Each block weighs for or against the elements that hold it: prose
**    (long lines with few links) counts for, link lists, short labels and
**    anything inside chrome (nav, aside, footer, or a class or id naming a
**    menu, share bar, comment thread, teaser list, notice...) against.
**    The element with the greatest sum holds the article.
** 3. Inside it, each block gets a role: the headline, byline and date
**    lines, captions, chrome (boilerplate) and the body.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hint.h"

/* Elements that are chrome by what they are. */
static int chrome_tag(int tag) {
  return tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE ||
         tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_HEADER ||
         tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_MENU;
}

static int ends_sentence(const char *s, size_t n) {
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == ')' ||
                   s[n - 1] == '\''))
    n--;
  if (n == 0) return 0;
  if (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?' || s[n - 1] == ':')
    return 1;
  /* closing quotes and the CJK full stop */
  if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
      ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99))
    return 1;
  if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
      (unsigned char)s[n - 1] == 0x82)
    return 1;
  return 0;
}

/* Whether a block reads as prose. */
static int prose(const hpage *pg, const hblock *b) {
  size_t len = b->end - b->start;
  if (b->links * 2 > len) return 0;
  if (len >= 100) return 1;
  return len >= 40 && ends_sentence(pg->text.p + b->start, len);
}

/* Whether an element's text opens with a link: its first or second
** block starts with link text or is mostly link text (a kicker may come
** before a linked headline). */
static int opens_with_link(const hpage *pg, const hnode *nd) {
  size_t k;
  for (k = nd->bfirst; k < nd->bend && k < nd->bfirst + 2; k++) {
    const hblock *b = &pg->blocks[k];
    if (b->link_first || b->links * 2 > b->end - b->start) return 1;
  }
  return 0;
}

/* Teaser lists: an element most of whose children (three or more) are
** short items that open with a link (a headline) and carry a good share
** of link text: "related", "latest", "most read" lists, however named. */
static void find_teasers(hpage *pg, const double *len_sum,
                         const double *link_sum) {
  size_t i;
  int *items = calloc(pg->nnodes, sizeof *items);
  int *kids = calloc(pg->nnodes, sizeof *kids);
  if (!items || !kids) { free(items); free(kids); return; }
  for (i = 1; i < pg->nnodes; i++) {
    const hnode *nd = &pg->nodes[i];
    double len, links;
    if (nd->bend == nd->bfirst || nd->parent < 0) continue;
    if (pg->nodes[nd->parent].bfirst == nd->bfirst &&
        pg->nodes[nd->parent].bend == nd->bend)
      continue;  /* a wrapper of its parent's whole text, not an item */
    kids[nd->parent]++;
    len = len_sum[nd->bend] - len_sum[nd->bfirst];
    links = link_sum[nd->bend] - link_sum[nd->bfirst];
    if (len >= 20 && len <= 1000 && links >= 0.15 * len && opens_with_link(pg, nd))
      items[nd->parent]++;
  }
  for (i = 1; i < pg->nnodes; i++) {
    hnode *nd = &pg->nodes[i];
    int p = nd->parent;
    double len, links;
    if (p < 0 || items[p] < 3 || items[p] * 5 < kids[p] * 3) continue;
    if (nd->bend == nd->bfirst) continue;
    len = len_sum[nd->bend] - len_sum[nd->bfirst];
    links = link_sum[nd->bend] - link_sum[nd->bfirst];
    if (len >= 20 && len <= 1000 && links >= 0.15 * len && opens_with_link(pg, nd))
      nd->words |= HW_TEASER;
  }
  free(items);
  free(kids);
}

/* Marks elements that are chrome, and what each inherits. A chrome name
** on an element that holds most of the page's prose is not believed (a
** page wrapper named "has-sidebar"). */
static void mark(hpage *pg, const double *prose_sum) {
  size_t i;
  double total = prose_sum[pg->nblocks];
  for (i = 0; i < pg->nnodes; i++) {
    hnode *nd = &pg->nodes[i];
    unsigned own = nd->words & ~HW_CHROME;
    int chrome = chrome_tag(nd->tag) || (nd->words & HW_TEASER) ||
                 ((nd->words & HW_CHROME) && !(nd->words & (HW_POSITIVE | HW_BODY)));
    if (chrome && prose_sum[nd->bend] - prose_sum[nd->bfirst] > 0.5 * total)
      chrome = 0;
    if (chrome) own |= HW_CHROME;
    nd->words = own;
    nd->inh = own | (nd->parent >= 0 ? pg->nodes[nd->parent].inh : 0);
  }
}

static double weight(const hpage *pg, const hblock *b) {
  double len = (double)(b->end - b->start);
  unsigned inh = pg->nodes[b->node].inh;
  if (inh & HW_HIDDEN) return 0;
  if (inh & HW_CHROME) return -len;
  if (prose(pg, b)) {
    double w = len - 2.0 * (double)b->links;
    if (inh & HW_BODY) w *= 1.5;
    return w;
  }
  if (b->links * 2 > (b->end - b->start)) return -len;
  return -0.25 * len;
}

/* The element that holds the article: the greatest sum of weights. */
static int container(hpage *pg) {
  double *w = NULL, *ps = NULL, best = 0;
  size_t i;
  int pick = 0;
  w = malloc((pg->nblocks + 1) * sizeof *w);
  ps = malloc((pg->nblocks + 1) * sizeof *ps);
  if (!w || !ps) { free(w); free(ps); return -1; }
  ps[0] = 0;
  for (i = 0; i < pg->nblocks; i++)
    ps[i + 1] = ps[i] + (prose(pg, &pg->blocks[i])
                             ? (double)(pg->blocks[i].end - pg->blocks[i].start)
                             : 0);
  {
    double *ls = malloc((pg->nblocks + 1) * sizeof *ls);
    double *ks = malloc((pg->nblocks + 1) * sizeof *ks);
    if (ls && ks) {
      ls[0] = ks[0] = 0;
      for (i = 0; i < pg->nblocks; i++) {
        ls[i + 1] = ls[i] + (double)(pg->blocks[i].end - pg->blocks[i].start);
        ks[i + 1] = ks[i] + (double)pg->blocks[i].links;
      }
      find_teasers(pg, ls, ks);
    }
    free(ls);
    free(ks);
  }
  mark(pg, ps);
  w[0] = 0;
  for (i = 0; i < pg->nblocks; i++) w[i + 1] = w[i] + weight(pg, &pg->blocks[i]);
  best = -1e300;
  for (i = 0; i < pg->nnodes; i++) {
    const hnode *nd = &pg->nodes[i];
    double s = w[nd->bend] - w[nd->bfirst];
    if (nd->bend == nd->bfirst) continue;
    if (s >= best) { best = s; pick = (int)i; }
  }
  free(w);
  free(ps);
  if (best <= 0) {
    /* no prose anywhere: the page's whole body */
    for (i = 0; i < pg->nnodes; i++)
      if (pg->nodes[i].tag == GUMBO_TAG_BODY) return (int)i;
    return 0;
  }
  return pick;
}

/* What the elements between a block and the container say (HW_*), and
** which telling elements are among them (PT_*). */
#define PT_H1      0x1u
#define PT_CAPTION 0x2u   /* <figcaption> */
#define PT_QUOTE   0x4u   /* <blockquote>: a quoted or embedded post */

static unsigned path_words(const hpage *pg, const hblock *b, int top,
                           unsigned *tags) {
  unsigned w = 0;
  int k = b->node;
  *tags = 0;
  while (k >= 0) {
    const hnode *nd = &pg->nodes[k];
    w |= nd->words;
    if (nd->tag == GUMBO_TAG_H1) *tags |= PT_H1;
    if (nd->tag == GUMBO_TAG_FIGCAPTION) *tags |= PT_CAPTION;
    if (nd->tag == GUMBO_TAG_BLOCKQUOTE) *tags |= PT_QUOTE;
    if (k == top) break;
    k = nd->parent;
  }
  return w;
}

static int add_para(lede_html *h, hbuf *t, const char *s, size_t n,
                    size_t src_start, size_t src_end, int role) {
  lede_html_para *p;
  if ((h->nparas & (h->nparas - 1)) == 0) {
    size_t cap = h->nparas ? h->nparas * 2 : 16;
    lede_html_para *np = realloc(h->paras, cap * sizeof *np);
    if (!np) return LEDE_ENOMEM;
    h->paras = np;
  }
  if (t->n > 0) hbuf_add(t, "\n\n", 2);
  p = &h->paras[h->nparas++];
  p->start = t->n;
  hbuf_add(t, s, n);
  p->end = t->n;
  p->src_start = src_start;
  p->src_end = src_end;
  p->role = role;
  return t->failed ? LEDE_ENOMEM : LEDE_OK;
}

/* The headline: the first candidate the page prints as a line of its
** own, whole or without a " | Site" tail; else the first <h1>; else the
** first candidate. */
static const char *choose_headline(const hpage *pg, hmeta *m, const char **src) {
  static const char *const tails[] = {" | ", " - ", " \xE2\x80\x93 ",
                                      " \xE2\x80\x94 ", " :: ", " \xC2\xBB ",
                                      " \xC2\xB7 ", NULL};
  int i, k;
  for (i = 0; i < m->nheadline; i++) {
    char *c = m->headline[i];
    size_t n = strlen(c);
    if (lede_html_is_line(pg, c, n)) { *src = m->hsource[i]; return c; }
    for (k = 0; tails[k]; k++) {
      /* "Headline | Site" or "Section | Headline": the longer side */
      const char *last = NULL, *p = c, *first = strstr(c, tails[k]);
      size_t sep = strlen(tails[k]), head, tail;
      if (!first) continue;
      while ((p = strstr(p, tails[k])) != NULL) { last = p; p++; }
      head = (size_t)(last - c);
      tail = n - (size_t)(first - c) - sep;
      if (tail > head && lede_html_is_line(pg, first + sep, tail)) {
        memmove(c, first + sep, tail + 1);
        *src = m->hsource[i];
        return c;
      }
      if (lede_html_is_line(pg, c, head)) {
        c[head] = '\0';
        *src = m->hsource[i];
        return c;
      }
    }
  }
  for (i = 0; i < m->nheadline; i++)
    if (strcmp(m->hsource[i], "h1") == 0) { *src = "h1"; return m->headline[i]; }
  for (i = 0; i < m->nheadline; i++)
    if (strcmp(m->hsource[i], "title") != 0) { *src = m->hsource[i]; return m->headline[i]; }
  if (m->nheadline > 0) { *src = m->hsource[0]; return m->headline[0]; }
  return NULL;
}

static int same_line(const char *a, size_t na, const char *b) {
  size_t nb = strlen(b);
  return na == nb && memcmp(a, b, na) == 0;
}

static int build(hpage *pg, hmeta *m, int top, lede_html *h) {
  hbuf t = {0};
  const hnode *c = &pg->nodes[top];
  const char *hsrc = NULL;
  const char *headline = choose_headline(pg, m, &hsrc);
  size_t i, hblock_at = (size_t)-1;
  int rc = LEDE_OK;
  hbuf_add(&t, "", 0);
  /* Is the headline printed inside the article's block, before its
  ** first paragraph of prose? (A later copy is a teaser's.) */
  if (headline)
    for (i = c->bfirst; i < c->bend; i++) {
      const hblock *b = &pg->blocks[i];
      if (prose(pg, b)) break;
      if (same_line(pg->text.p + b->start, b->end - b->start, headline)) {
        hblock_at = i;
        break;
      }
    }
  if (headline && hblock_at == (size_t)-1)
    rc = add_para(h, &t, headline, strlen(headline), 0, 0, LEDE_ROLE_HEADLINE);
  for (i = c->bfirst; i < c->bend && rc == LEDE_OK; i++) {
    const hblock *b = &pg->blocks[i];
    size_t len = b->end - b->start;
    int role = LEDE_ROLE_BODY;
    unsigned tags, w = path_words(pg, b, top, &tags);
    if (w & HW_HIDDEN) continue;
    if (i == hblock_at) role = LEDE_ROLE_HEADLINE;
    else if (hblock_at != (size_t)-1 && i < hblock_at) role = LEDE_ROLE_BOILERPLATE;
    else if (w & HW_CHROME) role = LEDE_ROLE_BOILERPLATE;
    else if ((tags & PT_CAPTION) || (w & HW_CAPTION)) role = LEDE_ROLE_CAPTION;
    else if (tags & PT_H1) role = LEDE_ROLE_BOILERPLATE;
    else if ((w & HW_BYLINE) && len < 200) role = LEDE_ROLE_BYLINE;
    else if ((w & HW_DATE) && len < 100) role = LEDE_ROLE_DATE;
    else if (b->links * 2 > len && !(tags & PT_QUOTE)) role = LEDE_ROLE_BOILERPLATE;
    rc = add_para(h, &t, pg->text.p + b->start, len, b->src_start, b->src_end, role);
  }
  if (rc == LEDE_OK && t.failed) rc = LEDE_ENOMEM;
  h->text = t.p;
  h->ntext = t.n;
  h->headline_source = hsrc;
  return rc;
}

/* Appends span sp to a malloc'd array of n spans. */
static int push_span(lede_span **arr, size_t *n, lede_span sp) {
  lede_span *na = realloc(*arr, (*n + 1) * sizeof *na);
  if (!na) return LEDE_ENOMEM;
  na[(*n)++] = sp;
  *arr = na;
  return LEDE_OK;
}

static int inside(lede_span part, const lede_html_para *p) {
  return part.end > part.start && part.start >= p->start && part.end <= p->end;
}

static int end_note(const char *s, size_t n) {
  size_t i;
  int letters = 0;
  if (n > 0 && s[0] == '(') return 1;
  if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA9) return 1;
  for (i = 0; i < n; i++)
    if (((unsigned char)s[i] | 0x20) >= 'a' && ((unsigned char)s[i] | 0x20) <= 'z') letters = 1;
  return !letters;
}

/* The structure of the article text: roles from the DOM, the date from
** the metadata; the dateline, the byline's names and (without a
** metadata date) a printed date line from the text parser. */
static int structure(lede_html *h, const hmeta *m) {
  lede_article *a = &h->art, t;
  size_t i, ncap = 0, tp = 0;
  int rc, body_seen = 0;
  memset(&t, 0, sizeof t);
  rc = lede_article_parse(h->text ? h->text : "", h->ntext, &t);
  if (rc != LEDE_OK) { lede_article_free(&t); return rc; }
  a->paragraphs = malloc((h->nparas ? h->nparas : 1) * sizeof *a->paragraphs);
  if (!a->paragraphs) rc = LEDE_ENOMEM;
  for (i = 0; i < h->nparas && rc == LEDE_OK; i++) {
    lede_html_para *p = &h->paras[i];
    lede_span sp;
    sp.start = p->start;
    sp.end = p->end;
    /* a short line the text parser knows as chrome ("Advertisement",
    ** "Tell us what you think", "comments") is chrome here too; end
    ** notes of the article stay: a rule ("___"), a credit in parentheses
    ** ("(Reporting by ...)"), a copyright line */
    if (p->role == LEDE_ROLE_BODY && p->end - p->start < 100 &&
        !end_note(h->text + p->start, p->end - p->start)) {
      while (tp < t.nparagraphs && t.paragraphs[tp].end <= p->start) tp++;
      if (tp < t.nparagraphs && t.paragraphs[tp].start == p->start &&
          t.paragraphs[tp].end == p->end &&
          t.paragraphs[tp].role == LEDE_ROLE_BOILERPLATE)
        p->role = LEDE_ROLE_BOILERPLATE;
    }
    if (p->role == LEDE_ROLE_BODY && !body_seen) {
      body_seen = 1;
      if (inside(t.dateline, p) && t.dateline.start == p->start) {
        p->role = LEDE_ROLE_DATELINE;
        a->dateline = t.dateline;
        a->place = t.place;
        a->region = t.region;
        a->agency = t.agency;
      }
    }
    if (p->role == LEDE_ROLE_HEADLINE && a->headline.end == 0) a->headline = sp;
    if (p->role == LEDE_ROLE_BYLINE && a->byline.end == 0) {
      a->byline = sp;
      if (inside(t.byline, p)) {
        memcpy(a->byline_names, t.byline_names, sizeof a->byline_names);
        a->nbyline_names = t.nbyline_names;
        a->byline_org = t.byline_org;
      }
    }
    if (p->role == LEDE_ROLE_CAPTION) rc = push_span(&a->captions, &ncap, sp);
    if (p->role == LEDE_ROLE_BOILERPLATE && rc == LEDE_OK)
      rc = push_span(&a->boilerplate, &a->nboilerplate, sp);
    a->paragraphs[i].start = p->start;
    a->paragraphs[i].end = p->end;
    a->paragraphs[i].role = p->role;
    a->nparagraphs = i + 1;
  }
  a->ncaptions = ncap;
  if (rc == LEDE_OK && ncap > 0) {
    a->caption_credits = calloc(ncap, sizeof *a->caption_credits);
    if (!a->caption_credits) rc = LEDE_ENOMEM;
  }
  if (m->date[0]) {
    sscanf(m->date, "%4d-%2d-%2d", &a->year, &a->month, &a->day);
    a->date_source = LEDE_DATE_METADATA;
    h->date_source = m->date_source;
  } else if (t.date_source == LEDE_DATE_LINE || t.date_source == LEDE_DATE_DATELINE) {
    a->year = t.year;
    a->month = t.month;
    a->day = t.day;
    a->date_source = t.date_source;
    h->date_source = lede_date_source_name(t.date_source);
  }
  lede_article_free(&t);
  return rc;
}

/* How deep the page's elements nest, estimated from its tags (void and
** self-closing elements, those closed by their next sibling, comments and
** script text left out). The parser's work grows with the square of the
** depth, so a page nested past any real one is refused before parsing. */
#define MAX_NESTING 1000

static int tag_is(const char *name, const char *const *list) {
  size_t i;
  for (i = 0; list[i]; i++)
    if (strcmp(name, list[i]) == 0) return 1;
  return 0;
}

static size_t nesting(const char *s, size_t n) {
  static const char *const flat[] = {"area", "base", "br", "col", "embed",
    "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
    "thead", "tfoot", "rp", "rt", "colgroup", "caption", "keygen", NULL};
  static const char *const raw[] = {"script", "style", "textarea", "title",
    "xmp", "noscript", "iframe", "noembed", "noframes", "plaintext", NULL};
  size_t i = 0, depth = 0, max = 0;
  while (i < n) {
    const char *lt = memchr(s + i, '<', n - i);
    char name[12];
    size_t k = 0;
    const char *gt;
    if (!lt) break;
    i = (size_t)(lt - s) + 1;
    if (i < n && s[i] == '/') {
      if (depth > 0) depth--;
      continue;
    }
    if (i + 3 <= n && memcmp(s + i, "!--", 3) == 0) {
      const char *end = memmem(s + i + 3, n - i - 3, "-->", 3);
      i = end ? (size_t)(end - s) + 3 : n;
      continue;
    }
    while (i + k < n && k + 1 < sizeof name &&
           ((s[i + k] >= 'a' && s[i + k] <= 'z') || (s[i + k] >= 'A' && s[i + k] <= 'Z') ||
            (k > 0 && s[i + k] >= '0' && s[i + k] <= '9'))) {
      name[k] = (char)(s[i + k] | 0x20);
      k++;
    }
    name[k] = '\0';
    if (k == 0) continue;
    gt = memchr(s + i, '>', n - i);
    if (!gt) break;
    if (tag_is(name, raw)) {
      /* skip to its end tag */
      const char *p = gt + 1;
      while ((p = memchr(p, '<', (size_t)(s + n - p))) != NULL) {
        if (p + 1 < s + n && p[1] == '/' && (size_t)(s + n - p) > k + 2 &&
            strncasecmp(p + 2, name, k) == 0)
          break;
        p++;
      }
      i = p ? (size_t)(p - s) : n;
      continue;
    }
    i = (size_t)(gt - s) + 1;
    if (gt[-1] == '/' || tag_is(name, flat)) continue;
    if (++depth > max) max = depth;
  }
  return max;
}

int lede_html_parse(const char *src, size_t n, lede_html *h) {
  hpage pg;
  hmeta m;
  GumboOptions opts = kGumboDefaultOptions;
  int rc, top;
  memset(h, 0, sizeof *h);
  memset(&pg, 0, sizeof pg);
  memset(&m, 0, sizeof m);
  if (memchr(src, '\0', n)) return LEDE_ENUL;
  if (n > 0xFFFFFFF0u) return LEDE_ELIMIT;  /* gumbo's offsets are 32-bit */
  if (nesting(src, n) > MAX_NESTING) return LEDE_ELIMIT;
  opts.max_errors = 0;
  pg.src = src;
  pg.nsrc = n;
  pg.out = gumbo_parse_with_options(&opts, src, n);
  if (!pg.out) return LEDE_ENOMEM;
  rc = lede_html_render(&pg);
  top = rc == LEDE_OK ? container(&pg) : 0;
  if (top < 0) rc = LEDE_ENOMEM;
  if (rc == LEDE_OK) {
    /* the article's part of the page: its block and what comes just
    ** before it (headline, byline, date line) */
    const hnode *c = &pg.nodes[top];
    pg.near_first = c->bfirst > 40 ? c->bfirst - 40 : 0;
    pg.near_end = c->bend;
    pg.around = c->parent >= 0 ? pg.nodes[c->parent].g : c->g;
    rc = lede_html_meta(&pg, &m);
  }
  if (rc == LEDE_OK) {
    rc = build(&pg, &m, top, h);
  }
  if (rc == LEDE_OK) rc = structure(h, &m);
  if (rc == LEDE_OK) {
    h->author = m.byline;
    h->url = m.url;
    h->site = m.site;
    m.byline = m.url = m.site = NULL;
  }
  lede_html_meta_free(&m);
  gumbo_destroy_output(&kGumboDefaultOptions, pg.out);
  free(pg.text.p);
  free(pg.blocks);
  free(pg.nodes);
  return rc;
}

void lede_html_free(lede_html *h) {
  free(h->text);
  free(h->paras);
  lede_article_free(&h->art);
  free(h->author);
  free(h->url);
  free(h->site);
  memset(h, 0, sizeof *h);
}
