/*
** dates.c -- dates, times, intervals and durations in news copy, resolved
** against a reference date (usually the article's own date).
**
** One pass over the span: a small lexer cuts it into words, digit runs
** and punctuation marks and keeps the last LEDE_DATES_RING of them in a
** ring; a hand-written recursive-descent matcher tries, at each token, the
** date grammars below with a bounded look-ahead (DATES_LOOKAHEAD tokens)
** and look-behind (DATES_LOOKBEHIND), then either emits one date and jumps
** past it or moves on by one token. Each token is looked at a bounded
** number of times, so the time is linear in the input; nothing is
** allocated (every state lives in one struct on the stack).
**
** Speed: most tokens cannot begin a date. The lexer looks every word up
** once in the vocabulary (vocab.h; word_bits: a role for the words that
** may begin a date, classes for the others), and the
** scan passes over every token without a role at once (scan_to_cand),
** filling in a word it passes over only when a grammar looks at it (a
** cheap test on its first two letters and length says it has no role:
** starter_len); at a token with a role, can_start() looks at the next
** few tokens before any grammar runs. Built with -DDATES_CHECK_FILTER, every token those
** filters pass over is also run through the grammars, which must agree.
**
** Grammar (informal; see docs/dates.md for the conventions):
**   point     = [modifier] core [time] | time [","|"on"] core | time
**   core      = absolute | weekday | relative-word | period | numeric
**   interval  = "from" point ("to"|"through"|"until"|"-") point
**             | "between" point "and" point | point "-"|"to" point
**             | "since" point (open: start only)
**   offset    = count unit ("ago"|"later"|"earlier"|"from now")
**             | "in" count unit (a date when the clause looks ahead,
**               otherwise a duration) | "for"|"within" count unit
**
** Values are ISO 8601 at their grain (see lede.h); a time without a date
** is written "THH:MM"; a duration "P3Y", "P2W", "PT5H".
*/
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

#include <utf8proc.h>

#include "internal.h"
#include "vocab.h"

/* The scan's inner steps, inlined where the compiler allows it. */
#if defined(__GNUC__)
#define DATES_INLINE static inline __attribute__((always_inline))
#else
#define DATES_INLINE static inline
#endif

/* Named limits. */
#define DATES_RING       256  /* tokens kept by the lexer */
#define DATES_LOOKAHEAD   64  /* tokens a grammar may look ahead */
#define DATES_LOOKBEHIND  24  /* tokens a grammar may look back */
#define DATES_WORD        16  /* bytes of a word kept (lowercased) */
#define DATES_INTL_WORD   24  /* bytes of the longest month.intl name */
#define DATES_TENSE_BACK   8  /* tokens scanned back for a tense cue */
#define DATES_TENSE_FWD    6  /* tokens scanned forward for a tense cue */
#define DATES_MIN_YEAR  1000  /* a written year is within these */
#define DATES_MAX_YEAR  2199

/* ------------------------------------------------------------ calendar */

/* is_leap, month_days, days_from_civil, civil_from_days, weekday_of:
** internal.h. */

/* ISO 8601 week-numbering year and week of day z. */
static void iso_week(long z, int *wy, int *w) {
  long thu = z - weekday_of(z) + 4;      /* the Thursday of z's week */
  int y, m, d;
  civil_from_days(thu, &y, &m, &d);
  *wy = y;
  *w = (int)((thu - days_from_civil(y, 1, 1)) / 7) + 1;
}

/* Adds n months, clamping the day to the month's length. */
static void add_months(int *y, int *m, int *d, int n) {
  long t = (long)*y * 12 + (*m - 1) + n;
  *y = (int)(t >= 0 ? t / 12 : -((-t + 11) / 12));
  *m = (int)(t - (long)*y * 12) + 1;
  int md = month_days(*y, *m);
  if (*d > md) *d = md;
}

/* ---------------------------------------------------------------- lexer */

#define T_NONE  0
#define T_WORD  1
#define T_NUM   2
#define T_PUNCT 3

/* Punctuation classes kept in tok.c besides plain ASCII. */
#define C_EMDASH  1
#define C_OTHER   2
#define C_CURR    3

/*
** The words the scan knows by sight, looked up once per word by the lexer
** (word_bits). The low bits are the word's role when it may begin a date
** expression (R_*: the "starters"; every other word is passed over at
** once, which keeps the scan fast). The WB_* bits say what a word can be
** after a starter, for the cheap look-ahead of can_start(), and which tense
** cue it is (WB_FUT ...: see tense()).
*/
#define R_MASK      0x1fu
#define R_THE       1u    /* the */
#define R_OFFSET    2u    /* in, for, within, after */
#define R_OVER      3u
#define R_ON        4u
#define R_AT        5u
#define R_RANGE     6u    /* from, between */
#define R_SINCE     7u
#define R_EVERY     8u    /* every, each */
#define R_REL       9u    /* last, next, this, current */
#define R_REL2      10u   /* past, coming, previous */
#define R_MOD       11u   /* early, late, mid, earlier, later */
#define R_OVERNIGHT 12u
#define R_Q         13u
#define R_FY        14u
#define R_FISCAL    15u
#define R_QORD      16u   /* first .. fourth */
#define R_COUNT     17u   /* one .. nineteen */
#define R_TENS      18u   /* twenty .. ninety */
#define R_A         19u   /* a, an */
#define R_MONTH     20u   /* month names and abbreviations */
#define R_WEEKDAY   21u   /* weekday names and abbreviations */
#define R_ALWAYS    22u   /* today, tonight, yesterday, tomorrow, noon, ... */
#define R_HOLIDAY   23u   /* the first word of a holiday's name */
#define R_SEASON    24u   /* spring, summer, autumn, fall, winter */
#define WB_UNIT        (LEDE_VOC_DATE_UNIT << 5)   /* minute(s) .. decade(s) */
#define WB_COUNT       (LEDE_VOC_DATE_COUNT << 5)   /* a, an, one .. ninety */
#define WB_WDPLURAL    (LEDE_VOC_DATE_WDPLURAL << 5)   /* mondays .. sundays */
#define WB_ORD         (LEDE_VOC_DATE_ORD << 5)   /* st nd rd th */
#define WB_AMPM        (LEDE_VOC_DATE_AMPM << 5)   /* am pm a p */
#define WB_OCLOCK      (LEDE_VOC_DATE_OCLOCK << 5)  /* o */
#define WB_OF          (LEDE_VOC_DATE_OF << 5)
#define WB_DAY         (LEDE_VOC_DATE_DAY << 5)
#define WB_DAYNEXT     (LEDE_VOC_DATE_DAYNEXT << 5)  /* next following previous preceding */
#define WB_BEGEND      (LEDE_VOC_DATE_BEGEND << 5)  /* end beginning start middle */
#define WB_QORD        (LEDE_VOC_DATE_QORD << 5)  /* first .. fourth */
#define WB_MORE        (LEDE_VOC_DATE_MORE << 5)  /* another nearly almost about more over */
#define WB_THE         (LEDE_VOC_DATE_THE << 5)
#define WB_WEEKEND     (LEDE_VOC_DATE_WEEKEND << 5)
#define WB_QUARTER     (LEDE_VOC_DATE_QUARTER << 5)
#define WB_YEAR        (LEDE_VOC_DATE_YEAR << 5)
#define WB_PARTDAY     (LEDE_VOC_DATE_PARTDAY << 5)  /* night morning afternoon evening */
#define WB_AGO         (LEDE_VOC_DATE_AGO << 5)  /* ago later earlier from */
#define WB_PASTNEXT    (LEDE_VOC_DATE_PASTNEXT << 5)  /* past last next coming */
#define WB_AFTERBEFORE (LEDE_VOC_DATE_AFTERBEFORE << 5)  /* after before */
#define WB_COUPLE      (LEDE_VOC_DATE_COUPLE << 5)
#define WB_CUE_SHIFT   25          /* WB_FUT .. WB_DET are CUE_* << 25 */
#define WB_FUT         (LEDE_VOC_DATE_FUT << 5)  /* looks ahead: will, scheduled, ... */
#define WB_PAST        (LEDE_VOC_DATE_PAST << 5)  /* looks back: said, was, ago, ... */
#define WB_MODAL       (LEDE_VOC_DATE_MODAL << 5)  /* will, would, expected, ... */
#define WB_AUX         (LEDE_VOC_DATE_AUX << 5)  /* be, is, was, has, ... */
#define WB_DET         (LEDE_VOC_DATE_DET << 5)  /* the, a, his, this, ... */
#define WB_FIN         (LEDE_VOC_DATE_FIN << 5)  /* profit, sales, ...: "second-half profit" */

/* The roles come from the vocabulary (core/vocab/en-dates.tsv): dstart.*
** roles are the R_* values (one per word), date.* roles the WB_* bits, and
** the shared roles month and weekday are R_MONTH and R_WEEKDAY. */
_Static_assert(LEDE_VOC_DATE_FIN <= (1u << 26), "WB_* bits fit above R_*");
_Static_assert(WB_FUT >> WB_CUE_SHIFT == 0x02u && WB_PAST >> WB_CUE_SHIFT ==
               0x04u && WB_DET >> WB_CUE_SHIFT == 0x20u, "CUE_* are WB_*");
static const unsigned char start_role[32] = {
  [LEDE_VOC_DSTART_THE_BIT] = R_THE, [LEDE_VOC_DSTART_OFFSET_BIT] = R_OFFSET,
  [LEDE_VOC_DSTART_OVER_BIT] = R_OVER, [LEDE_VOC_DSTART_ON_BIT] = R_ON,
  [LEDE_VOC_DSTART_AT_BIT] = R_AT, [LEDE_VOC_DSTART_RANGE_BIT] = R_RANGE,
  [LEDE_VOC_DSTART_SINCE_BIT] = R_SINCE, [LEDE_VOC_DSTART_EVERY_BIT] = R_EVERY,
  [LEDE_VOC_DSTART_REL_BIT] = R_REL, [LEDE_VOC_DSTART_REL2_BIT] = R_REL2,
  [LEDE_VOC_DSTART_MOD_BIT] = R_MOD,
  [LEDE_VOC_DSTART_OVERNIGHT_BIT] = R_OVERNIGHT, [LEDE_VOC_DSTART_Q_BIT] = R_Q,
  [LEDE_VOC_DSTART_FY_BIT] = R_FY, [LEDE_VOC_DSTART_FISCAL_BIT] = R_FISCAL,
  [LEDE_VOC_DSTART_QORD_BIT] = R_QORD, [LEDE_VOC_DSTART_COUNT_BIT] = R_COUNT,
  [LEDE_VOC_DSTART_TENS_BIT] = R_TENS, [LEDE_VOC_DSTART_A_BIT] = R_A,
  [LEDE_VOC_DSTART_ALWAYS_BIT] = R_ALWAYS,
  [LEDE_VOC_DSTART_HOLIDAY_BIT] = R_HOLIDAY,
  [LEDE_VOC_DSTART_SEASON_BIT] = R_SEASON,
};

/* The R_ and WB_ bits of a vocabulary entry (NULL: 0). */
DATES_INLINE unsigned bits_of(const lede_vocab_entry *e) {
  unsigned r = 0, b = 0;
  if (e == NULL) return 0;
  if (e->dstart) {
#if defined(__GNUC__)
    b = (unsigned)__builtin_ctz(e->dstart);
#else
    while (!((e->dstart >> b) & 1u)) b++;
#endif
    r = start_role[b];
  } else if (e->word & (LEDE_VOC_WORD_MONTH | LEDE_VOC_WORD_MONTH_INTL)) {
    r = R_MONTH;
  } else if (e->word & LEDE_VOC_WORD_WEEKDAY) {
    r = R_WEEKDAY;
  }
  return r | (e->date << 5);
}

/* Bit n of starter_len[a * 27 + b]: some word with a role has n letters
** and begins with letters a, b (0..25; b = 26: a one-letter word). Built
** once (call_once) from the vocabulary. */
static uint16_t starter_len[27 * 27];
static once_flag words_once = ONCE_FLAG_INIT;
static atomic_int words_ready;                  /* 1 once words_build ran */

/* Masks keeping the first len bytes (1 <= len < 16) of two 64-bit words
** loaded from memory: m[0] for bytes 0..7, m[1] for bytes 8..15. */
DATES_INLINE void word_masks(int len, uint64_t m[2]) {
  static const union { uint16_t u; unsigned char c[2]; } endian = {1};
  const uint64_t all = ~(uint64_t)0;
  int l0 = len < 8 ? len : 8, l1 = len > 8 ? len - 8 : 0;
  if (endian.c[0]) {
    m[0] = all >> (64 - 8 * l0);
    m[1] = l1 ? all >> (64 - 8 * l1) : 0;
  } else {
    m[0] = all << (64 - 8 * l0);
    m[1] = l1 ? all << (64 - 8 * l1) : 0;
  }
}

static void words_build(void) {
  const lede_vocab_entry *e;
  for (size_t i = 0; (e = lede_vocab_entry_at(i)) != NULL; i++) {
    const char *w = e->key;
    size_t n = e->len;
    int a, c2;
    if (!(bits_of(e) & R_MASK) || n >= DATES_WORD) continue;
    if ((unsigned)(w[0] - 'a') >= 26u) continue;
    a = w[0] - 'a';
    c2 = n > 1 ? w[1] - 'a' : 26;
    if (c2 < 0 || c2 > 26) continue;
    starter_len[a * 27 + c2] |= (uint16_t)(1u << n);
  }
  atomic_store_explicit(&words_ready, 1, memory_order_release);
}

/* Builds the filter on first use; afterwards one load, no call. */
static inline void words_init(void) {
  if (!atomic_load_explicit(&words_ready, memory_order_acquire))
    call_once(&words_once, words_build);
}

/* The R_ and WB_ bits of the lowercased word of len < DATES_WORD bytes
** held in two 64-bit words k, zero past len, in memory order. */
DATES_INLINE unsigned word_bits_key(const uint64_t k[2], int len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  const uint64_t le[2] = {__builtin_bswap64(k[0]), __builtin_bswap64(k[1])};
  return bits_of(lede_vocab_lookup_key(le, (size_t)len));
#else
  return bits_of(lede_vocab_lookup_key(k, (size_t)len));
#endif
}

/* The same for the lowercased ASCII word w[0..len), len < DATES_WORD. */
static unsigned word_bits(const char *w, int len) {
  return bits_of(lede_vocab_lookup(w, (size_t)len));
}

typedef struct tok {
  size_t s, e;            /* byte span */
  int type;               /* T_* */
  int c;                  /* T_PUNCT: the ASCII mark or C_* */
  int ndig;               /* T_NUM: digits */
  long num;               /* T_NUM: value (saturated) */
  int sp;                 /* white space before it */
  int cap;                /* first letter upper case */
  int allcaps;            /* >= 2 letters, all upper case */
  int exact;              /* w holds the whole word, ASCII */
  int cand;               /* may start a date or end a sentence */
  int full;               /* 0: a word known only by its span (see tk) */
  unsigned wb;            /* word_bits() of an exact word, else 0 */
  int wlen;
  char w[DATES_WORD];     /* lowercased */
} tok;

typedef struct dctx {
  const char *s;
  size_t n, pos, end;
  size_t since_check;
  int cancelled, eof;
  long nlex;              /* tokens lexed so far */
  long base;              /* the token the matcher stands on */
  long lo, hi;            /* tk()'s window: tokens [lo, hi) are at hand */
  tok none;
  /* reference */
  int hasref;
  long ref;               /* day number */
  int ry, rm, rd;
  int dayfirst;
  /* the last resolved day in this sentence, for "three days later" */
  int hasanchor;
  long anchor;
  /* the first day of the last resolved period of any grain in this
  ** sentence, for "the previous year" after "in 2004" */
  int hasperiod;
  long period;
  tok ring[DATES_RING];   /* last: not cleared per call (each token is) */
} dctx;

static int is_space_cp(int32_t c) {
  return c == 0xA0 || c == 0x2009 || c == 0x202F || c == 0x200B ||
         c == 0x2007 || c == 0xFEFF ||
         utf8proc_category(c) == UTF8PROC_CATEGORY_ZS ||
         utf8proc_category(c) == UTF8PROC_CATEGORY_ZL ||
         utf8proc_category(c) == UTF8PROC_CATEGORY_ZP;
}

#define is_letter_cp lede_is_word_cp   /* a letter or its mark */

#define ascii_letter lede_ascii_alpha

/* A word with a letter beyond ASCII at s[i..): the general loop. */
static size_t lex_word_utf8(dctx *D, tok *t, size_t i) {
  const char *s = D->s;
  int nletters = 0, nupper = 0;
  t->exact = 1;
  while (i < D->end) {
    unsigned char x = (unsigned char)s[i];
    size_t l = 1;
    if (x < 0x80) {
      if (!ascii_letter(x)) break;
      if (nletters == 0) t->cap = x >= 'A' && x <= 'Z';
      nupper += x >= 'A' && x <= 'Z';
      if (t->wlen < DATES_WORD - 1)
        t->w[t->wlen++] = (char)(x | 0x20);
      else t->exact = 0;
    } else {
      int32_t cp = lede_decode(s, D->end, i, &l);
      if (!is_letter_cp(cp)) break;
      if (nletters == 0) {
        int cat = utf8proc_category(cp);
        t->cap = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
      }
      t->exact = 0;
    }
    nletters++;
    i += l;
  }
  t->w[t->wlen] = 0;
  t->allcaps = nletters >= 2 && nupper == nletters;
  t->wb = t->exact ? word_bits(t->w, t->wlen) : 0;   /* "March’s" */
  t->cand = (t->wb & R_MASK) != 0;
  return i;
}

/* The end of the run of ASCII letters that begins at s[i] (a letter),
** at most end. Eight bytes at a time where the buffer s[0..n) allows. */
DATES_INLINE size_t letters_end(const unsigned char *u, size_t i, size_t end,
                                 size_t n) {
#ifdef LEDE_SWAR64
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  while (i + 8 <= n && i < end) {
    uint64_t x;
    memcpy(&x, u + i, sizeof x);
    uint64_t y = (x | 0x20 * ones) & 0x7f * ones;   /* folded to lower case */
    uint64_t ge_a = y + (0x80 - 'a') * ones;         /* bit 7: y >= 'a' */
    uint64_t gt_z = y + (0x80 - 'z' - 1) * ones;     /* bit 7: y > 'z' */
    uint64_t other = ~(ge_a & ~gt_z & ~x) & high;    /* not a letter */
    if (other) {
      size_t j = i + (size_t)__builtin_ctzll(other) / 8;
      return j < end ? j : end;
    }
    i += 8;
  }
  if (i > end) i = end;
#else
  (void)n;
#endif
  while (i < end && ascii_letter(u[i])) i++;
  return i;
}

/* Fills t (type, span, sp already set) with the ASCII word s[i..j):
** at most DATES_WORD - 1 letters lowercased, its case and word_bits. */
DATES_INLINE void ascii_word(dctx *D, tok *t, size_t i, size_t j) {
  const char *s = D->s;
  size_t n = j - i;
  int wl = n < DATES_WORD - 1 ? (int)n : DATES_WORD - 1;
  t->wlen = wl;
  t->exact = n < DATES_WORD;
  t->cap = (unsigned char)s[i] <= 'Z';
  if (i + DATES_WORD <= D->n) {     /* 16 bytes at once, all within s */
    const uint64_t case_bits = 0x2020202020202020ull;
    uint64_t x[2], m[2];
    memcpy(x, s + i, sizeof x);
    word_masks(wl, m);
    /* all capitals: no case bit among the letters */
    t->allcaps = t->cap && n >= 2 && n < DATES_WORD &&
                 ((x[0] & m[0]) & case_bits) == 0 &&
                 ((x[1] & m[1]) & case_bits) == 0;
    x[0] |= case_bits;
    x[1] |= case_bits;
    memcpy(t->w, x, sizeof x);
    t->w[wl] = 0;
    if (t->exact) {
      x[0] &= m[0];
      x[1] &= m[1];
      t->wb = word_bits_key(x, wl);
    } else {
      t->wb = 0;
    }
  } else {
    for (int m = 0; m < wl; m++) t->w[m] = (char)(s[i + m] | 0x20);
    t->w[wl] = 0;
    t->allcaps = 0;
    t->wb = t->exact ? word_bits(t->w, wl) : 0;
  }
  if (t->cap && n >= 2 && !(n < DATES_WORD && i + DATES_WORD <= D->n)) {
    size_t m = i + 1;               /* long words, the end of the buffer */
    while (m < j && (unsigned char)s[m] <= 'Z') m++;
    t->allcaps = m == j;
  }
  t->cand = (t->wb & R_MASK) != 0;
}

/* ascii_word for lex_one's rare calls: one call site to inline. */
static void ascii_word_call(dctx *D, tok *t, size_t i, size_t j) {
  ascii_word(D, t, i, j);
}

