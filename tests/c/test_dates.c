/*
** test_dates.c -- lede_dates_in through its C contract: calendar arithmetic
** seen through relative expressions (month lengths, leap years, ISO weeks,
** year boundaries), absolute forms, limits and bad input, cancellation,
** the stop protocol, and linear time on adversarial input.
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

#define MAX_FOUND 16

typedef struct found {
  size_t n;             /* dates seen (all of them) */
  lede_date d[MAX_FOUND];
  int stop_after;       /* return nonzero after this many; 0 = never */
} found;

static int collect(void *ctx, const lede_date *d) {
  found *f = ctx;
  if (f->n < MAX_FOUND) f->d[f->n] = *d;
  f->n++;
  return f->stop_after && (int)f->n >= f->stop_after;
}

/* Runs lede_dates_in over the whole of s with reference "YYYY-MM-DD" (or
** NULL for none). */
static int run(const char *s, const char *ref, int dayfirst, found *f) {
  lede_date_opts o;
  memset(&o, 0, sizeof o);
  memset(f, 0, sizeof *f);
  if (ref) {
    o.year = atoi(ref);
    o.month = atoi(ref + 5);
    o.day = atoi(ref + 8);
  }
  o.dayfirst = dayfirst;
  return lede_dates_in(s, strlen(s), 0, strlen(s), &o, collect, f);
}

/* The value of the only date in s. */
static const char *only(const char *s, const char *ref) {
  static found f;
  int rc = run(s, ref, 0, &f);
  assert_int_equal(rc, LEDE_OK);
  if (f.n != 1) fail_msg("%zu dates in \"%s\"", f.n, s);
  return f.d[0].value;
}

