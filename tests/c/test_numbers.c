/*
** test_numbers.c -- the figure finder (core/numbers.c): value parsing,
** kinds and units, ranges and parts, what is not a figure, the named
** limits, stopping, cancelling, bad input, and linear time on hostile
** input (10 MB of "1,1,1,...", a million "hundred and").
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lede.h"

#define MAXF 64

typedef struct found {
  const char *s;
  lede_figure f[MAXF];
  size_t n, total;
  size_t stop_after;     /* 0 = never stop */
  size_t last_start;
  int ordered;
} found;

static int collect(void *ctx, const lede_figure *fig) {
  found *r = ctx;
  if (r->total > 0 && fig->start < r->last_start) r->ordered = 0;
  r->last_start = fig->start;
  if (r->n < MAXF) r->f[r->n++] = *fig;
  r->total++;
  return r->stop_after && r->total >= r->stop_after;
}

static int find_in(found *r, const char *s) {
  memset(r, 0, sizeof *r);
  r->s = s;
  r->ordered = 1;
  return lede_numbers_in(s, strlen(s), 0, strlen(s), NULL, 0, collect, r);
}

static void text_is(const found *r, size_t i, const char *want) {
  assert_true(i < r->n);
  size_t len = r->f[i].end - r->f[i].start;
  assert_int_equal(len, strlen(want));
  assert_memory_equal(r->s + r->f[i].start, want, len);
}

static void noun_is(const found *r, size_t i, const char *want) {
  lede_span sp = r->f[i].noun;
  assert_int_equal(sp.end - sp.start, strlen(want));
  assert_memory_equal(r->s + sp.start, want, strlen(want));
}

static void one(const char *s, double value, int kind, const char *unit) {
  found r;
  assert_int_equal(find_in(&r, s), LEDE_OK);
  if (r.n != 1) fprintf(stderr, "in: %s (%zu figures)\n", s, r.n);
  assert_int_equal(r.n, 1);
  assert_true(r.f[0].value == value);
  assert_int_equal(r.f[0].kind, kind);
  assert_string_equal(r.f[0].unit, unit);
}

static void none(const char *s) {
  found r;
  assert_int_equal(find_in(&r, s), LEDE_OK);
  if (r.n != 0) fprintf(stderr, "in: %s (%zu figures)\n", s, r.n);
  assert_int_equal(r.n, 0);
}

static void test_values(void **state) {
  (void)state;
  one("They counted 3,005,112 votes.", 3005112, LEDE_FIG_NUMBER, "");
  one("It closed at 4,512.3 points.", 4512.3, LEDE_FIG_NUMBER, "");
  one("It has 1\xc2\xa0" "200 beds.", 1200, LEDE_FIG_NUMBER, "");
  one("It has 12\xe2\x80\xaf" "500 beds.", 12500, LEDE_FIG_NUMBER, "");
  one("It fell to -12 degrees.", -12, LEDE_FIG_NUMBER, "");
  one("It fell \xe2\x88\x92" "2.5% on the day.", -2.5, LEDE_FIG_PERCENT, "");
  one("They built 1.5 million homes.", 1500000, LEDE_FIG_NUMBER, "");
  one("It lost 4.7m viewers.", 4700000, LEDE_FIG_NUMBER, "");
  one("Twenty-six people died.", 26, LEDE_FIG_NUMBER, "");
  one("It carried one hundred and twelve tonnes.", 112, LEDE_FIG_NUMBER, "");
  one("Half a million people fled.", 500000, LEDE_FIG_NUMBER, "");
  one("A couple of days passed.", 2, LEDE_FIG_NUMBER, "");
  one("Two dozen boats sailed.", 24, LEDE_FIG_NUMBER, "");
  one("Only 1/4 of them came.", 0.25, LEDE_FIG_NUMBER, "");
  one("The tank was \xc2\xbe full.", 0.75, LEDE_FIG_NUMBER, "");
  one("It ranks 21st in the world.", 21, LEDE_FIG_ORDINAL, "");
  one("Its twenty-sixth win came.", 26, LEDE_FIG_ORDINAL, "");
  one("Rates rose 0.5 percentage points.", 0.5, LEDE_FIG_PERCENT, "pp");
  one("It was fined \xe2\x82\xac" "1.1 billion.", 1100000000, LEDE_FIG_MONEY, "EUR");
  one("It raised C$2.4 billion.", 2400000000, LEDE_FIG_MONEY, "CAD");
  one("Profit was 15 mln dlrs.", 15000000, LEDE_FIG_MONEY, "USD");
  one("It cleared Rs 500 crore.", 5000000000.0, LEDE_FIG_MONEY, "INR");
  one("It cost 300 Swiss francs.", 300, LEDE_FIG_MONEY, "CHF");
  one("Sales hit 2 trillion yen.", 2e12, LEDE_FIG_MONEY, "JPY");
}