/* Fills in a word the scan passed over knowing only its span. */
static void fill_word(dctx *D, tok *t) {
  t->c = 0; t->ndig = 0; t->num = 0;
  ascii_word(D, t, t->s, t->e);
  t->full = 1;
}

/* Lexes one token into t; 0 at the end of the span. The general road,
** for white space and letters beyond ASCII (lex_next takes the rest). */
static int lex_one(dctx *D, tok *t) {
  const char *s = D->s;
  const size_t end = D->end;
  size_t i = D->pos, len;
  int sp = 0;
  while (i < end) {
    unsigned char b = (unsigned char)s[i];
    if (b == ' ' || (b >= '\t' && b <= '\r')) { i++; sp = 1; continue; }
    if (b >= 0x80) {
      int32_t c = lede_decode(s, end, i, &len);
      if (is_space_cp(c)) { i += len; sp = 1; continue; }
    }
    break;
  }
  D->since_check += i - D->pos;
  if (i >= end || D->cancelled) {
    D->pos = i;
    if (lede_cancel_every(&D->since_check)) D->cancelled = 1;
    return 0;
  }
  size_t start = i;
  unsigned char b = (unsigned char)s[i];
  t->s = i;
  t->sp = sp;
  t->full = 1;
  t->c = 0; t->ndig = 0; t->num = 0; t->cap = 0; t->allcaps = 0;
  t->exact = 0; t->wb = 0; t->wlen = 0; t->w[0] = 0;
  if (ascii_letter(b)) {
    size_t j = i + 1;
    while (j < end && ascii_letter((unsigned char)s[j])) j++;
    t->type = T_WORD;
    if (j < end && (unsigned char)s[j] >= 0x80) {
      i = lex_word_utf8(D, t, i);
    } else {
      ascii_word_call(D, t, i, j);
      i = j;
    }
  } else if (b >= '0' && b <= '9') {
    long v = 0;
    t->type = T_NUM;
    while (i < end && s[i] >= '0' && s[i] <= '9') {
      if (v < 100000000L) v = v * 10 + (s[i] - '0');
      else v = 999999999L;
      t->ndig += t->ndig < 1000;
      i++;
    }
    t->num = v;
    t->cand = t->ndig <= 4;
  } else if (b < 0x80) {
    t->type = T_PUNCT;
    t->c = b;
    t->cand = b == '\'' || b == '.' || b == '!' || b == '?';
    i++;
  } else {
    int32_t c = lede_decode(s, end, i, &len);
    if (is_letter_cp(c)) {
      t->type = T_WORD;
      i = lex_word_utf8(D, t, i);
    } else {
      t->type = T_PUNCT;
      if (c == 0x2013 || c == 0x2212 || c == 0x2010 || c == 0x2011)
        t->c = '-';
      else if (c == 0x2014) t->c = C_EMDASH;
      else if (c == 0x2018 || c == 0x2019 || c == 0x02BC) t->c = '\'';
      else if (c == 0x201C || c == 0x201D) t->c = '"';
      else if (c == 0x20AC || c == 0xA3 || c == 0xA5 || c == 0x20B9 ||
               c == 0x20BD || c == 0x20B4)
        t->c = C_CURR;
      else t->c = C_OTHER;
      t->cand = t->c == '\'';
      i += len;
    }
  }
  t->e = i;
  D->since_check += i - start;
  if (lede_cancel_every(&D->since_check)) D->cancelled = 1;
  D->pos = i;
  return 1;
}

/* Token k (absolute index); a T_NONE token outside the window or text.
** The window is [base - DATES_LOOKBEHIND, base + DATES_LOOKAHEAD]. */
static const tok *tk_slow(dctx *D, long k);

static void fill_word(dctx *D, tok *t);

static inline const tok *tk(dctx *D, long k) {
  if ((unsigned long)(k - D->lo) < (unsigned long)(D->hi - D->lo)) {
    tok *t = &D->ring[k & (DATES_RING - 1)];
    if (!t->full) fill_word(D, t);
    return t;
  }
  return tk_slow(D, k);
}

/* Moves the window to stand on token k. */
static inline void set_base(dctx *D, long k) {
  long top = k + DATES_LOOKAHEAD + 1;
  D->base = k;
  D->lo = k - DATES_LOOKBEHIND < 0 ? 0 : k - DATES_LOOKBEHIND;
  D->hi = D->nlex < top ? D->nlex : top;
  if (D->hi < D->lo) D->hi = D->lo;
}


/* Byte classes for scan_to_cand's short road. */
#define CT_SPACE 1   /* ASCII white space */
#define CT_ALPHA 2   /* ASCII letter */
#define CT_DIGIT 4
#define CT_HIGH  8   /* a byte >= 0x80: lex_one decides */
static const unsigned char ctab[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0,
  0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
  0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
};

/* Lexes the next token (number D->nlex) into its ring slot; 0 at the end
** of the span. ASCII words, numbers and marks after ASCII white space
** are lexed here as lex_one would; anything else is left to lex_one. */
DATES_INLINE int lex_next(dctx *D) {
  const unsigned char *u = (const unsigned char *)D->s;
  const size_t end = D->end;
  tok *t = &D->ring[D->nlex & (DATES_RING - 1)];
  size_t from = D->pos, i = from, j = from;
  while (i < end && ctab[u[i]] == CT_SPACE) i++;
  unsigned c = i < end ? ctab[u[i]] : CT_HIGH;
  if (c == CT_ALPHA) {
    j = letters_end(u, i, end, D->n);
    if (j < end && u[j] >= 0x80) c = CT_HIGH;   /* a word beyond ASCII */
    else {
      size_t n = j - i;
      unsigned a = (u[i] | 0x20) - 'a', b = n > 1 ? (u[i + 1] | 0x20) - 'a' : 26;
      t->type = T_WORD;
      if (n < DATES_WORD && ((starter_len[a * 27 + b] >> n) & 1)) {
        t->c = 0; t->ndig = 0; t->num = 0;
        t->full = 1;
        ascii_word(D, t, i, j);
      } else {                       /* no role: filled when looked at */
        t->full = 0;
        t->cand = 0;
      }
    }
  } else if (c == CT_DIGIT) {
    long v = 0;
    int nd = 0;
    j = i;
    while (j < end && ctab[u[j]] == CT_DIGIT) {
      if (v < 100000000L) v = v * 10 + (u[j] - '0');
      else v = 999999999L;
      nd += nd < 1000;
      j++;
    }
    t->type = T_NUM;
    t->c = 0; t->cap = 0; t->allcaps = 0; t->exact = 0; t->wb = 0;
    t->wlen = 0; t->w[0] = 0; t->full = 1;
    t->ndig = nd;
    t->num = v;
    t->cand = nd <= 4;
  } else if (c == 0) {
    j = i + 1;
    t->type = T_PUNCT;
    t->c = u[i];
    t->ndig = 0; t->num = 0; t->cap = 0; t->allcaps = 0; t->exact = 0;
    t->wb = 0; t->wlen = 0; t->w[0] = 0; t->full = 1;
    t->cand = u[i] == '\'' || u[i] == '.' || u[i] == '!' || u[i] == '?';
  }
  if (c == CT_HIGH) {                /* the general road */
    if (!lex_one(D, t)) {
      D->eof = 1;
      return 0;
    }
  } else {
    t->s = i;
    t->e = j;
    t->sp = i > from;
    D->pos = j;
    D->since_check += j - from;
    if (lede_cancel_every(&D->since_check)) D->cancelled = 1;
  }
  D->nlex++;
  return 1;
}

/* lex_next for the look-ahead in tk_slow: one call site to inline. */
static int lex_next_call(dctx *D) {
  return lex_next(D);
}

/* Lexes on from token D->nlex to the next token that may begin a date or
** end a sentence (tok.cand); returns its index, or -1 at the end of the
** span (or when cancelled). The tokens passed over stay in the ring as
** look-behind. */
static long scan_to_cand(dctx *D) {
  while (!D->eof && lex_next(D)) {
    if (D->ring[(D->nlex - 1) & (DATES_RING - 1)].cand || D->cancelled)
      return D->nlex - 1;
  }
  return -1;
}

static const tok *tk_slow(dctx *D, long k) {
  if (k < 0 || k < D->base - DATES_LOOKBEHIND ||
      k > D->base + DATES_LOOKAHEAD)
    return &D->none;
  while (D->nlex <= k && !D->eof && lex_next_call(D)) {}
  {
    long top = D->base + DATES_LOOKAHEAD + 1;
    D->hi = D->nlex < top ? D->nlex : top;
  }
  if (k >= D->nlex) return &D->none;
  tok *t = &D->ring[k & (DATES_RING - 1)];
  if (!t->full) fill_word(D, t);
  return t;
}

/* ------------------------------------------------------ token predicates */

static inline int same_word(const tok *t, const char *w) {
  const char *a = t->w;
  if (*a != *w) return 0;
  while (*a && *a == *w) { a++; w++; }
  return *a == *w;
}

static inline int isw(dctx *D, long k, const char *w) {
  const tok *t = tk(D, k);
  return t->type == T_WORD && t->exact && same_word(t, w);
}

/* The word at token k (whole, ASCII) has a dctx.* role of r. */
static int inr(dctx *D, long k, uint32_t r) {
  const tok *t = tk(D, k);
  const lede_vocab_entry *e;
  if (t->type != T_WORD || !t->exact) return 0;
  e = lede_vocab_lookup(t->w, (size_t)t->wlen);
  return e != NULL && (e->dctx & r) != 0;
}

static int isp(dctx *D, long k, int c) {
  const tok *t = tk(D, k);
  return t->type == T_PUNCT && t->c == c;
}

static int isnum(dctx *D, long k, int mindig, int maxdig) {
  const tok *t = tk(D, k);
  return t->type == T_NUM && t->ndig >= mindig && t->ndig <= maxdig;
}

static long numv(dctx *D, long k) { return tk(D, k)->num; }

/* Token k follows k-1 without white space. */
static int adj(dctx *D, long k) {
  const tok *t = tk(D, k);
  return t->type != T_NONE && !t->sp;
}

static int lower_word(dctx *D, long k) {
  const tok *t = tk(D, k);
  return t->type == T_WORD && !t->cap;
}

static int dash_at(dctx *D, long k) {
  return isp(D, k, '-');
}

/* --------------------------------------------------------------- lexicon */

/* The vocabulary entry of the word at token k (whole, ASCII), or NULL. */
static const lede_vocab_entry *tok_entry(dctx *D, long k) {
  const tok *t = tk(D, k);
  if (t->type != T_WORD || !t->exact) return NULL;
  return lede_vocab_lookup(t->w, (size_t)t->wlen);
}

static int year_tok(dctx *D, long k);

/* The month 1..12 of a word at token k in another language than English
** (role month.intl), else 0: an ASCII one is a month starter by its bits,
** one with other letters ("março", "мая") is looked up here, only when a
** grammar asks (the lexer does not look such words up). */
static int intl_word(dctx *D, long k) {
  const tok *t = tk(D, k);
  const lede_vocab_entry *e;
  if (t->type != T_WORD || t->e - t->s > DATES_INTL_WORD ||
      (t->exact && (t->wb & R_MASK) != R_MONTH))
    return 0;
  e = lede_vocab_lookup(D->s + t->s, t->e - t->s);
  return e && (e->word & LEDE_VOC_WORD_MONTH_INTL) ? e->month : 0;
}

/* A day number 1..31 that a month of another language may follow: "24",
** "22." (German), "22 de" (Portuguese, Spanish), before token k. */
static int day_before(dctx *D, long k) {
  if (isw(D, k - 1, "de") || (isp(D, k - 1, '.') && adj(D, k - 1))) k--;
  return isnum(D, k - 1, 1, 2) && numv(D, k - 1) >= 1 && numv(D, k - 1) <= 31;
}

/* A month of another language than English at token k (role month.intl,
** any case): only in a date that writes its day and its year around it,
** "9 de março de 2021", "7 ноября 2017", "14. Oktober 2020",
** "Agustus 17, 2016"; "Mars 2020" and "Julio, 25," are no dates. */
static int intl_month_at(dctx *D, long k) {
  int m = intl_word(D, k);
  long j = k + 1;
  if (!m) return 0;
  if (day_before(D, k)) {
    if (isw(D, j, "de") || isw(D, j, "del") || isp(D, j, ',')) j++;
    return year_tok(D, j) ? m : 0;
  }
  /* month first ("Agustus 17, 2016"): only ASCII names, the starters */
  if (!tk(D, k)->exact || !isnum(D, j, 1, 2)) return 0;
  if (isp(D, j + 1, ',')) j++;
  return year_tok(D, j + 1) ? m : 0;
}

/* Month 1..12 at token k (capitalized), with *abbr set for a short form;
** the short form may take a period, counted in *len (1 or 2 tokens). */
static int month_at(dctx *D, long k, long *next) {
  const tok *t = tk(D, k);
  const lede_vocab_entry *e;
  int m;
  if ((m = intl_month_at(D, k))) {
    *next = k + 1;
    return m;
  }
  if (t->type != T_WORD || !t->exact || !t->cap) return 0;
  e = tok_entry(D, k);
  if (e == NULL || !(e->word & LEDE_VOC_WORD_MONTH)) return 0;
  *next = k + 1;
  if (e->word & LEDE_VOC_WORD_SHORT) {
    /* "Mar" and "Jun" are names too often: need the period, a digit
    ** or another month after a dash ("Jan-Feb 2017") */
    if (isp(D, k + 1, '.') && adj(D, k + 1)) *next = k + 2;
    else if (!isnum(D, k + 1, 1, 4) &&
             !(isp(D, k + 1, ',') && isnum(D, k + 2, 4, 4)) &&   /* Nov, 2019 */
             !(dash_at(D, k + 1) && adj(D, k + 1) && adj(D, k + 2) &&
               (tk(D, k + 2)->wb & R_MASK) == R_MONTH))
      return 0;
  }
  return e->month;
}

/* Weekday 1..7 at token k; *full says the name was written out. */
static int weekday_at(dctx *D, long k, long *next, int *full) {
  const tok *t = tk(D, k);
  const lede_vocab_entry *e;
  if (t->type != T_WORD || !t->exact || !t->cap) return 0;
  e = tok_entry(D, k);
  if (e == NULL || !(e->word & LEDE_VOC_WORD_WEEKDAY)) return 0;
  *next = k + 1;
  *full = !(e->word & LEDE_VOC_WORD_SHORT);
  if (!*full && isp(D, k + 1, '.') && adj(D, k + 1)) *next = k + 2;
  return e->weekday;
}

/* 1..19 for a number word at token k, else 0 (the figures' num.unit). */
static int unit_word_at(dctx *D, long k) {
  const lede_vocab_entry *e = tok_entry(D, k);
  return e && (e->num & LEDE_VOC_NUM_UNIT) ? (int)e->number : 0;
}

/* Number words for counts: "a", "one" .. "ninety-nine", digits 1..999. */
static long count_at(dctx *D, long k, int *n) {
  if (isnum(D, k, 1, 3)) {
    /* not a part of a decimal or a larger number */
    if ((isp(D, k + 1, '.') || isp(D, k + 1, ',')) && isnum(D, k + 2, 1, 9) &&
        adj(D, k + 1) && adj(D, k + 2))
      return 0;
    *n = (int)numv(D, k);
    return k + 1;
  }
  if (isw(D, k, "a") || isw(D, k, "an")) {
    if (isw(D, k + 1, "couple") && isw(D, k + 2, "of")) {
      *n = 2;
      return k + 3;
    }
    *n = 1;
    return k + 1;
  }
  const lede_vocab_entry *e = tok_entry(D, k);
  if (e && (e->num & LEDE_VOC_NUM_UNIT) && e->number >= 1) {
    *n = (int)e->number;                         /* one .. nineteen */
    return k + 1;
  }
  if (e && (e->num & LEDE_VOC_NUM_TEN)) {        /* twenty .. ninety[-nine] */
    *n = (int)e->number;
    long j = k + 1;
    if (dash_at(D, j) && adj(D, j)) j++;
    int o = unit_word_at(D, j);
    if (o >= 1 && o <= 9 && j > k + 1) { *n += o; return j + 1; }
    return k + 1;
  }
  return 0;
}

#define U_MINUTE 1
#define U_HOUR   2
#define U_DAY    3
#define U_WEEK   4
#define U_MONTH  5
#define U_QUARTER 6
#define U_YEAR   7
#define U_DECADE 8
#define U_FORTNIGHT 9  /* two weeks (count_unit doubles the count) */

static int unit_at(dctx *D, long k) {
  static const struct { const char *w; int u; } units[] = {
    {"minute", U_MINUTE}, {"minutes", U_MINUTE}, {"hour", U_HOUR},
    {"hours", U_HOUR}, {"day", U_DAY}, {"days", U_DAY}, {"week", U_WEEK},
    {"weeks", U_WEEK}, {"month", U_MONTH}, {"months", U_MONTH},
    {"quarter", U_QUARTER}, {"quarters", U_QUARTER}, {"year", U_YEAR},
    {"years", U_YEAR}, {"decade", U_DECADE}, {"decades", U_DECADE},
    {"fortnight", U_FORTNIGHT}, {"fortnights", U_FORTNIGHT}};
  const tok *t = tk(D, k);
  if (t->type != T_WORD || !t->exact) return 0;
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (same_word(t, units[i].w)) return units[i].u;
  return 0;
}

/* Time zone abbreviation at token k (upper case as written). */
static int tz_at(dctx *D, long k) {
  const tok *t = tk(D, k);
  const lede_vocab_entry *e;
  if (t->type != T_WORD || !t->exact) return 0;
  if (!(t->allcaps || (t->wlen == 1 && t->cap))) return 0;
  e = tok_entry(D, k);
  return e != NULL && (e->word & LEDE_VOC_WORD_ZONE) != 0;
}

/* ----------------------------------------------------------- tense cues */

#define CUE_KNOWN 0x01u
#define CUE_FUT   0x02u   /* WB_FUT */
#define CUE_PAST  0x04u   /* WB_PAST or an -ed form */
#define CUE_MODAL 0x08u   /* WB_MODAL */
#define CUE_AUX   0x10u   /* WB_AUX */
#define CUE_DET   0x20u   /* WB_DET */

/* The cue classes of word k (the word lists are in word_bits). */
static unsigned cue_of(dctx *D, long k) {
  const tok *t = tk(D, k);
  if (t->type != T_WORD) return CUE_KNOWN;
  unsigned c = CUE_KNOWN | ((t->wb >> WB_CUE_SHIFT) & 0x3eu);
  if (!t->cap && t->exact && t->wlen > 3 && t->w[t->wlen - 2] == 'e' &&
      t->w[t->wlen - 1] == 'd')
    c |= CUE_PAST;
  return c;
}

/* A determiner at k: the, a, an, his, ..., this, that, these, those. */
static int det_at(dctx *D, long k) {
  return (tk(D, k)->wb & WB_DET) != 0;
}

/* +1 future, -1 past, 0 no cue, for the expression on tokens [a, b). */
static int tense(dctx *D, long a, long b) {
  int found = 0;
  for (long k = a - 1, d = 1; d <= DATES_TENSE_BACK; k--, d++) {
    const tok *t = tk(D, k);
    if (t->type == T_NONE) break;
    if (t->type == T_PUNCT && (t->c == ';' || t->c == '(' || t->c == ')' ||
                               t->c == '"' || t->c == ':' || t->c == '?' ||
                               t->c == '!'))
      break;
    if (t->type != T_WORD) continue;
    unsigned cue = cue_of(D, k);
    if (isw(D, k, "to")) {
      /* "to travel" looks ahead; "to Kyiv", "to the city" do not */
      if (lower_word(D, k + 1) && !(cue_of(D, k + 1) & CUE_DET) && k + 1 < a) {
        found = 1; break;
      }
      continue;
    }
    if (cue == CUE_KNOWN) continue;
    if ((isw(D, k, "by") || isw(D, k, "until") || isw(D, k, "till")) &&
        d > 2)
      continue;                   /* "hit by high winds and hail Tuesday" */
    if (cue & CUE_FUT) {
      /* "did not open Saturday": a past auxiliary before the verb */
      found = 1;
      if (!(cue & CUE_MODAL))
        for (long b2 = k - 1; b2 >= k - 4; b2--)
          if (isw(D, b2, "did") || isw(D, b2, "didn")) { found = -1; break; }
      break;
    }
    int pastish = (cue & CUE_PAST) != 0;
    /* a participle after an auxiliary: the auxiliary decides
    ** ("will be held", "was held", "is expected") */
    if (pastish && (cue_of(D, k - 1) & CUE_AUX)) continue;
    /* "forecast to hit 30C on Friday": an infinitive looks ahead */
    if (pastish && isw(D, k - 1, "to")) { found = 1; break; }
    if (pastish) { found = -1; break; }
  }
  if (found) return found;
  /* no cue before it: "Thursday, officials said", "On Monday, ... will";
  ** after a possessive ("Sunday's vote was") the noun is no cue; after it
  ** only modals and past forms count */
  if (isp(D, b, '\'') && isw(D, b + 1, "s")) b += 3;
  for (long k = b, d = 1; d <= DATES_TENSE_FWD + 2; k++, d++) {
    const tok *t = tk(D, k);
    if (t->type == T_NONE) break;
    if (t->type == T_PUNCT && (t->c == ';' || t->c == '(' || t->c == ')' ||
                               t->c == '"' || t->c == ':' || t->c == '.' ||
                               t->c == '?' || t->c == '!'))
      break;
    if (t->type != T_WORD) continue;
    unsigned cue = cue_of(D, k);
    if (cue == CUE_KNOWN) continue;
    if (isw(D, k, "to") || isw(D, k, "by") || isw(D, k, "until") ||
        isw(D, k, "is") || isw(D, k, "are") || isw(D, k, "next") ||
        isw(D, k, "last") || isw(D, k, "later") || isw(D, k, "earlier") ||
        isw(D, k, "coming"))
      continue;
    if (cue & CUE_MODAL) return 1;
    if (cue & CUE_PAST) return -1;
  }
  return 0;
}