static void test_month_lengths_and_leap_years(void **state) {
  (void)state;
  assert_string_equal(only("yesterday", "2024-03-01"), "2024-02-29");
  assert_string_equal(only("yesterday", "2023-03-01"), "2023-02-28");
  assert_string_equal(only("yesterday", "2000-03-01"), "2000-02-29");
  assert_string_equal(only("yesterday", "1900-03-01"), "1900-02-28");
  assert_string_equal(only("tomorrow", "2024-02-28"), "2024-02-29");
  assert_string_equal(only("tomorrow", "2024-02-29"), "2024-03-01");
  assert_string_equal(only("tomorrow", "2025-04-30"), "2025-05-01");
  assert_string_equal(only("It fell on Feb. 29, 2024.", NULL), "2024-02-29");
  found f;
  assert_int_equal(run("It fell on Feb. 29, 2023.", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.n, 0);
  assert_int_equal(run("on 31 April 2025", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.n, 0);
  assert_int_equal(run("2025-02-29", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.n, 0);
  /* a month back from March 31 clamps to the month's end */
  assert_string_equal(only("a month earlier", "2024-03-31"), "2024-02");
  assert_string_equal(only("two days ago", "2024-03-01"), "2024-02-28");
}

static void test_year_boundaries(void **state) {
  (void)state;
  assert_string_equal(only("yesterday", "2025-01-01"), "2024-12-31");
  assert_string_equal(only("tomorrow", "2024-12-31"), "2025-01-01");
  assert_string_equal(only("last month", "2026-01-02"), "2025-12");
  assert_string_equal(only("next month", "2025-12-15"), "2026-01");
  assert_string_equal(only("last year", "2026-01-01"), "2025");
  assert_string_equal(only("The fire started on Dec. 30.", "2026-01-02"),
                      "2025-12-30");
  assert_string_equal(only("It takes effect Jan. 5.", "2025-12-29"),
                      "2026-01-05");
  assert_string_equal(only("He said Wednesday.", "2026-01-02"), "2025-12-31");
  assert_string_equal(only("the fourth quarter", "2026-01-02"), "2025-Q4");
  assert_string_equal(only("last quarter", "2026-01-02"), "2025-Q4");
}

static void test_iso_weeks(void **state) {
  (void)state;
  /* 2021-01-01 is a Friday in 2020's week 53 */
  assert_string_equal(only("this week", "2021-01-01"), "2020-W53");
  assert_string_equal(only("next week", "2021-01-01"), "2021-W01");
  /* 2024-12-30 is a Monday in 2025's week 1 */
  assert_string_equal(only("this week", "2024-12-30"), "2025-W01");
  assert_string_equal(only("last week", "2025-01-06"), "2025-W01");
  assert_string_equal(only("this week", "2025-09-04"), "2025-W36");
  assert_string_equal(only("this week", "2026-12-31"), "2026-W53");
  assert_string_equal(only("2025-W36", NULL), "2025-W36");
  assert_string_equal(only("2020-W53", NULL), "2020-W53");
  found f;
  assert_int_equal(run("2025-W53", NULL, 0, &f), LEDE_OK);  /* 2025 has 52 */
  assert_int_equal(f.n, 0);
}

static void test_weekdays(void **state) {
  (void)state;
  const char *ref = "2025-09-04";   /* a Thursday */
  assert_string_equal(only("He said Thursday.", ref), "2025-09-04");
  assert_string_equal(only("He said Wednesday.", ref), "2025-09-03");
  assert_string_equal(only("He said Friday.", ref), "2025-08-29");
  assert_string_equal(only("He will go on Friday.", ref), "2025-09-05");
  assert_string_equal(only("He will go on Wednesday.", ref), "2025-09-10");
  assert_string_equal(only("He left last Thursday.", ref), "2025-08-28");
  assert_string_equal(only("He goes next Thursday.", ref), "2025-09-11");
  assert_string_equal(only("He left last Friday.", ref), "2025-08-29");
  assert_string_equal(only("He goes next Friday.", ref), "2025-09-12");
  assert_string_equal(only("He left last Monday.", ref), "2025-08-25");
  assert_string_equal(only("He goes this Friday.", ref), "2025-09-05");
  found f;
  assert_int_equal(run("He said Thursday.", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.n, 1);
  assert_string_equal(f.d[0].value, "");
  assert_int_equal(f.d[0].relative, 1);
  assert_int_equal(f.d[0].grain, LEDE_GRAIN_DAY);
}

static void test_absolute_forms(void **state) {
  (void)state;
  found f;
  const char *s = "Published 10:31 AM EDT, September 4, 2025";
  assert_int_equal(run(s, NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.n, 1);
  assert_string_equal(f.d[0].value, "2025-09-04T10:31");
  assert_string_equal(f.d[0].tz, "EDT");
  assert_int_equal(f.d[0].grain, LEDE_GRAIN_TIME);
  assert_int_equal(f.d[0].stated, LEDE_STATED_YEAR | LEDE_STATED_MONTH |
                                  LEDE_STATED_DAY | LEDE_STATED_TIME);
  assert_int_equal(f.d[0].start, 10);
  assert_int_equal(f.d[0].end, strlen(s));
  assert_string_equal(only("Thursday, Sept. 4, 2025", NULL), "2025-09-04");
  assert_string_equal(only("4 September 2025", NULL), "2025-09-04");
  assert_string_equal(only("2025-09-04", NULL), "2025-09-04");
  assert_string_equal(only("9/4/2025", NULL), "2025-09-04");
  assert_int_equal(run("9/4/2025", NULL, 1, &f), LEDE_OK);
  assert_string_equal(f.d[0].value, "2025-04-09");
  assert_string_equal(only("Q3 2025", NULL), "2025-Q3");
  assert_string_equal(only("in the 1990s", NULL), "1990");
  assert_int_equal(run("in the 1990s", NULL, 0, &f), LEDE_OK);
  assert_string_equal(f.d[0].end_value, "1999");
  assert_int_equal(f.d[0].kind, LEDE_DATE_KIND_INTERVAL);
  assert_int_equal(f.d[0].grain, LEDE_GRAIN_DECADE);
  assert_int_equal(run("since February 2022", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.d[0].kind, LEDE_DATE_KIND_INTERVAL);
  assert_string_equal(f.d[0].value, "2022-02");
  assert_string_equal(f.d[0].end_value, "");
  assert_int_equal(run("for three years", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.d[0].kind, LEDE_DATE_KIND_DURATION);
  assert_string_equal(f.d[0].value, "P3Y");
  assert_int_equal(run("at 10:30 a.m.", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.d[0].kind, LEDE_DATE_KIND_TIME);
  assert_string_equal(f.d[0].value, "T10:30");
}

static void test_not_dates(void **state) {
  (void)state;
  static const char *const cases[] = {
    "Theresa May said no.", "version 1.5.3", "They won 3-1.", "open 24/7",
    "the 9/11 attacks", "call 1-800-555-2025", "It made 2025 units.",
    "a march through town", "The ratio was 3:1.", "2,019 points",
    "9999-99-99", "13/13/2025", "0/0/0000", "12:75", "99:00",
    "Room 2010 is on the left.", "Sun Microsystems", NULL};
  for (int i = 0; cases[i]; i++) {
    found f;
    assert_int_equal(run(cases[i], "2025-09-04", 0, &f), LEDE_OK);
    if (f.n) fail_msg("\"%s\" gave a date", cases[i]);
  }
}

static void test_bad_arguments_and_limits(void **state) {
  (void)state;
  found f;
  lede_date_opts o = {2025, 2, 30, 0};
  memset(&f, 0, sizeof f);
  assert_int_equal(lede_dates_in("today", 5, 0, 5, &o, collect, &f),
                   LEDE_EINVAL);
  o.month = 13; o.day = 1;
  assert_int_equal(lede_dates_in("today", 5, 0, 5, &o, collect, &f),
                   LEDE_EINVAL);
  assert_int_equal(lede_dates_in("today", 5, 0, 5, NULL, NULL, &f),
                   LEDE_EINVAL);
  /* spans beyond the text are clamped; an empty span finds nothing */
  assert_int_equal(lede_dates_in("today", 5, 0, 500, NULL, collect, &f),
                   LEDE_OK);
  assert_int_equal(f.n, 1);
  memset(&f, 0, sizeof f);
  assert_int_equal(lede_dates_in("today", 5, 3, 1, NULL, collect, &f), LEDE_OK);
  assert_int_equal(f.n, 0);
  assert_int_equal(lede_dates_in(NULL, 0, 0, 0, NULL, collect, &f), LEDE_OK);
  /* NUL bytes and invalid UTF-8 are only bytes */
  static const char bin[] = "Monday\0\xff\xfe Sept. 4, 2025 \xc0\x80 noon";
  memset(&f, 0, sizeof f);
  assert_int_equal(lede_dates_in(bin, sizeof bin - 1, 0, sizeof bin - 1, NULL,
                                 collect, &f), LEDE_OK);
  assert_int_equal(f.n, 3);
  assert_string_equal(f.d[1].value, "2025-09-04");
  /* a long zone is cut to the field, years out of range are not dates */
  assert_int_equal(run("in 9999", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.n, 0);
  assert_int_equal(run("99999999999999999999-01-01", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.n, 0);
  assert_string_equal(only("tomorrow", "9999-12-30"), "9999-12-31");
  assert_string_equal(only("yesterday", "0001-01-02"), "0001-01-01");
}

static void test_stop(void **state) {
  (void)state;
  found f;
  memset(&f, 0, sizeof f);
  f.stop_after = 2;
  const char *s = "Monday, Tuesday, Wednesday and Thursday";
  assert_int_equal(lede_dates_in(s, strlen(s), 0, strlen(s), NULL, collect, &f),
                   LEDE_ESTOPPED);
  assert_int_equal(f.n, 2);
}

static int cancel_now(void *ud) {
  (void)ud;
  return 1;
}

static void test_cancel(void **state) {
  (void)state;
  size_t n = 4 * LEDE_CANCEL_INTERVAL;
  char *s = malloc(n);
  assert_non_null(s);
  for (size_t i = 0; i < n; i++) s[i] = "Monday "[i % 7];
  found f;
  memset(&f, 0, sizeof f);
  lede_set_cancel(cancel_now, NULL);
  int rc = lede_dates_in(s, n, 0, n, NULL, collect, &f);
  lede_set_cancel(NULL, NULL);
  assert_int_equal(rc, LEDE_ECANCEL);
  free(s);
}

static int count_only(void *ctx, const lede_date *d) {
  (void)d;
  (*(size_t *)ctx)++;
  return 0;
}

/* Seconds to scan `reps` copies of `unit`. */
static double scan_time(const char *unit, size_t reps, size_t *count) {
  size_t u = strlen(unit), n = u * reps;
  char *s = malloc(n);
  assert_non_null(s);
  for (size_t i = 0; i < reps; i++) memcpy(s + i * u, unit, u);
  lede_date_opts o = {2025, 9, 4, 0};
  *count = 0;
  clock_t t0 = clock();
  assert_int_equal(lede_dates_in(s, n, 0, n, &o, count_only, count), LEDE_OK);
  double t = (double)(clock() - t0) / CLOCKS_PER_SEC;
  free(s);
  return t;
}

/* "between 2000 and 2100 GMT": four-digit clock times, not years. */
static void test_clock_intervals(void **state) {
  (void)state;
  found f;
  assert_int_equal(run("Flights stop between 2000 and 2100 GMT.", NULL, 0, &f),
                   LEDE_OK);
  assert_int_equal(f.n, 1);
  assert_int_equal(f.d[0].kind, LEDE_DATE_KIND_INTERVAL);
  assert_int_equal(f.d[0].grain, LEDE_GRAIN_TIME);
  assert_string_equal(f.d[0].value, "T20:00");
  assert_string_equal(f.d[0].end_value, "T21:00");
  assert_string_equal(f.d[0].tz, "GMT");
  assert_int_equal(run("a curfew from 0600 to 1800 hours", NULL, 0, &f),
                   LEDE_OK);
  assert_int_equal(f.n, 1);
  assert_string_equal(f.d[0].value, "T06:00");
  assert_string_equal(f.d[0].end_value, "T18:00");
  /* the end's day is the start's too (2025-09-04 is a Thursday) */
  assert_int_equal(run("between 2000 and 2100 GMT on Friday", "2025-09-04", 0,
                       &f), LEDE_OK);
  assert_int_equal(f.n, 1);
  assert_string_equal(f.d[0].value, "2025-08-29T20:00");
  assert_string_equal(f.d[0].end_value, "2025-08-29T21:00");
  /* years stay years */
  assert_int_equal(run("between 2000 and 2020", NULL, 0, &f), LEDE_OK);
  assert_int_equal(f.n, 1);
  assert_string_equal(f.d[0].value, "2000");
  assert_string_equal(f.d[0].end_value, "2020");
  assert_int_equal(run("between 1999 and 2100 GMT", NULL, 0, &f), LEDE_OK);
  assert_true(f.n >= 1);
  assert_string_equal(f.d[0].value, "1999");
}

/* The same dates, field by field. */
static void assert_same_dates(const found *a, const found *b, const char *s) {
  if (a->n != b->n) fail_msg("%zu vs %zu dates in \"%s\"", a->n, b->n, s);
  for (size_t i = 0; i < a->n && i < MAX_FOUND; i++) {
    assert_int_equal(a->d[i].start, b->d[i].start);
    assert_int_equal(a->d[i].end, b->d[i].end);
    assert_int_equal(a->d[i].kind, b->d[i].kind);
    assert_string_equal(a->d[i].value, b->d[i].value);
    assert_string_equal(a->d[i].end_value, b->d[i].end_value);
  }
}

/* The scan's short roads (words read eight bytes at a time, a word table,
** filters before the grammars) see what the grammars see: a span that
** ends inside a word ends the word there; a curly apostrophe after a
** word is the same mark as a straight one; upper case is no different. */
static void test_scan_edges(void **state) {
  (void)state;
  static const char *const cases[] = {
    "It opened in March", "Talks resume next Thursday", "since May 2024",
    "the day after the Aug. 17 election", "three days later",
    "at 10:30 a.m. Thursday", "in the 1990s", "from 1 to 3 October",
    "between 2019 and 2022", "the third quarter", "FY2024", "over the weekend",
    NULL};
  lede_date_opts o = {2025, 9, 4, 0};
  for (int i = 0; cases[i]; i++) {
    char buf[128];
    found a, b;
    size_t n = strlen(cases[i]);
    /* letters glued after the span's end are outside it */
    snprintf(buf, sizeof buf, "%sabcdefghijklmnopqrstuvwxyz", cases[i]);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    assert_int_equal(lede_dates_in(cases[i], n, 0, n, &o, collect, &a),
                     LEDE_OK);
    assert_int_equal(lede_dates_in(buf, strlen(buf), 0, n, &o, collect, &b),
                     LEDE_OK);
    assert_true(a.n >= 1);
    assert_same_dates(&a, &b, cases[i]);
  }
  /* "Thursday's" and "Thursday’s" */
  found a, b;
  assert_int_equal(run("Thursday's vote was delayed.", "2025-09-04", 0, &a),
                   LEDE_OK);
  assert_int_equal(run("Thursday\xe2\x80\x99s vote was delayed.", "2025-09-04",
                       0, &b), LEDE_OK);
  assert_int_equal(a.n, 1);
  assert_same_dates(&a, &b, "Thursday's");
  assert_string_equal(b.d[0].value, "2025-09-04");
  assert_string_equal(only("THE SUMMIT OPENED ON THURSDAY, SEPT. 4, 2025", NULL),
                      "2025-09-04");
  assert_string_equal(only("It opened on\xc2\xa0" "Sept. 4,\xc2\xa0" "2025", NULL),
                      "2025-09-04");
}

static void test_linear_time(void **state) {
  (void)state;
  static const char *const units[] = {
    "Monday to Monday to ", "from from between between ", "Sept. 4, ",
    "the day after the day after ", "1 2 3 4 5 ", "early mid-late ",
    "10:30 a.m. ", "2019-2020-2021-", "in in in three three days ",
    "\xe2\x80\x94\xe2\x80\x93", NULL};
  for (int i = 0; units[i]; i++) {
    size_t c1, c2;
    double t1 = 1e9, t2 = 1e9;
    for (int r = 0; r < 3; r++) {     /* best of 3: a busy machine is noisy */
      double a = scan_time(units[i], 20000, &c1);
      double b = scan_time(units[i], 80000, &c2);
      if (a < t1) t1 = a;
      if (b < t2) t2 = b;
    }
    /* four times the input: about four times the work, never sixteen */
    if (t2 > 0.2 && t2 > 8 * t1 + 0.2)
      fail_msg("\"%s\": %.3fs for 20k copies, %.3fs for 80k", units[i], t1, t2);
    assert_true(c2 >= c1);
  }
  /* a million "Monday to " (10 MB): about a second in a release build,
  ** ten under the sanitizers */
  size_t c;
  double t = scan_time("Monday to ", 1000000, &c);
  assert_true(t < 60.0);
  assert_int_equal(c, 1000000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_month_lengths_and_leap_years),
    cmocka_unit_test(test_year_boundaries),
    cmocka_unit_test(test_iso_weeks),
    cmocka_unit_test(test_weekdays),
    cmocka_unit_test(test_absolute_forms),
    cmocka_unit_test(test_not_dates),
    cmocka_unit_test(test_bad_arguments_and_limits),
    cmocka_unit_test(test_stop),
    cmocka_unit_test(test_cancel),
    cmocka_unit_test(test_clock_intervals),
    cmocka_unit_test(test_scan_edges),
    cmocka_unit_test(test_linear_time),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
