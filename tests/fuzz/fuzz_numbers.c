/*
** fuzz_numbers.c -- libFuzzer target for lede_numbers_in: every figure
** lies inside the span asked for (start <= end), figures come in text
** order without overlapping, values and bounds are finite, kinds are
** valid, units are NUL-terminated, noun and head spans lie inside the
** text (the head inside the noun when both are there, or empty), `of`
** names a later figure of the same call, nothing is reported from a
** skipped span, and a second run gives the same figures.
**
** The first input byte chooses the span: the whole input, or its second
** half with the first quarter's bytes skipped.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXF 4096

typedef struct run {
  size_t n, lo, hi;
  lede_span skip;
  int has_skip;
  lede_figure f[MAXF];
  size_t nf;
} run;

static int check(void *ctx, const lede_figure *g) {
  run *r = ctx;
  if (g->start >= g->end || g->start < r->lo || g->end > r->hi) abort();
  if (!isfinite(g->value)) abort();
  if (g->has_max && (!isfinite(g->max) || g->max <= g->value)) abort();
  if (g->kind < LEDE_FIG_NUMBER || g->kind > LEDE_FIG_MONEY) abort();
  if (memchr(g->unit, 0, sizeof g->unit) == NULL) abort();
  if (g->noun.start > g->noun.end || g->noun.end > r->n) abort();
  if (g->head.start > g->head.end || g->head.end > r->n) abort();
  if (g->head.end > g->head.start && g->noun.end > g->noun.start &&
      (g->head.start < g->noun.start || g->head.end > g->noun.end)) abort();
  if (g->of != -1 && g->of != (int)r->nf + 1) abort();
  if (r->nf > 0) {
    const lede_figure *p = &r->f[r->nf < MAXF ? r->nf - 1 : MAXF - 1];
    if (r->nf <= MAXF && g->start < p->end) abort();   /* ordered, disjoint */
  }
  if (r->has_skip && g->start < r->skip.end && g->end > r->skip.start)
    abort();
  if (r->nf < MAXF) r->f[r->nf] = *g;
  r->nf++;
  return 0;
}

static run r1, r2;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  int mode = data[0] & 1;
  memset(&r1, 0, sizeof r1);
  r1.n = n;
  r1.lo = mode ? n / 2 : 0;
  r1.hi = n;
  if (mode && n >= 8) {
    r1.skip.start = r1.lo + n / 8;
    r1.skip.end = r1.skip.start + n / 8;
    r1.has_skip = 1;
  }
  r2 = r1;
  int rc1 = lede_numbers_in(s, n, r1.lo, r1.hi, r1.has_skip ? &r1.skip : NULL,
                            r1.has_skip ? 1 : 0, check, &r1);
  int rc2 = lede_numbers_in(s, n, r2.lo, r2.hi, r2.has_skip ? &r2.skip : NULL,
                            r2.has_skip ? 1 : 0, check, &r2);
  if (rc1 != LEDE_OK || rc2 != LEDE_OK) abort();
  if (r1.nf != r2.nf) abort();
  size_t m = r1.nf < MAXF ? r1.nf : MAXF;
  for (size_t i = 0; i < m; i++) {
    if (r1.f[i].start != r2.f[i].start || r1.f[i].end != r2.f[i].end) abort();
    if (memcmp(&r1.f[i].value, &r2.f[i].value, sizeof(double)) != 0) abort();
  }
  /* the last figure's whole must have been reported */
  if (m > 0 && r1.f[m - 1].of >= 0 && r1.nf == m) abort();
  return 0;
}
