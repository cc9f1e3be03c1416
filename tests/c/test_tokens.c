/*
** test_tokens.c -- unit tests of the tokenizer (core/tokens.c), both
** modes: the news rules one by one, kinds and flags, the push and pull
** forms, early stop, cancel, and bad input (empty, only spaces, invalid
** bytes, a 10 MB line, runs longer than LEDE_MAX_TOKEN).
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

#define MAXTOK 256

typedef struct list {
  lede_token tok[MAXTOK];
  size_t n;
} list;

static void tokenize(const char *s, int mode, list *out) {
  lede_tokenizer t;
  lede_token tok;
  int rc;
  out->n = 0;
  lede_tokenizer_init(&t, s, strlen(s), mode);
  while ((rc = lede_tokenizer_next(&t, &tok)) > 0) {
    assert_true(out->n < MAXTOK);
    out->tok[out->n++] = tok;
  }
  assert_int_equal(rc, 0);
}

/*
** Checks that s tokenizes (in mode) to the tokens listed in `want`,
** separated by '|', e.g. "U.S.|-|made".
*/
static void expect(const char *s, int mode, const char *want) {
  list l;
  char buf[2048];
  size_t len = 0;
  tokenize(s, mode, &l);
  buf[0] = '\0';
  for (size_t i = 0; i < l.n; i++) {
    size_t k = l.tok[i].end - l.tok[i].start;
    assert_true(len + k + 2 < sizeof buf);
    if (i) buf[len++] = '|';
    memcpy(buf + len, s + l.tok[i].start, k);
    len += k;
    buf[len] = '\0';
  }
  if (strcmp(buf, want) != 0)
    fail_msg("tokens of \"%s\"\n  got:  %s\n  want: %s", s, buf, want);
}

static void news(const char *s, const char *want) {
  expect(s, LEDE_MODE_NEWS, want);
}

/* The token of `s` whose text is `text`: its kind and flags. */
static lede_token find(const char *s, const char *text) {
  list l;
  tokenize(s, LEDE_MODE_NEWS, &l);
  for (size_t i = 0; i < l.n; i++) {
    size_t k = l.tok[i].end - l.tok[i].start;
    if (k == strlen(text) && memcmp(s + l.tok[i].start, text, k) == 0)
      return l.tok[i];
  }
  fail_msg("no token \"%s\" in \"%s\"", text, s);
  return l.tok[0];
}

static void kind_is(const char *s, const char *text, int kind) {
  lede_token t = find(s, text);
  if (t.kind != kind)
    fail_msg("\"%s\" in \"%s\": kind %s, want %s", text, s,
             lede_token_kind_name(t.kind), lede_token_kind_name(kind));
}

/* ------------------------------------------------------------ news mode */

static void words_and_punctuation(void **state) {
  (void)state;
  news("The drones hit the port.", "The|drones|hit|the|port|.");
  news("\"We will rebuild,\" she said — again.",
       "\"|We|will|rebuild|,|\"|she|said|—|again|.");
  news("Wait... what?!", "Wait|...|what|?|!");
  news("(Reuters) - Oil rose", "(|Reuters|)|-|Oil|rose");
  news("“Quoted” ‘single’", "“|Quoted|”|‘|single|’");
  news("He said--and left", "He|said|--|and|left");
}

static void numbers(void **state) {
  (void)state;
  news("1,250 troops and 3,005,112 votes", "1,250|troops|and|3,005,112|votes");
  news("rose 1.1 points to 4.75.", "rose|1.1|points|to|4.75|.");
  news("about 1\u00a0200 people", "about|1\u00a0200|people");
  news("some 12\u202f500\u202f000 euros", "some|12\u202f500\u202f000|euros");
  news("in 2019 200 people", "in|2019|200|people");  /* plain space */
  news("rose 12% and 3.5 %", "rose|12%|and|3.5|%");
  news("fell 4\u202f%", "fell|4\u202f%");
  news("the 3rd and 21st", "the|3rd|and|21st");
  news("pages 10-12", "pages|10|-|12");
  kind_is("about 1,250 troops", "1,250", LEDE_TOK_NUMBER);
  kind_is("rose 12% today", "12%", LEDE_TOK_NUMBER);
  kind_is("in the 1990s", "1990s", LEDE_TOK_NUMBER);
  kind_is("a 5G network", "5G", LEDE_TOK_WORD);
}