/* ------------------------------------------------------------- points */

#define PK_ABS     1   /* y (0: infer), m (0: year), d (0: month) */
#define PK_WD      2   /* weekday wd, wmod */
#define PK_REL     3   /* n units from the reference */
#define PK_ANCHOR  4   /* n units from the anchor (or the reference) */
#define PK_WEEKEND 5   /* wmod: -1 past, 0 this, 1 next, 2 by tense */
#define PK_TIME    6   /* time of day only */

#define WM_NONE 0
#define WM_LAST (-1)
#define WM_NEXT 1
#define WM_THIS 2
#define WM_PAST 3      /* the latest such day before the reference */
#define WM_COMING 4    /* the first such day after the reference */
#define WM_TENSE 5     /* a weekend: by the tense of its clause */
#define WM_WEEK 6      /* that day of the week n weeks from the reference's
                       ** ("next week on Tuesday", "Monday of last week") */

typedef struct pt {
  long a, b;              /* tokens [a, b) */
  int kind;               /* PK_* */
  int grain;              /* LEDE_GRAIN_* of the result */
  int y, m, d;
  int d2;                 /* "Aug. 23-24": the last day, else 0 */
  int wd, wmod;
  int n, unit;
  int has_time, hh, mi;
  unsigned stated;
  size_t tz_s, tz_e;      /* byte span of the zone as written */
  int decade;             /* y is a decade's first year */
  int fiscal;             /* "FY2024": a fiscal year's label */
  int season;             /* 1 spring .. 4 winter (grain season) */
  int hwk;                /* a holiday's weekend: days [wk0, wk1] around it */
  int wk0, wk1;
  int dayval;             /* value is the day, grain the unit's ("two
                          ** weeks ago": a day 14 days back, grain week) */
  /* resolved */
  int ok;                 /* resolved to a value */
  int rel;                /* depends on the reference or the anchor */
  long day;               /* day number of the start (day grain and finer) */
  int ry, rm, rq;         /* for month, quarter, year grains */
} pt;

static int valid_ymd(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
         d <= month_days(y, m);
}

/* am/pm marker at k: "a.m.", "p.m", "am", "PM". Returns the next token
** (0 when none) and sets *pm. */
static long ampm_at(dctx *D, long k, int *pm) {
  if (isw(D, k, "am") || isw(D, k, "pm")) {
    *pm = tk(D, k)->w[0] == 'p';
    return k + 1;
  }
  if ((isw(D, k, "a") || isw(D, k, "p")) && isp(D, k + 1, '.') &&
      adj(D, k + 1) && isw(D, k + 2, "m") && adj(D, k + 2)) {
    *pm = tk(D, k)->w[0] == 'p';
    if (isp(D, k + 3, '.') && adj(D, k + 3)) return k + 4;
    return k + 3;
  }
  return 0;
}

/* A zone after a time: "EDT", "GMT+2", "UTC-05:00". */
static long zone_after(dctx *D, long k, pt *p) {
  if (!tz_at(D, k)) return k;
  const tok *z = tk(D, k);
  p->tz_s = z->s;
  p->tz_e = z->e;
  long j = k + 1;
  if ((isp(D, j, '+') || dash_at(D, j)) && adj(D, j) && isnum(D, j + 1, 1, 4) &&
      adj(D, j + 1)) {
    j += 2;
    if (isp(D, j, ':') && adj(D, j) && isnum(D, j + 1, 2, 2) && adj(D, j + 1))
      j += 2;
    p->tz_e = tk(D, j - 1)->e;
  }
  return j;
}

static int glued_after(dctx *D, long k);
static int glued_before(dctx *D, long k);

/* A part of the day named near a clock time at k (up to five words
** either side, within the clause): 0 for the morning, 1 for the
** afternoon or evening, 2 for the night, -1 for none. "in the morning at 7", "late evening at
** 10:00", "at 9 at night". */
static int day_part_near(dctx *D, long k, long e) {
  for (int dir = -1; dir <= 1; dir += 2)
    for (long i = dir < 0 ? k - 1 : e, d = 1; d <= 5; i += dir, d++) {
      const tok *t = tk(D, i);
      if (t->type == T_NONE) break;
      if (t->type == T_PUNCT && (t->c == '.' || t->c == ';' || t->c == '!' ||
                                 t->c == '?' || t->c == '"'))
        break;
      if (!(t->wb & WB_PARTDAY)) continue;
      if (isw(D, i, "morning") || isw(D, i, "dawn") || isw(D, i, "daybreak"))
        return 0;
      if (isw(D, i, "afternoon") || isw(D, i, "evening") ||
          isw(D, i, "dusk"))
        return 1;
      if (isw(D, i, "night") || isw(D, i, "tonight") ||
          isw(D, i, "overnight"))
        return 2;
    }
  return -1;
}

static long clock_end(dctx *D, long k, long j, int hh, int mi, int pm, pt *p);

/* Time of day at k; returns the next token or 0. */
static long parse_time(dctx *D, long k, pt *p) {
  int hh = -1, mi = 0, pm = -1;
  long j = 0;
  if (isw(D, k, "noon") || isw(D, k, "midday")) {
    hh = 12; j = k + 1;
  } else if (isw(D, k, "midnight")) {
    hh = 0; j = k + 1;
  } else if (isnum(D, k, 1, 2) && isp(D, k + 1, ':') && adj(D, k + 1) &&
             isnum(D, k + 2, 2, 2) && adj(D, k + 2)) {
    hh = (int)numv(D, k);
    mi = (int)numv(D, k + 2);
    j = k + 3;
    if (isp(D, j, ':') && adj(D, j) && isnum(D, j + 1, 2, 2) && adj(D, j + 1))
      j += 2;
    if (hh > 24 || mi > 59) return 0;
    /* a race time ("3:35.27"), not a time of day */
    if (isp(D, j, '.') && adj(D, j) && isnum(D, j + 1, 1, 3) && adj(D, j + 1))
      return 0;
    /* not a ratio or a score glued to more digits */
    if (isp(D, j, ':') && adj(D, j) && isnum(D, j + 1, 1, 9)) return 0;
    long e = ampm_at(D, j, &pm);
    if (e) {
      if (hh < 1 || hh > 12) return 0;
      j = e;
    }
  } else if (isnum(D, k, 1, 2) && isp(D, k + 1, '.') && adj(D, k + 1) &&
             isnum(D, k + 2, 2, 2) && adj(D, k + 2)) {
    long e = ampm_at(D, k + 3, &pm);
    hh = (int)numv(D, k);
    mi = (int)numv(D, k + 2);
    if (!e) {
      /* "at 6.45" with a part of the day near: a clock, not a price */
      if (!isw(D, k - 1, "at") || glued_after(D, k + 2) || hh > 23 ||
          mi > 59 || day_part_near(D, k, k + 3) < 0)
        return 0;
      e = k + 3;
    } else if (hh < 1 || hh > 12 || mi > 59) {
      return 0;
    }
    j = e;
  } else if (isnum(D, k, 1, 2)) {
    long e = ampm_at(D, k + 1, &pm);
    if (e) {
      hh = (int)numv(D, k);
      if (hh < 1 || hh > 12) return 0;
      j = e;
    } else if (isw(D, k + 1, "o") && isp(D, k + 2, '\'') &&
               isw(D, k + 3, "clock")) {
      hh = (int)numv(D, k);
      if (hh < 1 || hh > 12) return 0;
      j = k + 4;
    } else if (isw(D, k - 1, "at") && !glued_after(D, k) &&
               !glued_before(D, k) && day_part_near(D, k, k + 1) >= 0) {
      hh = (int)numv(D, k);          /* "in the morning at 7" */
      if (hh < 1 || hh > 12) return 0;
      j = k + 1;
    } else {
      return 0;
    }
    if (isp(D, k - 1, '.') && adj(D, k)) return 0;   /* "1.5 pm"? */
  } else if (isnum(D, k, 4, 4)) {
    long v = numv(D, k);
    hh = (int)(v / 100);
    mi = (int)(v % 100);
    if (hh > 23 || mi > 59) return 0;
    if (tz_at(D, k + 1)) j = k + 1;
    else if (isw(D, k + 1, "hours") || isw(D, k + 1, "hrs")) j = k + 2;
    else return 0;
  } else {
    return 0;
  }
  return clock_end(D, k, j, hh, mi, pm, p);
}

/* The end of a clock time read from token k to j (hh, mi, pm: 1 p.m.,
** 0 a.m., -1 none): the hour on the 24-hour clock, its zone; returns the
** next token. */
static long clock_end(dctx *D, long k, long j, int hh, int mi, int pm, pt *p) {
  if (pm < 0 && hh >= 1 && hh < 12 && !isnum(D, k, 4, 4)) {
    int part = day_part_near(D, k, j); /* "late evening at 10:00" */
    if (part == 1 || (part == 2 && hh >= 6)) hh += 12;
  }
  if (pm == 1 && hh < 12) hh += 12;
  if (pm == 0 && hh == 12) hh = 0;
  if (hh == 24) hh = 0;
  p->has_time = 1;
  p->hh = hh;
  p->mi = mi;
  p->stated |= LEDE_STATED_TIME;
  j = zone_after(D, j, p);
  if (isw(D, j, "local") && isw(D, j + 1, "time")) j += 2;
  return j;
}

/* A 4-digit year at k within the accepted range; no context checks. */
static int year_tok(dctx *D, long k) {
  if (!isnum(D, k, 4, 4)) return 0;
  long v = numv(D, k);
  return v >= DATES_MIN_YEAR && v <= DATES_MAX_YEAR ? (int)v : 0;
}

/* The token after a number glues it into a larger one ("2025.5", "2025,000",
** "2025/7", "2025-12" handled by callers). */
static int glued_after(dctx *D, long k) {
  const tok *t = tk(D, k + 1);
  if (t->type == T_NONE || t->sp) return 0;
  if (t->type == T_NUM || t->type == T_WORD) return 1;
  if (t->type == T_PUNCT && (t->c == '.' || t->c == ',' || t->c == '/' ||
                             t->c == ':' || t->c == '%') &&
      isnum(D, k + 2, 1, 9) && adj(D, k + 2))
    return 1;
  if (t->type == T_PUNCT && t->c == '%') return 1;
  /* "2025-W53", "1-800-555-2025" */
  if (t->type == T_PUNCT && t->c == '-' && adj(D, k + 2) &&
      tk(D, k + 2)->type != T_PUNCT)
    return 1;
  return 0;
}

static int glued_before(dctx *D, long k) {
  const tok *t = tk(D, k - 1);
  if (t->type == T_NONE || !adj(D, k)) return 0;
  if (t->type == T_NUM) return 1;
  if (t->type == T_PUNCT && (t->c == '$' || t->c == C_CURR || t->c == '#'))
    return 1;
  if (t->type == T_PUNCT && (t->c == '.' || t->c == ',' || t->c == '/' ||
                             t->c == ':' || t->c == '-' || t->c == '+') &&
      tk(D, k - 2)->type == T_NUM && adj(D, k - 1))
    return 1;
  return 0;
}





/* A bare 4-digit year at k, judged by its neighbours. */
static int bare_year_ok(dctx *D, long k, int cue) {
  int y = year_tok(D, k);
  if (!y) return 0;
  if (glued_before(D, k) || glued_after(D, k)) return 0;
  const tok *prev = tk(D, k - 1);
  int strong = cue;
  if (prev->type == T_WORD && inr(D, k - 1, LEDE_VOC_DCTX_YEAR_CUE)) strong = 1;
  if (prev->type == T_PUNCT && prev->c == ',' && isnum(D, k - 2, 4, 4))
    strong = 1;
  if ((isw(D, k - 1, "and") || isw(D, k - 1, "or")) &&
      (year_tok(D, k - 2) || (isp(D, k - 2, '\'') && year_tok(D, k - 3))))
    strong = 1;
  if (!cue && (isw(D, k - 1, "no") || isw(D, k - 1, "number") ||
      isw(D, k - 1, "route") || isw(D, k - 1, "flight") ||
      isw(D, k - 1, "room") || isw(D, k - 1, "page") ||
      isw(D, k - 1, "rule") || isw(D, k - 1, "article") ||
      isw(D, k - 1, "resolution") || isw(D, k - 1, "bill") ||
      isw(D, k - 1, "chapter") || isw(D, k - 1, "section") ||
      isw(D, k - 1, "code") || isw(D, k - 1, "pin") ||
      isw(D, k - 1, "about") || isw(D, k - 1, "nearly") ||
      isw(D, k - 1, "some") || isw(D, k - 1, "roughly") ||
      isw(D, k - 1, "approximately") || isw(D, k - 1, "total") ||
      isw(D, k - 1, "only") || isw(D, k - 1, "least") ||
      isw(D, k - 1, "most")))
    return 0;
  const tok *next = tk(D, k + 1);
  if (next->type == T_WORD) {
    if (inr(D, k + 1, LEDE_VOC_DCTX_COUNT_NOUN)) return 0;
    if (unit_at(D, k + 1)) return 0;
    if (!next->cap && next->exact && next->wlen > 2 &&
        next->w[next->wlen - 1] == 's' && !inr(D, k + 1, LEDE_VOC_DCTX_YEAR_PLURAL) &&
        !inr(D, k + 1, LEDE_VOC_DCTX_YEAR_NEXT))
      return 0;
  }
  /* a month before it would have taken it: "31 April 2025" */
  {
    long e;
    if (month_at(D, k - 1, &e) ||
        (isp(D, k - 1, '.') && month_at(D, k - 2, &e)))
      return 0;
  }
  /* the year slot of a date that did not parse ("Feb. 29, 2023") */
  if (prev->type == T_PUNCT && prev->c == ',' && isnum(D, k - 2, 1, 2)) {
    long e;
    if (month_at(D, k - 3, &e) || (isp(D, k - 3, '.') && month_at(D, k - 4, &e)))
      return 0;
  }
  if (strong) return y;
  if (prev->type == T_WORD && det_at(D, k - 1)) return y;
  if (next->type == T_WORD && next->cap) return 0;
  if (y < 1900 || y > 2100) return 0;
  if (prev->type == T_NUM) return 0;
  if (next->type == T_WORD && !next->cap && !inr(D, k + 1, LEDE_VOC_DCTX_YEAR_NEXT))
    return 0;
  /* a sentence-initial or parenthesised year, a year before a comma */
  return y;
}

static void set_abs(pt *p, int y, int m, int d, int grain, unsigned stated) {
  p->kind = PK_ABS;
  p->y = y; p->m = m; p->d = d;
  p->grain = grain;
  p->stated |= stated;
}

/* Ordinal suffix right after a number: "4th", "1st". */
static long ord_suffix(dctx *D, long k) {
  if (adj(D, k) && (isw(D, k, "st") || isw(D, k, "nd") || isw(D, k, "rd") ||
                    isw(D, k, "th")))
    return k + 1;
  return k;
}

/* A day number 1..31 at k (with an ordinal suffix): next token or 0. */
static long day_num(dctx *D, long k, int *d) {
  if (!isnum(D, k, 1, 2)) return 0;
  long v = numv(D, k);
  if (v < 1 || v > 31) return 0;
  long j = ord_suffix(D, k + 1);
  /* "4.5 million", "4,000" */
  if (j == k + 1 && glued_after(D, k) && !isp(D, k + 1, '-') &&
      !isp(D, k + 1, ','))
    return 0;
  if (isp(D, k + 1, ',') && adj(D, k + 1) && isnum(D, k + 2, 3, 3) &&
      adj(D, k + 2))
    return 0;
  *d = (int)v;
  return j;
}


/* The year at k closes a date whose day and month are written, and what
** is glued to it is the next block of a scraped page, not more of the
** number: a capitalized word ("07.03.2021Print this story"), or a slash
** before a word or a count ("March 9, 2021/4 Comments/in Local"), not
** before the next year (a season: 2021/22) or more of a date. */
static int year_glue_ends(dctx *D, long k) {
  const tok *t = tk(D, k + 1), *u = tk(D, k + 2);
  long y = numv(D, k);
  if (t->type == T_WORD) return t->cap && !t->allcaps;
  if (t->type != T_PUNCT || t->c != '/' || !adj(D, k + 2)) return 0;
  if (u->type == T_WORD) return 1;
  if (u->type != T_NUM || u->ndig > 4 || glued_after(D, k + 2)) return 0;
  return !(u->ndig == 2 && u->num == (y + 1) % 100) &&
         !(u->ndig == 4 && u->num == y + 1);
}

/* A year with a clock time glued to it at k, as scrapes print "Mar 9
** 20217:05 AM" (the year's block and the time's run together): the
** year in *y and the time in p; returns the next token, else 0. */
static long year_time_glued(dctx *D, long k, int *y, pt *p) {
  const tok *t = tk(D, k);
  long e;
  int div, hh, mi, pm = -1;
  if (t->type != T_NUM || (t->ndig != 5 && t->ndig != 6) ||
      !isp(D, k + 1, ':') || !adj(D, k + 1) || !isnum(D, k + 2, 2, 2) ||
      !adj(D, k + 2) || glued_after(D, k + 2))
    return 0;
  div = t->ndig == 5 ? 10 : 100;
  if (t->num / div < 1900 || t->num / div > 2100) return 0;
  hh = (int)(t->num % div);
  mi = (int)numv(D, k + 2);
  e = ampm_at(D, k + 3, &pm);
  if (hh > 23 || mi > 59 || (e && (hh < 1 || hh > 12))) return 0;
  *y = (int)(t->num / div);
  return clock_end(D, k, e ? e : k + 3, hh, mi, pm, p);
}

/* Year 1000..2199 after a month or a day ("2025" or ", 2025"): sets *y and
** returns the next token, else returns k. */
static long year_after(dctx *D, long k, int *y) {
  long j = k;
  if (isp(D, j, ',')) j++;
  int v = year_tok(D, j);
  if (!v || glued_before(D, j) || (glued_after(D, j) && !year_glue_ends(D, j)))
    return k;
  /* "Sept. 4, 2025 people": accept; "Sept. 4 2025 units": rare */
  *y = v;
  return j + 1;
}

