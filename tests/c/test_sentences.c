/*
** test_sentences.c -- the news splitter and the lexicon through the C API:
** edge cases, invariants on odd input, the stop and cancel paths, linear
** time on a 50 MB single paragraph, and the lexicon's lookups.
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

#define MAXS 64

typedef struct got {
  size_t n;
  lede_sentence v[MAXS];
} got;

static int collect(void *ctx, const lede_sentence *x) {
  got *g = ctx;
  if (g->n < MAXS) g->v[g->n] = *x;
  g->n++;
  return 0;
}

static got split(const char *s, int mode) {
  got g;
  memset(&g, 0, sizeof g);
  assert_int_equal(lede_sentences(s, strlen(s), mode, collect, &g), LEDE_OK);
  return g;
}

/* Sentence k of g is exactly `want`. */
static void expect(const char *s, const got *g, size_t k, const char *want) {
  assert_true(k < g->n);
  assert_int_equal(g->v[k].end - g->v[k].start, strlen(want));
  assert_memory_equal(s + g->v[k].start, want, strlen(want));
}

static void empty_and_blank(void **state) {
  got g;
  (void)state;
  g = split("", LEDE_MODE_NEWS);
  assert_int_equal(g.n, 0);
  g = split(" \n\r\n\t  \n", LEDE_MODE_NEWS);
  assert_int_equal(g.n, 0);
  g = split(" \n\n ", LEDE_MODE_UAX29);
  assert_int_equal(g.n, 0);
  assert_int_equal(lede_sentences(NULL, 0, LEDE_MODE_NEWS, collect, &g),
                   LEDE_OK);
  assert_int_equal(lede_sentences("a", 1, 7, collect, &g), LEDE_EINVAL);
  assert_int_equal(lede_sentences("a", 1, LEDE_MODE_NEWS, NULL, NULL),
                   LEDE_EINVAL);
}

static void spans_are_trimmed(void **state) {
  const char *s = "  \xc2\xa0Hello there.   General Kenobi!  \n";
  got g;
  (void)state;
  g = split(s, LEDE_MODE_NEWS);
  assert_int_equal(g.n, 2);
  expect(s, &g, 0, "Hello there.");
  expect(s, &g, 1, "General Kenobi!");
}

static void paragraphs(void **state) {
  const char *s = "\n\nFirst one. Second one.\n\n\n  Third\r\n\r\nFourth.\fFifth";
  got g;
  (void)state;
  g = split(s, LEDE_MODE_NEWS);
  assert_int_equal(g.n, 5);
  assert_int_equal(g.v[0].paragraph, 0);
  assert_int_equal(g.v[1].paragraph, 0);
  expect(s, &g, 2, "Third");
  assert_int_equal(g.v[2].paragraph, 1);
  expect(s, &g, 3, "Fourth.");
  assert_int_equal(g.v[3].paragraph, 2);
  expect(s, &g, 4, "Fifth");
  assert_int_equal(g.v[4].paragraph, 3);
}

/* Found by the fuzzer: vertical tabs as line breaks around a blank line
** once made the paragraph loop stand still. */
static void vertical_tab_blank_line(void **state) {
  const char *s = "KYIV\t\v\t\t\v\t\t (Ad the";
  got g;
  (void)state;
  g = split(s, LEDE_MODE_NEWS);
  assert_int_equal(g.n, 2);
  expect(s, &g, 0, "KYIV");
  expect(s, &g, 1, "(Ad the");
  assert_int_equal(g.v[1].paragraph, 1);
}

static void wrapped_lines_join(void **state) {
  const char *s =
      "The ministry said on Tuesday that exports of grain had risen\n"
      "sharply in the first quarter, helped by lower freight costs\n"
      "and a weaker currency. Imports fell.";
  got g;
  (void)state;
  g = split(s, LEDE_MODE_NEWS);
  assert_int_equal(g.n, 2);
  assert_int_equal(g.v[0].start, 0);
  assert_int_equal(s[g.v[0].end - 1], '.');
}

static void short_lines_split(void **state) {
  const char *s = "Markets\nOil prices jumped on Monday after the attack on the "
                  "terminal, traders said.";
  got g;
  (void)state;
  g = split(s, LEDE_MODE_NEWS);
  assert_int_equal(g.n, 2);
  expect(s, &g, 0, "Markets");
}

static void abbreviations(void **state) {
  const char *s = "Gen. Ann Lee met U.S. officials at 9 a.m. Friday. She left.";
  got g;
  (void)state;
  g = split(s, LEDE_MODE_NEWS);
  assert_int_equal(g.n, 2);
  expect(s, &g, 1, "She left.");
}

