/*
** fuzz_html.c -- libFuzzer target for lede_html_parse (the HTML reader):
** it returns a defined code; the article text is valid UTF-8; paragraphs
** lie inside the text, in order, without overlap, with valid roles, and
** their source bytes inside the page; the structure handed to the core
** (lede_article) matches the paragraphs and every span in it lies inside
** the text; a second read gives the same result. The encoding prescan
** gives a NUL-terminated label, and decoding from it gives valid UTF-8.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(lede_span sp, size_t n) {
  if (sp.start > sp.end || sp.end > n) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  lede_html h, g;
  size_t i, last = 0;
  char label[32];
  int rc;
  if (lede_html_charset(s, size, label, sizeof label)) {
    char *out;
    size_t out_n, replaced;
    if (memchr(label, 0, sizeof label) == NULL || label[0] == '\0') abort();
    rc = lede_html_decode(s, size, label, &out, &out_n, &replaced);
    if (rc == LEDE_OK) {
      if (out[out_n] != '\0' || out_n > size * 3 + 16) abort();
      if (lede_check(out, out_n, NULL) != LEDE_OK) abort();
      lede_free(out);
    } else if (rc != LEDE_EINVAL && rc != LEDE_ENOMEM) {
      abort();
    }
  }
  rc = lede_html_parse(s, size, &h);
  if (rc != LEDE_OK) {
    if (rc != LEDE_ENUL && rc != LEDE_ELIMIT && rc != LEDE_ENOMEM) abort();
    lede_html_free(&h);
    return 0;
  }
  if (!h.text || h.text[h.ntext] != '\0') abort();
  if (lede_check(h.text, h.ntext, NULL) != LEDE_OK) abort();
  if (h.art.nparagraphs != h.nparas) abort();
  for (i = 0; i < h.nparas; i++) {
    const lede_html_para *p = &h.paras[i];
    if (p->start >= p->end || p->end > h.ntext) abort();
    if (i > 0 && p->start < last) abort();
    if (p->src_start > p->src_end || p->src_end > size) abort();
    if (p->role < LEDE_ROLE_BODY || p->role > LEDE_ROLE_DATE) abort();
    if (h.art.paragraphs[i].start != p->start || h.art.paragraphs[i].end != p->end ||
        h.art.paragraphs[i].role != p->role)
      abort();
    last = p->end;
  }
  inside(h.art.headline, h.ntext);
  inside(h.art.dateline, h.ntext);
  inside(h.art.byline, h.ntext);
  for (i = 0; i < h.art.ncaptions; i++) inside(h.art.captions[i], h.ntext);
  for (i = 0; i < h.art.nboilerplate; i++) inside(h.art.boilerplate[i], h.ntext);
  /* the metadata's dates skip placeholders (before 1995); a date the page
  ** prints is read as the text parser reads any article's */
  if (h.art.date_source != LEDE_DATE_NONE &&
      (h.art.year < 1 || h.art.month < 1 || h.art.month > 12 || h.art.day < 1 ||
       h.art.day > 31))
    abort();
  if (h.date_source && (strcmp(h.date_source, "jsonld") == 0 ||
                        strcmp(h.date_source, "meta") == 0 ||
                        strcmp(h.date_source, "time") == 0) &&
      h.art.year < 1995)
    abort();
  if (lede_html_parse(s, size, &g) != LEDE_OK) abort();
  if (g.ntext != h.ntext || memcmp(g.text, h.text, h.ntext) != 0 || g.nparas != h.nparas)
    abort();
  lede_html_free(&g);
  lede_html_free(&h);
  return 0;
}
