/*
** internal.h -- what the core's stages share and the public API does not
** promise (the kitchen, as lctype.h and llimits.h are Lua's): the UTF-8
** decoder of the scanners, the one definition of each character class,
** the calendar, the SIMD guards and the cancel check. Included by the .c
** files of core/ only; core/lede.h stays the contract.
*/
#ifndef LEDE_INTERNAL_H
#define LEDE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <utf8proc.h>

#include "lede.h"

/* ----------------------------------------------------------- SIMD guards */

/*
** LEDE_SSE2: the SSE2 paths of the scanners (tokens, sentences, figures).
** LEDE_SWAR64: reading eight bytes as one little-endian word (dates).
** Building with -DLEDE_NO_SIMD turns both off, so the portable loops run
** everywhere; `make test` runs the C tests in that configuration too
** (bin/nosimd/). The results must not differ.
*/
#if defined(__SSE2__) && !defined(LEDE_NO_SIMD)
#define LEDE_SSE2 1
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && !defined(LEDE_NO_SIMD)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LEDE_SWAR64 1
#endif
#endif

/* ------------------------------------------------------------- decoding */

/*
** The code point at u[i] (i < n), its byte length in *len (>= 1). Invalid
** bytes (overlong, surrogate, > U+10FFFF, truncated, stray continuation)
** decode as U+FFFD with *len = 1: the policy of lede.h. lede_decode is
** this function; the scanners inline it.
*/
static inline uint32_t lede_utf8_decode(const unsigned char *u, size_t n,
                                        size_t i, size_t *len) {
  unsigned c = u[i], b1, b2, b3, lo = 0x80, hi = 0xBF;
  if (c < 0x80) { *len = 1; return c; }
  if (c < 0xC2 || c > 0xF4) goto bad;
  if (c < 0xE0) {
    if (i + 1 >= n || (u[i + 1] & 0xC0) != 0x80) goto bad;
    *len = 2;
    return ((c & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu);
  }
  if (c < 0xF0) {
    if (c == 0xE0) lo = 0xA0; else if (c == 0xED) hi = 0x9F;
    if (i + 2 >= n) goto bad;
    b1 = u[i + 1]; b2 = u[i + 2];
    if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80) goto bad;
    *len = 3;
    return ((c & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
  }
  if (c == 0xF0) lo = 0x90; else if (c == 0xF4) hi = 0x8F;
  if (i + 3 >= n) goto bad;
  b1 = u[i + 1]; b2 = u[i + 2]; b3 = u[i + 3];
  if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80)
    goto bad;
  *len = 4;
  return ((c & 0x07u) << 18) | ((b1 & 0x3Fu) << 12) | ((b2 & 0x3Fu) << 6) |
         (b3 & 0x3Fu);
bad:
  *len = 1;
  return 0xFFFD;
}

/* ---------------------------------------------------- character classes */

/* ASCII classes, for bytes (any value; no locale). */
static inline int lede_ascii_upper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int lede_ascii_lower(int c) { return c >= 'a' && c <= 'z'; }
static inline int lede_ascii_alpha(int c) {
  return (unsigned)((c | 0x20) - 'a') < 26u;
}
static inline int lede_ascii_digit(int c) { return c >= '0' && c <= '9'; }
static inline int lede_ascii_alnum(int c) {
  return lede_ascii_alpha(c) || lede_ascii_digit(c);
}

/* A letter: general category L (Lu, Ll, Lt, Lm, Lo). */
static inline int lede_is_letter(int32_t cp) {
  utf8proc_category_t k;
  if (cp < 0x80) return lede_ascii_alpha(cp);
  k = utf8proc_category(cp);
  return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

/* A word character: a letter, or a mark (Mn, Mc, Me) that belongs to the
** letter before it ("e" + U+0301). The scanners of dates and figures cut
** words at the first code point that is not one. */
static inline int lede_is_word_cp(int32_t cp) {
  utf8proc_category_t k;
  if (cp < 0x80) return lede_ascii_alpha(cp);
  k = utf8proc_category(cp);
  return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ME;
}

/* A capital: Lu, or Lt (the capital of a digraph, "ǅ"). */
static inline int lede_is_upper(int32_t cp) {
  utf8proc_category_t k;
  if (cp < 0x80) return lede_ascii_upper(cp);
  k = utf8proc_category(cp);
  return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

static inline int lede_is_lower(int32_t cp) {
  if (cp < 0x80) return lede_ascii_lower(cp);
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* ------------------------------------------------------------- calendar */

/* Proleptic Gregorian; days are counted from 1970-01-01 (day 0). */
static inline int is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y; 0 for a month out of range. */
static inline int month_days(int y, int m) {
  static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* Days since 1970-01-01 (H. Hinnant's algorithm). */
static inline long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static inline void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 1 (Monday) .. 7 (Sunday) of day z. */
static inline int weekday_of(long z) {
  return (int)(((z % 7) + 7 + 3) % 7) + 1;
}

/* ---------------------------------------------------------- cancellation */

/*
** The cancel check (lede_set_cancel) every LEDE_CANCEL_INTERVAL bytes of
** input. By count: *since holds the bytes scanned since the last check
** (the caller adds to it). By position: *next is where the next check is
** due. Both return nonzero when the running function must stop with
** LEDE_ECANCEL.
*/
static inline int lede_cancel_every(size_t *since) {
  if (*since < LEDE_CANCEL_INTERVAL) return 0;
  *since = 0;
  return lede_cancelled();
}

static inline int lede_cancel_at(size_t pos, size_t *next) {
  if (pos < *next) return 0;
  *next = pos + LEDE_CANCEL_INTERVAL;
  return lede_cancelled();
}

#endif