/* Month-led dates: "Sept. 4, 2025", "September 4th", "Aug. 23-24",
** "September 2025", "May of 2024", "March" (with a cue). */
static long parse_month_led(dctx *D, long k, pt *p, int cue) {
  long j;
  int m = month_at(D, k, &j);
  if (!m) return 0;
  int d, y = 0;
  long e = day_num(D, j, &d);
  if (e && !year_tok(D, j)) {
    p->d2 = 0;
    /* "Aug. 23-24" */
    if (dash_at(D, e) && isnum(D, e + 1, 1, 2) && numv(D, e + 1) > d &&
        numv(D, e + 1) <= 31 && !month_at(D, e + 1, &j)) {
      p->d2 = (int)numv(D, e + 1);
      e = ord_suffix(D, e + 2);
    }
    e = year_after(D, e, &y);
    if (!y) {
      long g = year_time_glued(D, isp(D, e, ',') ? e + 1 : e, &y, p);
      if (g) e = g;
    }
    if (y && !valid_ymd(y, m, d)) return 0;
    if (!y && d > month_days(2000, m)) return 0;
    set_abs(p, y, m, d, LEDE_GRAIN_DAY,
            LEDE_STATED_MONTH | LEDE_STATED_DAY | (y ? LEDE_STATED_YEAR : 0));
    return e;
  }
  /* "31 April 2025": the day-led date was invalid, so no month either */
  if (isnum(D, k - 1, 1, 2) && numv(D, k - 1) >= 1 && numv(D, k - 1) <= 31 &&
      !isp(D, k - 2, ':'))
    return 0;
  y = year_tok(D, j);
  if (y && !glued_after(D, j)) {
    set_abs(p, y, m, 0, LEDE_GRAIN_MONTH, LEDE_STATED_MONTH | LEDE_STATED_YEAR);
    return j + 1;
  }
  if ((isw(D, j, "of") || isp(D, j, ',')) && (y = year_tok(D, j + 1)) &&
      !glued_after(D, j + 1)) {
    set_abs(p, y, m, 0, LEDE_GRAIN_MONTH, LEDE_STATED_MONTH | LEDE_STATED_YEAR);
    return j + 2;
  }
  /* A bare month needs a cue before it and no name after it. */
  const tok *t = tk(D, k);
  if (t->wlen < 3) return 0;
  if (!cue && !inr(D, k - 1, LEDE_VOC_DCTX_MONTH_CUE)) return 0;
  if (!(cue == 2) && tk(D, k - 1)->type == T_WORD && tk(D, k - 1)->cap &&
      !inr(D, k - 1, LEDE_VOC_DCTX_MONTH_CUE))
    return 0;
  const tok *nx = tk(D, k + 1);
  if (nx->type == T_WORD && nx->cap && !weekday_at(D, k + 1, &e, &d) &&
      !isw(D, k + 1, "I"))
    return 0;
  if (isp(D, k + 1, '\'') && isw(D, k + 2, "s") && m == 5) return 0;
  set_abs(p, 0, m, 0, LEDE_GRAIN_MONTH, LEDE_STATED_MONTH);
  return j;
}

/* "on the 15th" (and nothing after that names what it counts): that day
** of the month the tense puts nearest, the reference's or one next to
** it. */
static long parse_month_day(dctx *D, long k, pt *p) {
  int d;
  long e;
  if (!isw(D, k - 1, "on") || !isw(D, k, "the")) return 0;
  e = day_num(D, k + 1, &d);
  if (!e || e != k + 3) return 0;                  /* "15th", not "15" */
  const tok *nx = tk(D, e);
  if (nx->type == T_WORD && !isw(D, e, "at") && !isw(D, e, "and") &&
      !isw(D, e, "when") && !isw(D, e, "to") && !isw(D, e, "through"))
    return 0;                                      /* "the 15th floor" */
  if (isw(D, e, "of")) return 0;
  p->kind = PK_ABS;
  p->grain = LEDE_GRAIN_DAY;
  p->d = d;
  p->stated = LEDE_STATED_DAY;
  p->rel = 1;
  if (D->hasref) {
    int t = tense(D, k, e), best = 0, have = 0;
    long bd = 0;
    for (int n = -1; n <= 1; n++) {
      int y = D->ry, m = D->rm, dd = 1;
      add_months(&y, &m, &dd, n);
      if (!valid_ymd(y, m, d)) continue;
      long z = days_from_civil(y, m, d);
      if (t > 0 && z < D->ref) continue;
      if (t < 0 && z > D->ref) continue;
      long dist = z > D->ref ? z - D->ref : D->ref - z;
      if (!have || dist < bd) { bd = dist; best = n; have = 1; p->y = y; p->m = m; }
    }
    (void)best;
    if (!have) return 0;
  } else {
    return 0;
  }
  return e;
}

/* Day-led: "4 September 2025", "the 4th of July", "23-24 August". */
static long parse_day_led(dctx *D, long k, pt *p) {
  int d, d2 = 0, y = 0;
  long j0 = k, j, e;
  int the = 0;
  if (isw(D, k, "the")) { j0 = k + 1; the = 1; }
  if (glued_before(D, j0)) return 0;
  e = day_num(D, j0, &d);
  if (!e) return 0;
  if (the && e == j0 + 1) return 0;             /* "the 4 ..." */
  if (dash_at(D, e) && adj(D, e) && isnum(D, e + 1, 1, 2) &&
      numv(D, e + 1) > d && numv(D, e + 1) <= 31) {
    d2 = (int)numv(D, e + 1);
    e = ord_suffix(D, e + 2);
  }
  if (isw(D, e, "of")) e++;
  else if ((isw(D, e, "de") || (isp(D, e, '.') && adj(D, e))) &&
           intl_month_at(D, e + 1))
    e++;                                        /* 9 de março, 22. Mai */
  int m = month_at(D, e, &j);
  if (!m) return 0;
  if ((isw(D, j, "de") || isw(D, j, "del")) && intl_month_at(D, e))
    j++;                                        /* março de 2021 */
  j = year_after(D, j, &y);
  if (!y) {
    long g = year_time_glued(D, j, &y, p);
    if (g) j = g;
  }
  if (isp(D, j - 1, ',') && !y) j--;
  if (y && !valid_ymd(y, m, d)) return 0;
  if (!y && d > month_days(2000, m)) return 0;
  set_abs(p, y, m, d, LEDE_GRAIN_DAY,
          LEDE_STATED_MONTH | LEDE_STATED_DAY | (y ? LEDE_STATED_YEAR : 0));
  p->d2 = d2;
  return j;
}

/* The sign after a number in a Chinese, Japanese or Korean date at token
** k, a word of that one letter: 1 year (年 년), 2 month (月 월), 3 day
** (日 일); else 0. */
static int cjk_sign(dctx *D, long k) {
  const tok *t = tk(D, k);
  size_t len;
  int32_t c;
  if (t->type != T_WORD || t->e - t->s != 3) return 0;
  c = lede_decode(D->s, D->end, t->s, &len);
  return c == 0x5E74 || c == 0xB144 ? 1 : c == 0x6708 || c == 0xC6D4 ? 2
       : c == 0x65E5 || c == 0xC77C ? 3 : 0;
}

/* Two-digit year after a slash date. */
static int expand_yy(dctx *D, int yy) {
  int pivot = D->hasref ? D->ry % 100 + 10 : 40;
  return yy <= pivot ? 2000 + yy : 1900 + yy;
}

/* Numeric forms: 2025-09-04[T10:30], 9/4/2025, 4.9.2025, 2025/09/04,
** 2025-W36, 2019-2021, 2024-25, 1990s, '90s. */
static long parse_numeric(dctx *D, long k, pt *p, pt *p2, int *is_range) {
  *is_range = 0;
  if (glued_before(D, k)) return 0;
  if (isp(D, k, '\'') && isnum(D, k + 1, 2, 2) && adj(D, k + 1) &&
      isw(D, k + 2, "s") && adj(D, k + 2) && numv(D, k + 1) % 10 == 0) {
    int yy = (int)numv(D, k + 1);
    set_abs(p, yy >= 30 ? 1900 + yy : 2000 + yy, 0, 0, LEDE_GRAIN_DECADE,
            LEDE_STATED_YEAR);
    p->decade = 1;
    return k + 3;
  }
  if (!isnum(D, k, 1, 4)) return 0;
  const tok *t = tk(D, k);
  /* ISO forms */
  if (t->ndig == 4 && dash_at(D, k + 1) && adj(D, k + 1)) {
    int y = (int)t->num;
    if (isnum(D, k + 2, 2, 2) && adj(D, k + 2) && dash_at(D, k + 3) &&
        adj(D, k + 3) && isnum(D, k + 4, 2, 2) && adj(D, k + 4)) {
      int m = (int)numv(D, k + 2), d = (int)numv(D, k + 4);
      if (!valid_ymd(y, m, d)) return 0;
      long j = k + 5;
      set_abs(p, y, m, d, LEDE_GRAIN_DAY,
              LEDE_STATED_YEAR | LEDE_STATED_MONTH | LEDE_STATED_DAY);
      /* T10:30[:00][Z|+02:00] */
      if (isw(D, j, "t") && adj(D, j) && isnum(D, j + 1, 2, 2) &&
          adj(D, j + 1) && isp(D, j + 2, ':')) {
        long e = parse_time(D, j + 1, p);
        if (e) {
          j = e;
          if (isp(D, j - 1, '.') || 1) {
            /* fractional seconds and offsets glued to the time */
            if (isp(D, j, '.') && adj(D, j) && isnum(D, j + 1, 1, 9)) j += 2;
            if (isw(D, j, "z") && adj(D, j)) {
              p->tz_s = tk(D, j)->s; p->tz_e = tk(D, j)->e; j++;
            } else if ((isp(D, j, '+') || dash_at(D, j)) && adj(D, j) &&
                       isnum(D, j + 1, 2, 2) && isp(D, j + 2, ':') &&
                       isnum(D, j + 3, 2, 2)) {
              p->tz_s = tk(D, j)->s; p->tz_e = tk(D, j + 3)->e; j += 4;
            }
          }
        }
      }
      if (glued_after(D, j - 1) && !(p->has_time)) return 0;
      return j;
    }
    if (isw(D, k + 2, "q") && adj(D, k + 2) && isnum(D, k + 3, 1, 1) &&
        adj(D, k + 3) && numv(D, k + 3) >= 1 && numv(D, k + 3) <= 4 &&
        y >= DATES_MIN_YEAR && y <= DATES_MAX_YEAR &&
        !glued_after(D, k + 3)) {             /* 2019-Q1 */
      set_abs(p, y, (int)numv(D, k + 3) * 3 - 2, 0, LEDE_GRAIN_QUARTER,
              LEDE_STATED_YEAR);
      return k + 4;
    }
    if (isw(D, k + 2, "w") && adj(D, k + 2) && isnum(D, k + 3, 2, 2) &&
        adj(D, k + 3)) {
      int w = (int)numv(D, k + 3);
      if (w < 1 || w > 53) return 0;
      /* the Monday of ISO week w */
      long jan4 = days_from_civil(y, 1, 4);
      long mon = jan4 - weekday_of(jan4) + 1 + 7L * (w - 1);
      int wy, ww;
      iso_week(mon, &wy, &ww);
      if (ww != w) return 0;
      int yy, mm, dd;
      civil_from_days(mon, &yy, &mm, &dd);
      set_abs(p, yy, mm, dd, LEDE_GRAIN_WEEK, LEDE_STATED_YEAR);
      return k + 4;
    }
    if (y >= DATES_MIN_YEAR && y <= DATES_MAX_YEAR && isnum(D, k + 2, 4, 4) &&
        adj(D, k + 2) && !glued_after(D, k + 2)) {
      int y2 = (int)numv(D, k + 2);
      if (y2 <= y || y2 - y > 100) return 0;
      set_abs(p, y, 0, 0, LEDE_GRAIN_YEAR, LEDE_STATED_YEAR);
      set_abs(p2, y2, 0, 0, LEDE_GRAIN_YEAR, LEDE_STATED_YEAR);
      *is_range = 1;
      return k + 3;
    }
    if (y >= DATES_MIN_YEAR && y <= DATES_MAX_YEAR && isnum(D, k + 2, 2, 2) &&
        adj(D, k + 2) && !glued_after(D, k + 2)) {
      int yy = (int)numv(D, k + 2);
      if (yy == (y + 1) % 100 ||             /* 2024-25 */
          (yy > 12 && yy > y % 100)) {        /* 2014-18 */
        set_abs(p, y, 0, 0, LEDE_GRAIN_YEAR, LEDE_STATED_YEAR);
        set_abs(p2, y - y % 100 + yy, 0, 0, LEDE_GRAIN_YEAR, LEDE_STATED_YEAR);
        *is_range = 1;
        return k + 3;
      }
      if (tk(D, k + 2)->num >= 1 && tk(D, k + 2)->num <= 12 &&
          (tk(D, k + 2)->num < 10 || !isw(D, k - 1, "the"))) {
        set_abs(p, y, yy, 0, LEDE_GRAIN_MONTH,
                LEDE_STATED_YEAR | LEDE_STATED_MONTH);
        return k + 3;
      }
    }
    return 0;
  }
  /* 2019年11月20日, 2014년 3월 07일: year, month and day with their signs */
  if (t->ndig == 4 && cjk_sign(D, k + 1) == 1 && isnum(D, k + 2, 1, 2) &&
      cjk_sign(D, k + 3) == 2 && isnum(D, k + 4, 1, 2) &&
      cjk_sign(D, k + 5) == 3) {
    int y = (int)t->num, m = (int)numv(D, k + 2), d = (int)numv(D, k + 4);
    if (!valid_ymd(y, m, d)) return 0;
    set_abs(p, y, m, d, LEDE_GRAIN_DAY,
            LEDE_STATED_YEAR | LEDE_STATED_MONTH | LEDE_STATED_DAY);
    return k + 6;
  }
  /* 2025/09/04, 2018.04.05 (year first: month, then day; dotted with two
  ** digits each, as "2023.1.2" is a version) */
  if (t->ndig == 4 && (isp(D, k + 1, '.') || isp(D, k + 1, '/')) &&
      isp(D, k + 3, tk(D, k + 1)->c) && adj(D, k + 1) &&
      isnum(D, k + 2, 1, 2) && adj(D, k + 2) && adj(D, k + 3) &&
      isnum(D, k + 4, 1, 2) && adj(D, k + 4) && !glued_after(D, k + 4) &&
      (tk(D, k + 1)->c == '/' ||
       (tk(D, k + 2)->ndig == 2 && tk(D, k + 4)->ndig == 2))) {
    int y = (int)t->num, m = (int)numv(D, k + 2), d = (int)numv(D, k + 4);
    if (!valid_ymd(y, m, d)) return 0;
    set_abs(p, y, m, d, LEDE_GRAIN_DAY,
            LEDE_STATED_YEAR | LEDE_STATED_MONTH | LEDE_STATED_DAY);
    return k + 5;
  }
  /* 9/4/2025, 4.9.2025 and 4-9-2025 (always day first), 9/4/25 */
  if (t->ndig <= 2) {
    int sep = isp(D, k + 1, '/') ? '/' : isp(D, k + 1, '.') ? '.'
            : dash_at(D, k + 1) ? '-' : 0;
    if (sep && adj(D, k + 1) && isnum(D, k + 2, 1, 2) && adj(D, k + 2) &&
        isp(D, k + 3, sep) && adj(D, k + 3) &&
        (isnum(D, k + 4, 4, 4) || (sep == '/' && isnum(D, k + 4, 2, 2))) &&
        adj(D, k + 4) && (!glued_after(D, k + 4) ||
                          (isnum(D, k + 4, 4, 4) && year_glue_ends(D, k + 4)))) {
      int a = (int)t->num, b = (int)numv(D, k + 2);
      int y = (int)numv(D, k + 4);
      if (tk(D, k + 4)->ndig == 2) y = expand_yy(D, y);
      if (y < DATES_MIN_YEAR || y > DATES_MAX_YEAR) return 0;
      int m = a, d = b;
      if (sep != '/' || D->dayfirst) { m = b; d = a; }
      /* a field over 12 is the day, whatever the custom: 03.19.2021 */
      if (!valid_ymd(y, m, d) && d <= 12) { int x = m; m = d; d = x; }
      if (!valid_ymd(y, m, d)) return 0;
      set_abs(p, y, m, d, LEDE_GRAIN_DAY,
              LEDE_STATED_YEAR | LEDE_STATED_MONTH | LEDE_STATED_DAY);
      return k + 5;
    }
    return 0;
  }
  /* 1990s */
  if (t->ndig == 4 && isw(D, k + 1, "s") && adj(D, k + 1) &&
      t->num % 10 == 0 && t->num >= DATES_MIN_YEAR &&
      t->num <= DATES_MAX_YEAR) {
    set_abs(p, (int)t->num, 0, 0, LEDE_GRAIN_DECADE, LEDE_STATED_YEAR);
    p->decade = 1;
    return k + 2;
  }
  return 0;
}


/* "of the year", "of this year", "of last year", "of next year" at k:
** the year (the reference's, or one before or after) and the next token
** in *e; 0 when none (or no reference). */
static int of_the_year(dctx *D, long k, long *e) {
  int n;
  if (!isw(D, k, "of") || !isw(D, k + 2, "year") || !D->hasref) return 0;
  if (isw(D, k + 1, "the") || isw(D, k + 1, "this")) n = 0;
  else if (isw(D, k + 1, "last")) n = -1;
  else if (isw(D, k + 1, "next")) n = 1;
  else return 0;
  *e = k + 3;
  return D->ry + n;
}

/* Quarters and halves: "Q3 2025", "Q3", "the third quarter (of 2025, of
** the year)", "third-quarter", "the first half of 2025", "second-half
** profit". A half needs its year or a business noun after it ("the
** second half" of a match is no date). */
static long parse_quarter(dctx *D, long k, pt *p) {
  int q = 0, y = 0, half = 0, rel = 0;
  long j = 0, e;
  const tok *t = tk(D, k);
  if (t->type == T_WORD && t->exact && t->cap && same_word(t, "q") &&
      isnum(D, k + 1, 1, 1) && adj(D, k + 1)) {
    q = (int)numv(D, k + 1);
    j = k + 2;
    if (isnum(D, j, 4, 4) && !glued_after(D, j)) { y = year_tok(D, j); j++; }
    else if (isnum(D, j, 2, 2) && adj(D, j)) j = 0;   /* Q32 */
  } else {
    long i = k;
    int hyph = 0;
    if (isw(D, i, "the")) i++;
    const lede_vocab_entry *oe = tok_entry(D, i);
    if (oe && (oe->date & LEDE_VOC_DATE_QORD)) q = (int)oe->number;
    if (!q) return 0;
    i++;
    if (dash_at(D, i) && adj(D, i)) { i++; hyph = 1; }
    if (isw(D, i, "half") && q <= 2) half = 1;
    else if (!isw(D, i, "quarter")) return 0;
    j = i + 1;
    if (isw(D, j, "of") && year_tok(D, j + 1)) { y = year_tok(D, j + 1); j += 2; }
    else if (year_tok(D, j) && !glued_after(D, j)) { y = year_tok(D, j); j++; }
    else if ((y = of_the_year(D, j, &e))) { j = e; rel = 1; }
    /* sport: "the fourth quarter of the game", "the second half" */
    if (!y && isw(D, j, "of") && isw(D, j + 1, "the")) return 0;
    if (half && !y && !(hyph && (tk(D, j)->wb & WB_FIN))) return 0;
  }
  if (!j || q < 1 || q > 4) return 0;
  if (half)
    set_abs(p, y, q * 6 - 5, 0, LEDE_GRAIN_HALF, y && !rel ? LEDE_STATED_YEAR : 0);
  else
    set_abs(p, y, q * 3 - 2, 0, LEDE_GRAIN_QUARTER,
            y && !rel ? LEDE_STATED_YEAR : 0);
  p->rel = rel;
  return j;
}

/* Fiscal years: "FY2024", "FY 2024", "FY24", "fiscal 2024",
** "fiscal year 2024". */
static long parse_fiscal(dctx *D, long k, pt *p) {
  const tok *t = tk(D, k);
  long j = 0;
  int y = 0;
  if (t->type == T_WORD && t->exact && same_word(t, "fy") && t->allcaps) {
    j = k + 1;
    if (isnum(D, j, 4, 4)) y = year_tok(D, j);
    else if (isnum(D, j, 2, 2)) y = 2000 + (int)numv(D, j);
    if (!y) return 0;
    j++;
  } else if (isw(D, k, "fiscal")) {
    j = k + 1;
    if (isw(D, j, "year")) j++;
    y = year_tok(D, j);
    if (!y || glued_after(D, j)) return 0;
    j++;
  } else {
    return 0;
  }
  set_abs(p, y, 0, 0, LEDE_GRAIN_YEAR, LEDE_STATED_YEAR);
  p->fiscal = 1;
  return j;
}



/* ------------------------------------------------------------- seasons */


/* Words that may follow a season with no year: "last summer the ...". */