static void test_ranges_parts(void **state) {
  (void)state;
  found r;
  assert_int_equal(find_in(&r, "Between 10 and 15 people were hurt."), LEDE_OK);
  assert_int_equal(r.n, 1);
  assert_true(r.f[0].has_max && r.f[0].value == 10 && r.f[0].max == 15);
  noun_is(&r, 0, "people");
  assert_int_equal(find_in(&r, "It is worth $5 million to $10 million."), LEDE_OK);
  assert_int_equal(r.n, 1);
  assert_true(r.f[0].value == 5e6 && r.f[0].max == 1e7);
  assert_string_equal(r.f[0].unit, "USD");
  /* a change, two figures; only the second has a percent sign */
  assert_int_equal(find_in(&r, "Prices rose from 20 to 30 percent."), LEDE_OK);
  assert_int_equal(r.n, 2);
  assert_int_equal(r.f[0].kind, LEDE_FIG_NUMBER);
  assert_int_equal(r.f[1].kind, LEDE_FIG_PERCENT);
  assert_false(r.f[0].has_max);
  assert_int_equal(find_in(&r, "The court ruled 5-4."), LEDE_OK);
  assert_int_equal(r.n, 2);
  assert_int_equal(find_in(&r, "They polled 26 of 35 countries."), LEDE_OK);
  assert_int_equal(r.n, 2);
  assert_int_equal(r.f[0].of, 1);
  assert_int_equal(r.f[1].of, -1);
  noun_is(&r, 0, "countries");
  assert_int_equal(find_in(&r, "Nine out of 10 doctors agreed."), LEDE_OK);
  assert_int_equal(r.n, 2);
  assert_int_equal(r.f[0].of, 1);
  assert_int_equal(find_in(&r, "More than 300 people came."), LEDE_OK);
  assert_int_equal(r.n, 1);
  assert_string_equal(r.f[0].approx, "more than");
  text_is(&r, 0, "More than 300");
  assert_int_equal(find_in(&r, "Russia fired 112 strike and decoy drones."), LEDE_OK);
  noun_is(&r, 0, "strike and decoy drones");
  assert_int_equal(find_in(&r, "A 40-year-old man was held."), LEDE_OK);
  assert_int_equal(r.n, 1);
  assert_string_equal(r.f[0].role, "age");
}

static void test_not_figures(void **state) {
  (void)state;
  none("The F-16 and the COVID-19 rules.");
  none("The G7 met on 5G.");
  none("A Boeing 737 landed.");
  none("Flight MH17 and I-95 and Catch-22.");
  none("She won in Formula One.");
  none("He went to No. 10 Downing Street.");
  none("They invoked Article 5.");
  none("It is open 24/7.");
  none("It was one of the best.");
  none("It was a better one.");
  none("A one-off fee.");
  none("Update to 1.5.3 now.");
  none("See page 12.");
  none("It happened at 10:30 a.m.");
  none("Call 555-0143.");
  none("It opened on Sept. 4, 2025.");
  none("The law was passed in 2019.");
  none("7de9f14b6f7fea93555758c4f999bd2bbb54cde4a9661880ea99049b9b253d94");
  none("");
  /* a year and a count */
  found r;
  assert_int_equal(find_in(&r, "In 2022, 2,022 migrants came."), LEDE_OK);
  assert_int_equal(r.n, 1);
  assert_true(r.f[0].value == 2022);
  one("The plant made 2025 units.", 2025, LEDE_FIG_NUMBER, "");
}

