/*
** article.c -- the structure of a news article as typed spans: its
** paragraphs and their roles (headline, byline, dateline, caption,
** boilerplate, printed date line, body), the dateline's parts, the
** byline's names and organisation, photo credits and the article's date.
**
** How paragraphs are cut (docs/article.md says the same for users):
**   1. A blank line (empty or only white space) always ends a paragraph.
**   2. Inside a block of non-blank lines, a line break also ends one when
**      - either line stands alone: site chrome, a hash or tracking id, a
**        separator, a photo caption, a printed date line, a byline;
**      - the next line opens with a dateline ("KYIV, Ukraine (AP) —");
**      - the next line is indented deeper than the block's least indented
**        line (wire copy marks the first line of a paragraph so);
**      - the block is not hard-wrapped: some line is wider than
**        ART_WRAP_MAX columns (scraped copy: one paragraph per line), or
**        every line is narrower than ART_WRAP_MIN (a list of labels);
**      - the line is short for the block: the next line's first word and
**        ART_WRAP_SLACK more columns would have fitted on it, so the
**        writer, not the wrapping, broke it (a headline above a wrapped
**        body, table rows, the last line of a paragraph).
**   Otherwise a single newline is a hard wrap inside the paragraph.
**
** Roles are then decided per paragraph, each test looking at a bounded
** part of the paragraph (named limits below), so the whole parse is
** linear in the text. The article's date is taken, in this order, from a
** printed date line, the dateline (only with a year), a caption (not a
** "FILE" photo). Dates are read with lede_dates_in without a reference
** and kept only when year, month and day were all written.
*/
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <utf8proc.h>

#include "internal.h"
#include "vocab.h"

/* ------------------------------------------------------------ limits */

#define ART_WRAP_MAX       100  /* columns: a wider line is not hard-wrapped */
#define ART_WRAP_SLACK     15   /* columns left free on a line that ends a paragraph */
#define ART_WRAP_MIN       40   /* columns: a block of narrower lines is a list */
#define ART_HEADLINE_MAX   150  /* bytes: a longer paragraph is not a headline */
#define ART_HEADLINE_WORDS 3    /* fewer words before the headline: a nav label */
#define ART_NAV_MAX        8    /* nav labels skipped while looking for the headline */
#define ART_CHROME_MAX     160  /* bytes: longer paragraphs are never chrome */
#define ART_NOTE_MAX       1000 /* bytes: longest credit/correction/copyright note */
#define ART_BYLINE_MAX     200  /* bytes: longest byline */
#define ART_DATE_LINE_MAX  160  /* bytes: longest printed date line */
#define ART_CREDIT_MAX     160  /* bytes from the end searched for a photo credit */
#define ART_DATELINE_MAX   120  /* bytes: the dateline's dash lies within these */
#define ART_AGENCY_MAX     48   /* bytes inside the dateline's parentheses */
#define ART_DATELINE_SEARCH 6   /* body paragraphs searched for the dateline */
#define ART_HASH_MIN       16   /* bytes: shortest lone hash / tracking id */
#define ART_NAME_WORDS     5    /* most words in one byline name */
#define ART_CREDIT_WORDS   8    /* words in a "Name/For The Post" credit */
#define ART_ORG_MAX        60   /* bytes: an organisation alone on its line */
#define ART_STANDFIRST_MAX 3    /* paragraphs between headline and "X in Y" byline */
#define ART_DECK_MAX       400  /* bytes: longest deck under the headline */
#define ART_CAPTION_TEXT_MAX 400 /* bytes: caption text over a credit line */
#define ART_LIST_MAX       12   /* link titles under one "Related" heading */
#define ART_READ_TIME_MAX  48   /* bytes: longest "5 min read" line */
#define ART_INITIALS_MAX   24   /* bytes: longest desk initials line "cr/jm" */
#define ART_TEXT_WORDS     15   /* words: a paragraph ending a sentence is text */
#define ART_LONG_WORDS     25   /* words: text even without a final stop */
#define ART_LABEL_COST     3    /* what a label, title or chrome line costs a block */
#define ART_BLOCK_MIN      40   /* words: the least an article block is worth */
#define ART_HEADLINE_SEARCH 16  /* paragraphs searched back from the body */
#define ART_HEADLINE_GOOD  5    /* words: a title line this long is a headline */
#define ART_PAGE_CHROME    10   /* paragraphs outside the block that make a page */
#define ART_BLOCK_TAIL     3    /* chrome paragraphs a last short sentence may follow */
#define ART_TWICE_DIST     10   /* paragraphs between two copies of a text far apart */
#define ART_TWICE_RUN      3    /* copied texts in a row that make a list printed twice */
#define ART_TWICE          (1L << 20)  /* marks a copy's weight while runs are found */
#define ART_LABEL_RUN      4    /* labels in a row before each costs more */
#define ART_TEASER_RUN     3    /* teaser summaries in a row that make a list */
#define ART_TEASER_GAP     7    /* paragraphs from one teaser summary to the next */
#define ART_SUMMARY_WORDS  40   /* words: longest teaser summary in a list */
#define ART_PAGE_KNOWN     3    /* known chrome paragraphs a page has at least */
#define ART_HEADER_ABOVE   3    /* paragraphs over a page's headline in its header */

/* ------------------------------------------------------ byte helpers */

/* Length of the horizontal white space character at s[i], else 0. */
static size_t ws_wide(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
    unsigned char d = (unsigned char)s[i + 2];
    if ((d >= 0x80 && d <= 0x8B) || d == 0xAF) return 3; /* spaces, ZWSP, NNBSP */
  }
  if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0x80) return 3;
  return 0;
}

static inline size_t ws_at(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80)
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
  return (c == 0xC2 || c == 0xE2 || c == 0xE3) ? ws_wide(s, n, i) : 0;
}

/* Length of the white space character ending at s[i-1] (i > a), else 0. */
static size_t ws_before(const char *s, size_t a, size_t i) {
  unsigned char c = (unsigned char)s[i - 1];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xA0 && i - a >= 2 && (unsigned char)s[i - 2] == 0xC2) return 2;
  if (i - a >= 3 && (unsigned char)s[i - 3] == 0xE2 &&
      (unsigned char)s[i - 2] == 0x80 && ((c >= 0x80 && c <= 0x8B) || c == 0xAF))
    return 3;
  if (i - a >= 3 && (unsigned char)s[i - 3] == 0xE3 &&
      (unsigned char)s[i - 2] == 0x80 && c == 0x80) return 3;
  return 0;
}

static void trim(const char *s, size_t *a, size_t *b) {
  size_t k;
  while (*a < *b && (k = ws_at(s, *b, *a)) > 0) *a += k;
  while (*b > *a && (k = ws_before(s, *a, *b)) > 0) *b -= k;
}

