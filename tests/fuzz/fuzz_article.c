/*
** fuzz_article.c -- libFuzzer target for lede_article_parse: every span
** lies inside the text, paragraphs are ordered and do not overlap, roles
** and date sources are valid, the parts of the dateline and the byline lie
** inside their spans, and a second parse gives the same result.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(lede_span sp, size_t n) {
  if (sp.start > sp.end || sp.end > n) abort();
}

/* part lies within whole (or is empty) */
static void within(lede_span part, lede_span whole) {
  if (part.end == part.start) return;
  if (part.start < whole.start || part.end > whole.end) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  lede_article a, b;
  size_t i, last = 0;
  if (lede_article_parse(s, size, &a) != LEDE_OK) abort();
  inside(a.headline, size);
  inside(a.dateline, size);
  inside(a.byline, size);
  within(a.agency, a.dateline);
  if (a.place.end > a.place.start && a.place.start != a.dateline.start) abort();
  within(a.region, a.place);
  if (a.nbyline_names > LEDE_MAX_BYLINE_NAMES) abort();
  for (i = 0; i < a.nbyline_names; i++) within(a.byline_names[i], a.byline);
  within(a.byline_org, a.byline);
  for (i = 0; i < a.nparagraphs; i++) {
    const lede_paragraph *p = &a.paragraphs[i];
    if (p->start >= p->end || p->end > size) abort();
    if (i > 0 && p->start < last) abort();
    if (p->role < LEDE_ROLE_BODY || p->role > LEDE_ROLE_DATE) abort();
    if (strcmp(lede_role_name(p->role), "?") == 0) abort();
    last = p->end;
  }
  for (i = 0; i < a.ncaptions; i++) {
    inside(a.captions[i], size);
    within(a.caption_credits[i], a.captions[i]);
  }
  for (i = 0; i < a.nboilerplate; i++) inside(a.boilerplate[i], size);
  if (a.date_source != LEDE_DATE_NONE &&
      (a.year <= 0 || a.month < 1 || a.month > 12 || a.day < 1 || a.day > 31))
    abort();
  if (lede_article_parse(s, size, &b) != LEDE_OK) abort();
  if (b.nparagraphs != a.nparagraphs || b.ncaptions != a.ncaptions ||
      b.date_source != a.date_source)
    abort();
  /* field by field: the struct's padding bytes are not part of the result */
  for (i = 0; i < a.nparagraphs; i++)
    if (b.paragraphs[i].start != a.paragraphs[i].start ||
        b.paragraphs[i].end != a.paragraphs[i].end ||
        b.paragraphs[i].role != a.paragraphs[i].role)
      abort();
  lede_article_free(&b);
  lede_article_free(&a);
  return 0;
}