static void test_skip_and_bounds(void **state) {
  (void)state;
  const char *s = "Before 5 cats. Then 7 dogs and 9 birds. After 11 cows.";
  found r;
  memset(&r, 0, sizeof r);
  r.s = s;
  r.ordered = 1;
  size_t a = (size_t)(strstr(s, "Then") - s), b = (size_t)(strstr(s, " After") - s);
  assert_int_equal(lede_numbers_in(s, strlen(s), a, b, NULL, 0, collect, &r), LEDE_OK);
  assert_int_equal(r.n, 2);
  lede_span skip[1];
  skip[0].start = (size_t)(strchr(s, '9') - s);
  skip[0].end = skip[0].start + 1;
  memset(&r, 0, sizeof r);
  r.s = s;
  assert_int_equal(lede_numbers_in(s, strlen(s), a, b, skip, 1, collect, &r), LEDE_OK);
  assert_int_equal(r.n, 1);
  assert_true(r.f[0].value == 7);
  /* end beyond n is clamped; start >= end finds nothing */
  memset(&r, 0, sizeof r);
  assert_int_equal(lede_numbers_in(s, strlen(s), 0, 1000, NULL, 0, collect, &r), LEDE_OK);
  assert_int_equal(r.n, 4);
  memset(&r, 0, sizeof r);
  assert_int_equal(lede_numbers_in(s, strlen(s), 10, 10, NULL, 0, collect, &r), LEDE_OK);
  assert_int_equal(r.n, 0);
  /* bad arguments */
  assert_int_equal(lede_numbers_in(s, strlen(s), 0, 5, NULL, 0, NULL, NULL), LEDE_EINVAL);
  assert_int_equal(lede_numbers_in(NULL, 5, 0, 5, NULL, 0, collect, &r), LEDE_EINVAL);
  assert_int_equal(lede_numbers_in(s, strlen(s), 0, 5, NULL, 2, collect, &r), LEDE_EINVAL);
  assert_string_equal(lede_figure_kind_name(LEDE_FIG_MONEY), "money");
  assert_string_equal(lede_figure_kind_name(99), "?");
}

static void test_stop(void **state) {
  (void)state;
  found r;
  const char *s = "1 cat, 2 dogs, 3 birds and 4 cows.";
  memset(&r, 0, sizeof r);
  r.s = s;
  r.stop_after = 2;
  assert_int_equal(lede_numbers_in(s, strlen(s), 0, strlen(s), NULL, 0, collect, &r),
                   LEDE_ESTOPPED);
  assert_int_equal(r.total, 2);
}

static int cancel_now(void *ud) { (void)ud; return 1; }

static void test_cancel(void **state) {
  (void)state;
  size_t n = 4 * LEDE_CANCEL_INTERVAL;
  char *s = malloc(n);
  assert_non_null(s);
  for (size_t i = 0; i < n; i++) s[i] = "12, "[i % 4];
  found r;
  memset(&r, 0, sizeof r);
  lede_set_cancel(cancel_now, NULL);
  int rc = lede_numbers_in(s, n, 0, n, NULL, 0, collect, &r);
  lede_set_cancel(NULL, NULL);
  assert_int_equal(rc, LEDE_ECANCEL);
  free(s);
}