static void money(void **state) {
  (void)state;
  news("cost €1.1bn, $5 or US$20.", "cost|€1.1bn|,|$5|or|US$20|.");
  news("C$2.4 and HK$10", "C$2.4|and|HK$10");
  news("£600m (¥3,000)", "£600m|(|¥3,000|)");
  news("a $ sign", "a|$|sign");
  kind_is("paid €1.1 million", "€1.1", LEDE_TOK_NUMBER);
  kind_is("paid US$20 each", "US$20", LEDE_TOK_NUMBER);
}

static void abbreviations(void **state) {
  (void)state;
  news("the U.S. and U.K. said", "the|U.S.|and|U.K.|said");
  news("made in the U.S.", "made|in|the|U.S.");
  news("on Sept. 4 at 10 a.m. local", "on|Sept.|4|at|10|a.m.|local");
  news("Gen. Smith met Lt. Col. Jones", "Gen.|Smith|met|Lt.|Col.|Jones");
  news("the war. Then", "the|war|.|Then");
  news("George W. Bush", "George|W.|Bush");
  news("e.g. this", "e.g.|this");
  news("No. 10 said no. Then", "No.|10|said|no|.|Then");
}

static void compounds(void **state) {
  (void)state;
  news("war-torn U.S.-made COVID-19", "war-torn|U.S.-made|COVID-19");
  news("a 20-year-old pro-Kremlin man", "a|20-year-old|pro-Kremlin|man");
  news("Kyiv-based Russia\u2011Ukraine", "Kyiv-based|Russia\u2011Ukraine");
  news("end of line-\nbreak", "end|of|line|-|break");
  news("well - known", "well|-|known");
  kind_is("the COVID-19 wave", "COVID-19", LEDE_TOK_WORD);
}

static void possessives(void **state) {
  (void)state;
  news("Ukraine's army", "Ukraine|'s|army");
  news("Ukraine\u2019s army", "Ukraine|\u2019s|army");
  news("the U.S.'s role", "the|U.S.|'s|role");
  news("don't and rock'n'roll", "don't|and|rock'n'roll");
  news("the Joneses' house", "the|Joneses|'|house");
  kind_is("Ukraine's army", "'s", LEDE_TOK_WORD);
}

static void web(void **state) {
  (void)state;
  news("see https://example.com/a?b=1.", "see|https://example.com/a?b=1|.");
  news("(http://example.org/x_(y))", "(|http://example.org/x_(y)|)");
  news("visit www.example.com, now", "visit|www.example.com|,|now");
  news("write to press@example.org.", "write|to|press@example.org|.");
  news("first.last+tag@mail.example.co.uk", "first.last+tag@mail.example.co.uk");
  news("follow @AP_Politics and #Kyiv2025", "follow|@AP_Politics|and|#Kyiv2025");
  news("ranked #1", "ranked|#|1");
  kind_is("see https://example.com now", "https://example.com", LEDE_TOK_URL);
  kind_is("see www.example.com now", "www.example.com", LEDE_TOK_URL);
  kind_is("mail a@b.org now", "a@b.org", LEDE_TOK_EMAIL);
  kind_is("by @reuters", "@reuters", LEDE_TOK_HANDLE);
  kind_is("tag #Ukraine", "#Ukraine", LEDE_TOK_HASHTAG);
}

static void emoji(void **state) {
  (void)state;
  const char *family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
  const char *flag = "\U0001F1FA\U0001F1E6";
  const char *thumb = "\U0001F44D\U0001F3FD";
  char s[128], want[128];
  snprintf(s, sizeof s, "a %s%s b %s%s", family, flag, thumb, thumb);
  snprintf(want, sizeof want, "a|%s|%s|b|%s|%s", family, flag, thumb, thumb);
  news(s, want);
  kind_is(s, family, LEDE_TOK_EMOJI);
  kind_is(s, flag, LEDE_TOK_EMOJI);
  kind_is("x \u00a9 2025", "\u00a9", LEDE_TOK_SYMBOL);
  kind_is("x 1\uFE0F\u20E3 y", "1\uFE0F\u20E3", LEDE_TOK_EMOJI);
}

