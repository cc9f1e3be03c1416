/*
** hint.h -- internal to lede's HTML reader (bindings/html/).
*/
#ifndef LEDE_HTML_HINT_H
#define LEDE_HTML_HINT_H

#include <stddef.h>
#include <gumbo.h>

#include "html.h"

/* A growable byte buffer; on allocation failure `failed` is set and
** further appends are dropped. */
typedef struct hbuf {
  char *p;
  size_t n, cap;
  int failed;
} hbuf;

void hbuf_add(hbuf *b, const char *s, size_t n);
void hbuf_addc(hbuf *b, char c);
void hbuf_adds(hbuf *b, const char *s);

/* What the class and id names of an element say (words.c). */
#define HW_CHROME   0x1u   /* navigation, share bars, comments, teasers... */
#define HW_POSITIVE 0x2u   /* article, content, entry, story, body... */
#define HW_BODY     0x4u   /* the article's body itself (articleBody...) */
#define HW_HIDDEN   0x8u   /* screen-reader-only or hidden text */
#define HW_BYLINE   0x10u  /* author line */
#define HW_DATE     0x20u  /* date or time stamp */
#define HW_CAPTION  0x40u  /* picture caption or credit */
#define HW_TEASER   0x80u  /* an item of a teaser list (found by structure) */
unsigned lede_html_words(const char *attr);

/* A rendered block of the page: one line-group of text. */
typedef struct hblock {
  size_t start, end;          /* bytes of the page text */
  size_t links;               /* bytes of link text */
  size_t src_start, src_end;  /* bytes of the HTML source */
  int node;                   /* innermost block element (hnode index) */
  int link_first;             /* its text opens with link text */
} hblock;

/* An element of the page, in document order (parents before children). */
typedef struct hnode {
  GumboNode *g;
  int parent;
  int tag;                    /* GumboTag */
  unsigned words;             /* HW_* of its class and id */
  unsigned inh;               /* HW_CHROME etc. inherited from ancestors */
  size_t bfirst, bend;        /* its blocks: [bfirst, bend) */
} hnode;

/* The rendered page. */
typedef struct hpage {
  const char *src;
  size_t nsrc;
  GumboOutput *out;
  hbuf text;                  /* the whole page as text */
  hblock *blocks;
  size_t nblocks, capblocks;
  hnode *nodes;
  size_t nnodes, capnodes;
  size_t near_first, near_end;  /* the blocks of the article's part */
  GumboNode *around;          /* the parent of the article's element */
  int failed;
} hpage;

/* The metadata of a page (meta.c). */
typedef struct hmeta {
  char *headline[6];          /* candidates, in order */
  const char *hsource[6];
  int nheadline;
  char *site;
  char *url;
  char *byline;
  char date[11];
  const char *date_source;
  int date_hour;              /* its hour, or -1 */
} hmeta;

/* Renders the page (render.c). */
int lede_html_render(hpage *pg);

/* Reads the metadata of a rendered page (meta.c). */
int lede_html_meta(hpage *pg, hmeta *m);
void lede_html_meta_free(hmeta *m);
/* Whether the normalised text s[0..n) equals a whole line of the page. */
int lede_html_is_line(const hpage *pg, const char *s, size_t n);
/* Text of an element's subtree (white space squashed), malloc'd. */
char *lede_html_node_text(GumboNode *node);

#endif