static int lower_ascii(int c) {
  return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int upper_ascii(int c) {
  return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/*
** Bytes of s[i..b) matched by the ASCII pattern pat, case-insensitively;
** "'" in pat also matches U+2019 and U+2018. 0 when it does not match.
*/
static size_t match_ci(const char *s, size_t i, size_t b, const char *pat) {
  size_t j = i;
  for (; *pat; pat++) {
    if (*pat == '\'' && j + 3 <= b && (unsigned char)s[j] == 0xE2 &&
        (unsigned char)s[j + 1] == 0x80 &&
        ((unsigned char)s[j + 2] == 0x99 || (unsigned char)s[j + 2] == 0x98)) {
      j += 3;
      continue;
    }
    if (j >= b || lower_ascii((unsigned char)s[j]) != lower_ascii((unsigned char)*pat))
      return 0;
    j++;
  }
  return j - i;
}

static int eq_ci(const char *s, size_t a, size_t b, const char *pat) {
  return b > a && match_ci(s, a, b, pat) == b - a;
}

/* Exact, case-sensitive equality of s[a..b) with pat. */
static int eq(const char *s, size_t a, size_t b, const char *pat) {
  size_t k;
  if (b <= a) return pat[0] == '\0';
  if (s[a] != pat[0]) return 0;   /* most calls end here, before strlen */
  k = strlen(pat);
  return b - a == k && memcmp(s + a, pat, k) == 0;
}

/* 1 when s[a..b) contains pat (case-insensitive); bounded by the caller. */
static int contains_ci(const char *s, size_t a, size_t b, const char *pat) {
  size_t i;
  int c0 = lower_ascii((unsigned char)pat[0]);
  for (i = a; i < b; i++)
    if (lower_ascii((unsigned char)s[i]) == c0 && match_ci(s, i, b, pat))
      return 1;
  return 0;
}

/* 1 when s[a..b) contains one of the patterns (one pass over s; at most
** 32 patterns). A byte is tried as a pattern's start only when it and the
** byte after it can open one (opens_like, as bit masks by byte). */
static int contains_any_ci(const char *s, size_t a, size_t b,
                           const char *const *list) {
  uint32_t first[256], second[256], any = 0, bit;
  const char *const *p;
  size_t i;
  memset(first, 0, sizeof first);
  memset(second, 0, sizeof second);
  for (p = list, bit = 1; *p; p++, bit <<= 1) {
    int c0 = lower_ascii((unsigned char)(*p)[0]);
    int c1 = lower_ascii((unsigned char)(*p)[1]);
    first[c0] |= bit;
    first[upper_ascii(c0)] |= bit;
    if (c1 == '\0' || c1 == '\'') {
      any |= bit;
    } else {
      second[c1] |= bit;
      second[upper_ascii(c1)] |= bit;
    }
  }
  for (i = a; i < b; i++) {
    uint32_t m = first[(unsigned char)s[i]];
    if (m == 0) continue;
    m &= any | (i + 1 < b ? second[(unsigned char)s[i + 1]] : 0);
    for (p = list; m; p++, m >>= 1)
      if ((m & 1) && match_ci(s, i, b, *p)) return 1;
  }
  return 0;
}

static int32_t cp_at(const char *s, size_t n, size_t i, size_t *len) {
  return lede_decode(s, n, i, len);
}

#define is_upper_cp lede_is_upper
#define is_lower_cp lede_is_lower
#define is_letter_cp lede_is_letter
#define is_digit lede_ascii_digit

/* A white space byte or a newline (ASCII; see ws_wide for the rest). */
static inline int space_byte(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The white space (or newline) at s[i], 0 when none: as next_word sees it. */
static inline size_t gap_at(const char *s, size_t b, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) return space_byte(c);
  return ws_wide(s, b, i);
}

/* Next word (maximal run of non-white space) of s[*p..b). */
static int next_word(const char *s, size_t b, size_t *p, size_t *wa,
                     size_t *wb) {
  size_t i = *p, k;
  while (i < b && (k = gap_at(s, b, i)) > 0) i += k;
  if (i >= b) { *p = b; return 0; }
  *wa = i;
  while (i < b && gap_at(s, b, i) == 0) i++;
  *wb = i;
  *p = i;
  return 1;
}

/* 1 when s[a..b) holds a newline (a paragraph of several lines). */
static int has_newline(const char *s, size_t a, size_t b) {
  return memchr(s + a, '\n', b - a) != NULL;
}

/* Display columns of s[a..b) (code points; a tab counts 4). */
static size_t columns(const char *s, size_t a, size_t b) {
  size_t i = a, w = 0;
#ifdef LEDE_SWAR64
  /* eight bytes at a time: those that are not continuation bytes, and
  ** three more for each tab */
  const uint64_t high = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
  for (; i + 8 <= b; i += 8) {
    uint64_t x, t, z;
    memcpy(&x, s + i, 8);
    t = x ^ 0x0909090909090909ull;           /* a tab's byte is 0 */
    z = ~(((t & low7) + low7) | t | low7);    /* its high bit: the byte is 0 */
    w += 8 - (size_t)__builtin_popcountll(x & ~(x << 1) & high) +
         3 * (size_t)__builtin_popcountll(z);
  }
#endif
  for (; i < b; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\t') w += 4;
    else if ((c & 0xC0) != 0x80) w++;
  }
  return w;
}

/* Strips trailing punctuation in chars (ASCII) from s[a..*b). */
static void strip_tail(const char *s, size_t a, size_t *b, const char *chars) {
  while (*b > a && strchr(chars, s[*b - 1]) != NULL && s[*b - 1] != '\0') (*b)--;
}

/* The last code point before b (b > a): its value and start. */
static int32_t cp_before(const char *s, size_t a, size_t b, size_t *at) {
  size_t i = b - 1, len;
  while (i > a && ((unsigned char)s[i] & 0xC0) == 0x80 && b - i < 4) i--;
  *at = i;
  return cp_at(s, b, i, &len);
}

/* ------------------------------------------------------- dates (use) */

typedef struct date_probe {
  const char *s;
  int year, month, day;
  int amb_year, amb_month, amb_day;   /* the first "04/09/2025", month first */
  size_t skip_a, skip_b;   /* a span whose dates are ignored (a credit) */
} date_probe;

static int parse_iso_day(const char *v, int *y, int *m, int *d) {
  int i;
  for (i = 0; i < 10; i++) {
    if (i == 4 || i == 7) { if (v[i] != '-') return 0; }
    else if (!is_digit((unsigned char)v[i])) return 0;
  }
  *y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  *m = (v[5] - '0') * 10 + (v[6] - '0');
  *d = (v[8] - '0') * 10 + (v[9] - '0');
  return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* "04/09/2025", "9.4.2025": day and month in numbers, both 12 or less
** and different, so either could be the month: no article date. */
static int numeric_ambiguous(const char *s, size_t a, size_t b) {
  int x = 0, y = 0, k = 0;
  size_t i = a;
  while (i < b && is_digit((unsigned char)s[i]) && k < 3) x = x * 10 + (s[i++] - '0'), k++;
  if (k == 0 || k > 2 || i >= b || !(s[i] == '/' || s[i] == '.' || s[i] == '-'))
    return 0;
  i++;
  k = 0;
  while (i < b && is_digit((unsigned char)s[i]) && k < 3) y = y * 10 + (s[i++] - '0'), k++;
  if (k == 0 || k > 2) return 0;
  return x >= 1 && x <= 12 && y >= 1 && y <= 12 && x != y;
}

static int date_cb(void *ctx, const lede_date *d) {
  date_probe *p = ctx;
  unsigned full = LEDE_STATED_YEAR | LEDE_STATED_MONTH | LEDE_STATED_DAY;
  if (p->skip_b > p->skip_a && d->start < p->skip_b && d->end > p->skip_a)
    return 0;
  if ((d->stated & full) != full) return 0;
  if (numeric_ambiguous(p->s, d->start, d->end)) {
    if (p->amb_year == 0)
      parse_iso_day(d->value, &p->amb_year, &p->amb_month, &p->amb_day);
    return 0;
  }
  if (parse_iso_day(d->value, &p->year, &p->month, &p->day)) return 1;
  return 0;
}

/* As full_date_in; else, when amb is not NULL and an ambiguous
** "04/09/2025" was seen, its month-first reading in amb[0..2] (else
** amb[0] == 0). */
static int full_date_amb(const char *s, size_t n, size_t a, size_t b,
                         size_t skip_a, size_t skip_b, int *y, int *m, int *d,
                         int *amb) {
  lede_date_opts o;
  date_probe p;
  memset(&o, 0, sizeof o);
  memset(&p, 0, sizeof p);
  p.s = s;
  p.skip_a = skip_a;
  p.skip_b = skip_b;
  if (amb) amb[0] = amb[1] = amb[2] = 0;
  if (lede_dates_in(s, n, a, b, &o, date_cb, &p) == LEDE_ESTOPPED &&
      p.year > 0) {
    *y = p.year; *m = p.month; *d = p.day;
    return 1;
  }
  /* "27/09/2018": day first, when the day cannot be a month */
  o.dayfirst = 1;
  if (p.amb_year == 0 &&
      lede_dates_in(s, n, a, b, &o, date_cb, &p) == LEDE_ESTOPPED &&
      p.year > 0) {
    *y = p.year; *m = p.month; *d = p.day;
    return 1;
  }
  if (amb && p.amb_year > 0) {
    amb[0] = p.amb_year; amb[1] = p.amb_month; amb[2] = p.amb_day;
  }
  return 0;
}

/* The first date in s[a..b) with year, month and day written; 1 if any. */
static int full_date_in(const char *s, size_t n, size_t a, size_t b,
                        size_t skip_a, size_t skip_b, int *y, int *m, int *d) {
  return full_date_amb(s, n, a, b, skip_a, skip_b, y, m, d, NULL);
}

static int month_day_cb(void *ctx, const lede_date *d) {
  int *md = ctx, y;
  unsigned want = LEDE_STATED_MONTH | LEDE_STATED_DAY;
  if ((d->stated & (want | LEDE_STATED_YEAR)) != want) return 0;
  return parse_iso_day(d->value, &y, &md[0], &md[1]);
}

/* The first date in s[a..b) with its month and day written and no year
** ("Updated Mar 9, 7:05 AM"); 1 with *m, *d. It is read against a
** reference in a leap year only to have its month and day as a value
** (Feb. 29 stays a day); the year is not the reference's. */
static int month_day_in(const char *s, size_t n, size_t a, size_t b,
                        int *m, int *d) {
  lede_date_opts o;
  int md[2] = {0, 0};
  memset(&o, 0, sizeof o);
  o.year = 2000; o.month = 7; o.day = 1;
  if (lede_dates_in(s, n, a, b, &o, month_day_cb, md) != LEDE_ESTOPPED)
    return 0;
  *m = md[0]; *d = md[1];
  return 1;
}

/* The year of the page's copyright notice ("© 2021 Site", "Copyright
** 2005-2021 Site": the last year), from its last notice; 0 when none.
** The page was made that year, and a date it prints without a year
** ("Updated Mar 9") is of the year it was made. */
static int copyright_year(const char *s, const lede_article *a) {
  size_t k = a->nparagraphs;
  while (k-- > 0) {
    size_t i = a->paragraphs[k].start, b = a->paragraphs[k].end;
    for (; i < b; i++) {
      size_t j;
      int y = 0, nd = 0;
      if ((unsigned char)s[i] == 0xC2 && i + 1 < b &&
          (unsigned char)s[i + 1] == 0xA9)
        j = i + 2;
      else if ((s[i] == 'c' || s[i] == 'C') && match_ci(s, i, b, "copyright"))
        j = i + 9;
      else
        continue;
      while (j < b && (s[j] == ' ' || s[j] == ':' ||
                       ((unsigned char)s[j] == 0xC2 && j + 1 < b &&
                        (unsigned char)s[j + 1] == 0xA9)))
        j += s[j] == ' ' || s[j] == ':' ? 1 : 2;
      for (;;) {   /* a year, or the last of a span "2005-2021", "2005–2021" */
        y = nd = 0;
        while (j < b && is_digit((unsigned char)s[j]) && nd < 5)
          y = y * 10 + (s[j++] - '0'), nd++;
        if (nd != 4) break;
        if (j < b && s[j] == '-') j++;
        else if (j + 2 < b && (unsigned char)s[j] == 0xE2 &&
                 (unsigned char)s[j + 1] == 0x80 &&
                 (unsigned char)s[j + 2] == 0x93)
          j += 3;
        else
          break;
        if (!(j < b && is_digit((unsigned char)s[j]))) break;
      }
      if (nd == 4 && y >= 1995 && y <= 2100 &&
          !(j < b && is_digit((unsigned char)s[j])))
        return y;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ chrome */

/* Whole-paragraph chrome, compared case-insensitively after trailing
** ":.!|>›»" and white space are stripped. */

/* Chrome headings over a list of link titles: the short, headline-like
** paragraphs right under them are links, not story. */

/* The vocabulary's art.* words. Exact roles: s[a..b) as written. The
** others: in any ASCII case, a curly quote (U+2018, U+2019) read as "'"
** (art_words reads at most LEDE_VOCAB_MAX_LEN bytes that way). */
static int art_exact(const char *s, size_t a, size_t b, uint64_t role) {
  return b > a && (lede_vocab_exact_of(s + a, b - a) & role) != 0;
}

/* Every prefix of every key with an art role, as bits of a filter: bit
** prefix_hash(p) is set for each in art_prefix, and for each whole key in
** art_whole. Text is folded and hashed one byte at a time while its prefix
** could still begin a key (no false negatives), and looked up only where
** it could be a whole key: most texts cost two or three steps, not a copy
** of LEDE_VOCAB_MAX_LEN bytes and a lookup per length. Built once, on
** first use. */
#define ART_PREFIX_BITS 16
static uint64_t art_prefix[(1u << ART_PREFIX_BITS) / 64];
static uint64_t art_whole[(1u << ART_PREFIX_BITS) / 64];
static once_flag art_prefix_once = ONCE_FLAG_INIT;
static atomic_int art_prefix_ready;

/* The hash of a prefix, extended by its next (ASCII-folded) byte c. */
static inline uint32_t prefix_step(uint32_t h, unsigned char c) {
  if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
  return (h ^ c) * 16777619u;
}

static inline int bit_in(const uint64_t *set, uint32_t h) {
  uint32_t bit = h >> (32 - ART_PREFIX_BITS);
  return (int)(set[bit / 64] >> (bit % 64) & 1);
}

static inline void bit_set(uint64_t *set, uint32_t h) {
  uint32_t bit = h >> (32 - ART_PREFIX_BITS);
  set[bit / 64] |= (uint64_t)1 << (bit % 64);
}

static void art_prefix_build(void) {
  const lede_vocab_entry *e;
  for (size_t i = 0; (e = lede_vocab_entry_at(i)) != NULL; i++) {
    uint32_t h = 2166136261u;
    if (e->art == 0) continue;
    for (size_t k = 0; k < e->len; k++) {
      h = prefix_step(h, (unsigned char)e->key[k]);
      bit_set(art_prefix, h);
    }
    bit_set(art_whole, h);
  }
  atomic_store_explicit(&art_prefix_ready, 1, memory_order_release);
}

/* The key of s[a..b) is s[a..b) with a curly quote read as "'", at most
** LEDE_VOCAB_MAX_LEN bytes. opens = 0: 1 when the whole key is a word or
** phrase with art role(s) r; opens = 1: when one of its prefixes is. */
static int art_words(const char *s, size_t a, size_t b, uint32_t r,
                     int opens) {
  char buf[LEDE_VOCAB_MAX_LEN];
  uint32_t h = 2166136261u;
  size_t k = 0;
  const lede_vocab_entry *e;
  if (!atomic_load_explicit(&art_prefix_ready, memory_order_acquire))
    call_once(&art_prefix_once, art_prefix_build);
  while (a < b) {
    if (k == LEDE_VOCAB_MAX_LEN) return 0;  /* longer than any key */
    if (a + 3 <= b && (unsigned char)s[a] == 0xE2 &&
        (unsigned char)s[a + 1] == 0x80 &&
        ((unsigned char)s[a + 2] == 0x98 || (unsigned char)s[a + 2] == 0x99)) {
      buf[k++] = '\'';
      a += 3;
    } else {
      buf[k++] = s[a++];
    }
    h = prefix_step(h, (unsigned char)buf[k - 1]);
    if (!bit_in(art_prefix, h)) return 0;  /* no key begins so */
    if ((opens || a == b) && bit_in(art_whole, h)) {
      e = lede_vocab_lookup(buf, k);
      if (e != NULL && (e->art & r)) return 1;
    }
  }
  return 0;
}

/* s[a..b) is a word or phrase with art role(s) r. */
static int art_ci(const char *s, size_t a, size_t b, uint32_t r) {
  return art_words(s, a, b, r, 0);
}

/* s[a..b) opens with a phrase with art role(s) r. */
static int art_opens(const char *s, size_t a, size_t b, uint32_t r) {
  return art_words(s, a, b, r, 1);
}

/* Wire sign-offs, alone on their line, exactly so (an optional "..."
** after them): a final "Reuters." is the end of a wrapped sentence. */

static int is_signoff(const char *s, size_t a, size_t b) {
  if (b - a > 3 && eq(s, b - 3, b, "...")) b -= 3;
  return art_exact(s, a, b, LEDE_VOC_EXACT_ART_SIGNOFF);
}

/* Chrome that opens a short paragraph (<= ART_CHROME_MAX bytes). */

/* Notes that open a paragraph of at most ART_NOTE_MAX bytes: copyright,
** corrections, editor's notes, coverage and reporting credits. */

/* Phrases that make a note of a paragraph of at most ART_NOTE_MAX bytes. */
static const char *const note_contains[] = {
  "contributed to this report", "contributed reporting",
  "contributed to this story", "contributed to this article",
  "all rights reserved", "trust principles",
  "may not be published, broadcast, rewritten or redistributed",
  NULL
};

/* Words of a share/follow line ("Share on Facebook | X | Email"). */
/* Of which at least one must be present. */

/* "7de9f14b..." (hex, >= ART_HASH_MIN) or a long id of letters, digits,
** "-" and "_" with digits in it (>= 24 bytes), alone on its paragraph. */
static int is_hash(const char *s, size_t a, size_t b) {
  size_t i, digits = 0, hexletters = 0, other = 0;
  if (b - a < ART_HASH_MIN) return 0;
  for (i = a; i < b; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_digit(c)) digits++;
    else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) hexletters++;
    else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) other++;
    else if (c != '-' && c != '_') return 0;
  }
  if (digits == 0) return 0;
  if (other == 0) return 1;
  return b - a >= 24 && other + hexletters >= 4;
}

/* "___", "* * *", "-----", "###": only separator characters, >= 3 of them. */
static int is_separator(const char *s, size_t a, size_t b) {
  size_t i = a, marks = 0, len, k;
  while (i < b) {
    int32_t c;
    if ((k = ws_at(s, b, i)) > 0) { i += k; continue; }
    c = cp_at(s, b, i, &len);
    if (!(c == '_' || c == '-' || c == '*' || c == '=' || c == '~' ||
          c == '#' || c == '+' || c == 0x2022 || c == 0x00B7 ||
          c == 0x2014 || c == 0x2013 || c == 0x2015 || c == 0x2500))
      return 0;
    marks++;
    i += len;
  }
  return marks >= 3;
}

static int is_share_line(const char *s, size_t a, size_t b) {
  size_t p = a, wa, wb;
  int anchor = 0, words = 0;
  while (next_word(s, b, &p, &wa, &wb)) {
    size_t e = wb;
    strip_tail(s, wa, &e, ":,.|");
    if (e == wa) continue;
    if (!art_ci(s, wa, e, LEDE_VOC_ART_SHARE)) return 0;
    if (art_ci(s, wa, e, LEDE_VOC_ART_SHARE_ANCHOR)) anchor = 1;
    words++;
  }
  return anchor && words > 0;
}

/* A capitalized word: its first letter is upper case. */
static int capitalized(const char *s, size_t a, size_t b) {
  size_t len;
  while (a < b && !is_letter_cp(cp_at(s, b, a, &len))) {
    if (s[a] != '(' && s[a] != '"' && s[a] != '\'') return 0;
    a += len;
  }
  return a < b && is_upper_cp(cp_at(s, b, a, &len));
}

/* "Petrequin reported from London." or "Jane Doe and John Roe reported
** from Paris and Kyiv." -- only names before the verb. */
static int is_reported_from(const char *s, size_t a, size_t b) {
  size_t p = a, wa, wb;
  int names = 0;
  if (b - a > ART_NOTE_MAX) return 0;
  while (next_word(s, b, &p, &wa, &wb)) {
    if (eq(s, wa, wb, "covers") && names >= 2)  /* an author's note */
      return b - a <= ART_CHROME_MAX && contains_ci(s, p, b, " for ");
    if (eq(s, wa, wb, "reported") || eq(s, wa, wb, "contributed") ||
        eq(s, wa, wb, "wrote")) {
      size_t q = p, xa, xb;
      if (!names || !next_word(s, b, &q, &xa, &xb)) return 0;
      if (eq(s, xa, xb, "this") && next_word(s, b, &q, &xa, &xb))
        return eq(s, xa, xb, "story") || eq(s, xa, xb, "report");
      return eq(s, xa, xb, "from");
    }
    if (eq(s, wa, wb, "and") || eq(s, wa, wb, "&")) continue;
    if (!capitalized(s, wa, wb)) return 0;
    if (++names > 12) return 0;
  }
  return 0;
}

/* Words of a reading-time line ("5 min read", "Five minute read",
** "Reading time: 4 minutes", "6:12 min"). */

/* A reading-time line of at most ART_READ_TIME_MAX bytes: only the words
** above and numbers, with a minute word in it. */
static int is_read_time(const char *s, size_t a, size_t b) {
  size_t p = a, wa, wb;
  int minute = 0;
  if (b - a > ART_READ_TIME_MAX) return 0;
  while (next_word(s, b, &p, &wa, &wb)) {
    size_t i, e = wb;
    strip_tail(s, wa, &e, ".,:");
    if (e == wa) continue;
    /* "5-minute", "5-min" */
    for (i = wa; i < e && (is_digit((unsigned char)s[i]) || s[i] == ':'); i++) {}
    if (i > wa && i < e && s[i] == '-') wa = i + 1;
    else if (i == e) continue;  /* "5", "6:12" */
    if (eq_ci(s, wa, e, "min") || eq_ci(s, wa, e, "mins") ||
        eq_ci(s, wa, e, "minute") || eq_ci(s, wa, e, "minutes"))
      minute = 1;
    else if (!art_ci(s, wa, e, LEDE_VOC_ART_READ_TIME))
      return 0;
  }
  return minute;
}

/* Desk initials that end agency copy: "cr/jm/bp", "dpa ik/jb",
** "AFP ab/cd": groups of 1..4 lower-case letters joined by "/". */
static int is_desk_initials(const char *s, size_t a, size_t b) {
  size_t i = a, group = 0;
  int slashes = 0;
  if (b - a > ART_INITIALS_MAX) return 0;
  /* an optional agency word first */
  {
    size_t p = a, wa, wb;
    if (next_word(s, b, &p, &wa, &wb) && p < b &&
        art_exact(s, wa, wb, LEDE_VOC_EXACT_ART_DESK_AGENCY))
      i = p + 1;
  }
  for (; i < b; i++) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') {
      if (++group > 4) return 0;
    } else if (c == '/' && group > 0) {
      group = 0;
      slashes++;
    } else {
      return 0;
    }
  }
  return slashes > 0 && group > 0;
}

/* Chrome or boilerplate that stands alone on a line (used to cut a
** paragraph there, and for the role). */
static int is_chrome(const char *s, size_t a, size_t b) {
  size_t e = b;
  if (b - a <= ART_CHROME_MAX) {
    size_t len;
    if (is_hash(s, a, b) || is_separator(s, a, b) || is_signoff(s, a, b) ||
        is_desk_initials(s, a, b))
      return 1;
    /* chrome is not a wrapped line's end: it never opens in lower case */
    if (is_lower_cp(cp_at(s, b, a, &len))) return 0;
    strip_tail(s, a, &e, ":.!|>");
    while (e > a) {  /* and a trailing "›" or "»" */
      size_t at;
      int32_t c = cp_before(s, a, e, &at);
      if (c != 0x203A && c != 0x00BB && c != 0x2192) break;
      e = at;
      while (e > a && ws_before(s, a, e)) e -= ws_before(s, a, e);
    }
    if (e > a && art_ci(s, a, e, LEDE_VOC_ART_CHROME)) return 1;
    if (art_opens(s, a, b, LEDE_VOC_ART_CHROME_OPEN)) return 1;
    if (is_share_line(s, a, b)) return 1;
    if (is_read_time(s, a, b)) return 1;
  }
  return 0;
}

/* End matter: copyright, corrections, editor's notes, reporting credits. */
static int is_note(const char *s, size_t a, size_t b) {
  size_t len;
  if (b - a > ART_NOTE_MAX || is_lower_cp(cp_at(s, b, a, &len))) return 0;
  if (art_opens(s, a, b, LEDE_VOC_ART_NOTE_OPEN | LEDE_VOC_ART_NOTICE_OPEN))
    return 1;
  if (contains_any_ci(s, a, b, note_contains)) return 1;
  return is_reported_from(s, a, b);
}

/* ---------------------------------------------------------- captions */

/* Agencies and photo services that mark a credit after a "/". */

/* 1 when a word of s[a..b) (split at spaces, "/" and ",") is an agency. */
static int names_agency(const char *s, size_t a, size_t b) {
  size_t i = a;
  while (i < b) {
    size_t j = i;
    while (j < b && s[j] != ' ' && s[j] != '/' && s[j] != ',' && s[j] != ')')
      j++;
    if (art_exact(s, i, j, LEDE_VOC_EXACT_ART_PHOTO_AGENCY)) return 1;
    i = j + 1;
  }
  return 0;
}

static const char *const credit_words[] = {
  "photo", "getty", "image", "credit:", "picture", " via ", NULL
};

/* The content of a final parenthesis (without the parentheses) is a photo
** credit: "AP Photo/Jane Doe", "Jane Doe/Pool Photo via AP", "Photo:
** Reuters", "REUTERS/Jane Doe", "Getty Images". */
static int credit_like(const char *s, size_t a, size_t b) {
  if (b <= a) return 0;
  if (contains_any_ci(s, a, b, credit_words)) return 1;
  if (memchr(s + a, '/', b - a) != NULL) {
    size_t p = a, wa, wb;
    int words = 0, caps = 0;
    if (names_agency(s, a, b)) return 1;
    /* "Noah Berger/For The Washington Post", "File: Jane Doe/Al Jazeera":
    ** a few capitalized words around a "/" */
    while (next_word(s, b, &p, &wa, &wb)) {
      if (++words > ART_CREDIT_WORDS) return 0;
      if (capitalized(s, wa, wb)) caps++;
      else if (!(eq(s, wa, wb, "for") || eq(s, wa, wb, "via") ||
                 eq(s, wa, wb, "of") || eq(s, wa, wb, "the") ||
                 eq(s, wa, wb, "and") || eq(s, wa, wb, "de") ||
                 eq(s, wa, wb, "al") || eq(s, wa, wb, "van") ||
                 eq(s, wa, wb, "von")))
        return 0;
    }
    return caps >= 2;
  }
  return 0;
}

/* Words that open an unparenthesized credit at the end of a caption. */

/*
** The photo credit that ends paragraph s[a..b), if any: *ca..*cb is the
** credit without its parentheses. Looks at most ART_CREDIT_MAX bytes back.
*/
static int find_credit(const char *s, size_t a, size_t b, size_t *ca,
                       size_t *cb) {
  size_t lo = b - a > ART_CREDIT_MAX ? b - ART_CREDIT_MAX : a;
  size_t i, tail;
  if (b <= a) return 0;
  if (s[b - 1] == ')' || s[b - 1] == ']') {
    /* "(AP Photo/Jane Doe)", "[File: Jane Doe/Reuters]" */
    int depth = 0;
    size_t open = (size_t)-1;
    char cl = s[b - 1], op = cl == ')' ? '(' : '[';
    for (i = b; i > lo; i--) {
      char c = s[i - 1];
      if (c == cl) depth++;
      else if (c == op && --depth == 0) { open = i - 1; break; }
    }
    if (open == (size_t)-1 || !credit_like(s, open + 1, b - 1)) return 0;
    *ca = open + 1;
    *cb = b - 1;
    trim(s, ca, cb);
    return *cb > *ca;
  }
  /* Unparenthesized: the tail after the last sentence end ". ", which
  ** does not end a sentence itself */
  if (s[b - 1] == '.' || s[b - 1] == '?' || s[b - 1] == '!') return 0;
  tail = lo;
  for (i = b; i > lo + 1; i--) {
    if ((s[i - 1] == ' ' || s[i - 1] == '\n') &&
        (s[i - 2] == '.' || s[i - 2] == '"')) {
      tail = i;
      break;
    }
  }
  if (tail == lo && lo != a) return 0;  /* no sentence end within reach */
  {
    size_t ta = tail, tb = b, j;
    trim(s, &ta, &tb);
    /* "... on Thursday. | Photo: Jane Doe/AP" */
    if (ta < tb && (s[ta] == '|' || s[ta] == '/')) {
      ta++;
      trim(s, &ta, &tb);
    }
    if (tb <= ta) return 0;
    /* "... on Thursday. File photo", "... 2024. FILE PHOTO" */
    if (ta > a && (eq_ci(s, ta, tb, "file photo") || eq_ci(s, ta, tb, "file image") ||
                   eq_ci(s, ta, tb, "file picture"))) {
      *ca = ta; *cb = tb;
      return 1;
    }
    if (art_opens(s, ta, tb, LEDE_VOC_ART_CREDIT_OPEN) ||
        (tb - ta >= 12 && eq(s, tb - 12, tb, "Getty Images"))) {
      *ca = ta; *cb = tb;
      return 1;
    }
    /* "REUTERS/Jane Doe", "AFP/Getty", "EPA-EFE/JANE DOE" */
    for (j = ta; j < tb && s[j] != ' ' && s[j] != '/'; j++) {}
    if (j < tb && s[j] == '/' && names_agency(s, ta, j)) {
      *ca = ta; *cb = tb;
      return 1;
    }
    /* "Jane Doe/AP": capitalized words, a "/" and an agency */
    if (memchr(s + ta, '/', tb - ta) && names_agency(s, ta, tb)) {
      size_t p = ta, wa, wb;
      int words = 0, ok = 1;
      while (ok && next_word(s, tb, &p, &wa, &wb))
        if (!capitalized(s, wa, wb) || ++words > 6) ok = 0;
      if (ok) {
        *ca = ta; *cb = tb;
        return 1;
      }
    }
  }
  return 0;
}

/* Labels that open a caption without a credit (web copy). */

/* A caption: a paragraph ending in a photo credit (*ca..*cb) or opening
** with a caption label (then the credit is empty). */
static int caption_credit(const char *s, size_t a, size_t b, size_t *ca,
                          size_t *cb) {
  /* "Image source, Getty Images" (the line above "Image caption, ...") */
  if (b - a <= ART_CREDIT_MAX && (match_ci(s, a, b, "image source,") ||
                                  match_ci(s, a, b, "image source:"))) {
    *ca = a + 13;
    *cb = b;
    trim(s, ca, cb);
    return *cb > *ca;
  }
  if (find_credit(s, a, b, ca, cb)) {
    /* Reuters pages glue "Purchase Licensing Rights" to the credit */
    static const char tail[] = " Purchase Licensing Rights";
    size_t k = sizeof tail - 1;
    if (*cb - *ca > k && memcmp(s + *cb - k, tail, k) == 0) *cb -= k;
    return 1;
  }
  if (art_opens(s, a, b, LEDE_VOC_ART_CAPTION_OPEN)) {
    *ca = *cb = 0;
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------- date lines */

/* Words besides dates and times that a printed date line may hold. */

/* Keywords whose line is the article's "Updated" line (lower priority). */
static int is_update_line(const char *s, size_t a, size_t b) {
  return match_ci(s, a, b, "updated") || match_ci(s, a, b, "last updated") ||
         match_ci(s, a, b, "modified") || match_ci(s, a, b, "last modified");
}

static int date_word(const char *s, size_t a, size_t b) {
  size_t i, caps = 0;
  if (art_ci(s, a, b, LEDE_VOC_ART_DATE_LINE)) return 1;
  if (lede_month_lookup(s + a, b - a) || lede_weekday_lookup(s + a, b - a))
    return 1;
  if (is_digit((unsigned char)s[a])) {
    /* 10:31, 2025, 4th, 10.31, 04/09/2025, 3pm */
    return b - a <= 12;
  }
  /* EDT, GMT, BST, UTC, CET, GMT+1 */
  for (i = a; i < b; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z') caps++;
    else if (!(c == '+' || c == '-' || is_digit(c))) return 0;
  }
  return caps >= 2 && caps <= 5;
}

/* 1 when every word of s[a..b) is a date word; *named is set when one
** is a month or weekday name or a keyword ("a row of 04/09/87" is none),
** *keyword when the first word is "Published", "Updated", "Posted", ... */
static int date_words_only(const char *s, size_t a, size_t b, int *named,
                           int *keyword) {
  size_t p = a, wa, wb;
  int words = 0;
  *named = *keyword = 0;
  while (next_word(s, b, &p, &wa, &wb)) {
    size_t e = wb;
    const char *semi = memchr(s + wa, ';', wb - wa);
    if (semi && (size_t)(semi - s) + 1 < wb)   /* "7:05 AM;Posted Mar 8" */
      p = e = (size_t)(semi - s) + 1;
    while (wa < e && (s[wa] == '(' || s[wa] == '[')) wa++;
    strip_tail(s, wa, &e, ",:;|)]");
    if (e > wa + 1 && s[e - 1] == '.' &&
        !(e - wa >= 4 && (eq_ci(s, e - 4, e, "a.m.") || eq_ci(s, e - 4, e, "p.m."))))
      e--;  /* "2025." but keep "p.m." */
    if (e == wa) continue;
    if (!date_word(s, wa, e)) return 0;
    if (!is_digit((unsigned char)s[wa])) {
      int kw = match_ci(s, wa, e, "published") || match_ci(s, wa, e, "updated") ||
               match_ci(s, wa, e, "posted") || match_ci(s, wa, e, "modified") ||
               (words == 0 && (match_ci(s, wa, e, "last") ||
                               match_ci(s, wa, e, "first") ||
                               match_ci(s, wa, e, "originally")));
      if (kw && words == 0) *keyword = 1;
      if (kw || lede_month_lookup(s + wa, e - wa) ||
          lede_weekday_lookup(s + wa, e - wa))
        *named = 1;
    }
    words++;
  }
  return words > 0;
}

/*
** A printed date line: short, only date words. 1 with a full date
** (*y, *m, *d); 3 with only an ambiguous numeric date ("04/09/2025", its
** month-first reading in *y, *m, *d); 4 when it opens with a keyword and
** holds a month and day without a year ("Updated Mar 9, 7:05 AM": *m,
** *d); 2 without a date when it opens with a keyword and holds a number
** ("Updated 5:02 p.m. ET", "Published 2 hours ago"); else 0.
*/
static int is_date_line(const char *s, size_t n, size_t a, size_t b,
                        int *y, int *m, int *d) {
  int named, keyword;
  if (b - a > ART_DATE_LINE_MAX) return 0;
  if (!(is_digit((unsigned char)s[a]) || (s[a] >= 'A' && s[a] <= 'Z')))
    return 0;
  if (s[b - 1] == '.' && !(b - a >= 4 && (eq_ci(s, b - 4, b, "a.m.") ||
                                          eq_ci(s, b - 4, b, "p.m."))))
    return 0;
  if (!date_words_only(s, a, b, &named, &keyword) || !named) return 0;
  *y = *m = *d = 0;
  {
    int amb[3];
    if (full_date_amb(s, n, a, b, 0, 0, y, m, d, amb)) return 1;
    if (amb[0] > 0) {
      *y = amb[0]; *m = amb[1]; *d = amb[2];
      return 3;
    }
  }
  if (keyword) {
    size_t i;
    if (month_day_in(s, n, a, b, m, d)) return 4;
    for (i = a; i < b; i++)
      if (is_digit((unsigned char)s[i])) return 2;
  }
  return 0;
}

/* ---------------------------------------------------------- datelines */

typedef struct dateline {
  size_t end;               /* after the dash */
  size_t place_a, place_b, region_a, region_b, agency_a, agency_b;
  size_t date_a, date_b;
} dateline;

/* Length of a dateline dash at s[i] ("—", "–", "―", "--", "-"), else 0. */
static size_t dash_at(const char *s, size_t b, size_t i) {
  if (i + 3 <= b && (unsigned char)s[i] == 0xE2 &&
      (unsigned char)s[i + 1] == 0x80) {
    unsigned char c = (unsigned char)s[i + 2];
    if (c == 0x94 || c == 0x93 || c == 0x95) return 3;
  }
  if (i + 2 <= b && s[i] == '-' && s[i + 1] == '-') return 2;
  if (i < b && s[i] == '-') return 1;
  return 0;
}

/* "Sept 4", "Sept. 4, 2025", "March 2": the date part of a dateline. */
static size_t dateline_date(const char *s, size_t b, size_t a) {
  size_t i = a, j;
  char word[12];
  size_t k;
  while (i < b && s[i] != ' ' && s[i] != ',') i++;
  if (i - a < 3 || i - a >= sizeof word || i >= b || s[i] != ' ') return a;
  /* wire copy has "MARCH 3" and "FEb 26": compare as "March", "Feb" */
  for (k = 0; k < i - a; k++)
    word[k] = (char)(k == 0 ? s[a] : lower_ascii((unsigned char)s[a + k]));
  if (!lede_month_lookup(word, i - a)) return a;
  if (i + 1 < b && s[i + 1] == ' ') i++;  /* "March  2" */
  j = ++i;
  while (i < b && is_digit((unsigned char)s[i]) && i - j < 2) i++;
  if (i == j) return a;
  if (i + 6 <= b && s[i] == ',' && s[i + 1] == ' ' &&
      is_digit((unsigned char)s[i + 2]) && is_digit((unsigned char)s[i + 3]) &&
      is_digit((unsigned char)s[i + 4]) && is_digit((unsigned char)s[i + 5]) &&
      (i + 6 == b || !is_digit((unsigned char)s[i + 6])))
    i += 6;
  return i;
}

/* One word of a place name: letters with . ' ’ - inside; *allcaps is
** cleared when it has a lower-case letter. Returns its end or a. */
static size_t place_word(const char *s, size_t b, size_t a, int *allcaps,
                         int *letters) {
  size_t i = a, len;
  int first = 1, nlet = 0, lower = 0, late_lower = 0, upper_after = 0;
  while (i < b) {
    int32_t c = cp_at(s, b, i, &len);
    if (is_letter_cp(c)) {
      if (first && !is_upper_cp(c)) return a;
      /* "McALLEN", "DeKALB", "MacDONALD": lower case only in the 2nd and
      ** 3rd letters, capitals after them, is a place in capitals */
      if (is_lower_cp(c)) {
        lower++;
        if (nlet > 2 || upper_after) late_lower = 1;
      } else if (lower) {
        upper_after++;
      }
      nlet++;
      (*letters)++;
    } else if (first) {
      return a;
    } else if (!(c == '.' || c == '\'' || c == 0x2019 || c == '-' ||
                 c == '/')) {  /* "FRANKFURT/BERLIN", "DALLAS/FORT WORTH" */
      break;
    }
    first = 0;
    i += len;
  }
  if (lower && (late_lower || upper_after < 2)) *allcaps = 0;
  /* a dash right after a word is the dateline's, not part of the word */
  while (i > a && (s[i - 1] == '-' || s[i - 1] == '/')) i--;
  return i;
}

/* A run of place words separated by single spaces, up to `max` words. */
static size_t place_words(const char *s, size_t b, size_t a, int max,
                          int *allcaps, int *letters) {
  size_t i = a, e = a;
  int w = 0;
  while (w < max) {
    size_t j = place_word(s, b, i, allcaps, letters);
    if (j == i) break;
    e = j;
    w++;
    if (j < b && s[j] == ' ' && j + 1 < b) {
      int cap2 = 1, let2 = 0;
      size_t k = place_word(s, b, j + 1, &cap2, &let2), m = j + 1;
      /* "Democratic Republic of Congo", "Bosnia and Herzegovina" */
      while (m < b && s[m] >= 'a' && s[m] <= 'z') m++;
      if (k == j + 1 && m > j + 1 && m < b && s[m] == ' ' &&
          (eq(s, j + 1, m, "of") || eq(s, j + 1, m, "and") ||
           eq(s, j + 1, m, "the") || eq(s, j + 1, m, "de") ||
           eq(s, j + 1, m, "del") || eq(s, j + 1, m, "da"))) {
        int cap3 = 1, let3 = 0;
        if (place_word(s, b, m + 1, &cap3, &let3) > m + 1) {
          i = m + 1;
          continue;
        }
      }
      if (k == j + 1 || dateline_date(s, b, j + 1) > j + 1) break;
      i = j + 1;
      continue;
    }
    break;
  }
  return e;
}

/* Capitals that open a paragraph with a dash but are no place. */

/* "(AP)", "(Reuters)", "(dpa)" at s[o] == '(': fills the agency of *dl and
** returns the index after ")", or 0. A capital first, or dpa's own style;
** no digits; at most ART_AGENCY_MAX bytes. */
static size_t agency_at(const char *s, size_t lim, size_t o, dateline *dl) {
  size_t j = o + 1, e = j;
  int has_letter = 0;
  while (e < lim && s[e] != ')' && s[e] != '(' && s[e] != '\n' &&
         e - j <= ART_AGENCY_MAX) {
    if ((s[e] >= 'A' && s[e] <= 'Z') || (s[e] >= 'a' && s[e] <= 'z') ||
        ((unsigned char)s[e] & 0x80))
      has_letter = 1;
    else if (is_digit((unsigned char)s[e]))
      return 0;
    e++;
  }
  if (e >= lim || s[e] != ')' || !has_letter) return 0;
  if (!(s[j] >= 'A' && s[j] <= 'Z') && !eq(s, j, e, "dpa")) return 0;
  dl->agency_a = j;
  dl->agency_b = e;
  return e + 1;
}

/*
** A dateline at the start of paragraph s[a..b):
**   PLACE [, REGION | , DATE]... [(AGENCY)] DASH
** PLACE in capitals ("KYIV", "ST. PETERSBURG"), or capitalized when an
** agency or a date follows ("Kyiv (Reuters) -"). Returns 1 and fills *dl.
*/
static int parse_dateline(const char *s, size_t a, size_t b, dateline *dl) {
  size_t lim = b - a > ART_DATELINE_MAX ? a + ART_DATELINE_MAX : b;
  size_t i, k, d;
  int allcaps = 1, letters = 0, extra;
  memset(dl, 0, sizeof *dl);
  if (a < lim && s[a] == '(') {
    /* "(CNN) —": an agency with no place */
    i = agency_at(s, lim, a, dl);
    if (i == 0) return 0;
    allcaps = 0;
    goto dash;
  }
  i = place_words(s, lim, a, 6, &allcaps, &letters);
  if (i == a || letters < 2) return 0;
  dl->place_a = a;
  dl->place_b = i;
  for (extra = 0; extra < 3 && i + 2 < lim && (s[i] == ',' || s[i] == ' ');
       extra++) {
    size_t j, e;
    if (s[i] == ' ' && s[i + 1] == ',') i++;  /* "NEW YORK , March 20" */
    j = i + (s[i] == ',' ? 2 : 1);
    if (j > lim || s[j - 1] != ' ') break;
    e = dateline_date(s, lim, j);
    if (s[i] == ' ' && e == j) break;  /* only a date follows a space */
    if (e > j) {
      if (dl->date_b > dl->date_a) return 0;
      dl->date_a = j;
      dl->date_b = e;
      i = e;
      continue;
    }
    {
      int rc = 1, rl = 0;
      /* "GRONINGEN, the Netherlands" */
      size_t w = j + 4 <= lim && eq(s, j, j + 4, "the ") ? j + 4 : j;
      e = place_words(s, lim, w, 4, &rc, &rl);
      if (e == w) return 0;
    }
    if ((eq(s, j, e, "Reuter") || eq(s, j, e, "Reuters")) &&
        dl->agency_b == dl->agency_a) {
      /* "MONTREAL, March 20, Reuter -": the agency without parentheses */
      dl->agency_a = j;
      dl->agency_b = e;
      i = e;
      continue;
    }
    if (dl->region_b > dl->region_a || dl->date_b > dl->date_a) return 0;
    dl->region_a = j;
    dl->region_b = e;
    dl->place_b = e;
    i = e;
  }
  if (i + 1 < lim && s[i] == ' ' && s[i + 1] == '(') {
    i = agency_at(s, lim, i + 1, dl);
    if (i == 0) return 0;
  }
  if (!allcaps && dl->agency_b == dl->agency_a && dl->date_b == dl->date_a)
    return 0;
  if (dl->agency_b == dl->agency_a && dl->date_b == dl->date_a &&
      dl->region_b == dl->region_a && art_ci(s, a, i, LEDE_VOC_ART_NOT_PLACE))
    return 0;  /* "NATO —", "UPDATE -" */
dash:
  /* the dash, with or without spaces around it */
  k = i;
  while (k < lim && s[k] == ' ') k++;
  if (k == i && !allcaps) return 0;
  d = dash_at(s, lim, k);
  if (d == 0) return 0;
  k += d;
  if (k < b && s[k] != ' ' && ws_at(s, b, k) == 0) {
    /* "WASHINGTON—The": only after a capital place and a long dash */
    if (!(allcaps && d == 3)) return 0;
  }
  dl->end = k;
  if (dl->agency_b == dl->agency_a && dl->date_b == dl->date_a &&
      dl->region_b == dl->region_a) {
    /* a bare "PLACE —" opens a sentence: "NATO — the alliance" does not */
    size_t j = k, len;
    while (j < b && (ws_at(s, b, j) || s[j] == '"' || s[j] == '\'')) 
      j += ws_at(s, b, j) ? ws_at(s, b, j) : 1;
    if (j < b && is_lower_cp(cp_at(s, b, j, &len))) return 0;
  }
  return 1;
}

/* ----------------------------------------------------------- bylines */

typedef struct byline {
  lede_span names[LEDE_MAX_BYLINE_NAMES];
  size_t nnames;
  size_t org_a, org_b;
  size_t date_a, date_b;    /* "Sept. 4, 2025" in "By Jane Doe | Sept. 4, 2025" */
} byline;

/* A spaced separator inside a byline at s[i] (after a space): "|", "/",
** "·", "•", "—", "–", "-" followed by a space. Its length, else 0. */
static size_t byline_sep(const char *s, size_t b, size_t i) {
  size_t k = 0;
  if (i >= b) return 0;
  if (s[i] == '|' || s[i] == '/' || s[i] == '-') k = 1;
  else if (i + 1 < b && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xB7) k = 2;
  else if (i + 2 < b && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
           ((unsigned char)s[i + 2] == 0xA2 || (unsigned char)s[i + 2] == 0x94 ||
            (unsigned char)s[i + 2] == 0x93)) k = 3;
  if (k == 0 || i + k >= b || s[i + k] != ' ') return 0;
  return k;
}

/* The first " SEP " in s[a..b): its start (the space before) and, in
** *after, the index after it; b when there is none. */
static size_t find_byline_sep(const char *s, size_t a, size_t b, size_t *after) {
  size_t j, k;
  for (j = a; j + 2 < b; j++)
    if (s[j] == ' ' && (k = byline_sep(s, b, j + 1)) > 0) {
      *after = j + 1 + k;
      return j;
    }
  *after = b;
  return b;
}

/* News organisations that may follow the names without a comma. */

/* Words that make an organisation of a segment after a byline's comma. */

/* Lower-case particles inside names ("Ursula von der Leyen"). */

static int is_and(const char *s, size_t a, size_t b) {
  return eq(s, a, b, "and") || eq(s, a, b, "And") || eq(s, a, b, "AND") ||
         eq(s, a, b, "&");
}

/* A word of a name: capitalized, letters with . ' ’ - inside; or a
** particle; *allcaps cleared when it has a lower-case letter. */
static int name_word(const char *s, size_t a, size_t b, int *allcaps) {
  size_t i = a, len;
  int first = 1, letters = 0;
  if (art_exact(s, a, b, LEDE_VOC_EXACT_ART_PARTICLE)) return 1;
  if (lede_weekday_lookup(s + a, b - a) || lede_month_lookup(s + a, b - a))
    return 0;
  while (i < b) {
    int32_t c = cp_at(s, b, i, &len);
    if (is_letter_cp(c)) {
      if (first && !is_upper_cp(c)) return 0;
      if (is_lower_cp(c)) *allcaps = 0;
      letters++;
    } else if (first || !(c == '.' || c == '\'' || c == 0x2019 || c == '-')) {
      return 0;
    }
    first = 0;
    i += len;
  }
  return letters > 0;
}

/* An organisation after a byline's names: a known one, or capitalized
** words with an organisation word; "The ..." also when !strict. */
static int org_like(const char *s, size_t a, size_t b, int strict) {
  size_t p = a, wa, wb;
  int words = 0, orgword = 0;
  if (b - a > 60 || !capitalized(s, a, b)) return 0;
  if (art_exact(s, a, b, LEDE_VOC_EXACT_ART_ORG)) return 1;
  while (next_word(s, b, &p, &wa, &wb)) {
    if (is_and(s, wa, wb)) return 0;
    if (art_exact(s, wa, wb, LEDE_VOC_EXACT_ART_ORG_WORD)) orgword = 1;
    if (++words > 6) return 0;
  }
  return orgword || (!strict && b - a > 4 && eq(s, a, a + 4, "The "));
}

/*
** Splits s[a..b) into names at "," and "and"/"And"/"&"; every name has
** 1..ART_NAME_WORDS name words (at least `minwords`). Returns the count,
** 0 when something is not a name.
*/
static size_t split_names(const char *s, size_t a, size_t b, int minwords,
                          byline *bl, int *allcaps) {
  size_t p = a, wa, wb, na = 0, nb = 0;
  int words = 0;
  bl->nnames = 0;
  for (;;) {
    int more = next_word(s, b, &p, &wa, &wb);
    int comma = 0, sep = 0;
    if (more) {
      if (s[wb - 1] == ',') { comma = 1; wb--; }
      if (is_and(s, wa, wb)) sep = 1;
    }
    if (!more || sep) {
      if (words == 0) return 0;  /* "and" with no name before it */
    } else {
      if (wb == wa || !name_word(s, wa, wb, allcaps)) return 0;
      if (words == 0) na = wa;
      nb = wb;
      if (++words > ART_NAME_WORDS) return 0;
      if (!comma) continue;
    }
    if (words < minwords) return 0;
    if (bl->nnames < LEDE_MAX_BYLINE_NAMES) {
      bl->names[bl->nnames].start = na;
      bl->names[bl->nnames].end = nb;
      bl->nnames++;
    }
    words = 0;
    if (!more) break;
  }
  return bl->nnames;
}

/*
** A byline paragraph: "By Jane Doe", "By JANE DOE and JOHN ROE Associated
** Press", "Jane Doe and John Roe, The Associated Press". Without "By" an
** organisation is required and every name has two words or more.
*/
static int parse_byline(const char *s, size_t a, size_t b, byline *bl) {
  size_t na, nb, i;
  int by = 0, allcaps = 1;
  memset(bl, 0, sizeof *bl);
  if (b - a > ART_BYLINE_MAX || has_newline(s, a, b)) return 0;
  if (b - a > 3 && (eq(s, a, a + 3, "By ") || eq(s, a, a + 3, "BY "))) {
    by = 1;
    a += 3;
  } else if (b - a > 4 && (eq(s, a, a + 4, "By: ") || eq(s, a, a + 4, "BY: "))) {
    by = 1;
    a += 4;
  }
  while (by && a < b && ws_at(s, b, a)) a += ws_at(s, b, a);
  if (b <= a) return 0;
  {
    /* a quick no for wrapped body lines: before any separator, a byline
    ** has no lower-case word but particles, "and" and "of" */
    size_t p = a, wa, wb;
    while (next_word(s, b, &p, &wa, &wb)) {
      unsigned char c = (unsigned char)s[wa];
      int ok = 0;
      if (wb - wa <= 3 && byline_sep(s, b, wa) > 0) break;
      if (!(c >= 'a' && c <= 'z')) continue;
      if (s[wb - 1] == ',') wb--;
      if (eq(s, wa, wb, "and") || eq(s, wa, wb, "of")) continue;
      ok = ok || art_exact(s, wa, wb, LEDE_VOC_EXACT_ART_PARTICLE);
      if (!ok) return 0;
    }
  }
  {
    /* "By Jane Doe | The Washington Post", "By JANE DOE / Staff Writer",
    ** "By Jane Doe | Sept. 4, 2025": segments after a spaced separator
    ** are the organisation or a date; the names come before them */
    size_t after, sep = find_byline_sep(s, a, b, &after);
    if (sep < b) {
      size_t next = sep;
      while (next < b) {
        size_t sa = after, sb;
        int named, keyword;
        next = find_byline_sep(s, sa, b, &after);
        sb = next;
        trim(s, &sa, &sb);
        if (sb <= sa) return 0;
        if (bl->org_b == 0 && org_like(s, sa, sb, 0)) {
          bl->org_a = sa;
          bl->org_b = sb;
        } else if (bl->date_b == 0 && date_words_only(s, sa, sb, &named, &keyword) &&
                   named) {
          bl->date_a = sa;
          bl->date_b = sb;
        } else {
          return 0;
        }
      }
      b = sep;
      trim(s, &a, &b);
      if (b <= a) return 0;
      if (!by && bl->org_b == 0) return 0;
    }
  }
  if (s[b - 1] == '.' && !(b - a >= 2 && is_upper_cp((unsigned char)s[b - 2]) &&
                           (b - a == 2 || s[b - 3] == ' ' || s[b - 3] == '.')))
    return 0;
  if (b <= a) return 0;
  na = a;
  nb = b;
  if (by) {
    /* "By The Associated Press", "By Reuters": an organisation alone */
    if (art_exact(s, a, b, LEDE_VOC_EXACT_ART_ORG)) {
      bl->org_a = a;
      bl->org_b = b;
      return 1;
    }
  }
  /* 1. ", Organisation" after the last comma */
  for (i = b; i > a; i--)
    if (s[i - 1] == ',') break;
  if (i > a && i < b && bl->org_b == 0) {
    size_t oa = i, ob = b;
    trim(s, &oa, &ob);
    if (org_like(s, oa, ob, !by)) {
      bl->org_a = oa;
      bl->org_b = ob;
      nb = i - 1;
    }
  }
  /* 2. a known organisation at the end, after a space */
  if (bl->org_b == 0) {
    size_t k;                       /* the longest one first */
    for (k = a + 2; k < b; k++)
      if (s[k - 1] == ' ' && art_exact(s, k, b, LEDE_VOC_EXACT_ART_ORG)) {
        bl->org_a = k;
        bl->org_b = b;
        nb = k - 1;
        break;
      }
  }
  /* 3. NAMES IN CAPITALS followed by a capitalized organisation */
  if (bl->org_b == 0 && by) {
    size_t p = a, wa, wb, first_lower = 0;
    int caps_words = 0;
    while (next_word(s, b, &p, &wa, &wb)) {
      int ac = 1;
      if (is_and(s, wa, wb)) continue;
      if (!name_word(s, wa, wb, &ac)) break;
      if (ac) { if (first_lower) break; caps_words++; }
      else if (!first_lower && caps_words >= 2) first_lower = wa;
    }
    if (first_lower && org_like(s, first_lower, b, 0)) {
      bl->org_a = first_lower;
      bl->org_b = b;
      nb = first_lower;
    }
  }
  trim(s, &na, &nb);
  while (nb > na && s[nb - 1] == ',') nb--;
  if (nb <= na) return 0;
  if (!by && bl->org_b == 0) return 0;
  (void)allcaps;
  return split_names(s, na, nb, by ? 1 : 2, bl, &allcaps) > 0;
}

/* ------------------------------------------------- line classification */

/* A line that is a paragraph by itself whatever surrounds it. */
static int stands_alone(const char *s, size_t n, size_t a, size_t b) {
  size_t ca, cb;
  int y, m, d;
  byline bl;
  if (is_chrome(s, a, b)) return 1;
  if (caption_credit(s, a, b, &ca, &cb)) return 1;
  if (b - a <= ART_DATE_LINE_MAX && is_date_line(s, n, a, b, &y, &m, &d))
    return 1;
  if (parse_byline(s, a, b, &bl)) {
    /* inside wrapped copy, "By Monday" must not cut a paragraph: a line
    ** byline needs an organisation or full names */
    size_t k;
    if (bl.org_b > bl.org_a) return 1;
    for (k = 0; k < bl.nnames; k++)
      if (!memchr(s + bl.names[k].start, ' ',
                  bl.names[k].end - bl.names[k].start))
        return 0;
    return 1;
  }
  return 0;
}

/* ----------------------------------------------------------- building */

typedef struct line_info {
  size_t a, b;          /* trimmed */
  size_t indent, width, first;
  int alone, opens;
} line_info;

typedef struct builder {
  const char *s;
  size_t n;
  lede_paragraph *par;
  size_t npar, cap;
  line_info *lines;
  size_t nlines, lcap;
} builder;

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  size_t c = *cap ? *cap : 16;
  void *q;
  if (need <= *cap) return LEDE_OK;
  while (c < need) {
    if (c > ((size_t)-1) / 2 / size) return LEDE_ENOMEM;
    c *= 2;
  }
  q = realloc(*p, c * size);
  if (q == NULL) return LEDE_ENOMEM;
  *p = q;
  *cap = c;
  return LEDE_OK;
}

static int add_par(builder *bd, size_t a, size_t b) {
  int rc = grow((void **)&bd->par, &bd->cap, bd->npar + 1, sizeof *bd->par);
  if (rc != LEDE_OK) return rc;
  bd->par[bd->npar].start = a;
  bd->par[bd->npar].end = b;
  bd->par[bd->npar].role = LEDE_ROLE_BODY;
  bd->npar++;
  return LEDE_OK;
}

/* Cuts the block of lines bd->lines[0..nlines) into paragraphs. */
static int flush_block(builder *bd) {
  const char *s = bd->s;
  size_t i, maxw = 0, minind = (size_t)-1, start;
  int rc = LEDE_OK, wrapped;
  line_info *L = bd->lines;
  if (bd->nlines == 0) return LEDE_OK;
  for (i = 0; i < bd->nlines; i++) {
    if (L[i].width > maxw) maxw = L[i].width;
    if (L[i].indent < minind) minind = L[i].indent;
  }
  /* wider than ART_WRAP_MAX: one paragraph per line (scraped copy);
  ** all narrower than ART_WRAP_MIN: a list of labels ("World", "Europe") */
  wrapped = maxw <= ART_WRAP_MAX && maxw >= ART_WRAP_MIN;
  if (bd->nlines > 1 && wrapped) {  /* else every line is cut anyway */
    for (i = 0; i < bd->nlines; i++) {
      dateline dl;
      L[i].alone = stands_alone(s, bd->n, L[i].a, L[i].b);
      L[i].opens = parse_dateline(s, L[i].a, L[i].b, &dl);
    }
  }
  start = L[0].a;
  for (i = 0; i + 1 < bd->nlines && rc == LEDE_OK; i++) {
    int cut = !wrapped || L[i].alone || L[i + 1].alone || L[i + 1].opens ||
              L[i + 1].indent > minind ||
              L[i].width + 1 + L[i + 1].first + ART_WRAP_SLACK <= maxw;
    if (cut) {
      rc = add_par(bd, start, L[i].b);
      start = L[i + 1].a;
    }
  }
  if (rc == LEDE_OK) rc = add_par(bd, start, L[bd->nlines - 1].b);
  bd->nlines = 0;
  return rc;
}

static int add_line(builder *bd, size_t ls, size_t le) {
  const char *s = bd->s;
  size_t a = ls, b = le, k, indent = 0, p, wa, wb;
  line_info *li;
  int rc;
  trim(s, &a, &b);
  if (a == b) return flush_block(bd);
  for (k = ls; k < a;) {
    size_t w = ws_at(s, a, k);
    indent += s[k] == '\t' ? 4 : 1;
    k += w ? w : 1;
  }
  rc = grow((void **)&bd->lines, &bd->lcap, bd->nlines + 1, sizeof *bd->lines);
  if (rc != LEDE_OK) return rc;
  li = &bd->lines[bd->nlines++];
  li->a = a;
  li->b = b;
  li->indent = indent;
  li->width = indent + columns(s, a, b);
  p = a;
  li->first = next_word(s, b, &p, &wa, &wb) ? columns(s, wa, wb) : 0;
  li->alone = li->opens = 0;
  return LEDE_OK;
}

/* --------------------------------------------------------------- API */

const char *lede_role_name(int role) {
  switch (role) {
  case LEDE_ROLE_BODY:        return "body";
  case LEDE_ROLE_HEADLINE:    return "headline";
  case LEDE_ROLE_BYLINE:      return "byline";
  case LEDE_ROLE_DATELINE:    return "dateline";
  case LEDE_ROLE_CAPTION:     return "caption";
  case LEDE_ROLE_BOILERPLATE: return "boilerplate";
  case LEDE_ROLE_DATE:        return "date";
  default:                    return "?";
  }
}

const char *lede_date_source_name(int source) {
  switch (source) {
  case LEDE_DATE_NONE:     return "none";
  case LEDE_DATE_METADATA: return "metadata";
  case LEDE_DATE_DATELINE: return "dateline";
  case LEDE_DATE_LINE:     return "date line";
  case LEDE_DATE_CAPTION:  return "caption";
  default:                 return "?";
  }
}

void lede_article_free(lede_article *a) {
  if (a == NULL) return;
  free(a->paragraphs);
  free(a->captions);
  free(a->caption_credits);
  free(a->boilerplate);
  a->paragraphs = NULL;
  a->captions = a->caption_credits = a->boilerplate = NULL;
  a->nparagraphs = a->ncaptions = a->nboilerplate = 0;
}

/* The printed date lines seen so far: the first one, replaced by a later
** "Published" line when it was an "Updated" one. */
typedef struct line_dates {
  int have, update, y, m, d;
  int amb, ay, am, ad;      /* a date line with only "04/09/2025" */
  int md, mm, md_d;         /* the first with only "Mar 9" (no year) */
} line_dates;

/* An ambiguous date line "04/09/2025" read as the one of its two readings
** nearer to another date of the article (the dateline's or a caption's).
** Without such a date it gives none. */
static void resolve_ambiguous(lede_article *a, const line_dates *ld) {
  long e, d1, d2;
  if (!ld->amb || a->date_source == LEDE_DATE_NONE ||
      a->date_source == LEDE_DATE_LINE)
    return;
  e = days_from_civil(a->year, a->month, a->day);
  d1 = days_from_civil(ld->ay, ld->am, ld->ad);
  d2 = days_from_civil(ld->ay, ld->ad, ld->am);
  a->year = ld->ay;
  if (labs(d2 - e) < labs(d1 - e)) {
    a->month = ld->ad; a->day = ld->am;
  } else {
    a->month = ld->am; a->day = ld->ad;
  }
  a->date_source = LEDE_DATE_LINE;
}

static void take_line_date(line_dates *ld, int update, int y, int m, int d) {
  if (ld->have && !(ld->update && !update)) return;
  ld->have = 1;
  ld->update = update;
  ld->y = y; ld->m = m; ld->d = d;
}

/* An organisation alone on its line: "Associated Press", "Reuters",
** "Staff Writer", "BBC News". */
static int org_line(const char *s, size_t a, size_t b) {
  if (b - a > ART_ORG_MAX || has_newline(s, a, b)) return 0;
  return org_like(s, a, b, 1);
}

/*
** A byline over two paragraphs: s[a..b) is "By Jane Doe" without an
** organisation, or names alone in capitals or of two words or more
** ("CARLOS MENDOZA", "Jane Doe"), and the next paragraph q is an
** organisation alone ("Associated Press"). Fills *bl (org in q).
*/
static int byline_pair(const char *s, size_t a, size_t b,
                       const lede_paragraph *q, byline *bl) {
  int allcaps = 1;
  if (!org_line(s, q->start, q->end)) return 0;
  if (b - a > ART_BYLINE_MAX || has_newline(s, a, b)) return 0;
  /* no more than one blank line between them */
  {
    size_t k, nl = 0;
    for (k = b; k < q->start; k++)
      if (s[k] == '\n' && ++nl > 2) return 0;
  }
  if (parse_byline(s, a, b, bl)) {
    if (bl->org_b > bl->org_a || bl->nnames == 0) return 0;
  } else {
    memset(bl, 0, sizeof *bl);
    if (org_like(s, a, b, 0) || is_chrome(s, a, b)) return 0;
    if (split_names(s, a, b, 2, bl, &allcaps) == 0) return 0;
    if (!allcaps) {
      /* title-case names: two or three words each, so that a short
      ** headline over "Reuters" is not read as names */
      size_t k;
      for (k = 0; k < bl->nnames; k++) {
        size_t p = bl->names[k].start, wa, wb;
        int w = 0;
        while (next_word(s, bl->names[k].end, &p, &wa, &wb)) w++;
        if (w > 3) return 0;
      }
    }
  }
  bl->org_a = q->start;
  bl->org_b = q->end;
  return 1;
}

/* "Katrin Vogel in Berlin", "Jane Doe and John Roe in Kyiv": names of two
** or three words, "in", then one to four capitalized place words (a comma
** may come between: "in Washington, DC"). */
static int parse_in_byline(const char *s, size_t a, size_t b, byline *bl) {
  size_t p = a, wa, wb, in_at = 0;
  int allcaps = 1, words = 0, k;
  memset(bl, 0, sizeof *bl);
  if (b - a > ART_ORG_MAX + 40 || has_newline(s, a, b)) return 0;
  if (b - a > 3 && (eq(s, a, a + 3, "By ") || eq(s, a, a + 3, "BY ")))
    p = a = a + 3;
  while (next_word(s, b, &p, &wa, &wb)) {
    if (eq(s, wa, wb, "in")) { in_at = wa; break; }
  }
  if (in_at == 0) return 0;
  while (next_word(s, b, &p, &wa, &wb)) {
    size_t e = wb;
    if (s[e - 1] == ',') e--;
    if (!capitalized(s, wa, e) || ++words > 4) return 0;
  }
  if (words == 0 || split_names(s, a, in_at - 1, 2, bl, &allcaps) == 0) return 0;
  for (k = 0; k < (int)bl->nnames; k++) {
    size_t q = bl->names[k].start;
    int w = 0;
    while (next_word(s, bl->names[k].end, &q, &wa, &wb)) w++;
    if (w > 3) return 0;
  }
  return 1;
}

/* s[a..b) is only a credit: "Photo: Jane Doe/Reuters", "(AP Photo/Jane
** Doe)", "REUTERS/Jane Doe". */
static int credit_only(const char *s, size_t a, size_t b) {
  size_t ca, cb;
  return find_credit(s, a, b, &ca, &cb) && ca <= a + 1;
}

/* Exactly one line break between s[x] and s[y] (the same block). */
static int next_line(const char *s, size_t x, size_t y) {
  const char *nl = memchr(s + x, '\n', y - x);
  return nl != NULL && memchr(nl + 1, '\n', (size_t)(s + y - nl - 1)) == NULL;
}

/* Paragraph i is a caption that the next one completes: "Image source, X"
** over "Image caption, ...", or a caption's text over its credit alone on
** the next line. */
static int caption_joins_next(const char *s, const lede_article *a, size_t i) {
  const lede_paragraph *p = &a->paragraphs[i], *q;
  if (i + 1 >= a->nparagraphs) return 0;
  q = &a->paragraphs[i + 1];
  if (q->role != LEDE_ROLE_CAPTION) return 0;
  if (match_ci(s, p->start, p->end, "image source"))
    return match_ci(s, q->start, q->end, "image caption") ||
           match_ci(s, q->start, q->end, "media caption");
  return q->end - q->start <= ART_CREDIT_MAX && next_line(s, p->end, q->start) &&
         credit_only(s, q->start, q->end);
}

/* Paragraph i is a byline, alone or with the organisation on the next
** line. */
static int is_byline_at(const char *s, const lede_article *a, size_t i,
                        byline *bl) {
  const lede_paragraph *p = &a->paragraphs[i];
  int one = parse_byline(s, p->start, p->end, bl);
  if (one && bl->org_b > bl->org_a) return 1;
  if (i + 1 < a->nparagraphs) {
    byline two;
    if (byline_pair(s, p->start, p->end, &a->paragraphs[i + 1], &two)) {
      *bl = two;
      return 1;
    }
  }
  return one;
}

/* 1 when paragraph p reads like a headline: one line, short, no final
** period or comma, not a dateline. */
static int headline_like(const char *s, size_t a, size_t b, int *words) {
  size_t p = a, wa, wb, at;
  int32_t last;
  dateline dl;
  int letters = 0, seg = 0, bars = 0, long_seg = 0;
  *words = 0;
  if (b - a > ART_HEADLINE_MAX || has_newline(s, a, b)) return 0;
  last = cp_before(s, a, b, &at);
  if (last == '.' || last == ',' || last == ';' || last == ':' ||
      last == '?' || last == '!')
    return 0;
  if ((last == '"' || last == 0x201D || last == '\'' || last == 0x2019) &&
      at > a && (s[at - 1] == '.' || s[at - 1] == ',')) return 0;
  if (parse_dateline(s, a, b, &dl)) return 0;
  while (next_word(s, b, &p, &wa, &wb)) {
    size_t i, len;
    char e = s[wb - 1];
    /* two sentences ("... Saturday. But what ...") are no headline */
    if ((e == '.' || e == '?' || e == '!') && wb < b && wb - wa > 3 &&
        !lede_is_abbreviation(s + wa, wb - wa))
      return 0;
    /* "Business | Markets", "News|Climate Crisis": segments of one or
    ** two words are section navigation */
    for (i = wa; i < wb; i++)
      if (s[i] == '|') {
        if (seg > 2) long_seg = 1;
        seg = 0;
        bars++;
      }
    for (i = wa; i < wb; i += len)
      if (is_letter_cp(cp_at(s, wb, i, &len))) {
        letters++;
        (*words)++;
        seg++;
        break;
      }
  }
  if (seg > 2) long_seg = 1;
  if (bars > 0 && !long_seg) *words = 1;
  return letters > 0;
}

static int same_text(const char *s, const lede_paragraph *x,
                     const lede_paragraph *y) {
  return x->end - x->start == y->end - y->start &&
         memcmp(s + x->start, s + y->start, x->end - x->start) == 0;
}

/* ------------------------------------------------------------- passes */

/*
** The parse is a list of passes over one state, each a small function
** with a name (the table `passes` below). A pass reads the paragraphs and
** the roles the passes before it gave, and sets roles or spans of the
** article; the order of the table is the order of the decisions.
*/
typedef struct parse_state {
  const char *s;
  size_t n;
  lede_article *a;
  line_dates dates;   /* the printed date lines, read by "date lines" */
  size_t since;       /* bytes since the last cancellation check */
  int paged;          /* the text is a page: an article block amid chrome */
  size_t block_a, block_b;  /* its first and last paragraph (inclusive) */
} parse_state;

typedef int (*parse_pass)(parse_state *st);

/* Counts `bytes` toward the next cancellation check. */
static int progress(parse_state *st, size_t bytes) {
  st->since += bytes;
  return lede_cancel_every(&st->since) ? LEDE_ECANCEL : LEDE_OK;
}

/* Index of the headline paragraph, or nparagraphs when there is none. */
static size_t headline_index(const lede_article *a) {
  size_t i;
  for (i = 0; i < a->nparagraphs; i++)
    if (a->paragraphs[i].role == LEDE_ROLE_HEADLINE) break;
  return i;
}

/* Pass "paragraphs": lines into blocks, blocks into paragraphs (the rules
** at the top of this file). */
static int pass_paragraphs(parse_state *st) {
  const char *s = st->s;
  size_t n = st->n, pos = lede_bom_len(s, n);
  int rc = LEDE_OK;
  builder bd;
  memset(&bd, 0, sizeof bd);
  bd.s = s;
  bd.n = n;
  while (pos < n && rc == LEDE_OK) {
    const char *nl = memchr(s + pos, '\n', n - pos);
    size_t eol = nl ? (size_t)(nl - s) : n;
    rc = progress(st, eol - pos + 1);
    if (rc == LEDE_OK) rc = add_line(&bd, pos, eol);
    pos = eol + 1;
  }
  if (rc == LEDE_OK) rc = flush_block(&bd);
  free(bd.lines);
  st->a->paragraphs = bd.par;
  st->a->nparagraphs = bd.npar;
  st->since = 0;
  return rc;
}

/* Keeps the first byline found: its span, names and organisation. */
static void set_byline(lede_article *a, size_t start, size_t end,
                       const byline *bl) {
  size_t k;
  if (a->byline.end > a->byline.start) return;
  a->byline.start = start;
  a->byline.end = end;
  for (k = 0; k < bl->nnames; k++) a->byline_names[k] = bl->names[k];
  a->nbyline_names = bl->nnames;
  a->byline_org.start = bl->org_a;
  a->byline_org.end = bl->org_b;
}

/* Pass "roles": the role each paragraph has by itself (chrome, printed
** date line, caption, byline, end note); the date lines are noted. */
static int pass_roles(parse_state *st) {
  const char *s = st->s;
  size_t n = st->n, i;
  lede_article *a = st->a;
  for (i = 0; i < a->nparagraphs; i++) {
    lede_paragraph *p = &a->paragraphs[i];
    size_t ca, cb;
    int y, m, d;
    byline bl;
    if (progress(st, p->end - p->start) != LEDE_OK) return LEDE_ECANCEL;
    if (is_chrome(s, p->start, p->end)) {
      p->role = LEDE_ROLE_BOILERPLATE;
    } else if (is_date_line(s, n, p->start, p->end, &y, &m, &d) > 0) {
      p->role = LEDE_ROLE_DATE;
    } else if (caption_credit(s, p->start, p->end, &ca, &cb)) {
      p->role = LEDE_ROLE_CAPTION;
    } else if (is_byline_at(s, a, i, &bl)) {
      size_t end = p->end;
      p->role = LEDE_ROLE_BYLINE;
      if (bl.org_b > p->end) {
        /* the organisation on the next line: "By Jane Doe" / "Reuters" */
        a->paragraphs[++i].role = LEDE_ROLE_BYLINE;
        end = a->paragraphs[i].end;
      }
      set_byline(a, p->start, end, &bl);
    } else if (is_note(s, p->start, p->end)) {
      p->role = LEDE_ROLE_BOILERPLATE;
    }
  }
  return LEDE_OK;
}

/* Pass "caption text": a caption's text on the line over its credit
** alone ("Firefighters work near a fire." / "Photo: Jane Doe/Reuters");
** the text ends a sentence, so a headline over a credit stays one. */
static int pass_caption_text(parse_state *st) {
  const char *s = st->s;
  lede_article *a = st->a;
  size_t i;
  for (i = 1; i < a->nparagraphs; i++) {
    lede_paragraph *p = &a->paragraphs[i], *q = &a->paragraphs[i - 1];
    size_t at;
    int32_t last;
    if (p->role != LEDE_ROLE_CAPTION || q->role != LEDE_ROLE_BODY ||
        q->end - q->start > ART_CAPTION_TEXT_MAX || !next_line(s, q->end, p->start) ||
        !credit_only(s, p->start, p->end))
      continue;
    last = cp_before(s, q->start, q->end, &at);
    if (last == '.' || last == ')' || last == '"' || last == 0x201D)
      q->role = LEDE_ROLE_CAPTION;
  }
  return LEDE_OK;
}

/* Words of s[a..b) (runs of non-white space, as next_word, holding a
** letter or digit), counted up to max. One pass over the bytes; only
** the bytes of a word before its first ASCII letter or digit are
** decoded. */
static int count_words(const char *s, size_t a, size_t b, int max) {
  size_t i = a, k, len;
  int w = 0;
  while (i < b) {
    if ((k = gap_at(s, b, i)) > 0) { i += k; continue; }
    if (w >= max) break;
    /* a word: a letter or digit in it, then its end */
    do {
      unsigned char c = (unsigned char)s[i];
      if (c < 0x80) {
        i++;
        if (lede_ascii_alnum(c)) { w++; break; }
      } else {
        int letter = is_letter_cp(cp_at(s, b, i, &len));
        i += len;
        if (letter) { w++; break; }
      }
    } while (i < b && gap_at(s, b, i) == 0);
    while (i < b && gap_at(s, b, i) == 0) i++;
  }
  return w;
}

/* s[a..b) ends like a sentence: . ! ? … or one of them before a closing
** quote or parenthesis. */
static int ends_sentence(const char *s, size_t a, size_t b) {
  size_t at;
  int32_t c = cp_before(s, a, b, &at);
  if (c == '"' || c == 0x201D || c == '\'' || c == 0x2019 || c == ')' ||
      c == 0xBB)
    c = cp_before(s, a, at, &at);
  return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

/* A teaser's summary under its title: one line, one or two sentences of
** at most ART_SUMMARY_WORDS words. */
static int summary_line(const char *s, const lede_paragraph *p) {
  size_t q = p->start, wa, wb;
  int w = 0;
  if (has_newline(s, p->start, p->end)) return 0;
  while (next_word(s, p->end, &q, &wa, &wb))
    if (++w > ART_SUMMARY_WORDS) return 0;
  return w >= 4 && ends_sentence(s, p->start, p->end);
}

/* Pass "link lists": the headline-like lines on the line under "Read
** more:" or "Related:", and under list headings ("More on this story",
** "Related topics"), up to ART_LIST_MAX of them. */
static int pass_link_lists(parse_state *st) {
  const char *s = st->s;
  lede_article *a = st->a;
  size_t i, items = 0;
  int in_list = 0, title = 0;
  for (i = 1; i < a->nparagraphs; i++) {
    lede_paragraph *p = &a->paragraphs[i], *q = &a->paragraphs[i - 1];
    int words;
    if (q->role == LEDE_ROLE_BOILERPLATE && q->end < q->start + ART_CHROME_MAX) {
      size_t e = q->end;
      strip_tail(s, q->start, &e, ":.>|");
      if (art_ci(s, q->start, e, LEDE_VOC_ART_LIST_HEADING)) {
        in_list = 1;
        items = 0;
      } else if (s[q->end - 1] == ':' &&
                 !memchr(s + q->end, '\n', p->start - q->end - 1)) {
        in_list = 2;  /* one title on the next line */
        items = 0;
      }
    }
    if (p->role != LEDE_ROLE_BODY) continue;
    if (in_list && items < ART_LIST_MAX &&
        headline_like(s, p->start, p->end, &words)) {
      p->role = LEDE_ROLE_BOILERPLATE;
      items++;
      title = 1;
      if (in_list == 2) in_list = 0;
    } else if (in_list == 1 && title && summary_line(s, p)) {
      p->role = LEDE_ROLE_BOILERPLATE;  /* a teaser's one-line summary */
      title = 0;
    } else {
      in_list = 0;
    }
  }
  return LEDE_OK;
}

/* ------------------------------------------------------------ pages */

/* A paragraph that opens or belongs to a comment thread: "12 Comments",
** "3 responses to ...", "Leave a Reply", "Reply", "Jane says:". */
static int comment_mark(const char *s, size_t a, size_t b) {
  size_t p = a, wa, wb, e = b;
  if (b - a > ART_CHROME_MAX) return 0;
  while (a < b && (s[a] == '[' || s[a] == '(' || s[a] == ' ')) a++;  /* "[ 167 comments ]" */
  if (art_opens(s, a, b, LEDE_VOC_ART_COMMENT_OPEN)) {
    /* "Reply" alone or with a count; "Reply to this post" */
    return !match_ci(s, a, b, "reply") || count_words(s, a, b, 6) <= 5;
  }
  strip_tail(s, a, &e, " ");
  if (e - a >= 5 && eq_ci(s, e - 5, e, "says:") && count_words(s, a, e, 12) <= 8)
    return 1;
  if (next_word(s, b, &p, &wa, &wb) && is_digit((unsigned char)s[wa])) {
    size_t i;
    for (i = wa; i < wb && is_digit((unsigned char)s[i]); i++) {}
    if (i == wb && next_word(s, b, &p, &wa, &wb)) {
      strip_tail(s, wa, &wb, ":");
      return art_ci(s, wa, wb, LEDE_VOC_ART_COMMENT_WORD);
    }
  }
  return 0;
}

/* s[a..b) opens with a list bullet and a space: "- ", "* ", "• ", "– ". */
static int bullet_opens(const char *s, size_t a, size_t b) {
  size_t len;
  int32_t c = cp_at(s, b, a, &len);
  return (c == '-' || c == '*' || c == 0x2022 || c == 0x2013 || c == 0x00B7) &&
         a + len < b && s[a + len] == ' ';
}

static int has_digit(const char *s, size_t a, size_t b) {
  for (; a < b; a++)
    if (is_digit((unsigned char)s[a])) return 1;
  return 0;
}

#define ART_WALL (-1000000L)  /* the weight of a comment thread's mark */

/* The weight of paragraph p toward the article block: text counts its
** words, a label or title line and chrome cost ART_LABEL_COST, a
** comment thread is a wall (ART_WALL). */
static long block_weight(const char *s, const lede_paragraph *p) {
  int w;
  if (comment_mark(s, p->start, p->end)) return ART_WALL;
  if (p->role != LEDE_ROLE_BODY)
    return p->role == LEDE_ROLE_BOILERPLATE ? -ART_LABEL_COST : -1;
  w = count_words(s, p->start, p->end, 1000);
  if (w >= ART_TEXT_WORDS && ends_sentence(s, p->start, p->end)) return w;
  if (w >= ART_LONG_WORDS) return w / 2;
  if (w >= 4 && ends_sentence(s, p->start, p->end)) return 1;
  /* a table row, a score, a list item, a link: story, when the story
  ** holds it */
  if (has_digit(s, p->start, p->end) || bullet_opens(s, p->start, p->end) ||
      match_ci(s, p->start, p->end, "http://") ||
      match_ci(s, p->start, p->end, "https://"))
    return 0;
  return -ART_LABEL_COST;
}

/* Paragraph i is a short text alone under a teaser's title or time line:
** the line before it is a body title of ART_HEADLINE_GOOD words or more,
** or a line with digits ("3 hours ago", "Nov 18 52 photos"), and no text
** follows it directly. */
static int teaser_summary(const char *s, const lede_article *a,
                          const int32_t *w, size_t i) {
  const lede_paragraph *q;
  if (w[i] <= 0 || i == 0 || w[i - 1] > 0) return 0;
  if (i + 1 < a->nparagraphs && w[i + 1] > 0) return 0;
  q = &a->paragraphs[i - 1];
  if (q->role != LEDE_ROLE_BODY) return 0;
  if (!has_digit(s, q->start, q->end) &&
      count_words(s, q->start, q->end, ART_HEADLINE_GOOD) < ART_HEADLINE_GOOD)
    return 0;
  q = &a->paragraphs[i];  /* a summary may be cut short, without a stop */
  return !has_newline(s, q->start, q->end) &&
         count_words(s, q->start, q->end, ART_SUMMARY_WORDS + 1) <= ART_SUMMARY_WORDS;
}

/* Teaser lists without a heading ("Title" / "One-line summary." / "3
** hours ago", again and again): ART_TEASER_RUN or more teaser summaries,
** each within ART_TEASER_GAP paragraphs of the last and no other text
** between, weigh as chrome. */
static void teaser_runs(const char *s, const lede_article *a, int32_t *w) {
  size_t i, j, first = 0, last = 0, count = 0;
  for (i = 0; i <= a->nparagraphs; i++) {
    int end = i == a->nparagraphs;
    if (!end && teaser_summary(s, a, w, i)) {
      if (count > 0 && i - last > ART_TEASER_GAP) end = 1;
      else {
        if (count++ == 0) first = i;
        last = i;
        continue;
      }
    } else if (!end && w[i] <= 0) {
      continue;
    } else {
      end = 1;
    }
    if (end && count >= ART_TEASER_RUN)
      for (j = first; j <= last; j++)
        if (w[j] > 0) w[j] = -ART_LABEL_COST;
    count = 0;
    if (i < a->nparagraphs && teaser_summary(s, a, w, i)) {
      count = 1;
      first = last = i;
    }
  }
}

/* The FNV-1a hash of paragraph p's bytes: copies have equal hashes. */
static uint64_t par_hash_of(const char *s, const lede_paragraph *p) {
  uint64_t h = 14695981039346656037ULL;
  for (size_t k = p->start; k < p->end; k++)
    h = (h ^ (unsigned char)s[k]) * 1099511628211ULL;
  return h;
}

/* The text paragraphs of one hash: the first and the last (indices;
** NO_PAR marks a free slot). */
#define NO_PAR UINT32_MAX
typedef struct par_group {
  uint64_t h;
  uint32_t first, last;
} par_group;

/* An open-addressing table of groups, at most three quarters full. */
typedef struct group_table {
  par_group *slot;
  size_t cap, used;
} group_table;

static par_group *group_at(const group_table *g, uint64_t h) {
  size_t k = (size_t)(h ^ h >> 31) & (g->cap - 1);
  while (g->slot[k].last != NO_PAR && g->slot[k].h != h)
    k = (k + 1) & (g->cap - 1);
  return &g->slot[k];
}

static int group_grow(group_table *g) {
  group_table bigger = {NULL, g->cap ? g->cap * 2 : 64, 0};
  size_t i;
  bigger.slot = malloc(bigger.cap * sizeof *bigger.slot);
  if (bigger.slot == NULL) return LEDE_ENOMEM;
  for (i = 0; i < bigger.cap; i++) bigger.slot[i].last = NO_PAR;
  for (i = 0; i < g->cap; i++)
    if (g->slot[i].last != NO_PAR) *group_at(&bigger, g->slot[i].h) = g->slot[i];
  bigger.used = g->used;
  free(g->slot);
  *g = bigger;
  return LEDE_OK;
}

/* A text with more paragraphs than this first finds, with two bit sets
** of ART_TWICE_BITS bits per paragraph, the hashes seen twice, so that
** only those paragraphs get a group: memory stays a small part of the
** text's (a 200 MB text has over a million paragraphs). A smaller one
** keeps each paragraph's hash for both passes. */
#define ART_TWICE_FILTER 131072
#define ART_TWICE_BITS   16

/* Text printed twice, far apart (a teaser list at the top and again at the
** foot of the page, a sticky menu): neither copy weighs for the block.
** A story's lead repeated by a teaser just above it is near: it stays.
** The copies are the text paragraphs of one hash; when the first and the
** last are more than ART_TWICE_DIST apart and the same text, all of them. */
static int printed_twice(const char *s, const lede_article *a, int32_t *w) {
  size_t i, n = 0, j, mask = 0;
  uint64_t *seen, *twice = NULL, *hs = NULL;
  group_table g = {NULL, 0, 0};
  for (i = 0; i < a->nparagraphs; i++) n += w[i] > 0;
  /* (a text of 2^32 paragraphs, over 8 GB, is left as it is) */
  if (n < 2 || a->nparagraphs >= NO_PAR) return LEDE_OK;
  if (n <= ART_TWICE_FILTER) {  /* the hashes, kept for both passes */
    hs = malloc(a->nparagraphs * sizeof *hs);
    if (hs == NULL) return LEDE_ENOMEM;
    for (i = 0; i < a->nparagraphs; i++)
      hs[i] = w[i] > 0 ? par_hash_of(s, &a->paragraphs[i]) : 0;
  } else {
    size_t bits = 64;
    while (bits < n * ART_TWICE_BITS) bits *= 2;
    seen = calloc(bits / 64, sizeof *seen);
    twice = calloc(bits / 64, sizeof *twice);
    if (seen == NULL || twice == NULL) {
      free(seen);
      free(twice);
      return LEDE_ENOMEM;
    }
    mask = bits - 1;
    for (i = 0; i < a->nparagraphs; i++) {
      size_t b;
      if (w[i] <= 0) continue;
      b = (size_t)par_hash_of(s, &a->paragraphs[i]) & mask;
      if (seen[b / 64] >> (b % 64) & 1) twice[b / 64] |= (uint64_t)1 << (b % 64);
      seen[b / 64] |= (uint64_t)1 << (b % 64);
    }
    free(seen);
  }
  /* the groups, in the order of the paragraphs */
  for (i = 0; i < a->nparagraphs; i++) {
    uint64_t h;
    par_group *q;
    if (w[i] <= 0) continue;
    h = hs ? hs[i] : par_hash_of(s, &a->paragraphs[i]);
    if (twice && !(twice[(h & mask) / 64] >> ((h & mask) % 64) & 1)) continue;
    if (4 * (g.used + 1) > 3 * g.cap && group_grow(&g) != LEDE_OK) {
      free(twice);
      free(hs);
      free(g.slot);
      return LEDE_ENOMEM;
    }
    q = group_at(&g, h);
    if (q->last == NO_PAR) {
      q->h = h;
      q->first = (uint32_t)i;
      g.used++;
    }
    q->last = (uint32_t)i;
  }
  free(twice);
  /* the copies: their weight is marked ART_TWICE until the runs are known */
  for (i = 0; i < a->nparagraphs && g.used > 0; i++) {
    const par_group *q;
    if (w[i] <= 0) continue;
    q = group_at(&g, hs ? hs[i] : par_hash_of(s, &a->paragraphs[i]));
    if (q->last != NO_PAR && q->last - q->first > ART_TWICE_DIST &&
        same_text(s, &a->paragraphs[q->first], &a->paragraphs[q->last]))
      w[i] = -w[i] - ART_TWICE;
  }
  free(g.slot);
  free(hs);
  /* only runs of ART_TWICE_RUN copied texts in a row weigh nothing (a
  ** list printed twice); a line a story repeats keeps its weight */
  for (i = 0; i < a->nparagraphs; i = j) {
    size_t run = 0;
    if (w[i] > -ART_TWICE) { j = i + 1; continue; }
    for (j = i; j < a->nparagraphs && w[j] <= -ART_TWICE; j++) run++;
    for (; i < j; i++)
      w[i] = run >= ART_TWICE_RUN ? 0 : -(w[i] + ART_TWICE);
  }
  return LEDE_OK;
}

/* Pass "article block": on a page (a scrape or a copy of a whole web
** page), the article is the run of paragraphs where text outweighs the
** labels, titles and chrome around it (the best-scoring run, as in a
** maximum-sum segment); a comment thread stops a run. Body paragraphs
** after the block are chrome; those before it are left to the headline
** and "around block" passes. Text whose best run is under ART_BLOCK_MIN
** words is no page. */
static int pass_article_block(parse_state *st) {
  lede_article *a = st->a;
  size_t i, k, known, run, start = 0, best_a = 0, best_b = 0;
  long cur = 0, best = 0;
  int32_t *w;      /* each paragraph's block_weight, as teasers and copies change it */
  uint64_t *low;   /* bit i: paragraph i's own weight is under -1 */
  if (a->nparagraphs == 0) return LEDE_OK;
  w = malloc(a->nparagraphs * sizeof *w);
  low = calloc(a->nparagraphs / 64 + 1, sizeof *low);
  if (w == NULL || low == NULL) {
    free(w);
    free(low);
    return LEDE_ENOMEM;
  }
  for (i = 0; i < a->nparagraphs; i++) {
    w[i] = (int32_t)block_weight(st->s, &a->paragraphs[i]);
    if (w[i] < -1) low[i / 64] |= (uint64_t)1 << (i % 64);
    if (progress(st, a->paragraphs[i].end - a->paragraphs[i].start) != LEDE_OK) {
      free(w);
      free(low);
      return LEDE_ECANCEL;
    }
  }
  teaser_runs(st->s, a, w);
  if (printed_twice(st->s, a, w) != LEDE_OK) {
    free(w);
    free(low);
    return LEDE_ENOMEM;
  }
  for (i = 0, run = 0; i < a->nparagraphs; i++) {
    long x = w[i];
    /* a comment thread after the story: nothing after it is the story */
    if (x == ART_WALL && best >= ART_BLOCK_MIN) break;
    /* a long run of labels costs more and more: a block does not bridge
    ** a menu or a teaser grid's headings */
    if (x > 0) run = 0;
    else if (x < 0) run++;   /* a table row, a list item: neither */
    if (x < 0 && run > ART_LABEL_RUN) x -= (long)(run - ART_LABEL_RUN);
    if (cur <= 0) { cur = 0; start = i; }
    cur += x;
    if (cur > best) { best = cur; best_a = start; best_b = i; }
  }
  free(w);
  if (best < ART_BLOCK_MIN) {
    free(low);
    return LEDE_OK;
  }
  /* the story's last short sentences, after an ad or a caption */
  for (i = best_b + 1, k = 0; i < a->nparagraphs && k <= ART_BLOCK_TAIL; i++) {
    const lede_paragraph *p = &a->paragraphs[i];
    if (comment_mark(st->s, p->start, p->end)) break;
    if (p->role != LEDE_ROLE_BODY) { k++; continue; }
    if (block_weight(st->s, p) <= 0) break;
    best_b = i;
    k = 0;
  }
  st->block_a = best_a;
  st->block_b = best_b;
  /* a page: a good deal of chrome lies outside the block */
  for (i = 0, k = 0, known = 0; i < a->nparagraphs; i++) {
    if (a->paragraphs[i].role == LEDE_ROLE_BOILERPLATE) known++;
    if (i >= best_a && i <= best_b) continue;
    if (low[i / 64] >> (i % 64) & 1) k++;
  }
  free(low);
  /* labels alone may be a list the story holds (fixtures, results): a
  ** page also has some known chrome */
  st->paged = k >= ART_PAGE_CHROME && known >= ART_PAGE_KNOWN;
  if (!st->paged) return LEDE_OK;
  for (i = best_b + 1; i < a->nparagraphs; i++)
    if (a->paragraphs[i].role == LEDE_ROLE_BODY)
      a->paragraphs[i].role = LEDE_ROLE_BOILERPLATE;
  return LEDE_OK;
}

/* Pass "around block": on a page, the body paragraphs before the block
** that are not the headline or its deck are chrome. */
static int pass_around_block(parse_state *st) {
  lede_article *a = st->a;
  size_t i;
  if (!st->paged) return LEDE_OK;
  for (i = 0; i < st->block_a; i++)
    if (a->paragraphs[i].role == LEDE_ROLE_BODY)
      a->paragraphs[i].role = LEDE_ROLE_BOILERPLATE;
  return LEDE_OK;
}

/* Pass "teasers": near the top, a body paragraph repeated by the next
** body paragraph (only other roles between them) is a teaser. */
static int pass_teasers(parse_state *st) {
  lede_article *a = st->a;
  size_t i, prev = (size_t)-1, seen = 0;
  for (i = 0; i < a->nparagraphs && seen <= ART_DATELINE_SEARCH; i++) {
    lede_paragraph *p = &a->paragraphs[i];
    if (p->role != LEDE_ROLE_BODY) continue;
    seen++;
    if (prev != (size_t)-1 && same_text(st->s, &a->paragraphs[prev], p))
      a->paragraphs[prev].role = LEDE_ROLE_BOILERPLATE;
    prev = i;
  }
  return LEDE_OK;
}

/* Makes paragraph h the headline, and the body paragraphs before it
** chrome. */
static void set_headline(lede_article *a, size_t h) {
  size_t i;
  a->paragraphs[h].role = LEDE_ROLE_HEADLINE;
  a->headline.start = a->paragraphs[h].start;
  a->headline.end = a->paragraphs[h].end;
  for (i = 0; i < h; i++)
    if (a->paragraphs[i].role == LEDE_ROLE_BODY)
      a->paragraphs[i].role = LEDE_ROLE_BOILERPLATE;
}

/* The first word of s[a..b) (trailing ":" aside) opens a line of a
** story's metadata (art.meta_open: "By", "Posted", "Updated", "Von"),
** or "last"/"first" before one ("Last updated"). */
static int meta_opener(const char *s, size_t a, size_t b) {
  size_t p = a, wa, wb;
  if (!next_word(s, b, &p, &wa, &wb)) return 0;
  strip_tail(s, wa, &wb, ":");
  if ((eq_ci(s, wa, wb, "last") || eq_ci(s, wa, wb, "first")) &&
      next_word(s, b, &p, &wa, &wb))
    strip_tail(s, wa, &wb, ":");
  return art_ci(s, wa, wb, LEDE_VOC_ART_META_OPEN) && p < b;
}

/* The first word of s[a..b) opens in lower case and has no capital in it
** ("you are here", not "iPhone"). */
static int lower_start(const char *s, size_t a, size_t b) {
  size_t p = a, wa, wb, i, len;
  if (!next_word(s, b, &p, &wa, &wb) || !is_lower_cp(cp_at(s, wb, wa, &len)))
    return 0;
  for (i = wa; i < wb; i += len)
    if (is_upper_cp(cp_at(s, wb, i, &len))) return 0;
  return 1;
}

/* A title line on a page: headline-like (see headline_like), and it may
** end with "?" or "!". */
static int title_line(const char *s, size_t a, size_t b, int *words) {
  size_t at;
  int32_t c = cp_before(s, a, b, &at);
  if ((c == '?' || c == '!') && at > a) b = at;
  return headline_like(s, a, b, words);
}

/* s[a..b) names a month and holds a year (19xx, 20xx) or opens with a
** clock time ("21:17 18.11.2019", "October 12, 2018/0 Comments/in ..."). */
static int month_and_year(const char *s, size_t a, size_t b) {
  size_t p = a, wa, wb, i;
  int month = 0, year = 0, first = 1;
  while (next_word(s, b, &p, &wa, &wb)) {
    size_t e = wa;
    while (e < wb && (unsigned char)s[e] >= 'A' && !(s[e] >= '0' && s[e] <= '9') &&
           s[e] != '/' && s[e] != ',' && s[e] != '.')
      e++;
    if (e > wa && lede_month_lookup(s + wa, e - wa)) month = 1;
    for (i = wa; i + 4 <= wb; i++)
      if ((i == wa || !is_digit((unsigned char)s[i - 1])) &&
          (eq(s, i, i + 2, "19") || eq(s, i, i + 2, "20")) &&
          is_digit((unsigned char)s[i + 2]) && is_digit((unsigned char)s[i + 3]) &&
          (i + 4 == wb || !is_digit((unsigned char)s[i + 4])))
        year = 1;
    if (first && wb - wa >= 4 && is_digit((unsigned char)s[wa]) &&
        (s[wa + 1] == ':' || s[wa + 2] == ':'))
      return 1;
    first = 0;
  }
  return month && year;
}

/* A short line of the story's metadata: a byline or date line by role,
** or one that opens with "By", "Posted", "Updated", ..., or holds a full
** date, or only date words ("November 20"). *date is set to 1 when it
** holds a full date (in *y, *m, *d). */
static int meta_line(const char *s, size_t n, const lede_paragraph *p,
                     int *date, int *y, int *m, int *d) {
  int named, keyword, words;
  *date = 0;
  if (p->role == LEDE_ROLE_CAPTION || p->role == LEDE_ROLE_HEADLINE) return 0;
  if (p->role == LEDE_ROLE_BYLINE) return 1;
  if (p->role == LEDE_ROLE_DATE) {
    *date = full_date_in(s, n, p->start, p->end, 0, 0, y, m, d);
    return 1;
  }
  if (p->end - p->start > ART_BYLINE_MAX) return 0;
  words = count_words(s, p->start, p->end, 30);
  if (words > 20 || contains_ci(s, p->start, p->end, "(@")) return 0;
  *date = full_date_in(s, n, p->start, p->end, 0, 0, y, m, d);
  if (*date) return 1;
  if (meta_opener(s, p->start, p->end)) return words <= 12;
  if (words <= 15 && month_and_year(s, p->start, p->end)) return 1;
  return date_words_only(s, p->start, p->end, &named, &keyword) && named;
}

/* The paragraphs under headline h that belong to its header: meta lines,
** labels and chrome, captions, and one deck (a text paragraph before the
** first meta line). Returns the index of the first paragraph after them;
** meta lines with a full date there become date lines. */
static size_t header_end(parse_state *st, size_t h) {
  lede_article *a = st->a;
  size_t i, k = 0;
  int meta = 0, deck = 0, date, y, m, d;
  for (i = h + 1; i < a->nparagraphs && k < ART_HEADLINE_SEARCH; i++, k++) {
    lede_paragraph *p = &a->paragraphs[i];
    if (meta_line(st->s, st->n, p, &date, &y, &m, &d)) {
      meta = 1;
      if (date && p->role != LEDE_ROLE_BYLINE) p->role = LEDE_ROLE_DATE;
      continue;
    }
    if (p->role != LEDE_ROLE_BODY || block_weight(st->s, p) <= 0) continue;
    if (meta || deck) break;
    deck = 1;
  }
  if (!meta) {  /* no metadata under it: the story starts right away */
    for (i = h + 1; i < a->nparagraphs; i++)
      if (a->paragraphs[i].role == LEDE_ROLE_BODY &&
          block_weight(st->s, &a->paragraphs[i]) > 0)
        break;
  }
  return i;
}

/* 2 when title line t has a meta line under it with only chrome, labels
** and captions between; 1 when a deck comes between too; else 0. */
static int has_meta_under(parse_state *st, size_t t) {
  const lede_article *a = st->a;
  size_t i, k = 0;
  int deck = 0, date, y, m, d;
  for (i = t + 1; i < a->nparagraphs && k < 8; i++, k++) {
    const lede_paragraph *p = &a->paragraphs[i];
    if (meta_line(st->s, st->n, p, &date, &y, &m, &d)) return deck ? 1 : 2;
    /* an author's name printed twice: "Anna Menin" / "Anna Menin" */
    if (i + 1 < a->nparagraphs && same_text(st->s, p, &a->paragraphs[i + 1]) &&
        count_words(st->s, p->start, p->end, 5) <= 4 &&
        !has_digit(st->s, p->start, p->end))
      return deck ? 1 : 2;
    if (p->role != LEDE_ROLE_BODY || block_weight(st->s, p) <= 0) continue;
    if (deck++) return 0;
  }
  return 0;
}

/* Paragraph x ends with the text of paragraph y, and is longer. */
static int ends_with(const char *s, const lede_paragraph *x,
                     const lede_paragraph *y) {
  size_t n = y->end - y->start;
  return x->end - x->start > n &&
         memcmp(s + x->end - n, s + y->start, n) == 0;
}

/* Title line t is the deck of title line h above it: only chrome and
** labels between them, no metadata and no text. */
static int deck_of(parse_state *st, size_t h, size_t t) {
  size_t i;
  int date, y, m, d;
  if (t > h + 3) return 0;
  for (i = h + 1; i < t; i++) {
    const lede_paragraph *p = &st->a->paragraphs[i];
    if (meta_line(st->s, st->n, p, &date, &y, &m, &d)) return 0;
    if (p->role == LEDE_ROLE_BODY && block_weight(st->s, p) > 0) return 0;
  }
  return 1;
}

/* A headline candidate: a title line of ART_HEADLINE_WORDS words or more
** that is body, or boilerplate only by a list pass (not chrome itself). */
static int headline_candidate(parse_state *st, size_t i, int *words) {
  const lede_paragraph *p = &st->a->paragraphs[i];
  int date, y, m, d;
  byline bl;
  if (p->role == LEDE_ROLE_BOILERPLATE) {
    if (is_chrome(st->s, p->start, p->end) || is_note(st->s, p->start, p->end))
      return 0;
  } else if (p->role != LEDE_ROLE_BODY) {
    return 0;
  }
  if (!title_line(st->s, p->start, p->end, words) || *words < ART_HEADLINE_WORDS)
    return 0;
  if (lower_start(st->s, p->start, p->end)) return 0;  /* "you are here: ..." */
  if (credit_only(st->s, p->start, p->end) ||
      (st->s[p->start] == '(' && st->s[p->end - 1] == ')'))
    return 0;  /* "(Reed Saxon / Associated Press)" */
  /* a name under a lone "By", or printed twice (a byline's name) */
  if (i > 0) {
    const lede_paragraph *q = &st->a->paragraphs[i - 1];
    if (art_ci(st->s, q->start, q->end, LEDE_VOC_ART_META_OPEN)) return 0;
  }
  if (i + 1 < st->a->nparagraphs && same_text(st->s, p, &st->a->paragraphs[i + 1]))
    return 0;
  return !meta_line(st->s, st->n, p, &date, &y, &m, &d) &&
         !parse_in_byline(st->s, p->start, p->end, &bl);
}

/* The headline of a page: a title line with the story's metadata under it
** (byline, date line), the nearest before the article block, else the
** first in the block's first paragraphs (a teaser list above the story
** made the block start too early); without one, the nearest title line
** before the block, one of ART_HEADLINE_GOOD words or more preferred. The
** block then starts after the headline's header (header_end). */
static int page_headline(parse_state *st) {
  lede_article *a = st->a;
  size_t i, lo, hi, h = a->nparagraphs, good = a->nparagraphs,
         shorter = a->nparagraphs, z;
  int words, hwords = 0, hmeta = 0, meta, k = 0;
  lo = st->block_a > ART_HEADLINE_SEARCH ? st->block_a - ART_HEADLINE_SEARCH : 0;
  hi = st->block_a + (st->block_b - st->block_a) / 3;
  for (i = lo; i <= hi && i < a->nparagraphs; i++) {
    /* inside the block only when nothing before it qualified */
    if (i >= st->block_a && h < a->nparagraphs) break;
    if (!headline_candidate(st, i, &words)) continue;
    if (h < i && ends_with(st->s, &a->paragraphs[h], &a->paragraphs[i])) {
      h = i;  /* "Home Latest News <headline>" over the headline: a breadcrumb */
      hwords = words;
      continue;
    }
    if (h < i && hwords >= ART_HEADLINE_GOOD && deck_of(st, h, i)) continue;
    meta = has_meta_under(st, i);
    /* the metadata right under it beats a deck between; then a long
    ** title beats a short one; then the nearer one wins */
    if (meta > 0 &&
        (meta > hmeta ||
         (meta == hmeta && (words >= ART_HEADLINE_GOOD || hwords < ART_HEADLINE_GOOD)))) {
      h = i;
      hwords = words;
      hmeta = meta;
      if (i >= st->block_a) break;
    }
    if (i < st->block_a) {
      if (words >= ART_HEADLINE_GOOD) good = i;
      else shorter = i;
    }
  }
  /* none with its metadata under it: further up, past a share bar (its
  ** lines not counted) or a teaser list, a title with its byline or
  ** date line right under it */
  for (i = lo; h == a->nparagraphs && i > 0 && k < ART_HEADLINE_SEARCH; i--) {
    if (is_share_line(st->s, a->paragraphs[i - 1].start, a->paragraphs[i - 1].end))
      continue;
    k++;
    if (headline_candidate(st, i - 1, &words) && has_meta_under(st, i - 1) == 2)
      h = i - 1;
  }
  if (h == a->nparagraphs) h = good < a->nparagraphs ? good : shorter;
  if (h == a->nparagraphs) return LEDE_OK;
  set_headline(a, h);
  z = header_end(st, h);
  if (z > st->block_a && z <= st->block_b) st->block_a = z;
  return LEDE_OK;
}

/* Pass "headline": the first body paragraph when it reads like one; one-
** or two-word labels before it are site navigation, and chrome. */
static int pass_headline(parse_state *st) {
  lede_article *a = st->a;
  size_t i;
  int navs = 0;
  if (st->paged) return page_headline(st);
  for (i = 0; i < a->nparagraphs; i++) {
    lede_paragraph *p = &a->paragraphs[i];
    int words;
    if (p->role != LEDE_ROLE_BODY) continue;
    if (!headline_like(st->s, p->start, p->end, &words)) break;
    if (words >= ART_HEADLINE_WORDS) {
      /* a title line just under it, with the story's metadata right
      ** under that, is the headline ("Welcome to ..." / "Learn More" /
      ** the headline / "Published ...") */
      size_t j, k = 0;
      for (j = i + 1; j < a->nparagraphs && k < ART_STANDFIRST_MAX; j++) {
        int w;
        if (a->paragraphs[j].role != LEDE_ROLE_BODY) continue;
        if (block_weight(st->s, &a->paragraphs[j]) > 0) break;
        k++;
        if (j > i + 1 && headline_candidate(st, j, &w) &&
            has_meta_under(st, j) == 2) {
          i = j;
          break;
        }
      }
      p = &a->paragraphs[i];
      p->role = LEDE_ROLE_HEADLINE;
      a->headline.start = p->start;
      a->headline.end = p->end;
      break;
    }
    if (++navs > ART_NAV_MAX) break;
  }
  if (a->headline.end > a->headline.start)
    for (i = 0; i < a->nparagraphs; i++) {
      lede_paragraph *p = &a->paragraphs[i];
      if (p->role == LEDE_ROLE_HEADLINE) break;
      if (p->role == LEDE_ROLE_BODY) p->role = LEDE_ROLE_BOILERPLATE;
    }
  return LEDE_OK;
}

/* Pass "in byline": no byline yet, "Katrin Vogel in Berlin" right under
** the headline (a few headline-like paragraphs may come between: a
** standfirst). */
static int pass_in_byline(parse_state *st) {
  lede_article *a = st->a;
  size_t i, seen = 0;
  if (a->byline.end > a->byline.start || a->headline.end == a->headline.start)
    return LEDE_OK;
  for (i = headline_index(a) + 1; i < a->nparagraphs && seen < ART_STANDFIRST_MAX;
       i++) {
    lede_paragraph *p = &a->paragraphs[i];
    byline bl;
    if (p->role != LEDE_ROLE_BODY) continue;
    seen++;
    if (parse_in_byline(st->s, p->start, p->end, &bl)) {
      p->role = LEDE_ROLE_BYLINE;
      set_byline(a, p->start, p->end, &bl);
      break;
    }
  }
  return LEDE_OK;
}

/* Pass "deck": up to ART_STANDFIRST_MAX one-line body paragraphs between
** the headline and a byline or date line that more body follows belong
** to the headline block (role headline). */
static int pass_deck(parse_state *st) {
  const char *s = st->s;
  lede_article *a = st->a;
  size_t h, k, j, decks = 0;
  if (a->headline.end == a->headline.start) return LEDE_OK;
  h = headline_index(a);
  for (k = h + 1; k < a->nparagraphs; k++) {
    lede_paragraph *p = &a->paragraphs[k];
    dateline dl;
    if (p->role == LEDE_ROLE_BYLINE || p->role == LEDE_ROLE_DATE) break;
    if (p->role != LEDE_ROLE_BODY) continue;
    if (++decks > ART_STANDFIRST_MAX || p->end - p->start > ART_DECK_MAX ||
        has_newline(s, p->start, p->end) ||
        parse_dateline(s, p->start, p->end, &dl))
      break;
  }
  if (decks == 0 || decks > ART_STANDFIRST_MAX || k >= a->nparagraphs ||
      (a->paragraphs[k].role != LEDE_ROLE_BYLINE &&
       a->paragraphs[k].role != LEDE_ROLE_DATE))
    return LEDE_OK;
  for (j = k + 1; j < a->nparagraphs; j++)
    if (a->paragraphs[j].role == LEDE_ROLE_BODY) break;
  if (j < a->nparagraphs)  /* the story goes on after them */
    for (j = h + 1; j < k; j++)
      if (a->paragraphs[j].role == LEDE_ROLE_BODY)
        a->paragraphs[j].role = LEDE_ROLE_HEADLINE;
  return LEDE_OK;
}

/* The first paragraph of the header over paragraph h: the date lines
** and bylines right above it, at most ART_HEADER_ABOVE of them
** ("03.19.2021 08:30 AM" over the headline); meta lines with a full date
** there become date lines. A date further up, with labels between (the
** site header's "today", a sidebar), is not the story's. */
static size_t header_start(parse_state *st, size_t h) {
  lede_article *a = st->a;
  size_t i = h, k;
  for (k = 0; i > 0 && k < ART_HEADER_ABOVE; k++) {
    lede_paragraph *p = &a->paragraphs[i - 1];
    int date, y, m, d;
    if (meta_line(st->s, st->n, p, &date, &y, &m, &d)) {
      if (date && p->role != LEDE_ROLE_BYLINE) p->role = LEDE_ROLE_DATE;
    } else if (!(p->role == LEDE_ROLE_BOILERPLATE &&
                 is_chrome(st->s, p->start, p->end))) {
      break;  /* a share bar may come between, not a label */
    }
    i--;
  }
  return i;
}

/* Pass "date lines": the printed date lines, and the dates printed with a
** byline ("By Jane Doe | Sept. 4, 2025"), in order; on a page only those
** from the headline on (a sidebar's or the site header's date before it
** is not the article's). */
static int pass_date_lines(parse_state *st) {
  const char *s = st->s;
  lede_article *a = st->a;
  size_t i = 0, end = a->nparagraphs;
  if (st->paged) {
    i = headline_index(a);
    if (i >= a->nparagraphs) i = st->block_a;
    i = header_start(st, i);
    if (st->block_b + ART_BLOCK_TAIL < end) end = st->block_b + ART_BLOCK_TAIL;
  }
  for (; i < end; i++) {
    lede_paragraph *p = &a->paragraphs[i];
    int y, m, d, dk;
    byline bl;
    if (p->role == LEDE_ROLE_DATE) {
      dk = is_date_line(s, st->n, p->start, p->end, &y, &m, &d);
      /* a page's metadata line: "By Jane Doe - 11/19/19 06:56 AM EST" */
      if (dk == 0 && st->paged &&
          full_date_in(s, st->n, p->start, p->end, 0, 0, &y, &m, &d))
        dk = 1;
      if (dk == 1)
        take_line_date(&st->dates, is_update_line(s, p->start, p->end), y, m, d);
      else if (dk == 3 && !st->dates.amb)
        st->dates.amb = 1, st->dates.ay = y, st->dates.am = m, st->dates.ad = d;
      else if (dk == 4 && !st->dates.md)
        st->dates.md = 1, st->dates.mm = m, st->dates.md_d = d;
    } else if (p->role == LEDE_ROLE_BYLINE && is_byline_at(s, a, i, &bl)) {
      if (bl.org_b > p->end) i++;  /* its organisation on the next line */
      if (bl.date_b > bl.date_a &&
          full_date_in(s, st->n, bl.date_a, bl.date_b, 0, 0, &y, &m, &d))
        take_line_date(&st->dates, is_update_line(s, bl.date_a, bl.date_b),
                       y, m, d);
      /* a page's byline with its date run in: "By Jane Doe - Contributor
      ** 2019-11-19T12:48:14Z" */
      else if (st->paged &&
               full_date_in(s, st->n, p->start, p->end, 0, 0, &y, &m, &d))
        take_line_date(&st->dates, 0, y, m, d);
    }
  }
  return LEDE_OK;
}

/* Pass "dateline": the dateline opens one of the first body paragraphs;
** its date is the article's when it has a year and no date line was
** printed. */
static int pass_dateline(parse_state *st) {
  const char *s = st->s;
  lede_article *a = st->a;
  size_t i, seen = 0;
  for (i = 0; i < a->nparagraphs && seen < ART_DATELINE_SEARCH; i++) {
    lede_paragraph *p = &a->paragraphs[i];
    dateline dl;
    int y, m, d;
    if (p->role != LEDE_ROLE_BODY) continue;
    seen++;
    if (!parse_dateline(s, p->start, p->end, &dl)) continue;
    p->role = LEDE_ROLE_DATELINE;
    a->dateline.start = p->start;
    a->dateline.end = dl.end;
    a->place.start = dl.place_a;
    a->place.end = dl.place_b;
    a->region.start = dl.region_a;
    a->region.end = dl.region_b;
    a->agency.start = dl.agency_a;
    a->agency.end = dl.agency_b;
    if (!st->dates.have && dl.date_b > dl.date_a &&
        full_date_in(s, st->n, dl.date_a, dl.date_b, 0, 0, &y, &m, &d)) {
      a->year = y; a->month = m; a->day = d;
      a->date_source = LEDE_DATE_DATELINE;
    }
    break;
  }
  return LEDE_OK;
}

/* Pass "date line": a printed date line is the article's date; one
** without a year ("Updated Mar 9, 7:05 AM") takes the year of the
** page's copyright notice, when no dateline gave a date. */
static int pass_date_line(parse_state *st) {
  lede_article *a = st->a;
  if (!st->dates.have && st->dates.md && a->date_source == LEDE_DATE_NONE) {
    int y = copyright_year(st->s, a);
    if (y && st->dates.md_d <= month_days(y, st->dates.mm)) {
      a->year = y; a->month = st->dates.mm; a->day = st->dates.md_d;
      a->date_source = LEDE_DATE_LINE;
    }
    return LEDE_OK;
  }
  if (!st->dates.have) return LEDE_OK;
  a->year = st->dates.y; a->month = st->dates.m; a->day = st->dates.d;
  a->date_source = LEDE_DATE_LINE;
  return LEDE_OK;
}

/* Pass "captions": the caption spans and their credits (an "Image source,
** X" line and the "Image caption, ..." line under it are one caption with
** the credit X); a caption's date when the article has no other. */
static int pass_captions(parse_state *st) {
  const char *s = st->s;
  lede_article *a = st->a;
  size_t i, k = 0;
  for (i = 0; i < a->nparagraphs; i++)
    if (a->paragraphs[i].role == LEDE_ROLE_CAPTION) {
      a->ncaptions++;
      if (caption_joins_next(s, a, i)) i++;
    }
  if (a->ncaptions == 0) return LEDE_OK;
  a->captions = malloc(a->ncaptions * sizeof *a->captions);
  a->caption_credits = malloc(a->ncaptions * sizeof *a->caption_credits);
  if (a->captions == NULL || a->caption_credits == NULL) return LEDE_ENOMEM;
  for (i = 0; i < a->nparagraphs && k < a->ncaptions; i++) {
    lede_paragraph *p = &a->paragraphs[i];
    size_t ca = 0, cb = 0, end = p->end;
    int y, m, d;
    if (p->role != LEDE_ROLE_CAPTION) continue;
    caption_credit(s, p->start, p->end, &ca, &cb);
    if (caption_joins_next(s, a, i)) {
      size_t c2a = 0, c2b = 0;
      lede_paragraph *q = &a->paragraphs[++i];
      end = q->end;
      /* the credit of the credit line, or of "Image source, X" */
      if (caption_credit(s, q->start, q->end, &c2a, &c2b) && c2b > c2a) {
        ca = c2a;
        cb = c2b;
      }
    }
    a->captions[k].start = p->start;
    a->captions[k].end = end;
    a->caption_credits[k].start = ca;
    a->caption_credits[k].end = cb;
    k++;
    if (a->date_source == LEDE_DATE_NONE &&
        !match_ci(s, p->start, end, "file") &&
        !(cb > ca && contains_ci(s, ca, cb, "file")) &&
        full_date_in(s, st->n, p->start, end, ca, cb, &y, &m, &d)) {
      a->year = y; a->month = m; a->day = d;
      a->date_source = LEDE_DATE_CAPTION;
    }
  }
  a->ncaptions = k;
  return LEDE_OK;
}

/* Pass "ambiguous date": see resolve_ambiguous. */
static int pass_ambiguous_date(parse_state *st) {
  resolve_ambiguous(st->a, &st->dates);
  return LEDE_OK;
}

/* Pass "boilerplate": the spans of the boilerplate paragraphs. */
static int pass_boilerplate(parse_state *st) {
  lede_article *a = st->a;
  size_t i, k = 0;
  for (i = 0; i < a->nparagraphs; i++)
    if (a->paragraphs[i].role == LEDE_ROLE_BOILERPLATE) a->nboilerplate++;
  if (a->nboilerplate == 0) return LEDE_OK;
  a->boilerplate = malloc(a->nboilerplate * sizeof *a->boilerplate);
  if (a->boilerplate == NULL) return LEDE_ENOMEM;
  for (i = 0; i < a->nparagraphs; i++) {
    if (a->paragraphs[i].role != LEDE_ROLE_BOILERPLATE) continue;
    a->boilerplate[k].start = a->paragraphs[i].start;
    a->boilerplate[k].end = a->paragraphs[i].end;
    k++;
  }
  return LEDE_OK;
}

static const struct {
  const char *name;
  parse_pass run;
} passes[] = {
  { "paragraphs",     pass_paragraphs },
  { "roles",          pass_roles },
  { "caption text",   pass_caption_text },
  { "link lists",     pass_link_lists },
  { "article block",  pass_article_block },
  { "teasers",        pass_teasers },
  { "headline",       pass_headline },
  { "in byline",      pass_in_byline },
  { "deck",           pass_deck },
  { "around block",   pass_around_block },
  { "date lines",     pass_date_lines },
  { "dateline",       pass_dateline },
  { "date line",      pass_date_line },
  { "captions",       pass_captions },
  { "ambiguous date", pass_ambiguous_date },
  { "boilerplate",    pass_boilerplate },
};

/* lede_article_parse: see lede.h. Runs the passes in order. */
int lede_article_parse(const char *s, size_t n, lede_article *a) {
  parse_state st;
  size_t i;
  if (a == NULL) return LEDE_EINVAL;
  memset(a, 0, sizeof *a);
  if (s == NULL && n > 0) return LEDE_EINVAL;
  memset(&st, 0, sizeof st);
  st.s = s;
  st.n = n;
  st.a = a;
  for (i = 0; i < sizeof passes / sizeof passes[0]; i++) {
    int rc = passes[i].run(&st);
    if (rc != LEDE_OK) return rc;
  }
  return LEDE_OK;
}
