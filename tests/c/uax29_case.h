/*
** uax29_case.h -- reads one line of Unicode's *BreakTest.txt files
** ("÷ 0041 × 0308 ÷ # comment") into UTF-8 text and the byte offsets of
** its boundaries (each ÷). Shared by the word and sentence conformance
** tests; header-only, static functions.
*/
#ifndef UAX29_CASE_H
#define UAX29_CASE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Writes cp as UTF-8 at out; returns its length. */
static size_t uax29_put_utf8(char *out, uint32_t cp) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/*
** Parses `line` into text[0..*n) (at most text_cap bytes) and bounds[]
** (at most max_bounds). Returns the number of boundaries: 0 for a comment
** or blank line.
*/
static size_t uax29_read_case(const char *line, char *text, size_t text_cap,
                              size_t *n, size_t *bounds, size_t max_bounds) {
  size_t nb = 0;
  const unsigned char *p = (const unsigned char *)line;
  *n = 0;
  while (*p && *p != '#') {
    if (p[0] == 0xC3 && p[1] == 0xB7) {          /* ÷ */
      if (nb < max_bounds) bounds[nb++] = *n;
      p += 2;
    } else if (p[0] == 0xC3 && p[1] == 0x97) {   /* × */
      p += 2;
    } else if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'F')) {
      char *end;
      unsigned long cp = strtoul((const char *)p, &end, 16);
      if (*n + 4 <= text_cap) *n += uax29_put_utf8(text + *n, (uint32_t)cp);
      p = (const unsigned char *)end;
    } else {
      p++;
    }
  }
  return nb;
}

#endif