static void other_scripts(void **state) {
  (void)state;
  news("Київ і Харків", "Київ|і|Харків");
  news("Zürich’s café, São Paulo", "Zürich|’s|café|,|São|Paulo");
  news("東京都 ok", "東|京|都|ok");
  news("AT&T and S&P 500", "AT&T|and|S&P|500");
  kind_is("Київ і", "Київ", LEDE_TOK_WORD);
}

static void flags(void **state) {
  (void)state;
  lede_token t = find("NATO and Kyiv and iPhone and F-16", "NATO");
  assert_int_equal(t.flags, LEDE_TF_CAPITALIZED | LEDE_TF_ALLCAPS);
  t = find("NATO and Kyiv and iPhone", "Kyiv");
  assert_int_equal(t.flags, LEDE_TF_CAPITALIZED);
  t = find("NATO and Kyiv and iPhone", "iPhone");
  assert_int_equal(t.flags, 0);
  t = find("the F-16 jet", "F-16");
  assert_int_equal(t.flags, LEDE_TF_CAPITALIZED | LEDE_TF_DIGITS);
  t = find("A man", "A");
  assert_int_equal(t.flags, LEDE_TF_CAPITALIZED);  /* one letter: no allcaps */
  t = find("КИЇВ now", "КИЇВ");
  assert_int_equal(t.flags, LEDE_TF_CAPITALIZED | LEDE_TF_ALLCAPS);
  t = find("about 1,250", "1,250");
  assert_int_equal(t.flags, LEDE_TF_DIGITS);
}

/* ------------------------------------------------------------ uax29 mode */

static void uax29_mode(void **state) {
  (void)state;
  expect("The U.S. can't, $5.", LEDE_MODE_UAX29, "The|U.S|.|can't|,|$|5|.");
  expect("war-torn 12%", LEDE_MODE_UAX29, "war|-|torn|12|%");
  expect("a\u00a0b  c\n\nd", LEDE_MODE_UAX29, "a|b|c|d");
  expect("  ", LEDE_MODE_UAX29, "");
  expect(" \u0301x", LEDE_MODE_UAX29, " \u0301|x");  /* WB4: not only space */
}

/* --------------------------------------------------------------- shapes */

static int count_cb(void *ctx, const lede_token *tok) {
  (void)tok;
  ++*(size_t *)ctx;
  return 0;
}

static int stop_after_two(void *ctx, const lede_token *tok) {
  (void)tok;
  return ++*(size_t *)ctx == 2;
}

static void push_form(void **state) {
  (void)state;
  const char *s = "One two three four.";
  size_t count = 0;
  assert_int_equal(lede_tokenize(s, strlen(s), LEDE_MODE_NEWS, count_cb,
                                 &count), LEDE_OK);
  assert_int_equal(count, 5);
  count = 0;
  assert_int_equal(lede_tokenize(s, strlen(s), LEDE_MODE_NEWS,
                                 stop_after_two, &count), LEDE_ESTOPPED);
  assert_int_equal(count, 2);
  assert_int_equal(lede_tokenize(s, strlen(s), 7, count_cb, &count),
                   LEDE_EINVAL);
  assert_int_equal(lede_tokenize(s, strlen(s), LEDE_MODE_NEWS, NULL, NULL),
                   LEDE_EINVAL);
  assert_int_equal(lede_tokenize(NULL, 0, LEDE_MODE_NEWS, count_cb, &count),
                   LEDE_OK);
}

/* Collects the push form's tokens (up to MAXTOK). */
static int collect_cb(void *ctx, const lede_token *tok) {
  list *l = ctx;
  assert_true(l->n < MAXTOK);
  l->tok[l->n++] = *tok;
  return 0;
}