static void test_bad_bytes(void **state) {
  (void)state;
  /* invalid UTF-8 and NUL bytes never crash; figures around them stay */
  const char s[] = "It cost \xe2\x82 5 \xff\xfe dollars and \0 7 cats \xc0\xaf.";
  found r;
  memset(&r, 0, sizeof r);
  r.s = s;
  assert_int_equal(lede_numbers_in(s, sizeof s - 1, 0, sizeof s - 1, NULL, 0,
                                   collect, &r), LEDE_OK);
  assert_true(r.n >= 1);
  for (size_t i = 0; i < r.n; i++) assert_true(r.f[i].end <= sizeof s - 1);
}

static double seconds(void) {
  return (double)clock() / CLOCKS_PER_SEC;
}

/* Hostile input must take time linear in its size: 10 MB of "1,1,1,...",
   a million "hundred and", 10 MB of digits, 10 MB of one word. */
static void run_big(const char *unit, size_t total, double *secs, size_t *nfig) {
  size_t ul = strlen(unit), n = total / ul * ul;
  char *s = malloc(n);
  assert_non_null(s);
  for (size_t i = 0; i < n; i += ul) memcpy(s + i, unit, ul);
  found r;
  memset(&r, 0, sizeof r);
  r.s = s;
  r.ordered = 1;
  double t0 = seconds();
  assert_int_equal(lede_numbers_in(s, n, 0, n, NULL, 0, collect, &r), LEDE_OK);
  *secs = seconds() - t0;
  *nfig = r.total;
  assert_true(r.ordered);
  free(s);
}

static void test_linear_time(void **state) {
  (void)state;
  static const struct { const char *unit; size_t size; } cases[] = {
    {"1,", 10000000}, {"hundred and ", 12000000}, {"7", 4000000},
    {"a", 4000000}, {"twenty-", 2000000}, {"1-", 2000000}, {"$", 2000000},
    {"one ", 2000000}, {"1/", 2000000}, {"\xc2\xbe", 2000000},
    {"10 percent to ", 2000000}, {"between 1 and ", 2000000},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    double small, big;
    size_t nf1, nf2;
    run_big(cases[k].unit, cases[k].size / 10, &small, &nf1);
    run_big(cases[k].unit, cases[k].size, &big, &nf2);
    /* ten times the input: well under a hundred times the time */
    if (big > 0.05) assert_true(big < 30 * (small + 0.01));
    assert_true(big < 30.0);
    if (!strcmp(cases[k].unit, "hundred and ")) assert_int_equal(nf2, 0);
  }
}

/* LEDE_NUM_MAX_DIGITS: a longer digit run is an identifier, not a figure;
   LEDE_NUM_MAX_WORDS bounds a spelled-out number. */
static void test_limits(void **state) {
  (void)state;
  char buf[128];
  memset(buf, '9', LEDE_NUM_MAX_DIGITS + 1);
  buf[LEDE_NUM_MAX_DIGITS + 1] = 0;
  none(buf);
  memset(buf, '9', LEDE_NUM_MAX_DIGITS - 3);
  strcpy(buf + LEDE_NUM_MAX_DIGITS - 3, " cats");
  found r;
  assert_int_equal(find_in(&r, buf), LEDE_OK);
  assert_int_equal(r.n, 1);
  /* a spelled number longer than the limit is cut, not rejected */
  assert_int_equal(find_in(&r, "one hundred and twenty-one thousand "
                               "three hundred and forty-five million six"), LEDE_OK);
  assert_true(r.n >= 1);
  assert_true(LEDE_NUM_LOOKAHEAD + LEDE_NUM_LOOKBEHIND < LEDE_NUM_WINDOW);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_values),
    cmocka_unit_test(test_ranges_parts),
    cmocka_unit_test(test_not_figures),
    cmocka_unit_test(test_skip_and_bounds),
    cmocka_unit_test(test_stop),
    cmocka_unit_test(test_cancel),
    cmocka_unit_test(test_bad_bytes),
    cmocka_unit_test(test_limits),
    cmocka_unit_test(test_linear_time),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
