/*
** test_wordbreak.c -- UAX #29 word-boundary conformance: every line of
** Unicode's WordBreakTest.txt (Debian unicode-data, Unicode 15.0) through
** lede_word_break_next. Skipped, with a message, when the file is absent.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lede.h"
#include "uax29_case.h"

#define TEST_FILE "/usr/share/unicode/auxiliary/WordBreakTest.txt"
#define MAX_CPS 64

static void conformance(void **state) {
  (void)state;
  FILE *f = fopen(TEST_FILE, "r");
  if (!f) {
    fprintf(stderr, "skipped: %s not found (install unicode-data)\n",
            TEST_FILE);
    skip();
    return;
  }
  char line[4096], text[MAX_CPS * 4];
  size_t bounds[MAX_CPS + 2], got[MAX_CPS + 2], n, nb, lines = 0, failed = 0;
  unsigned lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    nb = uax29_read_case(line, text, sizeof text, &n, bounds, MAX_CPS + 1);
    if (nb == 0) continue;
    lines++;
    size_t ng = 0, pos = 0;
    got[ng++] = 0;
    while (pos < n && ng < MAX_CPS + 2) {
      size_t b = lede_word_break_next(text, n, pos);
      if (b <= pos) break;  /* must advance */
      got[ng++] = pos = b;
    }
    if (ng != nb || memcmp(got, bounds, nb * sizeof *got) != 0) {
      if (failed++ < 10) {
        fprintf(stderr, "WordBreakTest.txt:%u: got", lineno);
        for (size_t i = 0; i < ng; i++) fprintf(stderr, " %zu", got[i]);
        fprintf(stderr, ", want");
        for (size_t i = 0; i < nb; i++) fprintf(stderr, " %zu", bounds[i]);
        fprintf(stderr, "\n  %s", line);
      }
    }
  }
  fclose(f);
  fprintf(stderr, "WordBreakTest: %zu lines, %zu failed\n", lines, failed);
  assert_true(lines > 1000);
  assert_int_equal(failed, 0);
}

/* The UAX #29 token mode agrees with the boundaries: its tokens are the
   segments between them, whitespace-only segments left out. */
static void uax29_mode_matches_boundaries(void **state) {
  (void)state;
  const char *s = "Kyiv's 3.5 km\u00a0\u00a0east \U0001F1FA\U0001F1E6!";
  size_t n = strlen(s), pos = 0;
  lede_tokenizer t;
  lede_token tok;
  lede_tokenizer_init(&t, s, n, LEDE_MODE_UAX29);
  while (pos < n) {
    size_t b = lede_word_break_next(s, n, pos);
    int space = 1;
    for (size_t i = pos; i < b; i++)
      if (s[i] != ' ' && (unsigned char)s[i] != 0xC2 &&
          (unsigned char)s[i] != 0xA0) space = 0;
    if (!space) {
      assert_int_equal(lede_tokenizer_next(&t, &tok), 1);
      assert_int_equal(tok.start, pos);
      assert_int_equal(tok.end, b);
    }
    pos = b;
  }
  assert_int_equal(lede_tokenizer_next(&t, &tok), 0);
}

static void edges(void **state) {
  (void)state;
  assert_int_equal(lede_word_break_next("", 0, 0), 0);
  assert_int_equal(lede_word_break_next("ab", 2, 5), 2);
  assert_int_equal(lede_word_break_next("ab cd", 5, 0), 2);
  assert_int_equal(lede_word_break_next("ab cd", 5, 2), 3);
  /* an invalid byte is U+FFFD, a boundary on each side */
  assert_int_equal(lede_word_break_next("a\xff" "b", 3, 0), 1);
  assert_int_equal(lede_word_break_next("a\xff" "b", 3, 1), 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(conformance),
    cmocka_unit_test(uax29_mode_matches_boundaries),
    cmocka_unit_test(edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