/* The push form (which reads 64-byte blocks) gives the pull form's tokens,
** whatever the lengths of the runs and where they fall in the blocks. */
static void push_matches_pull(void **state) {
  static const char *const fill[] = {
    "word ", "Word. ", "U.S. ", "1,250 ", "Ukraine's ", "x-ray ", "said.\n",
    "AB12 ", "\xe2\x80\x9cq\xe2\x80\x9d ", "  ", "\n\n", "(a) ", "no."};
  char s[400];
  (void)state;
  for (size_t run = 1; run <= 130; run++) {
    for (size_t lead = 0; lead < 70; lead += 3) {
      size_t n = 0;
      list pull, push;
      for (size_t k = 0; n < lead; k++) {
        size_t m = strlen(fill[(run + k) % 13]);
        memcpy(s + n, fill[(run + k) % 13], m);
        n += m;
      }
      for (size_t i = 0; i < run; i++) s[n++] = "aB3"[(i + run) % 3];
      memcpy(s + n, run % 2 ? "'s end." : ". Then.", 7);
      n += 7;
      s[n] = '\0';
      tokenize(s, LEDE_MODE_NEWS, &pull);
      push.n = 0;
      assert_int_equal(lede_tokenize(s, n, LEDE_MODE_NEWS, collect_cb, &push),
                       LEDE_OK);
      assert_int_equal(push.n, pull.n);
      for (size_t i = 0; i < pull.n; i++) {
        assert_int_equal(push.tok[i].start, pull.tok[i].start);
        assert_int_equal(push.tok[i].end, pull.tok[i].end);
        assert_int_equal(push.tok[i].kind, pull.tok[i].kind);
        assert_int_equal(push.tok[i].flags, pull.tok[i].flags);
      }
    }
  }
}

static void kind_names(void **state) {
  (void)state;
  assert_string_equal(lede_token_kind_name(LEDE_TOK_WORD), "word");
  assert_string_equal(lede_token_kind_name(LEDE_TOK_EMOJI), "emoji");
  assert_string_equal(lede_token_kind_name(LEDE_TOK_HASHTAG), "hashtag");
  assert_string_equal(lede_token_kind_name(0), "?");
  assert_string_equal(lede_token_kind_name(99), "?");
}

static void empty_and_spaces(void **state) {
  (void)state;
  for (int mode = 0; mode <= 1; mode++) {
    expect("", mode, "");
    expect("   \t\n\r\n  ", mode, "");
    expect("\u00a0\u2003\u3000", mode, "");
  }
  news("\u200Bhidden \uFEFF", "hidden");
}

/* Invariants on any input: increasing, in bounds, non-empty, no longer
   than LEDE_MAX_TOKEN. Returns the count. */
static size_t check_spans(const char *s, size_t n, int mode) {
  lede_tokenizer t;
  lede_token tok;
  size_t last = 0, count = 0;
  int rc;
  lede_tokenizer_init(&t, s, n, mode);
  while ((rc = lede_tokenizer_next(&t, &tok)) > 0) {
    assert_true(tok.start >= last);
    assert_true(tok.end > tok.start);
    assert_true(tok.end <= n);
    assert_true(tok.end - tok.start <= LEDE_MAX_TOKEN);
    assert_true(tok.kind >= LEDE_TOK_WORD && tok.kind <= LEDE_TOK_EMOJI);
    last = tok.end;
    count++;
  }
  assert_int_equal(rc, 0);
  return count;
}

static void invalid_bytes(void **state) {
  (void)state;
  const char s[] = "ab\xff\xfe cd\xc3 \xe2\x82 x\0y \xf0\x9f\x98";
  for (int mode = 0; mode <= 1; mode++)
    assert_true(check_spans(s, sizeof s - 1, mode) >= 4);
  /* each bad byte is U+FFFD, never glued to a letter across a space */
  list l;
  tokenize("ok \xff ok", LEDE_MODE_NEWS, &l);
  assert_int_equal(l.n, 3);
  assert_int_equal(l.tok[1].start, 3);
  assert_int_equal(l.tok[1].end, 4);
}