/* Seasons (northern, meteorological): "summer 2024", "the summer of
** 2024", "this summer", "last winter", "in the spring", "fall 2025".
** A season is labelled with the year it begins in (winter: December);
** "this" is the nearest one, "last"/"next" the one before/after the
** current season, a bare one goes by the tense. */
static long parse_season(dctx *D, long k, pt *p) {
  static const char *const names[] = {"spring", "summer", "autumn", "fall",
                                      "winter"};
  static const int idx[] = {1, 2, 3, 3, 4};
  long j = k;
  int mod = 0, se = 0, y = 0;                    /* mod: -1 last, 1 next, 2 this */
  if (isw(D, j, "last") || isw(D, j, "past")) { mod = -1; j++; }
  else if (isw(D, j, "next") || isw(D, j, "coming")) { mod = 1; j++; }
  else if (isw(D, j, "this")) { mod = 2; j++; }
  long a = j;
  if (isw(D, j, "the")) j++;
  for (int i = 0; i < 5; i++)
    if (isw(D, j, names[i])) se = idx[i];
  if (!se) return 0;
  long e = j + 1;
  if (isw(D, e, "of") && year_tok(D, e + 1) && !glued_after(D, e + 1)) {
    y = year_tok(D, e + 1); e += 2;
  } else if (year_tok(D, e) && !glued_after(D, e) && !glued_before(D, e)) {
    y = year_tok(D, e); e++;
  }
  if (!y) {
    const tok *nx = tk(D, e);
    if (!mod && !inr(D, a - 1, LEDE_VOC_DCTX_SEASON_CUE) && !(a > k && mod)) return 0;
    if (a != j && !mod && !inr(D, a - 1, LEDE_VOC_DCTX_SEASON_CUE)) return 0;
    if (isw(D, e, "of")) return 0;               /* "the fall of Kabul" */
    if (nx->type == T_WORD && !(isp(D, e, '\'')) &&
        !inr(D, e, LEDE_VOC_DCTX_SEASON_NEXT))
      return 0;                                  /* "summer camp" */
    if (same_word(tk(D, j), "fall") && !mod && a == j &&
        !isw(D, j - 1, "in") && !isw(D, j - 1, "early") &&
        !isw(D, j - 1, "late") && !isw(D, j - 1, "since"))
      return 0;                                  /* "prices fall" */
  }
  p->kind = PK_ABS;
  p->grain = LEDE_GRAIN_SEASON;
  p->season = se;
  if (y) {
    p->y = y;
    p->stated |= LEDE_STATED_YEAR;
    return e;
  }
  p->rel = 1;
  if (!D->hasref) return e;
  /* seasons counted as year * 4 + (season - 1), winter from December */
  int rs = D->rm >= 12 || D->rm <= 2 ? 4 : (D->rm + 9) / 3 - 3;
  int ryear = D->rm <= 2 ? D->ry - 1 : D->ry;
  long cur = (long)ryear * 4 + rs - 1, best = 0;
  int t = mod == 2 ? 0 : mod ? mod : tense(D, k, e), have = 0;
  for (long o = cur - 4; o <= cur + 4; o++) {
    if ((int)(o % 4) != se - 1) continue;
    if (mod == -1 && o >= cur) continue;
    if (mod == 1 && o <= cur) continue;
    if (!(mod == -1 || mod == 1)) {
      if (t > 0 && o < cur) continue;
      if (t < 0 && o > cur) continue;
    }
    long dist = o > cur ? o - cur : cur - o;
    if (!have || (mod == -1 ? o > best : mod == 1 ? o < best
                  : dist < (best > cur ? best - cur : cur - best))) {
      best = o; have = 1;
    }
  }
  if (have) p->y = (int)(best / 4);
  return e;
}

/* ------------------------------------------------------------- holidays */

/*
** Holidays by rule, so any year resolves: a fixed day, the n-th (or last)
** weekday of a month, or a day counted from Easter (computed). The names
** are rows of the vocabulary (en-calendar.tsv: role holiday=ID names the
** rule below); the first word has the R_HOLIDAY role (or "fourth"). A name that is a
** single word and no more ("Christmas", "Easter", "Thanksgiving") must
** have a cue before it, as a bare month does ("on Christmas", "over
** Easter"); the others ("Christmas Day", "Labor Day") stand alone.
*/
#define HR_FIXED  1   /* month a, day b */
#define HR_NTH    2   /* the b-th weekday c (1 Monday .. 7 Sunday) of month
                      ** a, the last one when b is -1 */
#define HR_EASTER 3   /* Easter Sunday */

typedef struct holiday {
  const char *id;           /* the value of role holiday of its names */
  int rule, a, b, c, off;   /* off: days after the day of the rule */
} holiday;

static const holiday holidays[] = {
  {"new_years_day", HR_FIXED, 1, 1, 0, 0},
  {"new_years_eve", HR_FIXED, 12, 31, 0, 0},
  {"martin_luther_king_jr_day", HR_NTH, 1, 3, 1, 0},
  {"presidents_day", HR_NTH, 2, 3, 1, 0},
  {"valentines_day", HR_FIXED, 2, 14, 0, 0},
  {"shrove_tuesday", HR_EASTER, 0, 0, 0, -47},
  {"ash_wednesday", HR_EASTER, 0, 0, 0, -46},
  {"palm_sunday", HR_EASTER, 0, 0, 0, -7},
  {"maundy_thursday", HR_EASTER, 0, 0, 0, -3},
  {"good_friday", HR_EASTER, 0, 0, 0, -2},
  {"holy_saturday", HR_EASTER, 0, 0, 0, -1},
  {"easter_sunday", HR_EASTER, 0, 0, 0, 0},
  {"easter_monday", HR_EASTER, 0, 0, 0, 1},
  {"ascension_day", HR_EASTER, 0, 0, 0, 39},
  {"pentecost", HR_EASTER, 0, 0, 0, 49},
  {"mothers_day", HR_NTH, 5, 2, 7, 0},
  {"memorial_day", HR_NTH, 5, -1, 1, 0},
  {"fathers_day", HR_NTH, 6, 3, 7, 0},
  {"juneteenth", HR_FIXED, 6, 19, 0, 0},
  {"canada_day", HR_FIXED, 7, 1, 0, 0},
  {"independence_day", HR_FIXED, 7, 4, 0, 0},
  {"bastille_day", HR_FIXED, 7, 14, 0, 0},
  {"labor_day", HR_NTH, 9, 1, 1, 0},
  {"columbus_day", HR_NTH, 10, 2, 1, 0},
  {"halloween", HR_FIXED, 10, 31, 0, 0},
  {"election_day", HR_NTH, 11, 1, 1, 1},
  {"veterans_day", HR_FIXED, 11, 11, 0, 0},
  {"thanksgiving_day", HR_NTH, 11, 4, 4, 0},
  {"christmas_eve", HR_FIXED, 12, 24, 0, 0},
  {"christmas_day", HR_FIXED, 12, 25, 0, 0},
  {"boxing_day", HR_FIXED, 12, 26, 0, 0},
};
#define NHOLIDAYS (sizeof holidays / sizeof holidays[0])

/* Easter Sunday of year y (Gregorian; the anonymous computus). */
static long easter_day(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return days_from_civil(y, month, day);
}

/* The day number of holiday h in year y. */
static long holiday_day(const holiday *h, int y) {
  long z;
  if (h->rule == HR_EASTER) {
    z = easter_day(y);
  } else if (h->rule == HR_NTH) {
    if (h->b > 0) {
      long first = days_from_civil(y, h->a, 1);
      z = first + (h->c - weekday_of(first) + 7) % 7 + 7L * (h->b - 1);
    } else {
      long last = days_from_civil(y, h->a, month_days(y, h->a));
      z = last - (weekday_of(last) - h->c + 7) % 7;
    }
  } else {
    z = days_from_civil(y, h->a, h->b);
  }
  return z + h->off;
}

/* The name of a holiday written at k (capitalized; rows with role
** holiday, en-calendar.tsv): its rule, *next past it, *cue set when the
** name is also a common word and needs a cue before it. The longest name
** wins; a name is its tokens as written, "'" and "." glued. */
static const holiday *holiday_at(dctx *D, long k, long *next, int *cue) {
  const tok *t = tk(D, k);
  const lede_vocab_entry *best = NULL;
  char key[64];
  size_t n = 0;
  long j;
  *next = 0;
  if (t->type != T_WORD || !t->exact || !t->cap) return NULL;
  for (j = k; j < k + 8; j++) {
    const tok *u = tk(D, j);
    const char *w;
    size_t len;
    if (u->type == T_WORD && u->exact) { w = u->w; len = (size_t)u->wlen; }
    else if (u->type == T_PUNCT && (u->c == '\'' || u->c == '.')) {
      w = u->c == '.' ? "." : "'";
      len = 1;
    } else {
      break;
    }
    if (n + len + 1 > sizeof key) break;
    if (j > k && u->sp) key[n++] = ' ';
    memcpy(key + n, w, len);
    n += len;
    const lede_vocab_entry *e = lede_vocab_lookup(key, n);
    if (e && (e->word & LEDE_VOC_WORD_HOLIDAY)) { best = e; *next = j + 1; }
  }
  if (best == NULL) return NULL;
  *cue = (best->dctx & LEDE_VOC_DCTX_HOLIDAY_BARE) != 0;
  for (size_t i = 0; i < NHOLIDAYS; i++)
    if (strcmp(holidays[i].id, best->id) == 0) return &holidays[i];
  return NULL;                       /* a name without a rule */
}


/* Holidays: "Christmas Day", "on Easter", "Thanksgiving 2024", "last
** Christmas", "the Thanksgiving weekend" (with the weekend next to it),
** "Christmas week" (the week it falls in). Resolved here, to the year
** written or, by the tense of the clause, the nearest one. */
static long parse_holiday(dctx *D, long k, pt *p) {
  long j = k, e;
  int mod = 0;                               /* -1 last, 1 next, 2 this */
  if (isw(D, j, "last") || isw(D, j, "past")) { mod = -1; j++; }
  else if (isw(D, j, "next") || isw(D, j, "coming")) { mod = 1; j++; }
  else if (isw(D, j, "this")) { mod = 2; j++; }
  int cue;
  const holiday *h = holiday_at(D, j, &e, &cue);
  if (!h) return 0;
  if (!mod && cue && !inr(D, j - 1, LEDE_VOC_DCTX_HOLIDAY_CUE) &&
      !isw(D, e, "weekend") && !isw(D, e, "week") &&
      !(year_tok(D, e) && !glued_after(D, e)))
    return 0;                                /* "a Christmas tree" */
  if (e == j + 1 && tk(D, e)->type == T_WORD && tk(D, e)->cap)
    return 0;                                /* "Christmas Island" */
  int y = 0;
  long f = e;
  if (isw(D, f, "of") && year_tok(D, f + 1) && !glued_after(D, f + 1)) {
    y = year_tok(D, f + 1); f += 2;
  } else {
    f = year_after(D, e, &y);
  }
  p->kind = PK_ABS;
  p->grain = LEDE_GRAIN_DAY;
  if (y) p->stated |= LEDE_STATED_YEAR;
  if (isw(D, f, "weekend")) {
    p->hwk = 1;
    f++;
  } else if (isw(D, f, "week") && !isw(D, f + 1, "of")) {
    p->grain = LEDE_GRAIN_WEEK;
    f++;
  }
  if (!y && D->hasref) {
    p->rel = 1;
    int t = mod == 2 ? 0 : mod ? mod : tense(D, k, f);
    long best = 0, bz = 0;
    int have = 0;
    for (int yy = D->ry - 1; yy <= D->ry + 1; yy++) {
      long z = holiday_day(h, yy);
      if (mod == 2 && yy != D->ry) continue;
      if (t > 0 && (mod ? z <= D->ref : z < D->ref)) continue;
      if (t < 0 && (mod ? z >= D->ref : z > D->ref)) continue;
      long dist = z > D->ref ? z - D->ref : D->ref - z;
      if (!have || (t < 0 ? z > bz : t > 0 ? z < bz : dist < best)) {
        best = dist; bz = z; have = 1;
      }
    }
    if (have) {
      civil_from_days(bz, &y, &p->m, &p->d);
    }
  } else if (y) {
    int yy;
    civil_from_days(holiday_day(h, y), &yy, &p->m, &p->d);
    y = yy;
  } else {
    p->rel = 1;
  }
  p->y = y;
  if (p->hwk && y) {
    /* the weekend next to the holiday: Thursday to Sunday, Saturday to
    ** Monday, ... */
    long z = days_from_civil(p->y, p->m, p->d);
    int w = weekday_of(z);
    p->wk0 = w == 1 ? -2 : w == 2 ? -3 : w == 7 ? -1 : 0;
    p->wk1 = w == 1 || w == 2 ? 0 : 7 - w;
    if (w == 6) p->wk1 = 1;
  }
  return f;
}



static int infer_year(dctx *D, int m, int d, int t);

/* "the first Monday in October", "the last Friday of the month", "the
** second Tuesday of March 2026": the n-th (or last) such weekday of that
** month, whose year comes from the text or, as for a month, the tense. */
static long parse_nth_weekday(dctx *D, long k, pt *p) {
  static const char *const nth[] = {"first", "second", "third", "fourth",
                                    "fifth", NULL};
  int n = 0, wd, full, m = 0, y = 0, rel = 0;
  long e, j;
  if (!isw(D, k, "the")) return 0;
  for (int i = 0; nth[i]; i++)
    if (isw(D, k + 1, nth[i])) n = i + 1;
  if (!n && isw(D, k + 1, "last")) n = -1;
  if (!n || !(wd = weekday_at(D, k + 2, &e, &full)) || !full) return 0;
  if (!isw(D, e, "in") && !isw(D, e, "of")) return 0;
  j = e + 1;
  if ((m = month_at(D, j, &e))) {
    j = year_after(D, e, &y);
  } else if ((isw(D, j, "the") || isw(D, j, "this") || isw(D, j, "next") ||
              isw(D, j, "last")) && isw(D, j + 1, "month") && D->hasref) {
    int d = 1, dn = isw(D, j, "next") ? 1 : isw(D, j, "last") ? -1 : 0;
    y = D->ry; m = D->rm;
    add_months(&y, &m, &d, dn);
    j += 2;
    rel = 1;
  } else {
    return 0;
  }
  if (!y) {
    if (!D->hasref) return 0;
    y = infer_year(D, m, 0, tense(D, k, j));
    rel = 1;
  }
  long z;
  if (n > 0) {
    long first = days_from_civil(y, m, 1);
    z = first + (wd - weekday_of(first) + 7) % 7 + 7L * (n - 1);
  } else {
    long last = days_from_civil(y, m, month_days(y, m));
    z = last - (weekday_of(last) - wd + 7) % 7;
  }
  int yy, mm, dd;
  civil_from_days(z, &yy, &mm, &dd);
  if (mm != m) return 0;                      /* no fifth Monday */
  set_abs(p, yy, mm, dd, LEDE_GRAIN_DAY,
          LEDE_STATED_MONTH | (rel ? 0 : LEDE_STATED_YEAR));
  p->rel = rel;
  return j;
}

/* Weekday-led: "Thursday", "last Monday", "Thursday, Sept. 4, 2025",
** "Monday night". */
static long parse_weekday(dctx *D, long k, pt *p) {
  long j = k;
  int wmod = WM_NONE;
  /* "this past Wednesday", "past Wednesday": the latest one before the
  ** reference; "this coming Monday", "coming Monday": the first after */
  if (isw(D, j, "this") && (isw(D, j + 1, "past") || isw(D, j + 1, "coming")))
    j++;
  if (isw(D, j, "past")) { wmod = WM_PAST; j++; }
  else if (isw(D, j, "coming")) { wmod = WM_COMING; j++; }
  else if (isw(D, j, "last")) { wmod = WM_LAST; j++; }
  else if (isw(D, j, "next")) { wmod = WM_NEXT; j++; }
  else if (isw(D, j, "this")) { wmod = WM_THIS; j++; }
  else if (isw(D, j, "overnight")) j++;
  long e;
  int full;
  int wd = weekday_at(D, j, &e, &full);
  if (!wd) return 0;
  /* "Thursday, Sept. 4, 2025", "Thu 4 September 2025" */
  long a = e;
  if (isp(D, a, ',')) a++;
  long r = parse_month_led(D, a, p, 0);
  if (!r || p->grain != LEDE_GRAIN_DAY) {
    memset(p, 0, sizeof *p);
    r = parse_day_led(D, a, p);
  }
  if (r && p->grain == LEDE_GRAIN_DAY && wmod == WM_NONE) return r;
  memset(p, 0, sizeof *p);
  /* "Monday the 15th": the 15th nearest the reference that is a Monday */
  {
    int d;
    long f = isw(D, a, "the") ? day_num(D, a + 1, &d) : 0;
    if (f == a + 3 && wmod == WM_NONE && D->hasref) {
      long best = 0, bz = 0;
      for (int o = -6; o <= 6; o++) {
        int y = D->ry, m = D->rm, one = 1;
        add_months(&y, &m, &one, o);
        if (!valid_ymd(y, m, d)) continue;
        long z = days_from_civil(y, m, d);
        long dist = z > D->ref ? z - D->ref : D->ref - z;
        if (weekday_of(z) == wd && (!bz || dist < best)) { bz = z; best = dist; }
      }
      if (bz) {
        int y, m, dd;
        civil_from_days(bz, &y, &m, &dd);
        set_abs(p, y, m, dd, LEDE_GRAIN_DAY, LEDE_STATED_DAY);
        p->rel = 1;
        return f;
      }
    }
  }
  if (!full) return 0;
  /* names: "Black Friday", "the Sunday Times", "Super Tuesday" */
  if (wmod == WM_NONE) {
    const tok *pv = tk(D, j - 1);
    if (pv->type == T_WORD && pv->cap &&
        (isw(D, j - 1, "black") || isw(D, j - 1, "good") ||
         isw(D, j - 1, "cyber") || isw(D, j - 1, "super") ||
         isw(D, j - 1, "ash") || isw(D, j - 1, "bloody") ||
         isw(D, j - 1, "holy") || isw(D, j - 1, "easter") ||
         isw(D, j - 1, "palm") || isw(D, j - 1, "maundy") ||
         isw(D, j - 1, "shrove") || isw(D, j - 1, "giving")))
      return 0;
    if (tk(D, e)->cap && inr(D, e, LEDE_VOC_DCTX_NOT_WEEKDAY)) return 0;
    if (isw(D, e, "school") || isw(D, e, "schools")) return 0;
  }
  p->kind = PK_WD;
  p->wd = wd;
  p->wmod = wmod;
  p->grain = LEDE_GRAIN_DAY;
  if (inr(D, e, LEDE_VOC_DCTX_DAY_PART)) e++;
  return e;
}

/* Relative words and periods: today, yesterday, last week, this month,
** over the weekend, earlier this year. */
static long parse_relative(dctx *D, long k, pt *p) {
  long j = k;
  unsigned rj = tk(D, j)->wb & R_MASK;
  if (rj != R_ALWAYS && rj != R_REL && rj != R_REL2 && rj != R_OVER &&
      rj != R_AT && rj != R_ON && rj != R_THE)
    return 0;                         /* none of its words */
  if (isw(D, j, "today") || isw(D, j, "tonight")) {
    p->kind = PK_REL; p->unit = U_DAY; p->n = 0; return j + 1;
  }
  /* "yesterday afternoon", "tomorrow morning": the day */
  if (isw(D, j, "yesterday")) {
    p->kind = PK_REL; p->unit = U_DAY; p->n = -1;
    return inr(D, j + 1, LEDE_VOC_DCTX_DAY_PART) ? j + 2 : j + 1;
  }
  if (isw(D, j, "tomorrow")) {
    p->kind = PK_REL; p->unit = U_DAY; p->n = 1;
    return inr(D, j + 1, LEDE_VOC_DCTX_DAY_PART) ? j + 2 : j + 1;
  }
  if (isw(D, j, "last") && isw(D, j + 1, "night")) {
    p->kind = PK_REL; p->unit = U_DAY; p->n = -1; return j + 2;
  }
  if (isw(D, j, "this") && (isw(D, j + 1, "morning") ||
                            isw(D, j + 1, "afternoon") ||
                            isw(D, j + 1, "evening"))) {
    p->kind = PK_REL; p->unit = U_DAY; p->n = 0; return j + 2;
  }
  if (isw(D, j, "over") && isw(D, j + 1, "the") && isw(D, j + 2, "weekend") &&
      !isw(D, j + 3, "of")) {
    p->kind = PK_WEEKEND; p->wmod = WM_LAST; return j + 3;
  }
  if ((isw(D, j, "at") || isw(D, j, "on")) && isw(D, j + 1, "the") &&
      isw(D, j + 2, "weekend") && !isw(D, j + 3, "of")) {
    p->kind = PK_WEEKEND; p->wmod = WM_TENSE; return j + 3;
  }
  if (rj == R_THE || (rj == R_ALWAYS && isw(D, j, "midweek"))) {
  /* "the weekend" ("during the weekend", "the weekend's vote"): by tense */
  if (isw(D, j, "the") && isw(D, j + 1, "weekend") && !isw(D, j + 2, "of") &&
      !isw(D, j + 2, "before") && !isw(D, j + 2, "after")) {
    p->kind = PK_WEEKEND; p->wmod = WM_TENSE; return j + 2;
  }
  /* "midweek": the Wednesday, by the tense as a weekday */
  if (isw(D, j, "midweek")) {
    p->kind = PK_WD; p->wd = 3; p->wmod = WM_NONE; return j + 1;
  }
  /* "the end of the week", "the start of the year": the current one */
  if (isw(D, j, "the") && isw(D, j - 1, "of") &&
      (isw(D, j - 2, "end") || isw(D, j - 2, "beginning") ||
       isw(D, j - 2, "start") || isw(D, j - 2, "middle"))) {
    int u = unit_at(D, j + 1);
    if ((u == U_WEEK || u == U_MONTH || u == U_QUARTER || u == U_YEAR) &&
        !isw(D, j + 2, "of") && tk(D, j + 1)->w[tk(D, j + 1)->wlen - 1] != 's') {
      p->kind = PK_REL; p->unit = u; p->n = 0; return j + 2;
    }
  }
  }
  int n;
  if (rj == R_REL && isw(D, j, "this") &&
      (tk(D, j + 1)->wb & R_MASK) == R_REL2)
    j++;                                   /* "this past weekend" */
  if (isw(D, j, "last") || isw(D, j, "past") || isw(D, j, "previous")) n = -1;
  else if (isw(D, j, "this") || isw(D, j, "current")) n = 0;
  else if (isw(D, j, "next") || isw(D, j, "coming")) n = 1;
  else return 0;
  if (isw(D, j - 1, "the") && n != 0) return 0;   /* "the last week": a span */
  if (isw(D, j + 1, "weekend")) {
    p->kind = PK_WEEKEND;
    p->wmod = n < 0 ? WM_LAST : n > 0 ? WM_NEXT : WM_NONE;
    return j + 2;
  }
  int u = unit_at(D, j + 1);
  if (u < U_WEEK || u == U_DECADE || u == U_FORTNIGHT) return 0;
  if (tk(D, j + 1)->w[tk(D, j + 1)->wlen - 1] == 's') return 0;
  if (isw(D, j, "past") || isw(D, j, "previous") || isw(D, j, "coming"))
    return 0;
  p->kind = PK_REL; p->unit = u; p->n = n;
  return j + 2;
}

