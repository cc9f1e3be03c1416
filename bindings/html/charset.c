/*
** charset.c -- pages in other encodings than UTF-8: the label a page
** declares (the WHATWG prescan, simplified) and the conversion to UTF-8
** with iconv (glibc).
*/
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

#define PRESCAN 1024  /* a declaration counts only this near the start */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

/* The value after `charset=` / `encoding=` at p (quoted or not). */
static int take_label(const char *p, const char *end, char *label, size_t cap) {
  size_t k = 0;
  while (p < end && (*p == ' ' || *p == '=' || *p == '"' || *p == '\''))
    p++;
  while (p < end && k + 1 < cap &&
         ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || strchr("-_.:+", *p)))
    label[k++] = (char)lower((unsigned char)*p++);
  label[k] = '\0';
  return k > 0;
}

/* Finds `key` (lower case) in [p, end), case-insensitively. */
static const char *find_ci(const char *p, const char *end, const char *key) {
  size_t kn = strlen(key);
  for (; p + kn <= end; p++)
    if (strncasecmp(p, key, kn) == 0) return p;
  return NULL;
}

int lede_html_charset(const char *src, size_t n, char *label, size_t cap) {
  const unsigned char *u = (const unsigned char *)src;
  const char *end = src + (n < PRESCAN ? n : PRESCAN), *p = src;
  static const struct { const char *bom; size_t len; const char *name; } boms[] = {
    {"\xEF\xBB\xBF", 3, "utf-8"}, {"\xFF\xFE", 2, "utf-16le"}, {"\xFE\xFF", 2, "utf-16be"}};
  if (cap < 2) return 0;
  for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++)
    if (n >= boms[i].len && memcmp(u, boms[i].bom, boms[i].len) == 0) {
      strncpy(label, boms[i].name, cap - 1);
      label[cap - 1] = '\0';
      return 1;
    }
  while ((p = find_ci(p, end, "<meta")) != NULL) {
    const char *close = memchr(p, '>', (size_t)(end - p));
    const char *c;
    if (!close) break;
    c = find_ci(p, close, "charset");
    if (c && take_label(c + 7, close, label, cap)) return 1;
    p = close;
  }
  p = find_ci(src, end, "<?xml");
  if (p) {
    const char *close = find_ci(p, end, "?>");
    const char *e = close ? find_ci(p, close, "encoding") : NULL;
    if (e && take_label(e + 8, close, label, cap)) return 1;
  }
  return 0;
}

/* WHATWG labels whose encoding iconv knows under another name. */
static const struct { const char *label, *iconv; } aliases[] = {
  {"latin1", "WINDOWS-1252"},     {"iso-8859-1", "WINDOWS-1252"},
  {"iso8859-1", "WINDOWS-1252"},  {"l1", "WINDOWS-1252"},
  {"ascii", "WINDOWS-1252"},      {"us-ascii", "WINDOWS-1252"},
  {"cp1252", "WINDOWS-1252"},     {"x-cp1252", "WINDOWS-1252"},
  {"iso-8859-9", "WINDOWS-1254"}, {"latin5", "WINDOWS-1254"},
  {"gb2312", "GB18030"},          {"gbk", "GB18030"},
  {"x-gbk", "GB18030"},           {"chinese", "GB18030"},
  {"shift_jis", "CP932"},         {"sjis", "CP932"},
  {"x-sjis", "CP932"},            {"ms_kanji", "CP932"},
  {"windows-31j", "CP932"},       {"euc-kr", "CP949"},
  {"ks_c_5601-1987", "CP949"},    {"big5", "BIG5-HKSCS"},
  {"x-mac-roman", "MACINTOSH"},   {"utf8", "UTF-8"},
};

int lede_html_decode(const char *src, size_t n, const char *label,
                     char **out, size_t *out_n, size_t *replaced) {
  const char *name = label;
  char *buf, *in = (char *)src, *o;
  size_t cap, inleft = n, oleft;
  iconv_t cd;
  *out = NULL;
  *out_n = *replaced = 0;
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (strcasecmp(label, aliases[i].label) == 0) name = aliases[i].iconv;
  cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1) return LEDE_EINVAL;
  /* a byte order mark is a marker, not text */
  if (n >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 && strcasecmp(name, "utf-8") == 0)
    in += 3, inleft -= 3;
  else if (n >= 2 && (memcmp(src, "\xFF\xFE", 2) == 0 || memcmp(src, "\xFE\xFF", 2) == 0) &&
           strncasecmp(name, "utf-16", 6) == 0)
    in += 2, inleft -= 2;
  /* one input byte never gives more than 3 bytes of UTF-8 (U+FFFD too) */
  cap = inleft * 3 + 16;
  buf = malloc(cap);
  if (!buf) {
    iconv_close(cd);
    return LEDE_ENOMEM;
  }
  o = buf;
  oleft = cap - 1;
  while (inleft > 0) {
    if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1) break;
    if (errno == E2BIG || oleft < 3) {   /* cannot happen by the bound above */
      lede_free(buf);
      iconv_close(cd);
      return LEDE_ENOMEM;
    }
    /* EILSEQ or EINVAL (cut short at the end): one byte becomes U+FFFD */
    memcpy(o, "\xEF\xBF\xBD", 3);
    o += 3, oleft -= 3;
    in++, inleft--;
    (*replaced)++;
    iconv(cd, NULL, NULL, NULL, NULL);
  }
  iconv(cd, NULL, NULL, &o, &oleft);    /* flush a stateful encoding */
  iconv_close(cd);
  *o = '\0';
  *out = buf;
  *out_n = (size_t)(o - buf);
  /* iconv's own UTF-8 passes old five-byte forms through, and U+0000 may
  ** be encoded: what comes out is checked like any input, and repaired */
  if (lede_check(buf, *out_n, NULL) != LEDE_OK) {
    char *fixed;
    size_t fixed_n, nfixed;
    int rc = lede_repair(buf, *out_n, &fixed, &fixed_n, &nfixed);
    lede_free(buf);
    *out = NULL;
    if (rc != LEDE_OK) return rc;
    *out = fixed;
    *out_n = fixed_n;
    *replaced += nfixed;
  }
  return LEDE_OK;
}
