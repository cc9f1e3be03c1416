/*
** test_sentbreak.c -- UAX #29 sentence-boundary conformance: every line of
** Unicode's SentenceBreakTest.txt (Debian unicode-data, Unicode 15.0)
** through lede_sentence_break_next, and the uax29 mode of lede_sentences
** against those boundaries. Skipped, with a message, when the file is
** absent.
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

#define TEST_FILE "/usr/share/unicode/auxiliary/SentenceBreakTest.txt"
#define MAX_CPS 128

static void conformance(void **state) {
  char line[4096], text[MAX_CPS * 4];
  size_t bounds[MAX_CPS + 2], got[MAX_CPS + 2];
  size_t n, nb, ng, pos, i, cases = 0, failed = 0;
  unsigned lineno = 0;
  FILE *f = fopen(TEST_FILE, "r");
  (void)state;
  if (!f) {
    fprintf(stderr, "skipped: %s not found (install unicode-data)\n",
            TEST_FILE);
    skip();
    return;
  }
  while (fgets(line, sizeof line, f)) {
    lineno++;
    nb = uax29_read_case(line, text, sizeof text, &n, bounds, MAX_CPS + 1);
    if (nb == 0) continue;
    cases++;
    ng = 0;
    pos = 0;
    got[ng++] = 0;
    while (pos < n && ng < MAX_CPS + 2) {
      size_t b = lede_sentence_break_next(text, n, pos);
      if (b <= pos) break;
      got[ng++] = pos = b;
    }
    if (ng != nb || memcmp(got, bounds, nb * sizeof *got) != 0) {
      if (failed++ < 10) {
        fprintf(stderr, "SentenceBreakTest.txt:%u: got", lineno);
        for (i = 0; i < ng; i++) fprintf(stderr, " %zu", got[i]);
        fprintf(stderr, ", want");
        for (i = 0; i < nb; i++) fprintf(stderr, " %zu", bounds[i]);
        fprintf(stderr, "\n  %s", line);
      }
    }
  }
  fclose(f);
  fprintf(stderr, "SentenceBreakTest: %zu lines, %zu failed\n", cases,
          failed);
  assert_int_equal(cases, 502);
  assert_int_equal(failed, 0);
}

typedef struct spans {
  size_t n;
  lede_sentence v[16];
} spans;

static int collect(void *ctx, const lede_sentence *x) {
  spans *sp = ctx;
  if (sp->n < 16) sp->v[sp->n] = *x;
  sp->n++;
  return 0;
}

/* The uax29 mode gives Unicode's segments, trimmed, blank ones left out. */
static void uax29_mode(void **state) {
  const char *s = "He left.  She stayed!\n\nMr. Smith arrived. (Late.) etc.";
  spans sp;
  (void)state;
  memset(&sp, 0, sizeof sp);
  assert_int_equal(lede_sentences(s, strlen(s), LEDE_MODE_UAX29, collect,
                                  &sp), LEDE_OK);
  assert_int_equal(sp.n, 5);
  assert_int_equal(sp.v[0].start, 0);
  assert_int_equal(sp.v[0].end, 8);            /* "He left." */
  assert_int_equal(sp.v[1].start, 10);
  assert_int_equal(sp.v[1].end, 21);           /* "She stayed!" */
  assert_int_equal(sp.v[1].paragraph, 0);
  assert_int_equal(sp.v[2].start, 23);
  assert_int_equal(sp.v[2].end, 26);           /* "Mr." : Unicode breaks */
  assert_int_equal(sp.v[2].paragraph, 1);
  assert_int_equal(sp.v[3].end, 41);           /* "Smith arrived." */
  assert_int_equal(sp.v[4].start, 42);         /* "(Late.) etc." */
}

static void edges(void **state) {
  (void)state;
  assert_int_equal(lede_sentence_break_next("", 0, 0), 0);
  assert_int_equal(lede_sentence_break_next("ab", 2, 5), 2);
  assert_int_equal(lede_sentence_break_next("a. B", 4, 0), 3);
  assert_int_equal(lede_sentence_break_next("a. b", 4, 0), 4);
  assert_int_equal(lede_sentence_break_next("a\r\nb", 4, 0), 3);
  assert_int_equal(lede_sentence_break_next("a\r\nb", 4, 3), 4);
  /* invalid bytes are U+FFFD (Other): no boundary inside */
  assert_int_equal(lede_sentence_break_next("a\xff\xfe. B", 6, 0), 5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(conformance),
    cmocka_unit_test(uax29_mode),
    cmocka_unit_test(edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