/* One date or time at k (no interval). cue: 1 when the context already
** says a date follows (inside "from ... to"). Returns the next token. */
static long parse_core(dctx *D, long k, pt *p, pt *p2, int *is_range, int cue);

static long parse_point(dctx *D, long k, pt *p, pt *p2, int *is_range,
                        int cue) {
  memset(p, 0, sizeof *p);
  memset(p2, 0, sizeof *p2);
  *is_range = 0;
  long e;
  /* time first: "10:31 AM EDT, September 4, 2025", "at 10:30 a.m. Thursday" */
  e = parse_time(D, k, p);
  if (e) {
    pt q;
    long j = e;
    if (isp(D, j, ',') || isw(D, j, "on")) j++;
    long r = parse_core(D, j, &q, p2, is_range, 1);
    if (r && !*is_range && (q.grain == LEDE_GRAIN_DAY || q.kind == PK_WD ||
                            (q.kind == PK_REL && q.unit == U_DAY)) &&
        !q.has_time) {
      q.has_time = 1; q.hh = p->hh; q.mi = p->mi;
      q.stated |= LEDE_STATED_TIME;
      q.tz_s = p->tz_s; q.tz_e = p->tz_e;
      *p = q;
      p->a = k; p->b = r;
      return r;
    }
    *is_range = 0;
    if (isw(D, e, "today") || isw(D, e, "tonight") || isw(D, e, "yesterday") ||
        isw(D, e, "tomorrow")) {
      /* handled by parse_core above */
    }
    p->kind = PK_TIME;
    p->grain = LEDE_GRAIN_TIME;
    p->a = k; p->b = e;
    return e;
  }
  e = parse_core(D, k, p, p2, is_range, cue);
  if (!e) return 0;
  /* a weekday and its week: "next week on Tuesday", "Tuesday of next
  ** week", "Monday last week" */
  if (!*is_range && p->kind == PK_REL && p->unit == U_WEEK) {
    long j = e, we;
    int full, wd;
    if (isw(D, j, "on") || isp(D, j, ',')) j++;
    if ((wd = weekday_at(D, j, &we, &full)) && full) {
      p->kind = PK_WD; p->wd = wd; p->wmod = WM_WEEK;
      p->grain = LEDE_GRAIN_DAY;
      e = we;
      if (inr(D, e, LEDE_VOC_DCTX_DAY_PART)) e++;
    }
  } else if (!*is_range && p->kind == PK_WD && p->wmod == WM_NONE) {
    long j = e;
    if (isw(D, j, "of")) j++;
    if (isw(D, j + 1, "week") &&
        (isw(D, j, "next") || isw(D, j, "last") || isw(D, j, "this"))) {
      p->wmod = WM_WEEK;
      p->n = isw(D, j, "next") ? 1 : isw(D, j, "last") ? -1 : 0;
      e = j + 2;
    }
  }
  p->a = k; p->b = e;
  /* a day followed by its time: "Sept. 4, 2025 at 3:00 p.m. EDT",
  ** "Thursday at noon", "Monday, 10:30 a.m." */
  if (!*is_range && !p->has_time &&
      (p->grain == LEDE_GRAIN_DAY || p->kind == PK_WD ||
       (p->kind == PK_REL && p->unit == U_DAY)) && !p->d2) {
    long j = e;
    if (isp(D, j, ',')) j++;
    if (isw(D, j, "at") || isw(D, j, "around") || isw(D, j, "about") ||
        isw(D, j, "from") || isw(D, j, "by")) j++;
    pt q;
    memset(&q, 0, sizeof q);
    long r = parse_time(D, j, &q);
    if (r && !(isw(D, j - 1, "from") && (isw(D, r, "to") || dash_at(D, r)))) {
      p->has_time = 1; p->hh = q.hh; p->mi = q.mi;
      p->stated |= LEDE_STATED_TIME;
      p->tz_s = q.tz_s; p->tz_e = q.tz_e;
      p->b = r;
      return r;
    }
  }
  return e;
}

static long parse_core(dctx *D, long k, pt *p, pt *p2, int *is_range,
                       int cue) {
  long e;
  memset(p, 0, sizeof *p);
  memset(p2, 0, sizeof *p2);
  *is_range = 0;
  /* modifiers that keep the value: early, mid, late, the end of, ... */
  long j = k;
  unsigned rk = tk(D, k)->wb & R_MASK;
  if (rk == R_MOD) {                /* early, late, mid, earlier, later */
    long m = j + 1;
    if (dash_at(D, m) && adj(D, m)) m++;
    if (isw(D, m, "early") || isw(D, m, "late") || isw(D, m, "mid") ||
        isw(D, m, "earlier") || isw(D, m, "later"))
      return 0;                   /* one modifier: keeps the scan linear */
    if (isw(D, j, "earlier") || isw(D, j, "later")) {
      /* only "earlier this month", "later Thursday", "later today" */
      if (!(isw(D, m, "this") || isw(D, m, "today") || isw(D, m, "tonight") ||
            weekday_at(D, m, &e, &cue)))
        return 0;
      cue = 1;
    }
    long r = parse_core(D, m, p, p2, is_range, 2);
    if (r) return r;
    memset(p, 0, sizeof *p);
    *is_range = 0;
    return 0;
  }
  /* "the week of April 10": the week that day is in */
  if (rk == R_THE && isw(D, j + 1, "week") && isw(D, j + 2, "of")) {
    long r;
    if (isw(D, j + 3, "the") && isw(D, j + 4, "week"))
      return 0;                   /* one "the week of": keeps it linear */
    r = parse_core(D, j + 3, p, p2, is_range, 2);
    if (r && !*is_range && p->grain == LEDE_GRAIN_DAY && !p->d2 &&
        !p->has_time && !p->hwk) {
      p->grain = LEDE_GRAIN_WEEK;
      return r;
    }
    memset(p, 0, sizeof *p);
    *is_range = 0;
    return 0;
  }
  if ((rk == R_THE || rk == R_A) &&
      (isw(D, j + 1, "end") || isw(D, j + 1, "beginning") ||
       isw(D, j + 1, "start") || isw(D, j + 1, "middle")) &&
      isw(D, j + 2, "of")) {
    if (isw(D, j + 3, "the") && isw(D, j + 5, "of"))
      return 0;                   /* one "the end of": keeps the scan linear */
    long r = parse_core(D, j + 3, p, p2, is_range, 2);
    if (r && p->grain != LEDE_GRAIN_DAY && p->kind != PK_WD) return r;
    memset(p, 0, sizeof *p);
    *is_range = 0;
    return 0;
  }
  if ((e = parse_numeric(D, k, p, p2, is_range))) return e;
  if (tk(D, k)->type != T_WORD) {   /* a number: day-led dates and years */
    memset(p, 0, sizeof *p);
    if ((e = parse_day_led(D, k, p))) return e;
    memset(p, 0, sizeof *p);
    int yr = bare_year_ok(D, k, cue);
    if (yr) {
      set_abs(p, yr, 0, 0, LEDE_GRAIN_YEAR, LEDE_STATED_YEAR);
      return k + 1;
    }
    return 0;
  }
  {
    /* holidays and seasons: their word here, or after last/next/the */
    const tok *t0 = tk(D, k);
    unsigned r = t0->wb & R_MASK, r1 = 0, r2 = 0;
    if (r == R_REL || r == R_REL2 || r == R_THE) {
      r1 = tk(D, k + 1)->wb & R_MASK;
      if (r1 == R_THE) r2 = tk(D, k + 2)->wb & R_MASK;
    }
    if (((r == R_HOLIDAY || r == R_QORD) && t0->cap) || r1 == R_HOLIDAY) {
      if ((e = parse_holiday(D, k, p))) return e;
      memset(p, 0, sizeof *p);
    }
    if (r == R_SEASON || r1 == R_SEASON || r2 == R_SEASON) {
      if ((e = parse_season(D, k, p))) return e;
      memset(p, 0, sizeof *p);
    }
  }
  if (rk == R_THE && (tk(D, k + 2)->wb & R_MASK) == R_WEEKDAY) {
    if ((e = parse_nth_weekday(D, k, p))) return e;
    memset(p, 0, sizeof *p);
  }
  if ((e = parse_weekday(D, k, p))) return e;
  if ((e = parse_month_led(D, k, p, cue))) return e;
  memset(p, 0, sizeof *p);
  if ((e = parse_day_led(D, k, p))) return e;
  memset(p, 0, sizeof *p);
  if ((e = parse_month_day(D, k, p))) return e;
  memset(p, 0, sizeof *p);
  if ((e = parse_relative(D, k, p))) {
    if (p->kind == PK_REL)
      p->grain = p->unit == U_DAY ? LEDE_GRAIN_DAY
               : p->unit == U_WEEK ? LEDE_GRAIN_WEEK
               : p->unit == U_MONTH ? LEDE_GRAIN_MONTH
               : p->unit == U_QUARTER ? LEDE_GRAIN_QUARTER
               : LEDE_GRAIN_YEAR;
    else p->grain = LEDE_GRAIN_DAY;
    return e;
  }
  memset(p, 0, sizeof *p);
  if ((e = parse_quarter(D, k, p))) return e;
  memset(p, 0, sizeof *p);
  if ((e = parse_fiscal(D, k, p))) return e;
  memset(p, 0, sizeof *p);
  int y = bare_year_ok(D, k, cue);
  if (y) {
    set_abs(p, y, 0, 0, LEDE_GRAIN_YEAR, LEDE_STATED_YEAR);
    return k + 1;
  }
  return 0;
}

/* ------------------------------------------------------------ resolving */

static int grain_of_unit(int u) {
  switch (u) {
  case U_MINUTE: case U_HOUR: return LEDE_GRAIN_TIME;
  case U_DAY: return LEDE_GRAIN_DAY;
  case U_WEEK: return LEDE_GRAIN_WEEK;
  case U_MONTH: return LEDE_GRAIN_MONTH;
  case U_QUARTER: return LEDE_GRAIN_QUARTER;
  default: return LEDE_GRAIN_YEAR;
  }
}

/* Sets p's resolved start from day number z at the point's grain. */
static void set_day(pt *p, long z) {
  int y, m, d;
  civil_from_days(z, &y, &m, &d);
  p->day = z;
  p->ry = y; p->rm = m; p->rq = (m - 1) / 3 + 1;
  p->ok = 1;
}

/* Moves day number z by n units (day, week, month, quarter, year). */
static long shift(long z, int n, int unit) {
  int y, m, d;
  switch (unit) {
  case U_DAY: return z + n;
  case U_WEEK: return z + 7L * n;
  case U_MONTH: case U_QUARTER: case U_YEAR: case U_DECADE:
    civil_from_days(z, &y, &m, &d);
    add_months(&y, &m, &d, n * (unit == U_MONTH ? 1 : unit == U_QUARTER ? 3
                                : unit == U_YEAR ? 12 : 120));
    return days_from_civil(y, m, d);
  }
  return z;
}

/* Chooses the year of a month-day or month without one. */
static int infer_year(dctx *D, int m, int d, int t) {
  long best = 0;
  int by = D->ry;
  int have = 0;
  for (int y = D->ry - 1; y <= D->ry + 1; y++) {
    int dd = d ? d : 1;
    if (!valid_ymd(y, m, dd)) continue;
    long z = days_from_civil(y, m, dd);
    long zend = d ? z : z + month_days(y, m) - 1;
    if (t > 0 && zend < D->ref) continue;
    if (t < 0 && z > D->ref) continue;
    long dist = z > D->ref ? z - D->ref : zend < D->ref ? D->ref - zend : 0;
    /* ties go to the past */
    if (!have || dist < best || (dist == best && t >= 0 && y < by && t == 0)) {
      if (!have || dist < best || t == 0) { best = dist; by = y; have = 1; }
    }
  }
  return have ? by : D->ry;
}

static void resolve(dctx *D, pt *p) {
  int t;
  p->ok = 0;
  switch (p->kind) {
  case PK_ABS:
    if (p->decade) { p->ry = p->y; p->ok = 1; return; }
    if (!p->y) {
      p->rel = 1;
      if (!D->hasref) return;
      t = tense(D, p->a, p->b);
      /* "the Aug. 17 election" names an event: the nearest one */
      if (p->grain == LEDE_GRAIN_DAY && det_at(D, p->a - 1)) t = 0;
      if (p->grain == LEDE_GRAIN_QUARTER || p->grain == LEDE_GRAIN_HALF) {
        int len = p->grain == LEDE_GRAIN_HALF ? 6 : 3;
        int rq = (D->rm - 1) / len + 1, q = (p->m - 1) / len + 1;
        int far = p->grain == LEDE_GRAIN_HALF ? 0 : 2;
        p->y = D->ry;
        if ((t < 0 && q > rq) || (t == 0 && q - rq > far)) p->y--;
        if ((t > 0 && q < rq) || (t == 0 && rq - q > far)) p->y++;
      } else {
        p->y = infer_year(D, p->m, p->d, t);
      }
    }
    if (p->grain == LEDE_GRAIN_YEAR || p->grain == LEDE_GRAIN_DECADE ||
        p->grain == LEDE_GRAIN_SEASON) {
      p->ry = p->y; p->ok = 1; return;
    }
    if (!valid_ymd(p->y, p->m, p->d ? p->d : 1)) return;
    set_day(p, days_from_civil(p->y, p->m, p->d ? p->d : 1));
    return;
  case PK_WD: {
    p->rel = 1;
    if (!D->hasref) return;
    int r = weekday_of(D->ref), w = p->wd;
    long z;
    /* last/this/next: that day of the previous/current/next ISO week */
    if (p->wmod == WM_LAST) z = D->ref - (r - w) - 7;
    else if (p->wmod == WM_NEXT) z = D->ref - (r - w) + 7;
    else if (p->wmod == WM_THIS) z = D->ref - (r - w);
    else if (p->wmod == WM_WEEK) z = D->ref - (r - w) + 7L * p->n;
    else if (p->wmod == WM_PAST) z = D->ref - ((r - w + 6) % 7 + 1);
    else if (p->wmod == WM_COMING) z = D->ref + ((w - r + 6) % 7 + 1);
    else {
      t = tense(D, p->a, p->b);
      z = t > 0 ? D->ref + (w - r + 7) % 7 : D->ref - (r - w + 7) % 7;
    }
    set_day(p, z);
    return;
  }
  case PK_REL:
    p->rel = 1;
    if (!D->hasref) return;
    set_day(p, shift(D->ref, p->n, p->unit));
    return;
  case PK_ANCHOR:
    p->rel = 1;
    if (p->unit == U_DAY ? D->hasanchor : D->hasperiod)
      set_day(p, shift(p->unit == U_DAY ? D->anchor : D->period, p->n,
                       p->unit));
    else if (D->hasref) set_day(p, shift(D->ref, p->n, p->unit));
    return;
  case PK_WEEKEND: {
    p->rel = 1;
    p->grain = LEDE_GRAIN_DAY;
    if (!D->hasref) return;
    int r = weekday_of(D->ref);
    long sat;
    int mode = p->wmod;
    if (mode == WM_TENSE) {
      t = tense(D, p->a, p->b);
      mode = t > 0 ? WM_NONE : WM_LAST;
    }
    if (mode == WM_LAST) {
      /* the most recent weekend, the current one on a Saturday or Sunday */
      sat = r >= 6 ? D->ref - (r - 6) : D->ref - (r + 1);
    } else {
      sat = r >= 6 ? D->ref - (r - 6) : D->ref + (6 - r);
      if (mode == WM_NEXT) sat += 7;
    }
    set_day(p, sat);
    return;
  }
  case PK_TIME:
    p->ok = 1;
    return;
  }
}

/* ------------------------------------------------------------- emitting */

static void fmt_value(const pt *p, int grain, char *out, size_t cap) {
  int y, m, d;
  out[0] = 0;
  if (!p->ok) return;
  if (p->kind == PK_TIME) {
    snprintf(out, cap, "T%02d:%02d", p->hh, p->mi);
    return;
  }
  if (p->dayval) grain = LEDE_GRAIN_DAY;
  switch (grain) {
  case LEDE_GRAIN_TIME: case LEDE_GRAIN_DAY:
    civil_from_days(p->day, &y, &m, &d);
    if (p->has_time)
      snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d", y, m, d, p->hh, p->mi);
    else
      snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    return;
  case LEDE_GRAIN_WEEK: {
    int wy, w;
    iso_week(p->day, &wy, &w);
    snprintf(out, cap, "%04d-W%02d", wy, w);
    return;
  }
  case LEDE_GRAIN_MONTH:
    snprintf(out, cap, "%04d-%02d", p->ry, p->rm);
    return;
  case LEDE_GRAIN_QUARTER:
    snprintf(out, cap, "%04d-Q%d", p->ry, p->rq);
    return;
  case LEDE_GRAIN_HALF:
    snprintf(out, cap, "%04d-H%d", p->ry, p->rm <= 6 ? 1 : 2);
    return;
  case LEDE_GRAIN_SEASON: {
    static const char *const code[] = {"SP", "SU", "FA", "WI"};
    snprintf(out, cap, "%04d-%s", p->ry, code[(p->season + 3) % 4]);
    return;
  }
  case LEDE_GRAIN_YEAR: case LEDE_GRAIN_DECADE:
    snprintf(out, cap, "%04d", p->ry);
    return;
  }
}

static int point_grain(const pt *p) {
  if (p->has_time) return LEDE_GRAIN_TIME;
  return p->grain;
}

typedef struct emitter {
  lede_date_fn fn;
  void *ctx;
  int stopped;
} emitter;

static void copy_tz(dctx *D, const pt *p, lede_date *o) {
  o->tz[0] = 0;
  if (p->tz_e > p->tz_s) {
    size_t l = p->tz_e - p->tz_s;
    if (l >= sizeof o->tz) l = sizeof o->tz - 1;
    memcpy(o->tz, D->s + p->tz_s, l);
    o->tz[l] = 0;
  }
}

static void remember(dctx *D, const pt *p) {
  if (!p->ok || p->kind == PK_TIME || p->decade) return;
  if (p->grain == LEDE_GRAIN_DAY || p->grain == LEDE_GRAIN_TIME) {
    D->hasanchor = 1;
    D->anchor = p->day;
  }
  switch (p->grain) {
  case LEDE_GRAIN_DAY: case LEDE_GRAIN_TIME: case LEDE_GRAIN_WEEK:
  case LEDE_GRAIN_MONTH: case LEDE_GRAIN_QUARTER:
    D->period = p->dayval || p->kind != PK_ABS || p->grain <= LEDE_GRAIN_WEEK
                    ? p->day : days_from_civil(p->ry, p->rm, 1);
    break;
  case LEDE_GRAIN_HALF: case LEDE_GRAIN_YEAR:
    D->period = days_from_civil(p->ry, p->grain == LEDE_GRAIN_HALF &&
                                p->rm > 6 ? 7 : 1, 1);
    break;
  default:
    return;
  }
  D->hasperiod = 1;
}

