/*
** fuzz_tokens.c -- libFuzzer target for the tokenizer, both modes.
** Invariants: spans increase and stay in bounds, are non-empty, no longer
** than LEDE_MAX_TOKEN, never only white space, kinds are known; the push
** and pull forms agree; the UAX #29 boundaries advance and end at n.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

/* White_Space code points (PropList.txt), for the invariant. */
static int is_space_cp(int32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static int only_space(const char *s, size_t a, size_t b) {
  size_t len;
  while (a < b) {
    if (!is_space_cp(lede_decode(s, b, a, &len))) return 0;
    a += len;
  }
  return 1;
}

typedef struct pushed {
  const lede_token *want;
  size_t n, i;
} pushed;

static int compare_cb(void *ctx, const lede_token *tok) {
  pushed *p = ctx;
  CHECK(p->i < p->n);
  CHECK(tok->start == p->want[p->i].start && tok->end == p->want[p->i].end);
  CHECK(tok->kind == p->want[p->i].kind && tok->flags == p->want[p->i].flags);
  p->i++;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  static lede_token toks[8192];
  for (int mode = 0; mode <= 1; mode++) {
    lede_tokenizer t;
    lede_token tok;
    size_t last = 0, count = 0;
    int rc;
    lede_tokenizer_init(&t, s, size, mode);
    while ((rc = lede_tokenizer_next(&t, &tok)) > 0) {
      CHECK(tok.start >= last);
      CHECK(tok.end > tok.start);
      CHECK(tok.end <= size);
      CHECK(tok.end - tok.start <= LEDE_MAX_TOKEN);
      CHECK(tok.kind >= LEDE_TOK_WORD && tok.kind <= LEDE_TOK_EMOJI);
      CHECK(!only_space(s, tok.start, tok.end));
      if (count < sizeof toks / sizeof *toks) toks[count] = tok;
      count++;
      last = tok.end;
    }
    CHECK(rc == 0);
    if (count <= sizeof toks / sizeof *toks) {
      pushed p = {toks, count, 0};
      CHECK(lede_tokenize(s, size, mode, compare_cb, &p) == LEDE_OK);
      CHECK(p.i == count);
    }
  }
  size_t pos = 0;
  while (pos < size) {
    size_t b = lede_word_break_next(s, size, pos);
    CHECK(b > pos && b <= size);
    pos = b;
  }
  return 0;
}
