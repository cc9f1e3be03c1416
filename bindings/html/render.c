/*
** render.c -- a parsed page as blocks of text, the way a browser shows it
** with scripts off: scripts, styles and hidden elements dropped, every
** block element a block of its own, <br> a line break, runs of white
** space one space. Each block remembers the element that holds it and
** the bytes of the HTML source it came from.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hint.h"

void hbuf_add(hbuf *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    char *p;
    while (cap < b->n + n + 1) cap *= 2;
    p = realloc(b->p, cap);
    if (!p) { b->failed = 1; return; }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void hbuf_addc(hbuf *b, char c) { hbuf_add(b, &c, 1); }
void hbuf_adds(hbuf *b, const char *s) { hbuf_add(b, s, strlen(s)); }

/* Elements whose content is never shown as text. */
static int dropped_tag(int tag) {
  switch (tag) {
  case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
  case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG:
  case GUMBO_TAG_MATH: case GUMBO_TAG_CANVAS: case GUMBO_TAG_IFRAME:
  case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_SELECT:
  case GUMBO_TAG_OPTION: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT:
  case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
  case GUMBO_TAG_MAP: case GUMBO_TAG_DATALIST:
  case GUMBO_TAG_TITLE: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
  case GUMBO_TAG_BASE: case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAMESET:
  case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOEMBED:
    return 1;
  default:
    return 0;
  }
}

/* Elements that start and end a block of text. */
static int block_tag(int tag) {
  switch (tag) {
  case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
  case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER:
  case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR:
  case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
  case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
  case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
  case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
  case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP:
  case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND:
  case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU:
  case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
  case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE:
  case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
  case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION:
  case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP:
    return 1;
  default:
    return 0;
  }
}