static void emit(dctx *D, emitter *E, long a, long b, int kind, const pt *p,
                 const pt *q) {
  lede_date o;
  memset(&o, 0, sizeof o);
  o.start = tk(D, a)->s;
  o.end = tk(D, b - 1)->e;
  o.kind = kind;
  o.grain = point_grain(p);
  if (p->kind == PK_TIME && kind == LEDE_DATE_KIND_DATE)
    o.kind = LEDE_DATE_KIND_TIME;
  if (p->decade) {
    o.kind = LEDE_DATE_KIND_INTERVAL;
    o.grain = LEDE_GRAIN_DECADE;
    if (p->ok) {
      snprintf(o.value, sizeof o.value, "%04d", p->ry);
      snprintf(o.end_value, sizeof o.end_value, "%04d", p->ry + 9);
    }
  } else {
    fmt_value(p, o.grain, o.value, sizeof o.value);
  }
  if (q) {
    if (q->decade && q->ok)
      snprintf(o.end_value, sizeof o.end_value, "%04d", q->ry + 9);
    else
      fmt_value(q, point_grain(q), o.end_value, sizeof o.end_value);
    if (!p->ok || (q->kind && !q->ok)) { o.value[0] = 0; o.end_value[0] = 0; }
  }
  o.relative = p->rel || (q && q->rel);
  o.fiscal = p->fiscal;
  o.stated = p->stated;
  copy_tz(D, p, &o);
  if (!o.tz[0] && q) copy_tz(D, q, &o);
  if (E->fn(E->ctx, &o)) E->stopped = 1;
}

/* Resolves and emits one point, or a built-in range ("Aug. 23-24",
** "2019-2021"). */
static void emit_point(dctx *D, emitter *E, pt *p, pt *p2, int is_range) {
  resolve(D, p);
  if (is_range) {
    p2->a = p->a; p2->b = p->b;
    resolve(D, p2);
    emit(D, E, p->a, p->b, LEDE_DATE_KIND_INTERVAL, p, p2);
    return;
  }
  if (p->hwk) {                    /* "the Thanksgiving weekend" */
    pt a = *p, q = *p;
    if (p->ok) {
      set_day(&a, p->day + p->wk0);
      set_day(&q, p->day + p->wk1);
    }
    remember(D, &q);
    emit(D, E, p->a, p->b, LEDE_DATE_KIND_INTERVAL, &a, &q);
    return;
  }
  if (p->kind == PK_WEEKEND) {
    pt q = *p;
    if (p->ok) set_day(&q, p->day + 1);
    remember(D, &q);
    emit(D, E, p->a, p->b, LEDE_DATE_KIND_INTERVAL, p, &q);
    return;
  }
  if (p->d2) {
    pt q = *p;
    q.d = p->d2;
    q.d2 = 0;
    if (p->ok && valid_ymd(p->ry, p->rm, q.d))
      set_day(&q, days_from_civil(p->ry, p->rm, q.d));
    else q.ok = 0;
    remember(D, &q);
    emit(D, E, p->a, p->b, LEDE_DATE_KIND_INTERVAL, p, &q);
    return;
  }
  remember(D, p);
  emit(D, E, p->a, p->b, p->kind == PK_TIME ? LEDE_DATE_KIND_TIME
                                            : LEDE_DATE_KIND_DATE, p, NULL);
}

static int same_family(const pt *p, const pt *q) {
  int a = p->kind == PK_TIME, b = q->kind == PK_TIME;
  return a == b;
}

/* Makes an interval's end follow its start when the end was inferred. */
static void order_interval(dctx *D, pt *p, pt *q) {
  (void)D;
  if (!p->ok || !q->ok) return;
  if (p->kind == PK_TIME || q->kind == PK_TIME) return;
  if (q->grain == LEDE_GRAIN_DAY || q->grain == LEDE_GRAIN_WEEK) {
    if (q->kind == PK_WD && q->day < p->day) set_day(q, q->day + 7);
    if (q->kind == PK_ABS && !(q->stated & LEDE_STATED_YEAR)) {
      int y = p->ry;
      if (valid_ymd(y, q->m, q->d) && days_from_civil(y, q->m, q->d) < p->day)
        y++;
      if (valid_ymd(y, q->m, q->d)) set_day(q, days_from_civil(y, q->m, q->d));
    }
  } else if (q->grain == LEDE_GRAIN_MONTH && q->kind == PK_ABS &&
             !(q->stated & LEDE_STATED_YEAR)) {
    int y = p->ry;
    if (q->m < p->rm) y++;
    q->y = y;
    set_day(q, days_from_civil(y, q->m, 1));
  }
}

/* When the start of an interval has no year and the end has one
** ("Jan. 1 to June 30, 2025"), the start takes the end's year. */
static void share_year(pt *p, const pt *q) {
  if (p->kind == PK_ABS && !p->y && q->kind == PK_ABS && q->y &&
      p->grain != LEDE_GRAIN_QUARTER) {
    p->y = q->y;
    if (p->m > q->m || (p->m == q->m && p->d > q->d)) p->y--;
  }
}

/* An interval whose ends both lack a year ("Jan. 1 to June 30") takes
** the year that puts the whole span nearest the reference (the span
** itself, not its start: "the data covers Jan. 1 to June 30" in
** September is this year's first half), after the tense of its clause:
** looking ahead, a span not yet over; looking back, one already begun. */
static void span_year(dctx *D, pt *p, pt *q) {
  if (!D->hasref || p->kind != PK_ABS || q->kind != PK_ABS || p->y || q->y ||
      p->decade || q->decade || p->grain == LEDE_GRAIN_QUARTER ||
      q->grain == LEDE_GRAIN_QUARTER || !p->m || !q->m)
    return;
  int t = tense(D, p->a, q->b), have = 0, by = D->ry;
  long best = 0;
  for (int y = D->ry - 1; y <= D->ry + 1; y++) {
    int d1 = p->d ? p->d : 1, y2 = y;
    if (q->m < p->m || (q->m == p->m && q->d && q->d < d1)) y2++;
    int d2 = q->d ? q->d : month_days(y2, q->m);
    if (!valid_ymd(y, p->m, d1) || !valid_ymd(y2, q->m, d2)) continue;
    long z1 = days_from_civil(y, p->m, d1), z2 = days_from_civil(y2, q->m, d2);
    if (t > 0 && z2 < D->ref) continue;
    if (t < 0 && z1 > D->ref) continue;
    long dist = z1 > D->ref ? z1 - D->ref : z2 < D->ref ? D->ref - z2 : 0;
    if (!have || dist < best) { best = dist; by = y; have = 1; }
  }
  p->y = by;
  p->rel = 1;
}

/* Count + unit at k: "three days", "a year", "10 weeks". */
static long count_unit(dctx *D, long k, int *n, int *u) {
  long j = count_at(D, k, n);
  if (!j) return 0;
  *u = unit_at(D, j);
  if (!*u) return 0;
  if (isw(D, j + 1, "of") || isp(D, j + 1, '-')) return 0;   /* "a year of losses" */
  /* "a year" yes, "one days" fine; "a days" no */
  if (isw(D, k, "a") || isw(D, k, "an")) {
    if (tk(D, j)->w[tk(D, j)->wlen - 1] == 's') return 0;
  }
  if (*u == U_FORTNIGHT) { *n *= 2; *u = U_WEEK; }
  return j + 1;
}

static void duration_value(int n, int u, char *out, size_t cap) {
  switch (u) {
  case U_MINUTE: snprintf(out, cap, "PT%dM", n); break;
  case U_HOUR: snprintf(out, cap, "PT%dH", n); break;
  case U_DAY: snprintf(out, cap, "P%dD", n); break;
  case U_WEEK: snprintf(out, cap, "P%dW", n); break;
  case U_MONTH: snprintf(out, cap, "P%dM", n); break;
  case U_QUARTER: snprintf(out, cap, "P%dM", n * 3); break;
  case U_YEAR: snprintf(out, cap, "P%dY", n); break;
  default: snprintf(out, cap, "P%dY", n * 10); break;
  }
}

static void emit_duration(dctx *D, emitter *E, long a, long b, int n, int u) {
  lede_date o;
  memset(&o, 0, sizeof o);
  o.start = tk(D, a)->s;
  o.end = tk(D, b - 1)->e;
  o.kind = LEDE_DATE_KIND_DURATION;
  o.grain = grain_of_unit(u);
  if (u == U_DECADE) o.grain = LEDE_GRAIN_DECADE;
  duration_value(n, u, o.value, sizeof o.value);
  if (E->fn(E->ctx, &o)) E->stopped = 1;
}

/* Date arithmetic: "three days after January 12", "two weeks before the
** Nov. 5 election", "a week from today": count and unit at k, the word
** after them at j. The result spans the whole phrase; the named date is
** reported too, after it. Returns the next token or 0. */
static long date_arith(dctx *D, emitter *E, long k, long j, int n, int u) {
  long c = j + 1;
  if (det_at(D, c) && !isw(D, c, "this")) c++;
  pt a, a2;
  int range;
  long e = parse_point(D, c, &a, &a2, &range, 1);
  if (!e || range || a.kind == PK_TIME || a.d2) return 0;
  resolve(D, &a);
  if (a.grain != LEDE_GRAIN_DAY && !a.has_time) return 0;
  pt p = a;
  p.has_time = 0;
  p.stated = 0;
  p.rel = 1;
  p.grain = grain_of_unit(u);
  p.dayval = 1;
  p.tz_s = p.tz_e = 0;
  p.a = k;
  p.b = e;
  if (a.ok) set_day(&p, shift(a.day, n, u));
  if (p.grain != LEDE_GRAIN_DAY && p.grain != LEDE_GRAIN_WEEK) return 0;
  remember(D, &p);
  emit(D, E, k, e, LEDE_DATE_KIND_DATE, &p, NULL);
  if (!E->stopped && a.kind != PK_REL)
    emit(D, E, a.a, a.b, a.kind == PK_TIME ? LEDE_DATE_KIND_TIME
                                          : LEDE_DATE_KIND_DATE, &a, NULL);
  return e;
}

/* Offsets: "two weeks ago", "three days later", "a year earlier",
** "in three days", "for three years", "within a month". Returns the next
** token or 0. */
static long try_offset(dctx *D, emitter *E, long k) {
  int n, u;
  long j;
  if (isw(D, k, "for") || isw(D, k, "within") || isw(D, k, "in") ||
      isw(D, k, "over") || isw(D, k, "after")) {
    long c = k + 1;
    int past = 0;
    if (isw(D, c, "the") && (isw(D, c + 1, "past") || isw(D, c + 1, "last") ||
                             isw(D, c + 1, "next") || isw(D, c + 1, "coming"))) {
      c += 2;
      past = 1;
    } else if (isw(D, c, "another") || isw(D, c, "nearly") ||
               isw(D, c, "almost") || isw(D, c, "about") ||
               isw(D, c, "more") || isw(D, c, "over")) {
      if (isw(D, c, "more") && isw(D, c + 1, "than")) c++;
      c++;
    }
    j = count_unit(D, c, &n, &u);
    if (!j) return 0;
    if (isw(D, j, "old")) return 0;   /* "over thirty years old": an age */
    if (isw(D, j, "ago") || isw(D, j, "later") || isw(D, j, "earlier") ||
        (isw(D, j, "from") && isw(D, j + 1, "now")))
      return 0;                    /* an offset, handled at the count */
    if (isw(D, j, "'") || isp(D, j, '\'')) {
      /* "in three days' time" */
      if (isw(D, k, "in") && isw(D, j + 1, "time")) {
        pt p;
        memset(&p, 0, sizeof p);
        p.kind = PK_REL; p.n = n; p.unit = u; p.grain = grain_of_unit(u);
        p.dayval = u == U_WEEK;
        p.a = k; p.b = j + 2;
        if (u <= U_HOUR) return 0;
        resolve(D, &p);
        remember(D, &p);
        emit(D, E, k, j + 2, LEDE_DATE_KIND_DATE, &p, NULL);
        return j + 2;
      }
    }
    /* a date when the clause looks ahead, or when the phrase opens it
    ** with no cue at all ("In two weeks." as a line of its own) */
    int tn = isw(D, k, "in") && !past && u >= U_DAY ? tense(D, k, j) : -1;
    if (tn > 0 || (tn == 0 && tk(D, k - 1)->type == T_NONE)) {
      pt p;
      memset(&p, 0, sizeof p);
      p.kind = PK_REL; p.n = n; p.unit = u; p.grain = grain_of_unit(u);
      p.dayval = u == U_WEEK;
      p.a = k; p.b = j;
      resolve(D, &p);
      remember(D, &p);
      emit(D, E, k, j, LEDE_DATE_KIND_DATE, &p, NULL);
      return j;
    }
    if (isw(D, k, "after") && !past) return 0;
    emit_duration(D, E, k, j, n, u);
    return j;
  }
  j = count_unit(D, k, &n, &u);
  if (!j || u <= U_HOUR) return 0;
  if (glued_before(D, k)) return 0;
  pt p;
  memset(&p, 0, sizeof p);
  p.grain = grain_of_unit(u);
  if (u == U_DECADE) { p.grain = LEDE_GRAIN_YEAR; }
  p.a = k;
  if (isw(D, j, "ago") || (isw(D, j, "from") && isw(D, j + 1, "now"))) {
    p.kind = PK_REL;
    p.n = isw(D, j, "ago") ? -n : n;
    p.b = isw(D, j, "ago") ? j + 1 : j + 2;
  } else if (isw(D, j, "later") || isw(D, j, "earlier")) {
    p.kind = PK_ANCHOR;
    p.n = isw(D, j, "later") ? n : -n;
    p.b = j + 1;
  } else if (isw(D, j, "after") || isw(D, j, "before") || isw(D, j, "from")) {
    return date_arith(D, E, k, j, isw(D, j, "before") ? -n : n, u);
  } else {
    return 0;
  }
  p.unit = u == U_DECADE ? U_DECADE : u;
  p.dayval = u == U_WEEK;
  resolve(D, &p);
  if (p.grain == LEDE_GRAIN_DAY) remember(D, &p);
  emit(D, E, p.a, p.b, LEDE_DATE_KIND_DATE, &p, NULL);
  return p.b;
}

/* "the day after the Aug. 17 election": the anchor must be in reach. */
static long try_day_after(dctx *D, emitter *E, long k) {
  long j = k;
  int n = 1;
  if (!isw(D, j, "the")) return 0;
  if (!isw(D, j + 1, "day")) return 0;
  if (isw(D, j + 2, "after")) n = 1;
  else if (isw(D, j + 2, "before")) n = -1;
  else return 0;
  j += 3;
  if (det_at(D, j) && !isw(D, j, "this")) j++;
  pt p, p2;
  int range;
  long e = parse_point(D, j, &p, &p2, &range, 1);
  if (!e || range || p.kind == PK_TIME) return k + 3;   /* no anchor: no day */
  resolve(D, &p);
  if (p.grain != LEDE_GRAIN_DAY && !p.has_time) return k + 3;
  pt q = p;
  q.has_time = p.kind == PK_REL && p.has_time;  /* "... tomorrow at noon" */
  q.stated = q.has_time ? LEDE_STATED_TIME : 0;
  q.rel = 1;
  if (p.ok) set_day(&q, p.day + n);
  q.grain = LEDE_GRAIN_DAY;
  if (!q.has_time) q.tz_s = q.tz_e = 0;
  remember(D, &q);
  emit(D, E, k, e, LEDE_DATE_KIND_DATE, &q, NULL);
  if (!E->stopped && p.kind != PK_REL)   /* the named date itself, not
                                         ** "tomorrow" */
    emit(D, E, p.a, p.b, LEDE_DATE_KIND_DATE, &p, NULL);
  return e;
}

/* A relative day from the anchor: "the next day", "the following week". */
static long try_next_day(dctx *D, emitter *E, long k) {
  if (!isw(D, k, "the")) return 0;
  int n;
  if (isw(D, k + 1, "next") || isw(D, k + 1, "following")) n = 1;
  else if (isw(D, k + 1, "previous") || isw(D, k + 1, "preceding")) n = -1;
  else return 0;
  int u = unit_at(D, k + 2);
  if (u != U_DAY && u != U_WEEK && u != U_MONTH && u != U_QUARTER &&
      u != U_YEAR)
    return 0;
  if (tk(D, k + 2)->w[tk(D, k + 2)->wlen - 1] == 's') return 0;
  /* "the next day" needs a day before it; "the previous quarter", "the
  ** following year" count from the reference when there is none */
  if (!D->hasanchor && u == U_DAY) return 0;
  pt p;
  memset(&p, 0, sizeof p);
  p.kind = PK_ANCHOR; p.n = n; p.unit = u; p.grain = grain_of_unit(u);
  p.a = k; p.b = k + 3;
  resolve(D, &p);
  if (p.grain == LEDE_GRAIN_DAY) remember(D, &p);
  emit(D, E, p.a, p.b, LEDE_DATE_KIND_DATE, &p, NULL);
  return p.b;
}

static int is_connector(dctx *D, long k, int between) {
  if (between) return isw(D, k, "and");
  return isw(D, k, "to") || isw(D, k, "through") || isw(D, k, "thru") ||
         isw(D, k, "until") || isw(D, k, "till") || dash_at(D, k);
}

/* A second point after a connector; "March 3 to 5" gives a bare day. */
static long second_point(dctx *D, long c, const pt *p, pt *q) {
  pt tmp;
  int range;
  long e = parse_point(D, c, q, &tmp, &range, 1);
  if (e && !range && same_family(p, q) && q->kind != 0) {
    if (q->kind == PK_TIME && p->kind != PK_TIME) return 0;
    return e;
  }
  memset(q, 0, sizeof *q);
  int d;
  if (p->kind == PK_ABS && p->grain == LEDE_GRAIN_DAY && !p->d2 &&
      (e = day_num(D, c, &d)) && !month_at(D, e, &e) && d > p->d) {
    long j = e;
    int y = 0;
    j = year_after(D, e, &y);
    set_abs(q, y ? y : p->y, p->m, d, LEDE_GRAIN_DAY,
            LEDE_STATED_DAY | (y ? LEDE_STATED_YEAR : 0));
    q->a = c; q->b = j;
    if (!unit_at(D, j)) return j;
  }
  memset(q, 0, sizeof *q);
  return 0;
}

/* "between 2000 and 2100 GMT", "from 0600 to 1800 hours": after "from" or
** "between" (k), a four-digit start is a 24-hour time, not a year, when
** the end is one (with a zone or "hours"). The end may carry a day
** ("between 2000 and 2100 GMT on Friday"): the start is then that day too
** when it is the earlier time. Returns the next token or 0. */
static long clock_interval(dctx *D, emitter *E, long k, int between) {
  pt p, q, p2;
  int range;
  if (!isnum(D, k + 1, 4, 4) || glued_before(D, k + 1) ||
      glued_after(D, k + 1) || !is_connector(D, k + 2, between) ||
      !isnum(D, k + 3, 4, 4))
    return 0;
  long v = numv(D, k + 1);
  int hh = (int)(v / 100), mi = (int)(v % 100);
  if (hh > 23 || mi > 59) return 0;
  long f = parse_point(D, k + 3, &q, &p2, &range, 1);
  if (!f || range || !q.has_time || q.a != k + 3 ||
      !(q.stated & LEDE_STATED_TIME))
    return 0;
  resolve(D, &q);
  if (q.kind == PK_TIME) {
    memset(&p, 0, sizeof p);
    p.kind = PK_TIME;
    p.grain = LEDE_GRAIN_TIME;
    p.ok = 1;
  } else {
    if (hh * 60 + mi >= q.hh * 60 + q.mi) return 0;
    p = q;                       /* the day of the end, at the start time */
    p.tz_s = p.tz_e = 0;
  }
  p.has_time = 1;
  p.hh = hh;
  p.mi = mi;
  p.stated = LEDE_STATED_TIME;
  p.a = k + 1;
  p.b = k + 2;
  remember(D, &q);
  emit(D, E, k, f, LEDE_DATE_KIND_INTERVAL, &p, &q);
  return f;
}

/* Recurrences: "every Monday", "each Friday", "on Mondays", "every week".
** Weekdays are written as TIMEX3 does ("XXXX-WXX-1"), periods as an ISO
** duration ("P1W"). */
static long try_set(dctx *D, emitter *E, long k) {
  static const char *const plural[] = {
    "mondays", "tuesdays", "wednesdays", "thursdays", "fridays",
    "saturdays", "sundays"};
  lede_date o;
  long e;
  int full, wd = 0, u = 0;
  memset(&o, 0, sizeof o);
  if (isw(D, k, "every") || isw(D, k, "each")) {
    wd = weekday_at(D, k + 1, &e, &full);
    if (wd && !full) wd = 0;
    if (!wd) {
      u = unit_at(D, k + 1);
      if (u < U_DAY || u == U_QUARTER || u == U_DECADE || u == U_FORTNIGHT ||
          tk(D, k + 1)->w[tk(D, k + 1)->wlen - 1] == 's')
        return 0;
    }
    e = k + 2;
  } else if (isw(D, k, "on") && tk(D, k + 1)->cap) {
    for (int i = 0; i < 7; i++)
      if (isw(D, k + 1, plural[i])) wd = i + 1;
    if (!wd) return 0;
    e = k + 2;
  } else {
    return 0;
  }
  if (wd) {
    snprintf(o.value, sizeof o.value, "XXXX-WXX-%d", wd);
    o.grain = LEDE_GRAIN_DAY;
  } else {
    duration_value(1, u, o.value, sizeof o.value);
    o.grain = grain_of_unit(u);
  }
  o.kind = LEDE_DATE_KIND_SET;
  o.start = tk(D, k)->s;
  o.end = tk(D, e - 1)->e;
  if (E->fn(E->ctx, &o)) E->stopped = 1;
  return e;
}

