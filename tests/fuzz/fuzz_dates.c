/*
** fuzz_dates.c -- libFuzzer target for lede_dates_in. The first 4 bytes
** choose the reference date (or none) and the day-first option; the rest is
** the text, scanned whole and as a sub-span. Checks that every date lies
** inside the span in order, that values are NUL-terminated ISO strings and
** that the scan is deterministic.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct check {
  size_t start, end, last_start, count;
  unsigned long sum;
} check;

static int on_date(void *ctx, const lede_date *d) {
  check *c = ctx;
  if (d->start < c->start || d->end > c->end || d->start >= d->end) abort();
  if (d->start < c->last_start) abort();
  c->last_start = d->start;
  if (!memchr(d->value, 0, sizeof d->value)) abort();
  if (!memchr(d->end_value, 0, sizeof d->end_value)) abort();
  if (!memchr(d->tz, 0, sizeof d->tz)) abort();
  if (d->grain < LEDE_GRAIN_TIME || d->grain > LEDE_GRAIN_SEASON) abort();
  if (d->kind < LEDE_DATE_KIND_DATE || d->kind > LEDE_DATE_KIND_SET) abort();
  size_t vn = strlen(d->value);
  if (d->grain == LEDE_GRAIN_SEASON) {      /* "1990-FA": TIMEX3 season codes */
    static const char *const seasons[] = {"-SP", "-SU", "-FA", "-WI"};
    int ok = 0;
    for (int k = 0; k < 4 && vn >= 3; k++) ok |= strcmp(d->value + vn - 3, seasons[k]) == 0;
    if (!ok) abort();
    vn -= 3;
  }
  for (size_t k = 0; k < vn; k++)
    if (!strchr("0123456789-:TWQPYMDHX", d->value[k])) abort();
  c->count++;
  c->sum = c->sum * 31 + d->start * 7 + d->end + (unsigned char)d->value[0];
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4) return 0;
  lede_date_opts o;
  memset(&o, 0, sizeof o);
  if (data[0] & 1) {
    o.year = 1 + (data[1] * 256 + data[2]) % 9999;
    o.month = 1 + data[3] % 12;
    o.day = 1 + (data[0] >> 1) % 28;
  }
  o.dayfirst = (data[0] >> 6) & 1;
  const char *s = (const char *)data + 4;
  size_t n = size - 4;
  check a = {0, n, 0, 0, 0}, b = {0, n, 0, 0, 0};
  if (lede_dates_in(s, n, 0, n, &o, on_date, &a) != LEDE_OK) abort();
  if (lede_dates_in(s, n, 0, n, &o, on_date, &b) != LEDE_OK) abort();
  if (a.count != b.count || a.sum != b.sum) abort();
  if (n > 2) {
    check c = {n / 3, n - n / 3, n / 3, 0, 0};
    if (lede_dates_in(s, n, n / 3, n - n / 3, &o, on_date, &c) != LEDE_OK)
      abort();
  }
  return 0;
}