/* Bad bytes never break the splitter; spans stay inside the text. */
static void invalid_bytes(void **state) {
  const char s[] = "Bad \xff\xfe bytes. \xc3 More\x00 text. \xe2\x80 End.";
  size_t n = sizeof s - 1, k;
  got g;
  (void)state;
  memset(&g, 0, sizeof g);
  assert_int_equal(lede_sentences(s, n, LEDE_MODE_NEWS, collect, &g),
                   LEDE_OK);
  assert_int_equal(g.n, 3);
  for (k = 0; k < g.n; k++) {
    assert_true(g.v[k].start < g.v[k].end);
    assert_true(g.v[k].end <= n);
  }
  memset(&g, 0, sizeof g);
  assert_int_equal(lede_sentences(s, n, LEDE_MODE_UAX29, collect, &g),
                   LEDE_OK);
  assert_true(g.n >= 3);
}

static int stop_after_one(void *ctx, const lede_sentence *x) {
  (void)x;
  ++*(int *)ctx;
  return 1;
}

static void callback_stops(void **state) {
  const char *s = "One. Two. Three.";
  int calls = 0;
  (void)state;
  assert_int_equal(lede_sentences(s, strlen(s), LEDE_MODE_NEWS,
                                  stop_after_one, &calls), LEDE_ESTOPPED);
  assert_int_equal(calls, 1);
  calls = 0;
  assert_int_equal(lede_sentences(s, strlen(s), LEDE_MODE_UAX29,
                                  stop_after_one, &calls), LEDE_ESTOPPED);
  assert_int_equal(calls, 1);
}

static int cancel_now(void *ud) { (void)ud; return 1; }

static void cancel(void **state) {
  size_t n = 4 * LEDE_CANCEL_INTERVAL, i;
  char *s = malloc(n);
  got g;
  (void)state;
  assert_non_null(s);
  for (i = 0; i < n; i++) s[i] = (i % 50 == 49) ? '.' : 'a';
  lede_set_cancel(cancel_now, NULL);
  memset(&g, 0, sizeof g);
  assert_int_equal(lede_sentences(s, n, LEDE_MODE_NEWS, collect, &g),
                   LEDE_ECANCEL);
  assert_int_equal(lede_sentences(s, n, LEDE_MODE_UAX29, collect, &g),
                   LEDE_ECANCEL);
  lede_set_cancel(NULL, NULL);
  free(s);
}

static size_t count;
static int count_fn(void *ctx, const lede_sentence *x) {
  (void)ctx; (void)x;
  count++;
  return 0;
}

static double seconds(void) {
  return (double)clock() / CLOCKS_PER_SEC;
}

/* Run `mk` at 5 MB and 50 MB: the time must grow about linearly. */
static void linear_case(void (*fill)(char *, size_t), int mode) {
  size_t small = 5u << 20, big = 50u << 20;
  char *s = malloc(big);
  double t0, t1, t2;
  assert_non_null(s);
  fill(s, big);
  t0 = seconds();
  count = 0;
  assert_int_equal(lede_sentences(s, small, mode, count_fn, NULL), LEDE_OK);
  t1 = seconds();
  count = 0;
  assert_int_equal(lede_sentences(s, big, mode, count_fn, NULL), LEDE_OK);
  t2 = seconds();
  fprintf(stderr, "  5 MB %.3fs, 50 MB %.3fs, %zu sentences\n", t1 - t0,
          t2 - t1, count);
  assert_true(t2 - t1 < 25 * (t1 - t0) + 0.5);
  assert_true(t2 - t1 < 20.0);
  free(s);
}

/* One paragraph of words, periods, abbreviations and single newlines. */
static void fill_prose(char *s, size_t n) {
  static const char unit[] = "Gen. Lee said the U.S. would pay $2.5 "
                             "million by 9 a.m. Friday\nand then left. ";
  size_t i;
  for (i = 0; i < n; i++) s[i] = unit[i % (sizeof unit - 1)];
}

/* Adversarial: no terminal at all, one huge "sentence". */
static void fill_words(char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) s[i] = (i % 7 == 6) ? ' ' : 'x';
}

/* Adversarial: dots and spaces, the ellipsis reader's worst case. */
static void fill_dots(char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) s[i] = (i % 2) ? ' ' : '.';
}

/* Adversarial: a list that never ends, every space checked. */
static void fill_list(char *s, size_t n) {
  static const char unit[] = "1) a 3) b ";
  size_t i;
  for (i = 0; i < n; i++) s[i] = unit[i % (sizeof unit - 1)];
}

static void linear_50mb(void **state) {
  (void)state;
  linear_case(fill_prose, LEDE_MODE_NEWS);
  linear_case(fill_words, LEDE_MODE_NEWS);
  linear_case(fill_dots, LEDE_MODE_NEWS);
  linear_case(fill_list, LEDE_MODE_NEWS);
  linear_case(fill_prose, LEDE_MODE_UAX29);
  linear_case(fill_dots, LEDE_MODE_UAX29);
}

/* ---------------------------------------------------------------- lexicon */