/* Whether an element is hidden by its attributes. */
static int hidden(const GumboElement *el) {
  GumboAttribute *a;
  if (gumbo_get_attribute(&el->attributes, "hidden")) return 1;
  a = gumbo_get_attribute(&el->attributes, "aria-hidden");
  if (a && strcasecmp(a->value, "true") == 0) return 1;
  a = gumbo_get_attribute(&el->attributes, "style");
  if (a) {
    char squeezed[256];
    size_t i, k = 0;
    for (i = 0; a->value[i] && k + 1 < sizeof squeezed; i++) {
      char c = a->value[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      squeezed[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    squeezed[k] = '\0';
    if (strstr(squeezed, "display:none") || strstr(squeezed, "visibility:hidden"))
      return 1;
  }
  return 0;
}

/* Rendering state. */
typedef struct rstate {
  hpage *pg;
  size_t bstart;        /* start of the open block in pg->text */
  size_t links;         /* link bytes in the open block */
  size_t src_start, src_end;
  int owner;            /* innermost open block element */
  int link_depth;
  int space;            /* a space is pending */
  int link_first;       /* the open block opened with link text */
} rstate;

static void flush(rstate *r) {
  hpage *pg = r->pg;
  hbuf *t = &pg->text;
  while (t->n > r->bstart && (t->p[t->n - 1] == ' ' || t->p[t->n - 1] == '\n'))
    t->n--;
  if (t->n > r->bstart) {
    hblock *b;
    if (pg->nblocks == pg->capblocks) {
      size_t cap = pg->capblocks ? pg->capblocks * 2 : 256;
      hblock *nb = realloc(pg->blocks, cap * sizeof *nb);
      if (!nb) { pg->failed = 1; return; }
      pg->blocks = nb;
      pg->capblocks = cap;
    }
    b = &pg->blocks[pg->nblocks++];
    b->start = r->bstart;
    b->end = t->n;
    b->links = r->links;
    b->src_start = r->src_start;
    b->src_end = r->src_end;
    b->node = r->owner;
    b->link_first = r->link_first;
    hbuf_addc(t, '\n');
  }
  if (t->p) t->p[t->n] = '\0';
  r->bstart = t->n;
  r->links = 0;
  r->space = 0;
}

/* Appends text (decoded by the parser) to the open block; the text came
** from src[src_at, src_at + src_len). */
static void add_text(rstate *r, const char *s, size_t n, size_t src_at,
                     size_t src_len) {
  hbuf *t = &r->pg->text;
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    size_t j;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      r->space = 1;
      i++;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
      r->space = 1;  /* no-break space */
      i += 2;
      continue;
    }
    if (t->n == r->bstart) {
      r->src_start = src_at;
      r->link_first = r->link_depth > 0;
    } else if (r->space && t->p[t->n - 1] != '\n') hbuf_addc(t, ' ');
    r->space = 0;
    r->src_end = src_at + src_len;
    j = i + 1;
    while (j < n && (unsigned char)s[j] > ' ' && (unsigned char)s[j] != 0xC2) j++;
    hbuf_add(t, s + i, j - i);
    if (r->link_depth > 0) r->links += j - i;
    i = j;
  }
}

static int new_node(hpage *pg, GumboNode *g, int parent) {
  hnode *nd;
  GumboElement *el = &g->v.element;
  GumboAttribute *cls, *id;
  if (pg->nnodes == pg->capnodes) {
    size_t cap = pg->capnodes ? pg->capnodes * 2 : 256;
    hnode *nn = realloc(pg->nodes, cap * sizeof *nn);
    if (!nn) { pg->failed = 1; return -1; }
    pg->nodes = nn;
    pg->capnodes = cap;
  }
  nd = &pg->nodes[pg->nnodes];
  nd->g = g;
  nd->parent = parent;
  nd->tag = (int)el->tag;
  nd->words = 0;
  nd->inh = 0;
  cls = gumbo_get_attribute(&el->attributes, "class");
  id = gumbo_get_attribute(&el->attributes, "id");
  if (cls) nd->words |= lede_html_words(cls->value);
  if (id) nd->words |= lede_html_words(id->value);
  {
    GumboAttribute *ip = gumbo_get_attribute(&el->attributes, "itemprop");
    if (ip && strcasecmp(ip->value, "articleBody") == 0) nd->words |= HW_BODY;
  }
  nd->bfirst = nd->bend = pg->nblocks;
  return (int)pg->nnodes++;
}

typedef struct frame {
  GumboNode *g;
  unsigned child;
  int node;
  int block;
  int saved_owner;
} frame;

#define MAX_DEPTH 4096

/* Renders the document into pg->text, pg->blocks and pg->nodes. */
int lede_html_render(hpage *pg) {
  frame *st;
  size_t sp = 0;
  rstate r;
  GumboNode *root = pg->out->root;
  memset(&r, 0, sizeof r);
  r.pg = pg;
  r.owner = -1;
  st = malloc(MAX_DEPTH * sizeof *st);
  if (!st) return LEDE_ENOMEM;
  hbuf_add(&pg->text, "", 0);
  st[0].g = root;
  st[0].child = 0;
  st[0].node = new_node(pg, root, -1);
  st[0].block = 1;
  st[0].saved_owner = -1;
  r.owner = st[0].node;
  sp = 1;
  while (sp > 0 && !pg->failed && !pg->text.failed) {
    frame *f = &st[sp - 1];
    GumboVector *kids = &f->g->v.element.children;
    GumboNode *c;
    if (f->child >= kids->length) {
      /* leaving the element */
      if (f->block) {
        flush(&r);
        r.owner = f->saved_owner;
      }
      if (f->g->v.element.tag == GUMBO_TAG_A && r.link_depth > 0) r.link_depth--;
      if (f->node >= 0) pg->nodes[f->node].bend = pg->nblocks;
      sp--;
      continue;
    }
    c = kids->data[f->child++];
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE ||
        c->type == GUMBO_NODE_CDATA) {
      add_text(&r, c->v.text.text, strlen(c->v.text.text),
               c->v.text.start_pos.offset, c->v.text.original_text.length);
    } else if (c->type == GUMBO_NODE_ELEMENT) {
      GumboElement *el = &c->v.element;
      int tag = (int)el->tag, node;
      if (dropped_tag(tag) || hidden(el)) continue;
      if (tag == GUMBO_TAG_BR) {
        hbuf *t = &pg->text;
        if (t->n > r.bstart && t->p[t->n - 1] != '\n') hbuf_addc(t, '\n');
        r.space = 0;
        continue;
      }
      if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH || tag == GUMBO_TAG_IMG)
        r.space = 1;
      if (sp >= MAX_DEPTH) continue;  /* deeper than any real page */
      node = new_node(pg, c, f->node);
      if (node < 0) break;
      st[sp].g = c;
      st[sp].child = 0;
      st[sp].node = node;
      st[sp].block = block_tag(tag);
      st[sp].saved_owner = r.owner;
      if (st[sp].block) {
        flush(&r);
        r.owner = node;
        pg->nodes[node].bfirst = pg->nblocks;
      }
      if (tag == GUMBO_TAG_A) r.link_depth++;
      sp++;
    }
  }
  free(st);
  if (pg->failed || pg->text.failed) return LEDE_ENOMEM;
  return LEDE_OK;
}
