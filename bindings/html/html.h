/*
** html.h -- lede's HTML reader: a web page in, an article out.
**
** The page is parsed with gumbo (a WHATWG HTML5 parser). Its metadata
** (JSON-LD, OpenGraph and article:* meta tags, <time datetime>, <link
** rel=canonical>, <h1>) gives the headline, byline, date and URL; its DOM
** gives the block that holds the article, with navigation, teaser lists,
** comments, footers, share bars, forms and notices left out. The article
** becomes plain text (one paragraph per block element, paragraphs parted
** by a blank line), so every stage of the core reads it unchanged.
**
** This library lives outside core/ (the core is C11 over utf8proc only);
** it is linked by the Lua module, the `lede` program and the fuzz target.
*/
#ifndef LEDE_HTML_H
#define LEDE_HTML_H

#include <stddef.h>

#include "lede.h"

/* One paragraph of the article text, with where it came from. */
typedef struct lede_html_para {
  size_t start, end;          /* bytes of lede_html.text */
  size_t src_start, src_end;  /* bytes of the HTML source it was made of */
  int role;                   /* LEDE_ROLE_* */
} lede_html_para;

typedef struct lede_html {
  char *text;           /* the article as text (NUL-terminated) */
  size_t ntext;
  lede_html_para *paras;
  size_t nparas;
  lede_article art;     /* the structure of text, as lede_article_parse
                        ** gives it: paragraphs parallel to paras */
  char *author;         /* author names from the metadata, "; "-separated */
  char *url;            /* canonical URL, or NULL */
  char *site;           /* the site's name, or NULL */
  const char *date_source;  /* "jsonld", "meta", "time" (the metadata's
                        ** date), a text source name, or NULL */
  const char *headline_source; /* "jsonld", "og", "h1", "title", or NULL */
} lede_html;

/*
** Reads the page src[0..n) (UTF-8). Fills *h (release with
** lede_html_free, also on error; h->art may be moved out and released
** with lede_article_free). Returns LEDE_OK, LEDE_ENOMEM, LEDE_ENUL when
** the page holds NUL bytes (not text), or LEDE_ELIMIT past 4 GB.
*/
int lede_html_parse(const char *src, size_t n, lede_html *h);
void lede_html_free(lede_html *h);

/*
** The encoding a page declares, as the WHATWG prescan finds it: a byte
** order mark, else <meta charset> or <meta http-equiv content="...;
** charset=..."> in the first 1024 bytes, else an XML declaration's
** encoding. Writes the label (lower case, at most cap - 1 bytes) and
** returns 1; returns 0 when the page declares none.
*/
int lede_html_charset(const char *src, size_t n, char *label, size_t cap);

/*
** src[0..n), in the encoding `label` names (a WHATWG label: "latin1" and
** "iso-8859-1" mean windows-1252, "gb2312" GB18030, "shift_jis" windows-31j,
** and so on; others go to iconv as written), to UTF-8 in *out (free with
** lede_free()), always valid UTF-8 without NUL bytes. A byte order mark is
** dropped; a sequence the encoding does not define, and U+0000, become
** U+FFFD, counted in *replaced. Returns LEDE_OK,
** LEDE_ENOMEM, or LEDE_EINVAL when iconv knows no such encoding.
*/
int lede_html_decode(const char *src, size_t n, const char *label,
                     char **out, size_t *out_n, size_t *replaced);

#endif
