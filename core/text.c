/*
** text.c -- the UTF-8 text layer: validation, repair, BOM, decoding,
** normalization and case folding.
**
** Notes on invalid UTF-8 (the policy; see also lede.h):
**   A well-formed sequence is one of Unicode's Table 3-7 rows: no overlong
**   forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. NUL is
**   well-formed UTF-8 but never article text, so lede_check rejects it too.
**   Repair follows "substitution of maximal subparts" (Unicode 15, 3.9):
**   the longest prefix of a would-be sequence that could still start a
**   valid one becomes a single U+FFFD; that is what browsers and Python do,
**   so counts agree with other tools.
*/
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

size_t lede_bom_len(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  return (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
}

/*
** Length of the well-formed sequence at s[i], or 0 when it is not one;
** *sub gets the length of the maximal subpart (>= 1) in the bad case.
*/
static size_t seq_len(const unsigned char *u, size_t n, size_t i,
                      size_t *sub) {
  unsigned c = u[i];
  size_t need;
  unsigned lo = 0x80, hi = 0xBF;
  *sub = 1;
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) need = 1;
  else if (c < 0xF0) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
  } else if (c < 0xF5) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
  } else return 0;
  for (size_t k = 1; k <= need; k++) {
    if (i + k >= n) { *sub = k; return 0; }
    unsigned b = u[i + k];
    if (b < lo || b > hi) { *sub = k; return 0; }
    lo = 0x80; hi = 0xBF;
  }
  return need + 1;
}

int lede_check(const char *s, size_t n, size_t *bad_at) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, sub;
  while (i < n) {
    /* ASCII fast path, eight bytes at a time. */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, u + i, 8);
      if (w & 0x8080808080808080ull) break;
      /* a zero byte in w: the classic haszero trick */
      if ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    if (u[i] == 0) { if (bad_at) *bad_at = i; return LEDE_ENUL; }
    size_t len = seq_len(u, n, i, &sub);
    if (len == 0) { if (bad_at) *bad_at = i; return LEDE_EUTF8; }
    i += len;
  }
  return LEDE_OK;
}

int lede_repair(const char *s, size_t n, char **out, size_t *out_n,
                size_t *nrepaired) {
  const unsigned char *u = (const unsigned char *)s;
  size_t cap = n + n / 2 + 4, len = 0, fixed = 0, i = 0, sub;
  char *buf = malloc(cap);
  if (!buf) return LEDE_ENOMEM;
  while (i < n) {
    size_t k = u[i] ? seq_len(u, n, i, &sub) : 0;
    if (u[i] == 0) sub = 1;
    if (k) {
      memcpy(buf + len, s + i, k);
      len += k;
      i += k;
    } else {
      memcpy(buf + len, "\xEF\xBF\xBD", 3);  /* U+FFFD */
      len += 3;
      i += sub;
      fixed++;
    }
    if (cap - len < 8) {  /* each step adds at most 4 bytes */
      char *nb = realloc(buf, cap *= 2);
      if (!nb) { free(buf); return LEDE_ENOMEM; }
      buf = nb;
    }
  }
  buf[len] = '\0';
  *out = buf;
  *out_n = len;
  if (nrepaired) *nrepaired = fixed;
  return LEDE_OK;
}

int32_t lede_decode(const char *s, size_t n, size_t i, size_t *len) {
  return (int32_t)lede_utf8_decode((const unsigned char *)s, n, i, len);
}

/* Runs utf8proc_map with `options`; the result is malloc'd by utf8proc. */
static int map(const char *s, size_t n, int options, char **out,
               size_t *out_n) {
  utf8proc_uint8_t *dst = NULL;
  int rc = lede_check(s, n, NULL);
  if (rc != LEDE_OK) return rc;
  if ((size_t)(utf8proc_ssize_t)n != n) return LEDE_EINVAL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s,
                                    (utf8proc_ssize_t)n, &dst,
                                    (utf8proc_option_t)options);
  if (r < 0) return r == UTF8PROC_ERROR_NOMEM ? LEDE_ENOMEM : LEDE_EUTF8;
  *out = (char *)dst;
  *out_n = (size_t)r;
  return LEDE_OK;
}

int lede_normalize(const char *s, size_t n, int form, char **out,
                   size_t *out_n) {
  int opt = UTF8PROC_STABLE;
  switch (form) {
  case LEDE_NFC:  opt |= UTF8PROC_COMPOSE; break;
  case LEDE_NFD:  opt |= UTF8PROC_DECOMPOSE; break;
  case LEDE_NFKC: opt |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
  case LEDE_NFKD: opt |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT; break;
  default: return LEDE_EINVAL;
  }
  return map(s, n, opt, out, out_n);
}

int lede_casefold(const char *s, size_t n, char **out, size_t *out_n) {
  return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD,
             out, out_n);
}
