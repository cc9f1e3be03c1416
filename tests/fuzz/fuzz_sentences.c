/*
** fuzz_sentences.c -- libFuzzer target for the sentence splitter.
** Both modes on the input; invariants: spans in order, non-overlapping,
** inside the text, non-empty, trimmed (no white space at either end),
** paragraph indices never decreasing; every UAX #29 boundary advances.
** The first byte (when present) also picks a prefix length so that the
** splitter sees inputs cut at any point.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct check {
  const char *s;
  size_t n, last_end, last_para, count;
} check;

static int is_space_at(const char *s, size_t n, size_t i, int at_end) {
  /* ASCII white space, NBSP and the 3-byte spaces the splitter trims */
  unsigned char c;
  if (at_end) {
    c = (unsigned char)s[i - 1];
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (i >= 2 && (unsigned char)s[i - 2] == 0xC2 && c == 0xA0) return 1;
    return 0;
  }
  c = (unsigned char)s[i];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) return 1;
  return 0;
}

static int on_sentence(void *ctx, const lede_sentence *x) {
  check *c = ctx;
  if (x->start >= x->end) abort();                 /* non-empty */
  if (x->end > c->n) abort();                      /* within bounds */
  if (c->count > 0 && x->start < c->last_end) abort();  /* ordered */
  if (c->count > 0 && x->paragraph < c->last_para) abort();
  if (is_space_at(c->s, c->n, x->start, 0)) abort();    /* trimmed */
  if (is_space_at(c->s, c->n, x->end, 1)) abort();
  c->last_end = x->end;
  c->last_para = x->paragraph;
  c->count++;
  return 0;
}

static void run(const char *s, size_t n) {
  int mode;
  size_t pos = 0;
  for (mode = LEDE_MODE_NEWS; mode <= LEDE_MODE_UAX29; mode++) {
    check c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.n = n;
    if (lede_sentences(s, n, mode, on_sentence, &c) != LEDE_OK) abort();
  }
  while (pos < n) {
    size_t b = lede_sentence_break_next(s, n, pos);
    if (b <= pos || b > n) abort();
    pos = b;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size ? size : 1);
  if (!s) return 0;
  memcpy(s, data, size);
  run(s, size);
  if (size > 1) run(s + 1, (size_t)data[0] % size);
  free(s);
  return 0;
}