/* A cheap look at the word after the frequent starters ("the", "a", "in",
** "on", ...): 0 when no grammar can go on from there. */
static int may_follow(dctx *D, long k) {
  const tok *t = tk(D, k), *n = tk(D, k + 1);
  int num_or_starter = n->type == T_NUM || (n->wb & R_MASK);
  switch (t->w[0]) {
  case 't':
    if (same_word(t, "the"))
      return num_or_starter || isw(D, k + 1, "day") || isw(D, k + 1, "end") ||
             isw(D, k + 1, "beginning") || isw(D, k + 1, "start") ||
             isw(D, k + 1, "middle") || isw(D, k + 1, "following") ||
             isw(D, k + 1, "preceding") || isw(D, k + 1, "weekend") ||
             isw(D, k + 1, "week") || (n->wb & R_MASK) == R_SEASON ||
             ((n->wb & WB_UNIT) && (tk(D, k - 1)->wb & WB_OF));
    return 1;
  case 'a':
    if (same_word(t, "a") || same_word(t, "an"))
      return unit_at(D, k + 1) || isw(D, k + 1, "couple");
    if (same_word(t, "at")) return isw(D, k + 1, "the");
    if (same_word(t, "after")) return num_or_starter;
    return 1;
  case 'o':
    if (same_word(t, "on")) return isw(D, k + 1, "the") || n->cap;
    if (same_word(t, "over"))
      return num_or_starter || isw(D, k + 1, "another") ||
             isw(D, k + 1, "nearly") || isw(D, k + 1, "almost") ||
             isw(D, k + 1, "about") || isw(D, k + 1, "more");
    return 1;
  case 'i': case 'f': case 'w':
    if (same_word(t, "in") || same_word(t, "for") || same_word(t, "within") ||
        same_word(t, "from"))
      return num_or_starter || isw(D, k + 1, "another") ||
             isw(D, k + 1, "nearly") || isw(D, k + 1, "almost") ||
             isw(D, k + 1, "about") || isw(D, k + 1, "more") ||
             (n->type == T_WORD && n->cap) || n->type == T_PUNCT;
    return 1;
  }
  return 1;
}

static inline int is_dash(const tok *t) {
  return t->type == T_PUNCT && t->c == '-';
}

/* After a count and its unit: "ago", "later", "earlier", "from (now)". */
static inline int ago_at(dctx *D, long k) {
  return (tk(D, k)->wb & (WB_AGO | WB_AFTERBEFORE)) != 0;
}

/*
** A quicker look than the grammars, by token k and the few after it: 0
** when no grammar can begin at k (try_grammars would return 0). Each case
** lists what the grammars that may begin with such a token need next; it
** may let through more than they take, never less. At depth > 0 (a point
** after "from", "since", "early", ...) the roles that would look further
** are let through. Under DATES_CHECK_FILTER every refusal is checked
** against the grammars.
*/
static int can_start(dctx *D, long k, int depth) {
  const tok *t = tk(D, k), *n = tk(D, k + 1);
  unsigned nb = n->wb, nr = nb & R_MASK;
  if (t->type == T_PUNCT)           /* '90s */
    return t->c == '\'' && n->type == T_NUM && n->ndig == 2 && !n->sp;
  if (t->type == T_NUM) {
    if (t->ndig == 4) return 1;      /* years, 2025-09-04, 0600 GMT, ... */
    if (t->ndig > 4) return 0;
    if (t->ndig <= 2 && (tk(D, k - 1)->wb & R_MASK) == R_AT)
      return 1;                      /* "at 7" with a part of the day */
    if (n->type == T_WORD) {
      if (nb & WB_UNIT) return ago_at(D, k + 2);   /* "3 days ago" */
      if (t->ndig == 3) return 0;
      if (nb & WB_ORD) {             /* 4th of July, 4th-5th May, 4th May */
        const tok *m = tk(D, k + 2);
        return (m->wb & R_MASK) == R_MONTH || (m->wb & WB_OF) || is_dash(m);
      }
      /* 8 p.m., 10 o'clock, 4 of July, 4 September, 7 ноября,
      ** 9 de março */
      return (nb & (WB_AMPM | WB_OCLOCK | WB_OF)) || nr == R_MONTH ||
             (!n->exact && intl_word(D, k + 1)) ||
             (same_word(n, "de") && intl_word(D, k + 2));
    }
    if (t->ndig == 3 || n->type != T_PUNCT) return 0;
    switch (n->c) {
    case ':': case '/': return 1;    /* 10:30, 9/4/2025 */
    case '.': {                      /* 9.30am, 4.9.2025, 22. Oktober */
      const tok *m = tk(D, k + 2);
      return (m->type == T_NUM && !m->sp && m->ndig <= 2 &&
              (tk(D, k + 3)->c == '.' || (tk(D, k + 3)->wb & WB_AMPM))) ||
             intl_word(D, k + 2);
    }
    case '-': {                      /* 23-24 August */
      const tok *m = tk(D, k + 2);
      return m->type == T_NUM && m->ndig <= 2;
    }
    }
    return 0;
  }
  if (t->type != T_WORD) return 0;
  switch (t->wb & R_MASK) {
  case R_THE:
    if (nb & WB_DAY)                 /* the day after/before */
      return (tk(D, k + 2)->wb & WB_AFTERBEFORE) != 0;
    if ((nb & WB_DAYNEXT) && (tk(D, k + 2)->wb & WB_UNIT))
      return 1;                      /* the next day, the previous quarter */
    if (nb & WB_BEGEND)              /* the end of */
      return (tk(D, k + 2)->wb & WB_OF) != 0;
    if ((nr == R_QORD || nr == R_REL) &&
        (tk(D, k + 2)->wb & R_MASK) == R_WEEKDAY)
      return 1;                      /* the first Monday in October */
    if ((nb & WB_WEEKEND) || nr == R_SEASON)
      return 1;                      /* the weekend, the summer of 2024 */
    if ((nb & WB_UNIT) && ((tk(D, k + 2)->wb & WB_OF) ||
                           (tk(D, k - 1)->wb & WB_OF)))
      return 1;                      /* the week of April 10, (end of) the year */
    if (nb & WB_QORD) {              /* the third quarter */
      const tok *m = tk(D, k + 2);
      return (m->wb & WB_QUARTER) || is_dash(m);
    }
    return n->type == T_NUM && n->ndig <= 2 &&     /* the 4th (of July) */
           (tk(D, k + 2)->wb & WB_ORD);
  case R_OFFSET:  /* in three days, for a year, within the next two weeks */
  case R_OVER: {  /* ... and over the weekend */
    const tok *m = tk(D, k + 2);
    if (n->type == T_NUM) return n->ndig <= 3 && (m->wb & WB_UNIT);
    if (nb & WB_COUNT)
      return (m->wb & (WB_UNIT | WB_COUPLE)) || is_dash(m);
    if (nb & WB_THE)
      return (m->wb & WB_PASTNEXT) ||
             ((t->wb & R_MASK) == R_OVER && (m->wb & WB_WEEKEND));
    return (nb & WB_MORE) != 0;
  }
  case R_ON:      /* on Mondays, on the weekend */
    return (nb & WB_WDPLURAL) ||
           ((nb & WB_THE) && (tk(D, k + 2)->wb & WB_WEEKEND));
  case R_AT:      /* at the weekend */
    return (nb & WB_THE) && (tk(D, k + 2)->wb & WB_WEEKEND);
  case R_RANGE:   /* from/between + a day number or a point */
    if (depth) return 1;
    return (n->type == T_NUM && n->ndig <= 2) || can_start(D, k + 1, 1);
  case R_SINCE:   /* since + a point, since at least + a point */
    if (depth) return 1;
    return nr == R_AT || can_start(D, k + 1, 1);
  case R_EVERY:   /* every Monday, each week */
    return nr == R_WEEKDAY || (nb & WB_UNIT);
  case R_REL:     /* last Monday, last night, this morning, next week,
                  ** this past Monday, last Christmas */
    return nr == R_WEEKDAY || nr == R_REL2 || nr == R_HOLIDAY ||
           nr == R_SEASON ||
           (nb & (WB_PARTDAY | WB_WEEKEND | WB_UNIT));
  case R_REL2:    /* past Monday, coming weekend, coming Christmas */
    return nr == R_WEEKDAY || nr == R_HOLIDAY || nr == R_SEASON ||
           (nb & WB_WEEKEND);
  case R_MOD:     /* early March, mid-2024, later this month */
    if (depth) return 1;
    return is_dash(n) || can_start(D, k + 1, 1);
  case R_OVERNIGHT:
    return nr == R_WEEKDAY;
  case R_Q: case R_FY:
    return n->type == T_NUM;
  case R_FISCAL:
    return n->type == T_NUM || (nb & WB_YEAR);
  case R_QORD:    /* third quarter, third-quarter, the Fourth of July */
    return (nb & WB_QUARTER) || is_dash(n) || (t->cap && (nb & WB_OF));
  case R_TENS:    /* twenty-five years ago */
    if (is_dash(n)) return 1;
    /* fall through */
  case R_COUNT:   /* three days ago, three days later */
    return (nb & WB_UNIT) && ago_at(D, k + 2);
  case R_A:       /* a year ago, a couple of days later, an end of */
    return ((nb & WB_UNIT) && ago_at(D, k + 2)) ||
           (nb & (WB_COUPLE | WB_BEGEND));
  case R_MONTH: case R_WEEKDAY:
    return t->cap;
  case R_ALWAYS:
    return 1;
  case R_HOLIDAY: {               /* Christmas Day, New Year's Eve */
    long e;
    int cue;
    return t->cap && holiday_at(D, k, &e, &cue) != NULL;
  }
  case R_SEASON: {                /* summer 2024, in the spring, last fall */
    unsigned pr = tk(D, k - 1)->wb & R_MASK;
    return n->type == T_NUM || (nb & WB_OF) || pr == R_REL || pr == R_REL2 ||
           pr == R_MOD ||
           inr(D, k - 1, LEDE_VOC_DCTX_SEASON_CUE);
  }
  }
  return 0;
}

static long try_grammars(dctx *D, emitter *E, long k);

#ifdef DATES_CHECK_FILTER
#include <stdlib.h>
static int check_sink(void *ctx, const lede_date *d) {
  (void)ctx; (void)d;
  return 0;
}

/* The filter refused token k: the grammars must agree. */
static void check_filter(dctx *D, long k) {
  emitter X = {check_sink, NULL, 0};
  int ha = D->hasanchor, hp = D->hasperiod;
  long an = D->anchor, pd = D->period;
  long e = try_grammars(D, &X, k);
  D->hasanchor = ha;
  D->anchor = an;
  D->hasperiod = hp;
  D->period = pd;
  if (e) {
    const tok *t = tk(D, k);
    fprintf(stderr, "dates: filter refused a match at %zu: %.*s\n", t->s,
            (int)(D->end - t->s > 60 ? 60 : D->end - t->s), D->s + t->s);
    abort();
  }
}
#endif

/* Everything that may start at token k; returns the next token or 0. */
static long try_at(dctx *D, emitter *E, long k) {
  const tok *t = tk(D, k);
  int go = t->cand && (t->type != T_PUNCT || t->c == '\'') &&
           can_start(D, k, 0) && (t->type != T_WORD || may_follow(D, k));
#ifdef DATES_CHECK_FILTER
  if (!go) check_filter(D, k);
#endif
  return go ? try_grammars(D, E, k) : 0;
}

/* The grammars at token k; returns the next token or 0. */
static long try_grammars(dctx *D, emitter *E, long k) {
  pt p, q, p2;
  int range;
  long e;
  /* intervals with a leading word */
  int from = isw(D, k, "from"), between = isw(D, k, "between");
  if (from || between) {
    /* "from 1 to 3 October", "between 23 and 25 March 2024" */
    int d1;
    long e1 = day_num(D, k + 1, &d1), x;
    if (e1 && !month_at(D, e1, &x) && !isw(D, e1, "of") &&
        is_connector(D, e1, between)) {
      memset(&q, 0, sizeof q);
      long f = parse_day_led(D, e1 + 1, &q);
      if (f && !q.d2 && d1 < q.d && tk(D, e1 + 1)->type == T_NUM) {
        p = q;
        p.d = d1;
        p.a = k + 1; p.b = e1;
        q.a = e1 + 1; q.b = f;
        resolve(D, &p);
        q.y = p.y;
        resolve(D, &q);
        remember(D, &q);
        emit(D, E, k, f, LEDE_DATE_KIND_INTERVAL, &p, &q);
        return f;
      }
    }
    if ((e = clock_interval(D, E, k, between))) return e;
    e = parse_point(D, k + 1, &p, &p2, &range, 1);
    if (e && !range && is_connector(D, e, between)) {
      long f = second_point(D, e + 1, &p, &q);
      if (f) {
        if (p.kind == PK_ABS && !p.y && q.kind == PK_ABS && q.y) share_year(&p, &q);
        span_year(D, &p, &q);
        resolve(D, &p);
        if (q.kind == PK_ABS && !q.y && p.kind == PK_ABS && p.y &&
            q.grain == p.grain) {
          q.y = p.y;
          q.stated &= ~LEDE_STATED_YEAR;
        }
        resolve(D, &q);
        order_interval(D, &p, &q);
        if (q.kind == PK_TIME && p.kind == PK_TIME) {
          p.kind = PK_TIME;
        }
        remember(D, &q);
        emit(D, E, k, f, LEDE_DATE_KIND_INTERVAL, &p, &q);
        return f;
      }
    }
    return 0;   /* the point itself is found at k + 1 */
  }
  if (isw(D, k, "since")) {
    long j = k + 1;
    if (isw(D, j, "at") && isw(D, j + 1, "least")) j += 2;   /* at least 2015 */
    e = parse_point(D, j, &p, &p2, &range, 1);
    if (e && !range && p.kind != PK_TIME && !p.d2) {
      resolve(D, &p);
      pt open;
      memset(&open, 0, sizeof open);
      emit(D, E, k, e, LEDE_DATE_KIND_INTERVAL, &p, &open);
      return e;
    }
    return 0;
  }
  if ((e = try_set(D, E, k))) return e;
  if ((e = try_day_after(D, E, k))) return e;
  if ((e = try_next_day(D, E, k))) return e;
  if ((e = try_offset(D, E, k))) return e;
  e = parse_point(D, k, &p, &p2, &range, 0);
  if (!e) return 0;
  if (!range && !p.d2 && is_connector(D, e, 0) &&
      (p.kind == PK_ABS || p.kind == PK_TIME) && !p.hwk) {
    long f = second_point(D, e + 1, &p, &q);
    /* "Jan. 1 to June 30": both absolute, same grain; "2014 to 2018":
    ** years of our era, the second later; "10 p.m. to 6 a.m." */
    if (f && p.kind == PK_TIME && q.kind == PK_TIME) {
      resolve(D, &p);
      resolve(D, &q);
      emit(D, E, k, f, LEDE_DATE_KIND_INTERVAL, &p, &q);
      return f;
    }
    if (f && p.kind == PK_ABS && q.kind == PK_ABS && q.grain == p.grain &&
        !q.hwk &&
        (dash_at(D, e) || q.grain != LEDE_GRAIN_YEAR ||
         isw(D, e, "through") ||
         (p.y >= 1900 && q.y <= 2100 && q.y > p.y && q.y - p.y <= 50))) {
      if (!p.y && q.y) share_year(&p, &q);
      span_year(D, &p, &q);
      resolve(D, &p);
      if (!q.y && p.y) q.y = p.y;
      resolve(D, &q);
      order_interval(D, &p, &q);
      remember(D, &q);
      emit(D, E, k, f, LEDE_DATE_KIND_INTERVAL, &p, &q);
      return f;
    }
  }
  emit_point(D, E, &p, &p2, range);
  return e;
}

/* A sentence end inside the span forgets the anchor. */
static int sentence_end(dctx *D, long k) {
  const tok *t = tk(D, k);
  if (t->type != T_PUNCT) return 0;
  if (t->c == '!' || t->c == '?') return 1;
  if (t->c != '.') return 0;
  const tok *pv = tk(D, k - 1);
  if (pv->type == T_WORD && (pv->wlen <= 4 || pv->cap)) return 0;
  const tok *nx = tk(D, k + 1);
  return nx->type == T_NONE || (nx->sp && nx->type == T_WORD && nx->cap);
}

const char *lede_grain_name(int grain) {
  switch (grain) {
  case LEDE_GRAIN_TIME: return "time";
  case LEDE_GRAIN_DAY: return "day";
  case LEDE_GRAIN_WEEK: return "week";
  case LEDE_GRAIN_MONTH: return "month";
  case LEDE_GRAIN_QUARTER: return "quarter";
  case LEDE_GRAIN_YEAR: return "year";
  case LEDE_GRAIN_DECADE: return "decade";
  case LEDE_GRAIN_HALF: return "half";
  case LEDE_GRAIN_SEASON: return "season";
  }
  return "?";
}

const char *lede_date_kind_name(int kind) {
  switch (kind) {
  case LEDE_DATE_KIND_DATE: return "date";
  case LEDE_DATE_KIND_INTERVAL: return "interval";
  case LEDE_DATE_KIND_DURATION: return "duration";
  case LEDE_DATE_KIND_TIME: return "time";
  case LEDE_DATE_KIND_SET: return "set";
  }
  return "?";
}

int lede_parse_ymd(const char *s, size_t n, lede_date_opts *o) {
  if (n != 10 || s[4] != '-' || s[7] != '-') return 0;
  int v[3] = {0, 0, 0};
  static const int from[3] = {0, 5, 8}, len[3] = {4, 2, 2};
  for (int f = 0; f < 3; f++)
    for (int i = 0; i < len[f]; i++) {
      char c = s[from[f] + i];
      if (c < '0' || c > '9') return 0;
      v[f] = v[f] * 10 + (c - '0');
    }
  static const int md[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > md[v[1] - 1])
    return 0;
  if (v[1] == 2 && v[2] == 29 &&
      !((v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0))
    return 0;
  o->year = v[0];
  o->month = v[1];
  o->day = v[2];
  return 1;
}

int lede_dates_in(const char *s, size_t n, size_t start, size_t end,
                  const lede_date_opts *o, lede_date_fn fn, void *ctx) {
  dctx D;
  emitter E;
  if (!s && n) return LEDE_EINVAL;
  if (!fn) return LEDE_EINVAL;
  if (end > n) end = n;
  if (start > end) start = end;
  memset(&D, 0, offsetof(dctx, ring));
  D.s = s;
  D.n = n;
  D.pos = start;
  D.end = end;
  D.none.type = T_NONE;
  D.none.full = 1;
  D.none.s = D.none.e = end;
  if (o && o->year) {
    if (!valid_ymd(o->year, o->month, o->day)) return LEDE_EINVAL;
    D.hasref = 1;
    D.ry = o->year; D.rm = o->month; D.rd = o->day;
    D.ref = days_from_civil(o->year, o->month, o->day);
  }
  D.dayfirst = o ? o->dayfirst : 0;
  words_init();
  E.fn = fn;
  E.ctx = ctx;
  E.stopped = 0;
  long k = 0;
  for (;;) {
#ifndef DATES_CHECK_FILTER
    if (k >= D.nlex) {                 /* pass over what cannot start one */
      k = scan_to_cand(&D);
      if (D.cancelled) return LEDE_ECANCEL;
      if (k < 0) break;
    }
#endif
#ifndef DATES_CHECK_FILTER
    if (k < D.nlex && !D.ring[k & (DATES_RING - 1)].cand) {
      k++;                             /* cannot start a date */
      continue;
    }
#endif
    set_base(&D, k);
    const tok *t = tk(&D, k);
    if (D.cancelled) return LEDE_ECANCEL;
    if (t->type == T_NONE) break;
    if ((D.hasanchor || D.hasperiod) && sentence_end(&D, k))
      D.hasanchor = D.hasperiod = 0;
    long e = try_at(&D, &E, k);
    if (E.stopped) return LEDE_ESTOPPED;
    if (D.cancelled) return LEDE_ECANCEL;
    k = e > k ? e : k + 1;
  }
  return D.cancelled ? LEDE_ECANCEL : LEDE_OK;
}