static void lexicon_lookups(void **state) {
  static const char *const known[] = {
    "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt.", "Col.", "Sen.", "Rep.",
    "Gov.", "Prof.", "Rev.", "Sgt.", "Capt.", "Maj.", "Adm.", "Brig.",
    "Atty.", "Supt.", "St.", "Mt.", "Ft.", "U.S.", "U.K.", "U.N.", "E.U.",
    "D.C.", "Inc.", "Corp.", "Ltd.", "Co.", "etc.", "vs.", "No.", "Nos.",
    "p.", "pp.", "a.m.", "p.m.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.",
    "Nov.", "Dec.", "Jr.", "Sr.", "Ph.D.", "N\xc2\xb0.", "Calif.", "e.g.",
    "i.e.", "A.D.", "yrs."};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof known / sizeof known[0]; i++) {
    if (!lede_is_abbreviation(known[i], strlen(known[i])))
      fail_msg("not an abbreviation: %s", known[i]);
  }
  assert_false(lede_is_abbreviation("Mr", 2));
  assert_false(lede_is_abbreviation("mr.", 3));
  assert_false(lede_is_abbreviation("the.", 4));
  assert_false(lede_is_abbreviation("", 0));
  assert_int_equal(lede_abbreviation_class("Gen.", 4), LEDE_ABBR_TITLE);
  assert_int_equal(lede_abbreviation_class("No.", 3), LEDE_ABBR_NUMBER);
  assert_int_equal(lede_abbreviation_class("Sept.", 5), LEDE_ABBR_MONTH);
  assert_int_equal(lede_abbreviation_class("Inc.", 4), LEDE_ABBR_END);
  assert_int_equal(lede_abbreviation_class("vs.", 3), LEDE_ABBR_INNER);
}

static void lexicon_add(void **state) {
  const char *s = "Cmdre. Ann Lee spoke. Insp.Gen. Bo Ek left.";
  got g;
  (void)state;
  assert_false(lede_is_abbreviation("Cmdre.", 6));
  assert_int_equal(lede_abbreviation_add("Cmdre.", 6), LEDE_OK);
  assert_int_equal(lede_abbreviation_class("Cmdre.", 6), LEDE_ABBR_TITLE);
  assert_int_equal(lede_abbreviation_add("Insp.Gen.", 9), LEDE_OK);
  assert_int_equal(lede_abbreviation_class("Insp.Gen.", 9), LEDE_ABBR_END);
  assert_int_equal(lede_abbreviation_add_class("Insp.Gen.", 9,
                                               LEDE_ABBR_TITLE), LEDE_OK);
  assert_int_equal(lede_abbreviation_class("Insp.Gen.", 9), LEDE_ABBR_TITLE);
  g = split(s, LEDE_MODE_NEWS);
  assert_int_equal(g.n, 2);
  expect(s, &g, 0, "Cmdre. Ann Lee spoke.");
  assert_int_equal(lede_abbreviation_add("Cmdre", 5), LEDE_EINVAL);
  assert_int_equal(lede_abbreviation_add("a b.", 4), LEDE_EINVAL);
  assert_int_equal(lede_abbreviation_add("x.", 0), LEDE_EINVAL);
  assert_int_equal(lede_abbreviation_add(
      "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.", 38), LEDE_EINVAL);
  assert_int_equal(lede_abbreviation_add_class("Qq.", 3, 99), LEDE_EINVAL);
}

static void months_weekdays(void **state) {
  (void)state;
  assert_int_equal(lede_month_lookup("Sept", 4), 9);
  assert_int_equal(lede_month_lookup("Sept.", 5), 9);
  assert_int_equal(lede_month_lookup("sept", 4), 9);
  assert_int_equal(lede_month_lookup("September", 9), 9);
  assert_int_equal(lede_month_lookup("SEPT", 4), 0);
  assert_int_equal(lede_month_lookup("May", 3), 5);
  assert_int_equal(lede_month_lookup("May.", 4), 0);
  assert_int_equal(lede_month_lookup("Jan.", 4), 1);
  assert_int_equal(lede_month_lookup("december", 8), 12);
  assert_int_equal(lede_month_lookup("Janu", 4), 0);
  assert_int_equal(lede_month_lookup("", 0), 0);
  assert_int_equal(lede_weekday_lookup("Thursday", 8), 4);
  assert_int_equal(lede_weekday_lookup("Thurs.", 6), 4);
  assert_int_equal(lede_weekday_lookup("Tues", 4), 2);
  assert_int_equal(lede_weekday_lookup("sunday", 6), 7);
  assert_int_equal(lede_weekday_lookup("Mon.", 4), 1);
  assert_int_equal(lede_weekday_lookup("Monday.", 7), 0);
  assert_int_equal(lede_weekday_lookup("Moon", 4), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(empty_and_blank),
    cmocka_unit_test(spans_are_trimmed),
    cmocka_unit_test(paragraphs),
    cmocka_unit_test(vertical_tab_blank_line),
    cmocka_unit_test(wrapped_lines_join),
    cmocka_unit_test(short_lines_split),
    cmocka_unit_test(abbreviations),
    cmocka_unit_test(invalid_bytes),
    cmocka_unit_test(callback_stops),
    cmocka_unit_test(cancel),
    cmocka_unit_test(linear_50mb),
    cmocka_unit_test(lexicon_lookups),
    cmocka_unit_test(lexicon_add),
    cmocka_unit_test(months_weekdays),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