static void long_runs(void **state) {
  (void)state;
  size_t n = 3 * LEDE_MAX_TOKEN + 17;
  char *s = malloc(n);
  assert_non_null(s);
  for (int mode = 0; mode <= 1; mode++) {
    memset(s, 'a', n);
    assert_int_equal(check_spans(s, n, mode), 4);   /* cut, nothing lost */
    for (size_t i = 0; i < n; i++) s[i] = i % 2 ? '.' : 'a';  /* a.a.a... */
    assert_true(check_spans(s, n, mode) >= 3);
    memset(s, '1', n);
    assert_int_equal(check_spans(s, n, mode), 4);
    /* a long run of multi-byte letters is cut at a code point boundary */
    for (size_t i = 0; i + 2 <= n; i += 2) memcpy(s + i, "\xd0\x96", 2);
    check_spans(s, n - n % 2, mode);
  }
  free(s);
}

static void ten_mb_line(void **state) {
  (void)state;
  const char *words = "Ukraine's U.S.-made drones cost $1,250 (12%) on "
                      "Sept. 4 — see https://example.com now. ";
  size_t wl = strlen(words), n = 10u << 20, i;
  char *s = malloc(n);
  assert_non_null(s);
  for (i = 0; i + wl <= n; i += wl) memcpy(s + i, words, wl);
  memset(s + i, ' ', n - i);
  size_t per_copy = 0;
  {
    size_t c = 0;
    assert_int_equal(lede_tokenize(words, wl, LEDE_MODE_NEWS, count_cb, &c),
                     LEDE_OK);
    per_copy = c;
  }
  assert_int_equal(check_spans(s, n, LEDE_MODE_NEWS), per_copy * (n / wl));
  assert_true(check_spans(s, n, LEDE_MODE_UAX29) > per_copy * (n / wl));
  /* 10 MB of spaces, then one word */
  memset(s, ' ', n - 1);
  s[n - 1] = 'x';
  for (int mode = 0; mode <= 1; mode++)
    assert_int_equal(check_spans(s, n, mode), 1);
  free(s);
}

static int cancel_calls;
static int cancel_now(void *ud) {
  (void)ud;
  cancel_calls++;
  return 1;
}

static void cancel(void **state) {
  (void)state;
  size_t n = 4 * LEDE_CANCEL_INTERVAL, count = 0;
  char *s = malloc(n);
  assert_non_null(s);
  for (size_t i = 0; i < n; i++) s[i] = i % 6 == 5 ? ' ' : 'w';
  lede_set_cancel(cancel_now, NULL);
  for (int mode = 0; mode <= 1; mode++) {
    cancel_calls = 0;
    count = 0;
    assert_int_equal(lede_tokenize(s, n, mode, count_cb, &count),
                     LEDE_ECANCEL);
    assert_true(cancel_calls >= 1);
    assert_true(count < n / 6);
  }
  memset(s, ' ', n);  /* white space alone is checked too */
  assert_int_equal(lede_tokenize(s, n, LEDE_MODE_NEWS, count_cb, &count),
                   LEDE_ECANCEL);
  lede_set_cancel(NULL, NULL);
  assert_int_equal(lede_tokenize(s, n, LEDE_MODE_NEWS, count_cb, &count),
                   LEDE_OK);
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(words_and_punctuation),
    cmocka_unit_test(numbers),
    cmocka_unit_test(money),
    cmocka_unit_test(abbreviations),
    cmocka_unit_test(compounds),
    cmocka_unit_test(possessives),
    cmocka_unit_test(web),
    cmocka_unit_test(emoji),
    cmocka_unit_test(other_scripts),
    cmocka_unit_test(flags),
    cmocka_unit_test(uax29_mode),
    cmocka_unit_test(push_form),
    cmocka_unit_test(push_matches_pull),
    cmocka_unit_test(kind_names),
    cmocka_unit_test(empty_and_spaces),
    cmocka_unit_test(invalid_bytes),
    cmocka_unit_test(long_runs),
    cmocka_unit_test(ten_mb_line),
    cmocka_unit_test(cancel),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
