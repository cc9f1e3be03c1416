/*
** numbers.c -- figures: the numbers of a news sentence with their value
** normalized (money with its ISO 4217 code, percentages, ordinals,
** ranges, parts of a whole), the qualifier written before them and the
** noun phrase they count. See docs/figures.md for the model and policy.
**
** How it works. The sentence span is cut into small tokens by a scanner
** of its own (words, numbers with their separators, punctuation, currency
** symbols, vulgar fractions) held in a window of LEDE_NUM_WINDOW tokens;
** figures are then recognized by hand-written rules that look at most
** LEDE_NUM_LOOKBEHIND tokens back and LEDE_NUM_LOOKAHEAD tokens ahead.
** Every rule is bounded, and the scan always moves forward, so the time is
** linear in the length of the span whatever the input (a 10 MB run of
** "1,1,1,..." or a million "hundred and").
**
** Not figures: spans in `skip` (dates found first), years and day numbers
** next to a date context, clock times, phone numbers, identifiers and
** names (F-16, G7, Boeing 737, Article 5, No. 10), 24/7, version strings,
** page and section references, long digit runs and hex ids, "one of the",
** "a better one", "one-off".
**
** The words are rows of the one vocabulary (core/vocab/, vocab.h): number
** words, magnitudes, currencies and the figure rules' context words carry
** num.* roles; months and weekdays are the shared roles.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <utf8proc.h>

#include "internal.h"
#include "vocab.h"

/* ------------------------------------------------------------- lexicon */

/* Roles of a word in the figure rules (one word may have several): the
** num.* roles of the vocabulary (core/vocab/roles.tsv, en-numbers.tsv,
** en-currencies.tsv, en-figures.tsv), and the shared month and weekday. */
#define L_UNIT    LEDE_VOC_NUM_UNIT    /* zero..nineteen; value */
#define L_TEN     LEDE_VOC_NUM_TEN     /* twenty..ninety; value */
#define L_MAG     LEDE_VOC_NUM_MAG     /* hundred, million...; value = 10^x */
#define L_MAGAB   LEDE_VOC_NUM_MAGAB   /* bn, mn, mln, m, k...: after digits */
#define L_ORD     LEDE_VOC_NUM_ORD     /* first, second, ...; value */
#define L_FRACD   LEDE_VOC_NUM_FRACD   /* half, third(s)...; value = den */
#define L_DOZEN   LEDE_VOC_NUM_DOZEN   /* dozen: 12 */
#define L_VAGUE   LEDE_VOC_NUM_VAGUE   /* dozens, hundreds...: lower bound */
#define L_PCT     LEDE_VOC_NUM_PCT     /* percent, pct */
#define L_CURW    LEDE_VOC_NUM_CURW    /* currency word after an amount */
#define L_ISO     LEDE_VOC_NUM_ISO     /* ISO 4217 code written in capitals */
#define L_CURPFX  LEDE_VOC_NUM_CURPFX  /* US, C, A, HK... glued before "$" */
#define L_QUAL    LEDE_VOC_NUM_QUAL    /* one-word qualifier */
#define L_CHANGE  LEDE_VOC_NUM_CHANGE  /* rose, fell...: a change */
#define L_YEARS   LEDE_VOC_NUM_YEARS   /* strong year context before a number */
#define L_YEARW   LEDE_VOC_NUM_YEARW   /* weak year context before a number */
#define L_TIME    LEDE_VOC_NUM_TIME    /* am, pm, GMT...: after a clock time */
#define L_REF     LEDE_VOC_NUM_REF     /* page, section, No...: before ids */
#define L_NAME    LEDE_VOC_NUM_NAME    /* Boeing, Article...: capitalized */
#define L_STOP    LEDE_VOC_NUM_STOP    /* ends a noun phrase */
#define L_DET     LEDE_VOC_NUM_DET     /* the, these, its...: after "of" */
#define L_EVENT   LEDE_VOC_NUM_EVENT   /* election...: "the 2024 election" */
#define L_CURADJ  LEDE_VOC_NUM_CURADJ  /* Swiss, Canadian...: before currency */
#define L_SUPER   LEDE_VOC_NUM_SUPER   /* largest...: "10th-largest" */
#define L_IRRPL   LEDE_VOC_NUM_IRRPL   /* people, children...: plural heads */
#define L_CENTS   LEDE_VOC_NUM_CENTS   /* cents, cts, pence: 1/100 */
#define L_AGEU    LEDE_VOC_NUM_AGEU    /* year, month, week: "40-year-old" */
#define L_ONEPRE  LEDE_VOC_NUM_ONEPRE  /* the, a better...: "one" is a pronoun */
#define L_AFTER   LEDE_VOC_NUM_AFTER   /* or more, and above: after a figure */
#define L_MOTION  LEDE_VOC_NUM_MOTION  /* went, rose: "went up to 5%" */
/* The shared roles, on two bits no num.* role uses (checked below). */
#define L_MONTH   0x40000000u          /* month name (capitalized in text) */
#define L_WEEKDAY 0x80000000u
#define L_ALL_NUM (L_UNIT | L_TEN | L_MAG | L_MAGAB | L_ORD | L_FRACD |  \
  L_DOZEN | L_VAGUE | L_PCT | L_CURW | L_ISO | L_CURPFX | L_QUAL |        \
  L_CHANGE | L_YEARS | L_YEARW | L_TIME | L_REF | L_NAME | L_STOP |       \
  L_DET | L_EVENT | L_CURADJ | L_SUPER | L_IRRPL | L_CENTS | L_AGEU | \
  L_ONEPRE | L_AFTER | L_MOTION)
_Static_assert(!(L_ALL_NUM & (L_MONTH | L_WEEKDAY)),
               "num.* roles must leave the two top bits to month, weekday");

/* A word of the figure rules: its entry (e->number is its value, e->code
** its ISO 4217 code). */
typedef lede_vocab_entry lexent;

/* The roles of e in the figure rules (L_*). */
static inline uint32_t lexflags(const lexent *e) {
  return e->num | ((e->word & LEDE_VOC_WORD_MONTH) ? L_MONTH : 0) |
         ((e->word & LEDE_VOC_WORD_WEEKDAY) ? L_WEEKDAY : 0);
}

#define LEX_MAXW  24        /* longest word the figure rules look up */

static once_flag lex_once = ONCE_FLAG_INIT;

/* The (first, second letter) cell of an ASCII word of n letters, or -1:
   the word filters below keep one bit per length in each cell. */
static int pair_index(const char *w, size_t n) {
  unsigned a = ((unsigned char)w[0] | 0x20) - 'a';
  unsigned b = n > 1 ? ((unsigned char)w[1] | 0x20) - 'a' : 26;
  if (a >= 26 || b > 26 || n > 15) return -1;
  return (int)(a * 27 + b);
}

static void mask_add(const char *w, size_t n);
static void trig_add(const char *w, size_t n);

/* The last words of the qualifiers (num.qual: "than", "least", "about"),
   one bit per (first letters, length): qualifier()'s first test. */
static uint16_t qual_last[26 * 27];

/* The prescan's word filter: per (first letters) cell, a bit per length
   of the number words (bits 0-15, TRIG_SHIFT) and of the German function
   words (bits 16-31, DE_SHIFT; see foreign_word). One load tests both. */
static uint32_t word_pairs[26 * 27];
#define TRIG_SHIFT 0
#define DE_SHIFT 16

/* The word filters, from the vocabulary's words with figure roles. */
static void lex_build(void) {
  const lede_vocab_entry *e;
  mask_add("a", 1);
  mask_add("an", 2);
  mask_add("half", 4);
  mask_add("minus", 5);
  mask_add("rs", 2);
  trig_add("couple", 6);
  trig_add("score", 5);
  trig_add("minus", 5);
  for (size_t i = 0; (e = lede_vocab_entry_at(i)) != NULL; i++) {
    if ((e->word & LEDE_VOC_WORD_FUNCTION) && (e->langs & LEDE_VOCAB_LANG_DE) &&
        !(e->langs & LEDE_VOCAB_LANG_EN)) {
      int k = pair_index(e->key, e->len);
      if (k >= 0) word_pairs[k] |= 1u << (DE_SHIFT + e->len);
    }
    if (e->num & L_QUAL) {
      const char *w = strrchr(e->key, ' ');
      w = w ? w + 1 : e->key;
      int k = pair_index(w, strlen(w));
      if (k >= 0) qual_last[k] |= (uint16_t)(1u << strlen(w));
    }
    if (e->len > LEX_MAXW) continue;
    if (e->num & (L_UNIT | L_TEN | L_ORD | L_VAGUE | L_CURPFX))
      mask_add(e->key, e->len);
    if (e->num & (L_UNIT | L_TEN | L_ORD | L_VAGUE | L_MAG | L_FRACD |
                  L_DOZEN))
      trig_add(e->key, e->len);
  }
}

/* The entry of a word (any ASCII case) with a role in the figure rules;
   NULL when it has none. */
static const lexent *lex_find(const char *w, size_t n) {
  if (n == 0 || n > LEX_MAXW) return NULL;
  const lexent *e = lede_vocab_lookup(w, n);
  return e && lexflags(e) ? e : NULL;
}

/* ------------------------------------------------------------- tokens */

#define T_END   0
#define T_WORD  1
#define T_NUM   2
#define T_PUNCT 3
#define T_CUR   4   /* currency symbol; code */
#define T_FRAC  5   /* vulgar fraction character; value */
#define T_SKIP  6   /* inside a span the caller asked to skip */

#define F_SP    0x01u  /* white space before */
#define F_NL    0x02u  /* a line break before */
#define F_CAP   0x04u  /* first letter upper case */
#define F_ALLC  0x08u  /* >= 2 letters, all upper case */
#define F_INIT  0x10u  /* first word of the sentence (or after . ! ? :) */
#define F_DIGW  0x20u  /* word containing a digit (MH17, a8ac9f...) */
#define F_MAYS  0x40u  /* may start a figure (see may_start_any) */

#define NF_SEP  0x01u  /* thousands separators */
#define NF_DEC  0x02u  /* decimal part */
#define NF_VER  0x04u  /* two or more dots: 1.5.3 */
#define NF_LONG 0x08u  /* more than LEDE_NUM_MAX_DIGITS digits */

typedef struct ntok {
  size_t a, b;           /* byte span */
  size_t sfx;            /* numbers: start of a letter suffix, or b */
  uint64_t mant;         /* numbers: the digits as one integer */
  double v;              /* fractions: value */
  const lexent *lex;     /* words: lexicon entry (resolved lazily) */
  const char *code;      /* currency symbols: ISO code */
  int32_t cp;            /* punctuation: the code point */
  uint8_t type, flags, numf, ndig, nfrac, lexdone;
} ntok;

typedef struct nctx {
  const char *s;
  size_t n, lo, hi, pos;
  const lede_span *skip;
  size_t nskip, ks;
  ntok t[LEDE_NUM_WINDOW];
  size_t nt;
  int at_end;
  int last_end_punct;    /* the previous token ends a sentence part */
  size_t since_check;
  size_t addr_a, addr_b; /* the last run of text tested by address_end */
  size_t addr_end;       /* its verdict: the run's end, or 0 */
  size_t prev_end;       /* the end of the last figure reported, and */
  lede_span prev_about;  /* what it was about ("fell 8.5% to $42.1 bn") */
  size_t prev_start;     /* and its start */
  int dcomma;            /* German conventions: "3,5", "600.000" */
  lede_figure_fn fn;
  void *ud;
  int nfig, rc;
} nctx;

static ntok END_TOKEN;   /* type T_END, all zero */

static const ntok *tk(const nctx *c, long j) {
  if (j < 0 || (size_t)j >= c->nt) return &END_TOKEN;
  return &c->t[j];
}

#define is_digit lede_ascii_digit
#define is_alpha lede_ascii_alpha
#define is_upper lede_ascii_upper

/* Number-grouping spaces: no-break, narrow no-break, thin, figure. */
static size_t group_space_len(const char *s, size_t p, size_t hi) {
  const unsigned char *u = (const unsigned char *)s;
  if (p + 1 < hi && u[p] == 0xC2 && u[p + 1] == 0xA0) return 2;
  if (p + 2 < hi && u[p] == 0xE2 && u[p + 1] == 0x80 &&
      (u[p + 2] == 0xAF || u[p + 2] == 0x89)) return 3;
  if (p + 2 < hi && u[p] == 0xE2 && u[p + 1] == 0x80 && u[p + 2] == 0x87)
    return 3;
  return 0;
}

/* Exactly three digits at p, then no digit. */
static int three_digits(const char *s, size_t p, size_t hi) {
  return p + 3 <= hi && is_digit(s[p]) && is_digit(s[p + 1]) &&
         is_digit(s[p + 2]) && (p + 3 == hi || !is_digit(s[p + 3]));
}

static int is_space_cp(int32_t cp) {
  switch (cp) {
  case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
  case 0x205F: case 0x3000: case 0x200B: case 0xFEFF: case 0x180E:
    return 1;
  default:
    return cp >= 0x2000 && cp <= 0x200A;
  }
}

static const char *currency_cp(int32_t cp) {
  switch (cp) {
  case 0x20AC: return "EUR";
  case 0xA3:   return "GBP";
  case 0xA5:   return "JPY";
  case 0x20B9: return "INR";
  case 0x20B4: return "UAH";
  case 0x20BD: return "RUB";
  case 0x20A9: return "KRW";
  case 0x20AA: return "ILS";
  case 0x20BA: return "TRY";
  case 0x20A6: return "NGN";
  case 0x20B1: return "PHP";
  case 0x0E3F: return "THB";
  case 0x20AB: return "VND";
  case 0x20B8: return "KZT";
  case 0x20BE: return "GEL";
  case 0x20BC: return "AZN";
  case 0x20A8: return "INR";   /* RUPEE SIGN */
  default:     return NULL;
  }
}

static double fraction_cp(int32_t cp) {
  switch (cp) {
  case 0xBC: return 0.25;
  case 0xBD: return 0.5;
  case 0xBE: return 0.75;
  case 0x2150: return 1.0 / 7;
  case 0x2151: return 1.0 / 9;
  case 0x2152: return 0.1;
  case 0x2153: return 1.0 / 3;
  case 0x2154: return 2.0 / 3;
  case 0x2155: return 0.2;
  case 0x2156: return 0.4;
  case 0x2157: return 0.6;
  case 0x2158: return 0.8;
  case 0x2159: return 1.0 / 6;
  case 0x215A: return 5.0 / 6;
  case 0x215B: return 0.125;
  case 0x215C: return 0.375;
  case 0x215D: return 0.625;
  case 0x215E: return 0.875;
  default: return -1;
  }
}

#define is_letter_cp lede_is_word_cp   /* a letter or its mark */

/* Is the span skipped (overlaps a caller's skip span)? Moves c->ks on. */
static int in_skip(const lede_span *skip, size_t nskip, size_t *ks, size_t a,
                   size_t b) {
  while (*ks < nskip && skip[*ks].end <= a) ++*ks;
  return *ks < nskip && skip[*ks].start < b && skip[*ks].end > skip[*ks].start;
}

/* The scanner's state, held in locals while a window is filled. */
typedef struct tstate {
  const char *s;
  size_t pos, hi, since, ks;
  int lep;               /* last_end_punct */
} tstate;

/* Character classes for the scanner (ASCII; bytes >= 0x80 are CC_HIGH). */
#define CC_UP   0x01u
#define CC_LO   0x02u
#define CC_DIG  0x04u
#define CC_HIGH 0x08u
#define CC_ALNUM (CC_UP | CC_LO | CC_DIG)

#define CC_R8(x) x, x, x, x, x, x, x, x
#define CC_R16(x) CC_R8(x), CC_R8(x)
static const uint8_t cclass[256] = {
  CC_R16(0), CC_R16(0), CC_R16(0),                        /* 00-2F */
  CC_R8(CC_DIG), CC_DIG, CC_DIG, 0, 0, 0, 0, 0, 0,        /* 30-3F */
  0, CC_R8(CC_UP), CC_R8(CC_UP), CC_R8(CC_UP), CC_UP, CC_UP, /* 40-5A */
  0, 0, 0, 0, 0,                                          /* 5B-5F */
  0, CC_R8(CC_LO), CC_R8(CC_LO), CC_R8(CC_LO), CC_LO, CC_LO, /* 60-7A */
  0, 0, 0, 0, 0,                                          /* 7B-7F */
  CC_R16(CC_HIGH), CC_R16(CC_HIGH), CC_R16(CC_HIGH), CC_R16(CC_HIGH),
  CC_R16(CC_HIGH), CC_R16(CC_HIGH), CC_R16(CC_HIGH), CC_R16(CC_HIGH),
};

/* White space bytes as token flags: F_SP, and F_NL for a line break. */
static const uint8_t wsflag[256] = {
  ['\t'] = F_SP, ['\n'] = F_SP | F_NL, ['\v'] = F_SP, ['\f'] = F_SP,
  ['\r'] = F_SP, [' '] = F_SP,
};

/* A '.' at p starts a number (".08", "$.50"): a digit follows, and the
   byte before is neither a letter, a digit nor a dot ("No.5", "1.5.3",
   "...5" are not). The text before the span may be read. */
static int leading_dot(const char *s, size_t p, size_t hi) {
  if (s[p] != '.' || p + 1 >= hi || !is_digit(s[p + 1])) return 0;
  if (p == 0) return 1;
  unsigned char b = (unsigned char)s[p - 1];
  return !(cclass[b] & (CC_ALNUM | CC_HIGH)) && b != '.' && b != ',' &&
         b != '-' && b != '/';
}

/* Scans one token at st->pos (after white space); 0 at the end. */
static int scan_token(tstate *st, const nctx *c, ntok *t) {
  const char *s = st->s;
  const unsigned char *u = (const unsigned char *)s;
  size_t p = st->pos, hi = st->hi;
  unsigned fl = 0;
  /* white space */
  while (p < hi) {
    unsigned w = wsflag[u[p]];
    if (w) {
      fl |= w; p++;
    } else if (u[p] >= 0x80) {
      size_t len;
      int32_t cp = lede_decode(s, hi, p, &len);
      if (!is_space_cp(cp)) break;
      fl |= F_SP; p += len;
    } else {
      break;
    }
  }
  st->since += p - st->pos;
  if (p >= hi) { st->pos = p; return 0; }
  t->a = p;
  t->mant = 0; t->v = 0; t->lex = NULL; t->code = NULL; t->cp = 0;
  t->numf = t->ndig = t->nfrac = t->lexdone = 0;
  unsigned char ch = u[p];
  unsigned cc0 = cclass[ch];
  if (cc0 & (CC_UP | CC_LO)) {
    /* a word: letters and digits, with a.m, U.S, don't, don’t inside */
    unsigned acc = 0, seg = 0;
    if (cc0 & CC_UP) fl |= F_CAP;
    for (;;) {
      unsigned cc;
      while (p < hi && ((cc = cclass[u[p]]) & CC_ALNUM)) {
        acc |= cc; p++; seg++;
      }
      if (p >= hi) break;
      unsigned char d = u[p];
      if (d == '.' && seg == 1 && p + 1 < hi && is_alpha(s[p + 1]) &&
          (p + 2 >= hi || !is_alpha(s[p + 2]))) {
        p++; seg = 0;          /* a.m, U.S, p.m */
      } else if (d == '\'' && p + 1 < hi && is_alpha(s[p + 1])) {
        p++;
      } else if (d == 0xE2 && p + 3 < hi && u[p + 1] == 0x80 &&
                 u[p + 2] == 0x99 && is_alpha(s[p + 3])) {
        p += 3;                /* ’ inside a word */
      } else if (d >= 0x80) {
        size_t len;
        int32_t cp = lede_decode(s, hi, p, &len);
        if (!is_letter_cp(cp)) break;
        p += len; acc |= CC_LO;
      } else {
        break;
      }
    }
    if (acc & CC_DIG) fl |= F_DIGW;
    if ((acc & (CC_UP | CC_LO)) == CC_UP) {   /* >= 2 capitals, no lower */
      unsigned ncap = 0;
      for (size_t q = t->a; q < p && ncap < 2; q++) ncap += is_upper(s[q]);
      if (ncap >= 2) fl |= F_ALLC;
    }
    t->type = T_WORD;
  } else if ((cc0 & CC_DIG) || (!c->dcomma && leading_dot(s, p, hi))) {
    /* digits, or a decimal written without its zero (".08", ".300") */
    uint64_t mant = 0;
    unsigned nd = 0, first = 0, numf = 0, nfrac = 0, ndig = 0;
    while (p < hi && is_digit(s[p])) {
      if (nd < LEDE_NUM_MAX_DIGITS) mant = mant * 10 + (uint64_t)(s[p] - '0');
      nd++; first++; p++;
    }
    ndig = first;
    /* the thousands and decimal separators: English 1,250.5; German
       1.250,5 (c->dcomma) */
    const char gsep = c->dcomma ? '.' : ',', dsep = c->dcomma ? ',' : '.';
    for (;;) {
      size_t g;
      if (p < hi && s[p] == gsep && !(numf & NF_DEC) && first <= 3 &&
          three_digits(s, p + 1, hi)) {
        p++;
      } else if (!(numf & NF_DEC) && first <= 3 &&
                 (g = group_space_len(s, p, hi)) != 0 &&
                 three_digits(s, p + g, hi)) {
        p += g;
      } else if (p + 1 < hi && s[p] == dsep && is_digit(s[p + 1])) {
        if (numf & NF_DEC) numf |= NF_VER;
        numf |= NF_DEC;
        p++;
        while (p < hi && is_digit(s[p])) {
          if (!(numf & NF_VER)) {
            if (nd < LEDE_NUM_MAX_DIGITS)
              mant = mant * 10 + (uint64_t)(s[p] - '0');
            nfrac++;
          }
          nd++; p++;
        }
        continue;
      } else {
        break;
      }
      numf |= NF_SEP;
      for (int k = 0; k < 3; k++, p++) {
        if (nd < LEDE_NUM_MAX_DIGITS) mant = mant * 10 + (uint64_t)(s[p] - '0');
        nd++; ndig++;
      }
    }
    if (nd > LEDE_NUM_MAX_DIGITS) numf |= NF_LONG;
    t->sfx = p;
    while (p < hi && (is_alpha(s[p]) || is_digit(s[p]))) p++;
    t->type = T_NUM;
    t->mant = mant;
    t->numf = (uint8_t)numf;
    t->ndig = (uint8_t)(ndig > 255 ? 255 : ndig);
    t->nfrac = (uint8_t)(nfrac > 255 ? 255 : nfrac);
  } else if (ch >= 0x80) {
    size_t len;
    int32_t cp = lede_decode(s, hi, p, &len);
    const char *code;
    double fv;
    if ((code = currency_cp(cp)) != NULL) {
      t->type = T_CUR; t->code = code; p += len;
    } else if ((fv = fraction_cp(cp)) >= 0) {
      t->type = T_FRAC; t->v = fv; p += len;
    } else if (is_letter_cp(cp)) {
      utf8proc_category_t cat = utf8proc_category(cp);
      if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
        fl |= F_CAP;
      p += len;
      while (p < hi) {
        unsigned char d = (unsigned char)s[p];
        if (d < 0x80) {
          if (is_alpha(d) || is_digit(d)) { p++; continue; }
          break;
        }
        int32_t c2 = lede_decode(s, hi, p, &len);
        if (c2 == 0x2019 && p + len < hi && is_alpha(s[p + len])) {
          p += len; continue;
        }
        if (!is_letter_cp(c2)) break;
        p += len;
      }
      t->type = T_WORD;
    } else {
      t->type = T_PUNCT; t->cp = cp; p += len;
    }
  } else if (ch == '$') {
    t->type = T_CUR; t->code = "USD"; p++;
  } else {
    t->type = T_PUNCT; t->cp = ch; p++;
  }
  t->b = p;
  if (t->type != T_NUM) t->sfx = p;
  if (st->lep || (fl & F_NL)) fl |= F_INIT;
  t->flags = (uint8_t)fl;
  if (t->type == T_PUNCT) {
    int32_t q = t->cp;
    /* opening quotes and brackets keep "initial" as it was */
    if (!(q == '"' || q == '\'' || q == '(' || q == '[' || q == 0x201C ||
          q == 0x2018 || q == 0x2014 || q == 0x2013))
      st->lep = (q == '.' || q == '!' || q == '?' || q == ':' ||
                           q == ';');
  } else {
    st->lep = 0;
  }
  if (c->nskip && in_skip(c->skip, c->nskip, &st->ks, t->a, t->b))
    t->type = T_SKIP;
  st->since += p - st->pos;
  st->pos = p;
  return 1;
}

/* The vocabulary entry of a word token, any roles (NULL when none),
   looked up once per token. */
static const lexent *vocof(const nctx *c, const ntok *t) {
  if (t->type != T_WORD) return NULL;
  ntok *m = (ntok *)t;     /* cache: the token array is the context's own */
  if (!m->lexdone) {
    size_t n = t->b - t->a;
    m->lex = n <= LEX_MAXW ? lede_vocab_lookup(c->s + t->a, n) : NULL;
    m->lexdone = 1;
  }
  return m->lex;
}

/* The entry of a word token with a role in the figure rules, or NULL. */
static const lexent *lexof(const nctx *c, const ntok *t) {
  const lexent *e = vocof(c, t);
  return e && lexflags(e) ? e : NULL;
}

static uint32_t lflags(const nctx *c, const ntok *t) {
  const lexent *e = lexof(c, t);
  return e ? lexflags(e) : 0;
}

static double lval(const nctx *c, const ntok *t) {
  const lexent *e = lexof(c, t);
  return e ? e->number : 0;
}

/* Case-insensitive comparison of a word token with a lower-case word. */
/* A magnitude abbreviation written as its own word ("15 mln", "five bn";
** the rows num.magab): the one-letter ones ("4.5 m", "20 k") only where
** money is being written, since elsewhere they are units or initials. */
static int magab_word(const ntok *t, uint32_t f, int money_ctx) {
  return (f & L_MAGAB) && t->type == T_WORD && (t->b - t->a > 1 || money_ctx);
}

static int weq_n(const nctx *c, const ntok *t, const char *w, size_t L) {
  if (t->type != T_WORD || t->b - t->a != L) return 0;
  const char *p = c->s + t->a;
  for (size_t k = 0; k < L; k++) {
    char ch = p[k];
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch + 32);
    if (ch != w[k]) return 0;
  }
  return 1;
}

#define weq(c, t, lit) weq_n((c), (t), (lit), sizeof(lit) - 1)

static int ispunct_cp(const ntok *t, int32_t cp) {
  return t->type == T_PUNCT && t->cp == cp;
}

/* t2 follows t1 with no space between. */
static int glued(const ntok *t1, const ntok *t2) {
  return t2->type != T_END && t1->type != T_END && t2->a == t1->b;
}

/*
** t2 follows t1 across at most CUR_MAX_GAP bytes (a space, a no-break or
** narrow no-break space): how far a currency sign or code may stand from
** its amount ("€ 1.1", "USD 5"); a page of white space is not a gap.
*/
#define CUR_MAX_GAP 3
static int near(const ntok *t1, const ntok *t2) {
  return t2->type != T_END && t2->a >= t1->b && t2->a - t1->b <= CUR_MAX_GAP;
}

static int is_hyphen(const ntok *t) {
  return t->type == T_PUNCT && (t->cp == '-' || t->cp == 0x2010 ||
                                t->cp == 0x2011);
}


/* ------------------------------------------------------------ amounts */

static const double P10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
  1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22};

/* mant * 10^(e): exact when the result is an integer below 2^53. */
static double scale10(double mant, int e) {
  while (e > 22) { mant *= 1e22; e -= 22; }
  while (e < -22) { mant /= 1e22; e += 22; }
  return e >= 0 ? mant * P10[e] : mant / P10[-e];
}

typedef struct amt {
  long a, e;            /* tokens [a, e) */
  double mant;          /* value before magnitude: mant * 10^-nfrac */
  int nfrac;
  int magexp;           /* power of ten applied by a magnitude */
  double mul;           /* dozen, half, fraction multipliers */
  double add;           /* "and a half", glued vulgar fraction */
  int ordinal, pct, spelled, plain, frac, one;
  int ndig;
  const char *approx;   /* vague amounts: "dozens of" */
  double vmax;          /* vague amounts: the top of their range */
  size_t unit_a, unit_b;/* a unit glued to the digits: "100km" */
  int money_ctx;        /* a currency prefix came first */
} amt;

static double amt_value(const amt *A) {
  double base;
  if (A->add != 0)
    base = scale10(scale10(A->mant, -A->nfrac) + A->add, A->magexp);
  else
    base = scale10(A->mant, A->magexp - A->nfrac);
  return base * A->mul;
}

static int sfx_is(const char *p, size_t n, const char *w) {
  size_t L = strlen(w);
  if (n != L) return 0;
  for (size_t k = 0; k < L; k++) {
    char ch = p[k];
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch + 32);
    if (ch != w[k]) return 0;
  }
  return 1;
}

/* A magnitude word (hundred, million...) at token j. */
static int mag_at(nctx *c, long j) {
  uint32_t f = lflags(c, tk(c, j));
  return (f & L_MAG) && !(f & L_ORD);
}

/* "of a million" at token j. */
static int of_a_mag(nctx *c, long j) {
  return weq(c, tk(c, j), "of") &&
         (weq(c, tk(c, j + 1), "a") || weq(c, tk(c, j + 1), "an")) &&
         mag_at(c, j + 2);
}

/* "and a half", "and a quarter", "and a third" at token j: the
   fraction's value, or 0. */
static double and_a_fraction(nctx *c, long j) {
  const ntok *f = tk(c, j + 2);
  if (!weq(c, tk(c, j), "and") ||
      !(weq(c, tk(c, j + 1), "a") || weq(c, tk(c, j + 1), "an")) ||
      !(lflags(c, f) & L_FRACD) || weq(c, tk(c, j + 3), "of"))
    return 0;
  return 1.0 / lval(c, f);
}

/* Returns 1 with A filled, 0 when token i starts no amount, -1 when it is
   a number that must not be reported (version, id, decade, time). */
static int parse_digits(nctx *c, long i, amt *A) {
  const ntok *t = tk(c, i);
  if (t->numf & (NF_VER | NF_LONG)) return -1;
  A->mant = (double)t->mant;
  A->nfrac = t->nfrac;
  A->ndig = t->ndig;
  A->plain = !(t->numf & (NF_SEP | NF_DEC));
  long j = i + 1;
  if (t->sfx < t->b) {
    const char *p = c->s + t->sfx;
    size_t n = t->b - t->sfx;
    const lexent *e = lex_find(p, n);
    A->plain = 0;
    if (sfx_is(p, n, "st") || sfx_is(p, n, "nd") || sfx_is(p, n, "rd") ||
        sfx_is(p, n, "th")) {
      if (t->numf) return -1;
      A->ordinal = 1;
    } else if (e && (e->num & (L_MAG | L_MAGAB)) && !(e->num & L_ORD) &&
               !(n == 1 && is_upper(*p) && *p != 'K' && !A->money_ctx)) {
      if (sfx_is(p, n, "b") && !A->money_ctx) return -1;
      A->magexp = (int)e->number;
    } else if (sfx_is(p, n, "pc") || sfx_is(p, n, "pct")) {
      A->pct = 1;
    } else if (sfx_is(p, n, "s") || sfx_is(p, n, "am") ||
               sfx_is(p, n, "pm") || sfx_is(p, n, "h") ||
               sfx_is(p, n, "hrs") || sfx_is(p, n, "gmt")) {
      return -1;   /* a decade (1990s) or a clock time (10am) */
    } else {
      /* a unit glued to the digits, as written (5G is a name) */
      if (!(lede_vocab_exact_of(p, n) & LEDE_VOC_EXACT_NUM_GLUED_UNIT))
        return -1;          /* an identifier: 5G, 7de9f14b... */
      A->unit_a = t->sfx;
      A->unit_b = t->b;
    }
  }
  /* glued vulgar fraction: 2½; mixed numbers 9-7/8 and 3 1/2 */
  const ntok *u = tk(c, j);
  if (u->type == T_FRAC && glued(t, u)) { A->add = u->v; j++; }
  else if (A->plain && t->sfx == t->b &&
           ((is_hyphen(u) && glued(t, u) && tk(c, j + 1)->type == T_NUM &&
             glued(u, tk(c, j + 1))) ||
            (u->type == T_NUM && !(u->flags & F_NL)))) {
    long f0 = is_hyphen(u) ? j + 1 : j;
    const ntok *nu = tk(c, f0), *sl = tk(c, f0 + 1), *de = tk(c, f0 + 2);
    if (ispunct_cp(sl, '/') && glued(nu, sl) && glued(sl, de) &&
        nu->type == T_NUM && de->type == T_NUM && !nu->numf && !de->numf &&
        nu->sfx == nu->b && de->sfx == de->b && nu->mant >= 1 &&
        nu->mant < de->mant && de->mant <= 64 &&
        !(ispunct_cp(tk(c, f0 + 3), '/') && glued(de, tk(c, f0 + 3)))) {
      A->add = (double)nu->mant / (double)de->mant;
      A->plain = 0;
      j = f0 + 3;
    }
  }
  if (A->ordinal || A->pct) { A->e = j; return 1; }
  /* "2 and a half million" */
  double fr = and_a_fraction(c, j);
  if (fr > 0 && A->magexp == 0) {
    A->add += fr; j += 3;
  }
  /* magnitude words: "1.5 million", "3 hundred thousand", "15 mln" */
  for (int k = 0; k < 2 && (k > 0 || A->magexp == 0); k++) {
    const ntok *m = tk(c, j);
    uint32_t f = lflags(c, m);
    if ((f & L_MAG) && !(f & L_ORD) && (k == 0 || lval(c, m) > A->magexp)) {
      A->magexp += (int)lval(c, m); j++;
    } else if (k == 0 && magab_word(m, f, A->money_ctx)) {
      A->magexp += (int)lval(c, m); j++;
      break;
    } else if ((f & L_DOZEN) && k == 0) {
      A->mul *= 12; j++;
      break;
    } else {
      break;
    }
  }
  /* "1 million and a half" */
  fr = and_a_fraction(c, j);
  if (fr > 0 && A->magexp > 0 && A->add == 0) {
    A->add = fr; j += 3;
  }
  A->e = j;
  return 1;
}

typedef struct vague_name { const char *w1, *w2, *phrase; } vague_name;
static const vague_name VAGUE[] = {
  {"dozens", NULL, "dozens of"}, {"hundreds", NULL, "hundreds of"},
  {"thousands", NULL, "thousands of"}, {"millions", NULL, "millions of"},
  {"billions", NULL, "billions of"}, {"scores", NULL, "scores of"},
  {"tens", "thousands", "tens of thousands of"},
  {"tens", "millions", "tens of millions of"},
  {"tens", "billions", "tens of billions of"},
  {"hundreds", "thousands", "hundreds of thousands of"},
  {"hundreds", "millions", "hundreds of millions of"},
  {"hundreds", "billions", "hundreds of billions of"},
  {"dozens", "thousands", "dozens of thousands of"},
  {"thousands", "millions", "thousands of millions of"},
};

/* The bare word ("Hundreds gathered"): the phrase without " of". */
static const char *const VAGUE_BARE[] = {"dozens", "hundreds", "thousands",
  "millions", "billions", NULL};

static const char *vague_phrase(const nctx *c, const ntok *t1,
                                const ntok *t2) {
  if (t2 == t1) {
    for (int k = 0; VAGUE_BARE[k]; k++)
      if (weq_n(c, t1, VAGUE_BARE[k], strlen(VAGUE_BARE[k])))
        return VAGUE_BARE[k];
    return NULL;
  }
  for (size_t k = 0; k < sizeof VAGUE / sizeof VAGUE[0]; k++) {
    if (!weq_n(c, t1, VAGUE[k].w1, strlen(VAGUE[k].w1))) continue;
    if (!VAGUE[k].w2 ? t2 == NULL : (t2 && weq_n(c, t2, VAGUE[k].w2, strlen(VAGUE[k].w2))))
      return VAGUE[k].phrase;
  }
  return NULL;
}

/* The top of a vague amount's range: the last number before the next
   power of ten above its unit (dozens 12-99, hundreds 100-999). */
static double vague_top(double unit) {
  double m = 10;
  while (m <= unit) m *= 10;
  return m - 1;
}

#define SP_NONE 0
#define SP_UNIT 1
#define SP_TEN 2
#define SP_HUNDRED 3
#define SP_MAG 4

static int content_word(nctx *c, const ntok *t);

/* Spelled-out numbers, "a dozen", "half a million", vague amounts. */
static int parse_words(nctx *c, long i, amt *A) {
  const ntok *t = tk(c, i);
  uint32_t f = lflags(c, t);
  const ntok *t1 = tk(c, i + 1), *t2 = tk(c, i + 2);
  uint32_t f1 = lflags(c, t1);
  A->spelled = 1;
  A->mant = 0;
  if (weq(c, t, "a") || weq(c, t, "an")) {
    if ((f1 & L_MAG) && !(f1 & L_ORD)) {
      /* "a hundred", "a million": continue as a spelled number from 1 */
    } else if (f1 & L_DOZEN) {
      A->mant = 12; A->e = i + 2; return 1;
    } else if (weq(c, t1, "couple") && weq(c, t2, "of")) {
      A->mant = 2; A->e = i + 2; return 1;
    } else if (weq(c, t1, "score") && weq(c, t2, "of")) {
      A->mant = 20; A->e = i + 2; return 1;
    } else if ((f1 & L_FRACD) && !(f1 & L_ORD && !weq(c, t1, "quarter") &&
                                    !weq(c, t1, "third")) &&
               (mag_at(c, i + 2) || of_a_mag(c, i + 2))) {
      /* "a quarter million", "a half million", "a third of a billion" */
      A->mant = 1; A->mul = 1.0 / lval(c, t1);
      if (mag_at(c, i + 2)) {
        A->magexp = (int)lval(c, t2); A->e = i + 3;
      } else {
        A->magexp = (int)lval(c, tk(c, i + 4)); A->e = i + 5;
      }
      return 1;
    } else if ((f1 & L_FRACD) && !weq(c, t1, "half") && weq(c, t2, "of")) {
      A->mant = 1; A->mul = 1.0 / lval(c, t1); A->frac = 1;
      A->e = i + 2; return 1;
    } else if ((f1 & L_FRACD) && !weq(c, t1, "half") &&
               !content_word(c, t2)) {
      /* "grew by a fifth." */
      A->mant = 1; A->mul = 1.0 / lval(c, t1); A->frac = 1;
      A->e = i + 2; return 1;
    } else if ((f1 & L_ORD) && lval(c, t1) >= 3 && lval(c, t1) <= 20 &&
               !weq(c, t1, "quarter")) {
      A->mant = lval(c, t1); A->ordinal = 1; A->e = i + 2; return 1;
    } else {
      return 0;
    }
  }
  if (weq(c, t, "half")) {
    uint32_t f2 = lflags(c, t2);
    if ((weq(c, t1, "a") || weq(c, t1, "an")) && (f2 & L_MAG) &&
        !(f2 & L_ORD)) {
      A->mant = 1; A->magexp = (int)lval(c, t2); A->mul = 0.5;
      A->e = i + 3; return 1;
    }
    if ((weq(c, t1, "a") || weq(c, t1, "an")) && (f2 & L_DOZEN)) {
      A->mant = 6; A->e = i + 3; return 1;
    }
    if (weq(c, t1, "of") || (f1 & L_DET)) {
      A->mant = 1; A->mul = 0.5; A->frac = 1; A->e = i + 1; return 1;
    }
    return 0;
  }
  if ((f & L_VAGUE) && !(weq(c, t1, "of") && t2->type == T_NUM)) {
    /* "hundreds of people", "tens of thousands of", and bare "Hundreds
       gathered", "dozens more" (not "the thousands", "tens" or "scores"
       alone). No value is invented: the value is the unit and the max
       the last number before the next power of ten (vague_top). */
    if (!weq(c, t1, "of")) {
      if (weq(c, t, "tens") || weq(c, t, "scores") ||
          (lflags(c, tk(c, i - 1)) & L_DET) || weq(c, tk(c, i - 1), "in") ||
          ispunct_cp(t1, '-') || t1->type == T_NUM)
        return 0;
      A->approx = vague_phrase(c, t, t);
      if (!A->approx) return 0;
      A->mant = lval(c, t);
      A->vmax = vague_top(lval(c, t));
      A->e = i + 1;
      return 1;
    }
    const char *ph = (lflags(c, t2) & L_VAGUE) ? vague_phrase(c, t, t2) : NULL;
    if (ph) {
      A->mant = lval(c, t) * lval(c, t2);
      A->vmax = (vague_top(lval(c, t)) + 1) * lval(c, t2) - 1;
      A->approx = ph;
      A->e = i + 3;
      return 1;
    }
    if (weq(c, t, "tens")) return 0;
    A->approx = vague_phrase(c, t, NULL);
    A->mant = lval(c, t);
    A->vmax = vague_top(lval(c, t));
    A->e = i + 1;
    return 1;
  }
  double total = 0, cur = 0, lastmag = 1e300;
  int last = SP_NONE, nw = 0;
  long j = i;
  if (weq(c, t, "a") || weq(c, t, "an")) { cur = 1; last = SP_UNIT; j++; }
  while (nw < LEDE_NUM_MAX_WORDS) {
    const ntok *w = tk(c, j);
    if (w->type != T_WORD) {
      /* twenty-six, two-thirds */
      if (is_hyphen(w) && glued(tk(c, j - 1), w) && glued(w, tk(c, j + 1)) &&
          (last == SP_TEN || last == SP_UNIT)) {
        uint32_t fn = lflags(c, tk(c, j + 1));
        double vn = lval(c, tk(c, j + 1));
        if ((last == SP_TEN && (fn & (L_UNIT | L_ORD)) && vn < 10 && vn > 0) ||
            (last == SP_UNIT && (fn & L_FRACD))) {
          j++; continue;
        }
      }
      break;
    }
    uint32_t fw = lflags(c, w);
    double v = lval(c, w);
    if ((fw & L_FRACD) &&
        (last == SP_UNIT || (last == SP_TEN && !(fw & L_ORD)))) {
      /* two-thirds, three quarters, one half */
      if (cur == 0) break;
      A->mant = total + cur; A->mul = 1.0 / v; A->frac = 1;
      A->e = j + 1;
      if (of_a_mag(c, j + 1)) {        /* "three quarters of a million" */
        A->magexp = (int)lval(c, tk(c, j + 3)); A->frac = 0; A->e = j + 4;
      }
      return 1;
    }
    if (fw & L_UNIT) {
      if (last == SP_UNIT || (last == SP_TEN && v >= 10) ||
          (last == SP_TEN && v == 0)) break;
      cur += v; last = SP_UNIT;
    } else if (fw & L_TEN) {
      if (last == SP_UNIT || last == SP_TEN) break;
      cur += v; last = SP_TEN;
    } else if ((fw & L_MAG) && !(fw & L_ORD)) {
      if (last != SP_UNIT && last != SP_TEN && last != SP_HUNDRED) break;
      if (v == 2) {
        if (last == SP_HUNDRED || cur >= 100) break;
        cur *= 100; last = SP_HUNDRED;
      } else {
        double m = P10[(int)v];
        if (m >= lastmag) break;
        total += cur * m; cur = 0; lastmag = m; last = SP_MAG;
      }
    } else if (weq(c, w, "and")) {
      uint32_t fn = lflags(c, tk(c, j + 1));
      if ((last == SP_HUNDRED || last == SP_MAG) && (fn & (L_UNIT | L_TEN)) &&
          tk(c, j + 1)->type == T_WORD) {
        j++; nw++; continue;
      }
      break;
    } else if (fw & L_ORD) {
      if (last == SP_NONE || (last == SP_TEN && v < 10) ||
          last == SP_HUNDRED || last == SP_MAG) {
        if (v >= 100) cur = (cur ? cur : 1) * v; else cur += v;
        A->ordinal = 1; j++;
        last = SP_UNIT;
        break;
      }
      break;
    } else if ((fw & L_DOZEN) && (last == SP_UNIT || last == SP_TEN)) {
      cur *= 12; j++; last = SP_MAG;
      break;
    } else {
      break;
    }
    j++; nw++;
  }
  if (j == i || last == SP_NONE) return 0;
  if (weq(c, tk(c, i), "a") && j == i + 1) return 0;
  A->mant = total + cur;
  A->e = j;
  A->one = (j == i + 1 && weq(c, t, "one"));
  /* "two and a half million", "one and a quarter", "a million and a
     half" (a part of the last magnitude: 1,500,000) */
  double fr = and_a_fraction(c, j);
  if (!A->ordinal && fr > 0) {
    j += 3; A->e = j;
    if (mag_at(c, j)) {
      A->add = fr; A->magexp = (int)lval(c, tk(c, j)); A->e = ++j;
    } else {
      A->add = fr * (last == SP_MAG ? lastmag : last == SP_HUNDRED ? 100 : 1);
    }
    A->one = 0;
  }
  /* "two million" after a spelled number with no magnitude: handled in
     the loop; "five bn" after words */
  uint32_t fm = lflags(c, tk(c, A->e));
  if (!A->ordinal && last != SP_MAG && magab_word(tk(c, A->e), fm, 0)) {
    A->magexp = (int)lval(c, tk(c, A->e)); A->e++;
  }
  return 1;
}

/* Any amount at token i: 1, 0 (none) or -1 (a number not to report). */
static int parse_amount(nctx *c, long i, amt *A, int money_ctx) {
  memset(A, 0, sizeof *A);
  A->a = i;
  A->mul = 1;
  A->money_ctx = money_ctx;
  const ntok *t = tk(c, i);
  if (t->type == T_NUM) {
    int r = parse_digits(c, i, A);
    if (r <= 0) return r;
    /* a fraction written with a slash: 1/4, 3/8 */
    const ntok *sl = tk(c, i + 1), *d = tk(c, i + 2);
    if (ispunct_cp(sl, '/') && glued(t, sl) && d->type == T_NUM &&
        glued(sl, d)) {
      double num = (double)t->mant, den = (double)d->mant;
      int dok = (d->mant == 2 || d->mant == 3 || d->mant == 4 ||
                 d->mant == 5 || d->mant == 6 || d->mant == 8 ||
                 d->mant == 10 || d->mant == 16 || d->mant == 32 ||
                 d->mant == 100);
      const ntok *d2 = tk(c, i + 3);
      if (A->plain && !(d->numf) && d->sfx == d->b && dok && num >= 1 &&
          num < den && !(ispunct_cp(d2, '/') && glued(d, d2))) {
        A->mant = num / den; A->nfrac = 0; A->frac = 1; A->plain = 0;
        A->e = i + 3;
        return 1;
      }
      return -1;
    }
    return 1;
  }
  if (t->type == T_FRAC) {
    A->mant = t->v; A->frac = 1; A->e = i + 1;
    return 1;
  }
  if (t->type == T_WORD) return parse_words(c, i, A);
  return 0;
}

/* ------------------------------------------------------------ figures */

typedef struct fig {
  long a, e;             /* tokens of the figure as written [a, e) */
  amt A;
  double value, max;
  int has_max, kind, pp, sign;
  int cents;             /* the amount is in cents (scaled by 1/100) */
  const char *code;
  const char *approx, *role;
  size_t noun_a, noun_b, head_a, head_b;
} fig;

static int is_word_tok(const ntok *t) { return t->type == T_WORD; }

/* A word that can continue a noun phrase. */
static int content_word(nctx *c, const ntok *t) {
  if (t->type != T_WORD || (t->flags & F_DIGW)) return 0;
  uint32_t f = lflags(c, t);
  if (f & (L_STOP | L_UNIT | L_TEN | L_MAG | L_ORD | L_VAGUE | L_PCT |
           L_DOZEN)) return 0;
  size_t n = t->b - t->a;
  const char *p = c->s + t->a;
  if (n > 4 && p[n - 2] == 'l' && p[n - 1] == 'y') return 0;  /* adverbs */
  return 1;
}

static int ends_plural(const nctx *c, const ntok *t) {
  size_t n = t->b - t->a;
  const char *p = c->s + t->a;
  if (n < 3 || (p[n - 1] != 's' && p[n - 1] != 'S')) return 0;
  char b = p[n - 2];
  if (b == 's' || b == 'u' || b == 'i' || b == '\'' || b == (char)0x99)
    return 0;
  return 1;
}

/*
** The counted noun phrase starting at token j: content words (with
** hyphenated compounds, possessives, and "and"/"or" between modifiers)
** up to the first plural noun for a plural count, or before a word that
** looks like a verb (-s) for a count of one and for ordinals.
*/
/* Whether v is a whole number, without converting a value beyond long
   long (every double that large is whole). */
static int is_whole(double v) {
  if (v >= 9.0e18 || v <= -9.0e18) return 1;
  return v == (double)(long long)v;
}

static int noun_phrase(nctx *c, long j, int singular, fig *F) {
  int whole = is_whole(F->value);
  int quotes = 0;
  while (quotes < 2) {
    const ntok *q = tk(c, j);
    if (q->type == T_PUNCT && (q->cp == 0x201C || q->cp == '"' ||
                               q->cp == 0x2018)) { j++; quotes++; }
    else break;
  }
  while (weq(c, tk(c, j), "more") || weq(c, tk(c, j), "other") ||
         weq(c, tk(c, j), "further") || weq(c, tk(c, j), "additional"))
    j++;
  long first = -1, last = -1, head = -1;
  int n = 0;
  while (n < LEDE_NUM_MAX_NOUN) {
    const ntok *t = tk(c, j);
    if (t->type != T_WORD) break;
    if (weq(c, t, "and") || weq(c, t, "or") || weq(c, t, "&")) {
      if (last >= 0 && content_word(c, tk(c, j + 1)) &&
          n + 1 < LEDE_NUM_MAX_NOUN) { j++; continue; }
      break;
    }
    if (!content_word(c, t)) break;
    uint32_t f = lflags(c, t);
    if ((f & L_MONTH) && (t->flags & F_CAP)) break;
    if (singular && last >= 0 && ends_plural(c, t) && !(f & L_IRRPL)) break;
    if (first < 0) first = j;
    last = j;
    n++;
    while (is_hyphen(tk(c, j + 1)) && glued(t, tk(c, j + 1)) &&
           is_word_tok(tk(c, j + 2)) && glued(tk(c, j + 1), tk(c, j + 2))) {
      j += 2; last = j; t = tk(c, j);
    }
    j++;
    if (!singular && (ends_plural(c, tk(c, last)) || (f & L_IRRPL))) {
      head = last;
      break;
    }
  }
  if (last < 0) return 0;
  /* a count above one with no plural noun after it: only the first word
     ("10K race drew" -> "race"; a verb is not part of the phrase) */
  if (head < 0 && !singular && whole && last > first &&
      !weq(c, tk(c, first + 1), "and") &&
      !weq(c, tk(c, first + 1), "or") && !is_hyphen(tk(c, first + 1)))
    last = first;
  if (head < 0) head = last;
  F->noun_a = tk(c, first)->a;
  F->noun_b = tk(c, last)->b;
  /* the head of a hyphenated compound is its last part */
  F->head_a = tk(c, head)->a;
  F->head_b = tk(c, head)->b;
  return 1;
}

/* "of the countries", "of Ukraine's allies": the noun after "of". */
static int of_noun(nctx *c, long j, int singular, fig *F) {
  if (!weq(c, tk(c, j), "of")) return 0;
  j++;
  int k = 0;
  while (k < 2 && (lflags(c, tk(c, j)) & L_DET)) { j++; k++; }
  const ntok *t = tk(c, j);
  if (t->type == T_WORD && (lflags(c, t) & L_STOP)) return 0;  /* them */
  return noun_phrase(c, j, singular, F);
}

/* The vocabulary entry of the nw words at tokens [a, a + nw) joined by
   single spaces ("more than"), or NULL. */
static const lexent *phrase_at(nctx *c, long a, long nw) {
  char buf[64];
  size_t len = 0;
  if (a < 0) return NULL;
  for (long k = a; k < a + nw; k++) {
    const ntok *t = tk(c, k);
    size_t L = t->b - t->a;
    if (t->type != T_WORD || len + L + 1 > sizeof buf) return NULL;
    if (len) buf[len++] = ' ';
    memcpy(buf + len, c->s + t->a, L);
    len += L;
  }
  return lede_vocab_lookup(buf, len);
}

/* The qualifier written before the figure that starts at token a: the
   longest run of up to QUAL_MAX_WORDS words before a that is a row with
   role num.qual ("a little more than", "at least", "about"). Returns the
   index of its first word and sets *out to the phrase (lower case), or
   returns a. */
#define QUAL_MAX_WORDS 4
static long qualifier(nctx *c, long a, const char **out) {
  const ntok *p = tk(c, a - 1);
  if (p->type != T_WORD) return a;
  int k = pair_index(c->s + p->a, p->b - p->a);
  if (k < 0 || !((qual_last[k] >> (p->b - p->a)) & 1)) return a;
  for (long nw = QUAL_MAX_WORDS; nw >= 1; nw--) {
    const lexent *e = phrase_at(c, a - nw, nw);
    if (e && (e->num & L_QUAL)) { *out = e->key; return a - nw; }
  }
  return a;
}

/* A change verb shortly before token a ("rose from 20 to 30"). */
static int change_before(nctx *c, long a) {
  for (long k = a - 1; k >= 0 && k >= a - 6; k--) {
    const ntok *t = tk(c, k);
    if (t->type == T_PUNCT && (t->cp == ',' || t->cp == ';' || t->cp == '.'))
      return 0;
    if (t->type != T_WORD) continue;
    if (lflags(c, t) & L_CHANGE) return 1;
  }
  return 0;
}

/* Skips an identifier-like chain of glued tokens from i; returns the
   index after it. */
static long skip_chain(nctx *c, long i) {
  long j = i + 1;
  while (j < (long)c->nt) {
    const ntok *p = tk(c, j - 1), *t = tk(c, j);
    if (!glued(p, t)) break;
    if (t->type == T_NUM || t->type == T_WORD) { j++; continue; }
    if (t->type == T_PUNCT && (t->cp == '-' || t->cp == '/' || t->cp == ':' ||
                               t->cp == '.' || t->cp == 0x2013) &&
        glued(t, tk(c, j + 1)) &&
        (tk(c, j + 1)->type == T_NUM || tk(c, j + 1)->type == T_WORD)) {
      j += 2;
      continue;
    }
    break;
  }
  return j;
}

static int is_month_at(nctx *c, long j) {
  const ntok *t = tk(c, j);
  return t->type == T_WORD && (t->flags & F_CAP) && (lflags(c, t) & L_MONTH);
}

/* The month name just before token i (allowing "Sept." with its dot). */
static int month_before(nctx *c, long i) {
  if (is_month_at(c, i - 1)) return 1;
  return ispunct_cp(tk(c, i - 1), '.') && is_month_at(c, i - 2) &&
         glued(tk(c, i - 2), tk(c, i - 1));
}

static int year_like(const ntok *t, int lo) {
  return t->type == T_NUM && t->numf == 0 && t->sfx == t->b &&
         t->ndig == 4 && t->mant >= (uint64_t)lo && t->mant <= 2099;
}

static int day_like(const ntok *t) {
  if (t->type != T_NUM || t->numf || t->ndig > 2 || t->mant < 1 ||
      t->mant > 31) return 0;
  if (t->sfx == t->b) return 1;
  size_t n = t->b - t->sfx;
  return n == 2;   /* 4th, 21st */
}

#define ADDR_MAX 256   /* longest run of text read as one address */

static int is_ws(unsigned char ch);

/*
** Is the run of text (between white space) around byte a an address: a
** URL (://, www., a domain with a path), an e-mail address, a handle
** (@name), a hashtag, a file name (report-2024.pdf) or an identifier
** with underscores? Returns the run's end (the numbers in it are not
** figures) or 0. Each run is read once (cached in c->addr_*); a run
** longer than ADDR_MAX is not an address.
*/
static size_t address_end(nctx *c, size_t a) {
  if (a >= c->addr_a && a < c->addr_b) return c->addr_end;
  const unsigned char *u = (const unsigned char *)c->s;
  size_t ra = a, rb = a;
  while (ra > 0 && a - ra < ADDR_MAX && !is_ws(u[ra - 1])) ra--;
  while (rb < c->n && rb - a < ADDR_MAX && !is_ws(u[rb])) rb++;
  c->addr_a = ra; c->addr_b = rb; c->addr_end = 0;
  if ((ra > 0 && !is_ws(u[ra - 1])) || (rb < c->n && !is_ws(u[rb])))
    return 0;                              /* too long to be one */
  /* the run without brackets, quotes and closing punctuation */
  while (ra < rb && (u[ra] == '(' || u[ra] == '"' || u[ra] == '\'' ||
                     u[ra] == '<' || u[ra] == '[')) ra++;
  size_t re = rb;
  while (re > ra && strchr(".,;:!?)\"'>]", u[re - 1])) re--;
  if (re <= ra) return 0;
  int addr = 0, slash = 0, domain = 0;
  if ((u[ra] == '@' || u[ra] == '#') && ra + 1 < re && is_alpha(u[ra + 1]))
    addr = 1;                              /* @handle, #hashtag */
  if (re - ra > 4 && (u[ra] | 0x20) == 'w' && (u[ra + 1] | 0x20) == 'w' &&
      (u[ra + 2] | 0x20) == 'w' && u[ra + 3] == '.')
    addr = 1;
  for (size_t q = ra; q < re && !addr; q++) {
    unsigned char ch = u[q];
    if (ch == ':' && q + 2 < re && u[q + 1] == '/' && u[q + 2] == '/')
      addr = 1;
    else if ((ch == '@' || ch == '_') && q > ra && q + 1 < re &&
             (cclass[u[q - 1]] & CC_ALNUM) && (cclass[u[q + 1]] & CC_ALNUM))
      addr = 1;
    else if (ch == '/')
      slash = 1;
    else if (ch == '.' && !slash && q + 2 < re && is_alpha(u[q + 1]) &&
             is_alpha(u[q + 2]) && q > ra && is_alpha(u[q - 1]))
      domain = 1;
  }
  if (!addr && domain && slash) addr = 1;
  if (!addr) {                             /* a file name */
    size_t d = re;
    while (d > ra && is_alpha(u[d - 1])) d--;
    if (d > ra + 1 && u[d - 1] == '.' && re - d <= 4) {
      const lexent *e = lede_vocab_lookup(c->s + d, re - d);
      addr = e && (e->word & LEDE_VOC_WORD_FILEEXT);   /* pdf, csv */
    }
  }
  if (addr) c->addr_end = rb;
  return c->addr_end;
}

/* The cheap test before address_end: is the number at [a, b) glued to a
   letter or to a character of addresses (/ @ _ # = ? & :), or followed
   by a dot or hyphen and a letter or digit ("2024.pdf", "2024-report")? */
static int address_char(unsigned char ch) {
  switch (ch) {
  case '/': case '@': case '_': case '#': case '=': case '?': case '&':
  case ':':
    return 1;
  default:
    return 0;
  }
}

static int address_like(const char *s, size_t n, size_t a, size_t b) {
  const unsigned char *u = (const unsigned char *)s;
  if (a > 0) {
    unsigned char p = u[a - 1];
    if ((cclass[p] & (CC_UP | CC_LO)) || address_char(p)) return 1;
  }
  if (b < n) {
    unsigned char q = u[b];
    if (((cclass[q] & (CC_UP | CC_LO)) || address_char(q)) && q != '#' &&
        q != ':')
      return 1;
    if ((q == '.' || q == '-') && b + 1 < n && (cclass[u[b + 1]] & CC_ALNUM))
      return 1;
  }
  return 0;
}

/* Returns the index after a non-figure starting at NUM token i, or 0 if
   the number may be a figure. */
static long not_a_figure(nctx *c, long i) {
  const ntok *t = tk(c, i), *p = tk(c, i - 1), *pp = tk(c, i - 2);
  const ntok *nx = tk(c, i + 1), *nx2 = tk(c, i + 2);
  /* numbers inside URLs, e-mail addresses, handles and file names */
  if (address_like(c->s, c->n, t->a, t->b)) {
    size_t ae = address_end(c, t->a);
    if (ae) {
      long j = i + 1;
      while (j < (long)c->nt && tk(c, j)->a < ae) j++;
      return j;
    }
  }
  /* F-16, COVID-19, I-95, Catch-22 */
  if ((is_hyphen(p) || ispunct_cp(p, 0x2013)) && glued(p, t) &&
      pp->type == T_WORD && glued(pp, p) && !(lflags(c, pp) & (L_UNIT | L_TEN)))
    return skip_chain(c, i);
  /* references and names: page 5, Article 5, Boeing 737, No. 10, #3 */
  if (p->type == T_WORD) {
    uint32_t f = lflags(c, p);
    if ((f & L_REF) && !weq(c, p, "no") && !weq(c, p, "number"))
      return skip_chain(c, i);
    if ((weq(c, p, "no") || weq(c, p, "number")) && (p->flags & F_CAP))
      return skip_chain(c, i);
    if ((f & L_NAME) && (p->flags & F_CAP)) return skip_chain(c, i);
    size_t pl = p->b - p->a;
    if (pl == 1 && (p->flags & F_CAP) && !weq(c, p, "a") && !weq(c, p, "i") &&
        !(f & L_CURPFX)) return skip_chain(c, i);
    /* a capitalized name right before, nothing after: "on Route 9." */
    if ((p->flags & F_CAP) && !(p->flags & F_INIT) && !f &&
        (nx->type != T_WORD ||
         (!(nx->flags & F_CAP) && (lflags(c, nx) & L_STOP) &&
          (weq(c, nx, "was") || weq(c, nx, "is") || weq(c, nx, "has") ||
           weq(c, nx, "will") || weq(c, nx, "had") || weq(c, nx, "would")))) &&
        nx->type != T_NUM && nx->type != T_CUR &&
        !ispunct_cp(nx, '%') && !(is_hyphen(nx) && glued(t, nx)) &&
        !ispunct_cp(nx, 0x2013) && !ispunct_cp(nx, '/') &&
        !ispunct_cp(nx, '-') && t->sfx == t->b)
      return skip_chain(c, i);
  }
  if (ispunct_cp(p, '.') && pp->type == T_WORD && glued(pp, p) &&
      (lflags(c, pp) & (L_REF | L_NAME)) &&
      !(lflags(c, pp) & L_MONTH)) return skip_chain(c, i);
  if (ispunct_cp(p, '#') && glued(p, t)) return skip_chain(c, i);
  /* clock times and ratios: 10:30 */
  if (ispunct_cp(nx, ':') && glued(t, nx) && nx2->type == T_NUM &&
      glued(nx, nx2)) {
    long j = skip_chain(c, i);
    if (lflags(c, tk(c, j)) & L_TIME) j++;
    if (ispunct_cp(tk(c, j), '.') && glued(tk(c, j - 1), tk(c, j))) j++;
    return j;
  }
  /* 10 a.m., 1500 GMT, 5 o'clock */
  if (nx->type == T_WORD && (lflags(c, nx) & L_TIME) && t->numf == 0 &&
      t->sfx == t->b && t->mant <= 2400 &&
      !(weq(c, nx, "h") && !glued(t, nx))) {
    long j = i + 2;
    if (ispunct_cp(tk(c, j), '.') && glued(nx, tk(c, j))) j++;
    return j;
  }
  /* phone numbers: 555-0143, 202-555-0143, (202) 555-0143, +44 20 7946 */
  if ((is_hyphen(nx) || ispunct_cp(nx, '.')) && glued(t, nx) &&
      nx2->type == T_NUM && glued(nx, nx2)) {
    const ntok *n3 = tk(c, i + 3);
    if (t->numf == 0 && nx2->numf == 0 &&
        ((t->ndig == 3 && nx2->ndig == 4) ||
         ((is_hyphen(n3) || ispunct_cp(n3, '.')) && glued(nx2, n3) &&
          tk(c, i + 4)->type == T_NUM && glued(n3, tk(c, i + 4)))))
      return skip_chain(c, i);
  }
  if (ispunct_cp(p, '+') && glued(p, t) && nx->type == T_NUM &&
      !(nx->numf & NF_SEP))
    {
      long j = i + 1;
      while (tk(c, j)->type == T_NUM && !(tk(c, j)->numf & NF_SEP)) j++;
      return j;
    }
  if (t->numf == 0 && t->sfx == t->b && nx->type == T_NUM &&
      nx->numf == 0 && nx->sfx == nx->b && nx2->type == T_NUM &&
      nx2->numf == 0 && !(nx->flags & F_NL) && !(nx2->flags & F_NL)) {
    long j = i + 3;
    while (tk(c, j)->type == T_NUM && tk(c, j)->numf == 0) j++;
    return j;
  }
  if (ispunct_cp(p, ')') && glued(tk(c, i - 2), p) && tk(c, i - 2)->type == T_NUM &&
      ispunct_cp(tk(c, i - 3), '(') && tk(c, i - 2)->ndig == 3 &&
      (is_hyphen(nx) && glued(t, nx)))
    return skip_chain(c, i);
  if (ispunct_cp(p, '(') && glued(p, t) && ispunct_cp(nx, ')') &&
      glued(t, nx) && t->ndig == 3 && nx2->type == T_NUM && nx2->ndig == 3)
    return skip_chain(c, i + 2);
  /* dates: Sept. 4, 4 September, the 4th of July */
  if (day_like(t) &&
      (month_before(c, i) || is_month_at(c, i + 1) ||
       (weq(c, nx, "of") && is_month_at(c, i + 2)))) {
    long j = i + 1;
    if (weq(c, nx, "of")) j += 2;
    else if (is_month_at(c, i + 1)) {
      j++;
      if (ispunct_cp(tk(c, j), '.') && glued(tk(c, j - 1), tk(c, j))) j++;
    }
    if (ispunct_cp(tk(c, j), ',') && year_like(tk(c, j + 1), 1000)) j += 2;
    else if (year_like(tk(c, j), 1000)) j++;
    return j;
  }
  /* years */
  if (year_like(t, 1000)) {
    uint32_t fp = lflags(c, p);
    int strong = (p->type == T_WORD && (fp & L_YEARS)) || month_before(c, i);
    if (p->type == T_WORD && (fp & L_MONTH) && !(p->flags & F_CAP)) strong = 0;
    if (strong) return i + 1;
    if (year_like(t, 1900)) {
      const ntok *nxt = nx;
      int noun_after = nxt->type == T_WORD && !(nxt->flags & F_CAP) &&
                       content_word(c, nxt) && !(lflags(c, nxt) & L_EVENT);
      if (p->type == T_WORD && (fp & L_YEARW) && !noun_after) return i + 1;
      /* Sept. 4, 2025 without the dates finder */
      if (ispunct_cp(p, ',') && day_like(pp) && month_before(c, i - 2))
        return i + 1;
      /* 2022-23, 2010-2015, 2023/24 */
      if ((is_hyphen(nx) || ispunct_cp(nx, '/') || ispunct_cp(nx, 0x2013)) &&
          nx2->type == T_NUM && nx2->numf == 0 &&
          (nx2->ndig == 2 || year_like(nx2, 1900)) &&
          (glued(t, nx) || ispunct_cp(nx, 0x2013))) {
        const ntok *n3 = tk(c, i + 3);
        int noun3 = n3->type == T_WORD && !(n3->flags & F_CAP) &&
                    content_word(c, n3) && !(lflags(c, n3) & L_EVENT);
        if (nx2->ndig == 2 || !noun3) return i + 3;
      }
      if (is_month_at(c, i + 1)) return i + 1;
      /* a year before a singular noun ("their 1987 crop"); a count takes
         a plural one ("2025 units") */
      if (nx->type == T_WORD && !(nx->flags & F_CAP) && content_word(c, nx) &&
          !ends_plural(c, nx) && !(lflags(c, nx) & L_IRRPL) &&
          !(is_hyphen(tk(c, i + 2)) && glued(nx, tk(c, i + 2))))
        return i + 1;
      if (nx->type == T_WORD && (lflags(c, nx) & L_EVENT) &&
          (p->type != T_WORD || (fp & (L_DET | L_STOP)) ||
           (p->flags & F_CAP)))
        return i + 1;
      if (nx->type == T_WORD && (nx->flags & F_CAP) && !(nx->flags & F_INIT) &&
          p->type == T_WORD && (fp & L_DET))
        return i + 1;
      if ((t->flags & F_INIT || i == 0) && nx->type == T_WORD &&
          (weq(c, nx, "was") || weq(c, nx, "is") || weq(c, nx, "will") ||
           weq(c, nx, "has") || weq(c, nx, "had") || weq(c, nx, "saw")))
        return i + 1;
      if (ispunct_cp(p, '(') && ispunct_cp(nx, ')')) return i + 1;
      if (nx->type == T_PUNCT && (nx->cp == 0x2019 || nx->cp == '\'') &&
          glued(t, nx) && weq(c, nx2, "s"))
        return i + 1;
    }
  }
  return 0;
}

/* What the previous figure passes on to the one that follows it (the
   second number of a tally is a tally too: "5-4"). */
typedef struct inherit {
  size_t at;             /* byte where the next figure starts; 0 = none */
  int kind, pp, magexp;
  const char *code, *role;
} inherit;

#define C_NONE 0
#define C_HYPHEN 1
#define C_DASH 2
#define C_TO 3
#define C_AND 4
#define C_OR 5

static int starts_amount(nctx *c, long j) {
  const ntok *t = tk(c, j);
  if (t->type == T_NUM || t->type == T_CUR || t->type == T_FRAC) return 1;
  if (t->type != T_WORD) return 0;
  uint32_t f = lflags(c, t);
  if (f & (L_UNIT | L_TEN)) return 1;
  if ((f & L_ISO) && (t->flags & F_ALLC)) return 1;
  if (weq(c, t, "a") || weq(c, t, "an") || weq(c, t, "half")) return 1;
  if ((f & L_CURPFX) && tk(c, j + 1)->type == T_CUR && glued(t, tk(c, j + 1)))
    return 1;
  return 0;
}

/* "went up to 5.5% from 5.4%", "rose up to 10%": after a verb of
   motion (num.motion), or with a "from" figure after it, "up to" (at q) is where the
   figure moved, not a ceiling; "cut by up to 10%" and "cuts up to 300
   jobs" keep their ceiling. */

static int up_to_direction(nctx *c, long q, long e) {
  if (!weq(c, tk(c, q), "up") || !weq(c, tk(c, q + 1), "to")) return 0;
  const ntok *v = tk(c, q - 1);
  if (lflags(c, v) & L_MOTION) return 1;
  return weq(c, tk(c, e), "from") && starts_amount(c, e + 1);
}

/* Parses one figure (sign, currency, amount, unit, hyphen compounds) at
   token i. 1 = found, 0 = none, -1 = a number that is not a figure. */
static int parse_figure(nctx *c, long i, fig *F, int second) {
  memset(F, 0, sizeof *F);
  F->a = i;
  F->sign = 1;
  long j = i;
  const ntok *t = tk(c, j);
  int money_ctx = 0;
  if (!second && t->type == T_PUNCT &&
      (t->cp == '-' || t->cp == 0x2212 || t->cp == '+') &&
      tk(c, j + 1)->type == T_NUM && glued(t, tk(c, j + 1))) {
    const ntok *p = tk(c, j - 1);
    if (glued(p, t) && (p->type == T_WORD || p->type == T_NUM)) return 0;
    if (t->cp != '+') F->sign = -1;
    j++;
  } else if (!second && weq(c, t, "minus") && tk(c, j + 1)->type == T_NUM) {
    F->sign = -1;
    j++;
  }
  t = tk(c, j);
  if ((lflags(c, t) & L_CURPFX) && tk(c, j + 1)->type == T_CUR &&
      glued(t, tk(c, j + 1)) && !strcmp(tk(c, j + 1)->code, "USD")) {
    F->code = lexof(c, t)->code;   /* US$, C$, A$, HK$ */
    j += 2;
    money_ctx = 1;
  } else if (t->type == T_CUR && near(t, tk(c, j + 1))) {
    F->code = t->code;
    j++;
    money_ctx = 1;
  } else if (t->type == T_WORD && (t->flags & F_ALLC) && t->b - t->a == 3 &&
             (lflags(c, t) & L_ISO) && tk(c, j + 1)->type == T_NUM &&
             near(t, tk(c, j + 1))) {
    F->code = lexof(c, t)->code;
    j++;
    money_ctx = 1;
  } else if (t->type == T_WORD && weq(c, t, "rs") && (t->flags & F_CAP)) {
    long k = j + 1;
    if (ispunct_cp(tk(c, k), '.') && glued(t, tk(c, k))) k++;
    if (tk(c, k)->type != T_NUM) return 0;
    F->code = "INR";
    j = k;
    money_ctx = 1;
  }
  if (money_ctx && F->sign == 1 && tk(c, j)->type == T_PUNCT &&
      (tk(c, j)->cp == '-' || tk(c, j)->cp == 0x2212) &&
      glued(tk(c, j), tk(c, j + 1)) && tk(c, j + 1)->type == T_NUM) {
    F->sign = -1;
    j++;
  }
  int r = parse_amount(c, j, &F->A, money_ctx);
  if (r <= 0) return r;
  long k = F->A.e;
  amt *A = &F->A;
  if (!A->ordinal) {
    const ntok *u = tk(c, k), *u1 = tk(c, k + 1);
    uint32_t fu = lflags(c, u);
    if (A->pct) {
      F->kind = LEDE_FIG_PERCENT;
    } else if (ispunct_cp(u, '%') || ispunct_cp(u, 0xFF05)) {
      F->kind = LEDE_FIG_PERCENT; k++;
    } else if ((fu & L_PCT) && u->type == T_WORD &&
               !(weq(c, u, "pc") && (u->flags & F_CAP))) {   /* a 386 PC */
      F->kind = LEDE_FIG_PERCENT; k++;
    } else if (weq(c, u, "per") && weq(c, u1, "cent")) {
      F->kind = LEDE_FIG_PERCENT; k += 2;
    } else if (weq(c, u, "percentage") &&
               (weq(c, u1, "point") || weq(c, u1, "points"))) {
      F->kind = LEDE_FIG_PERCENT; F->pp = 1; k += 2;
    }
    if (!F->kind) {
      /* currency words, with an adjective: "300 Swiss francs"; after
         an abbreviated magnitude and its dot: "2,5 Mrd. Euro" */
      long m = k;
      const char *adj = NULL;
      if (ispunct_cp(tk(c, m), '.') && glued(tk(c, m - 1), tk(c, m)) &&
          (lflags(c, tk(c, m - 1)) & L_MAG) &&
          (lflags(c, tk(c, m + 1)) & L_CURW))
        m++;
      for (int q = 0; q < 2; q++) {
        const ntok *w = tk(c, m);
        if (w->type == T_WORD && (lflags(c, w) & L_CURADJ) &&
            (w->flags & F_CAP || weq(c, w, "u.s"))) {
          adj = lexof(c, w)->code;
          m++;
          if (ispunct_cp(tk(c, m), '.') && glued(w, tk(c, m))) m++;
        } else if (q == 0 && w->type == T_WORD && (w->flags & F_CAP) &&
                   (weq(c, w, "hong") || weq(c, w, "new") ||
                    weq(c, w, "south") || weq(c, w, "west"))) {
          m++;
        } else {
          break;
        }
      }
      const ntok *w = tk(c, m);
      uint32_t fw = lflags(c, w);
      if (w->type == T_WORD && (fw & L_CURW) && !(w->flags & F_ALLC) &&
          (!F->code || !strcmp(F->code, "USD"))) {
        if (!F->code || adj) F->code = adj ? adj : lexof(c, w)->code;
        else if (!adj) F->code = lexof(c, w)->code;
        k = m + 1;
      } else if (w->type == T_WORD && (fw & L_CENTS) && !F->code) {
        F->code = adj ? adj : lexof(c, w)->code;
        A->mul /= 100;
        F->cents = 1;
        k = m + 1;
      } else if (w->type == T_WORD && (w->flags & F_ALLC) &&
                 w->b - w->a == 3 && (fw & L_ISO) && !F->code) {
        F->code = lexof(c, w)->code;
        k = m + 1;
      }
      if (F->code) F->kind = LEDE_FIG_MONEY;
    }
    if (!F->kind) F->kind = LEDE_FIG_NUMBER;
  } else {
    F->kind = LEDE_FIG_ORDINAL;
  }
  F->e = k;
  /* hyphenated compounds: 10th-largest, 40-year-old, 27-member, 50-odd */
  const ntok *h = tk(c, k), *w = tk(c, k + 1);
  if (is_hyphen(h) && glued(tk(c, k - 1), h) && w->type == T_WORD &&
      glued(h, w) && !(lflags(c, w) & (L_UNIT | L_TEN | L_FRACD | L_MAG))) {
    uint32_t fw = lflags(c, w);
    if (F->kind == LEDE_FIG_ORDINAL) {
      F->e = k + 2;
    } else if (F->kind == LEDE_FIG_NUMBER) {
      if ((fw & L_AGEU) && is_hyphen(tk(c, k + 2)) && weq(c, tk(c, k + 3), "old") &&
          glued(w, tk(c, k + 2)) && glued(tk(c, k + 2), tk(c, k + 3))) {
        F->role = "age";
        F->noun_a = F->head_a = w->a;
        F->noun_b = F->head_b = w->b;
        F->e = k + 4;
      } else if (weq(c, w, "odd") || weq(c, w, "plus")) {
        F->approx = weq(c, w, "odd") ? "odd" : "plus";
        F->e = k + 2;
      } else if (!(w->flags & F_CAP) && !(fw & L_STOP)) {
        F->e = k + 2;
        if (!weq(c, w, "strong")) {
          F->noun_a = F->head_a = w->a;
          F->noun_b = F->head_b = w->b;
        }
      }
    }
  }
  /* "40 years old", "aged 40" */
  if (F->kind == LEDE_FIG_NUMBER && !F->role) {
    const ntok *y = tk(c, F->e);
    if ((lflags(c, y) & L_AGEU) && weq(c, tk(c, F->e + 1), "old")) {
      F->role = "age";
      F->noun_a = F->head_a = y->a;
      F->noun_b = F->head_b = y->b;
      F->e += 2;
    } else if (weq(c, tk(c, i - 1), "aged")) {
      F->role = "age";
    }
  }
  F->value = F->sign * amt_value(A);
  if (A->vmax > 0) {
    F->max = F->sign * A->vmax * A->mul;
    F->has_max = 1;
  }
  return 1;
}

/* ---------------------------------------------------------------- about */

/* The noun phrase that ends at token j, read backwards: content words
   (hyphenated compounds and possessives included), at most
   LEDE_NUM_MAX_NOUN. Sets *out and returns 1, or 0 when j is no content
   word. */
static int np_before(nctx *c, long j, lede_span *out) {
  if (j < 0 || !content_word(c, tk(c, j))) return 0;
  long first = j;
  for (int n = 1; n < LEDE_NUM_MAX_NOUN; n++) {
    const ntok *p = tk(c, first - 1);
    if (is_hyphen(p) && glued(p, tk(c, first)) &&
        glued(tk(c, first - 2), p) && content_word(c, tk(c, first - 2))) {
      first -= 2;
      continue;
    }
    /* a modifier has no plural -s: "expects earnings" is a verb and
       its object ("Car sales", "the bank's profit" stay whole) */
    if (first < 1 || !content_word(c, p) || ends_plural(c, p)) break;
    first--;
  }
  out->start = tk(c, first)->a;
  out->end = tk(c, j)->b;
  return 1;
}

/* The noun phrase that starts at token j (as for a count of one). */
static int np_after(nctx *c, long j, lede_span *out) {
  fig G;
  memset(&G, 0, sizeof G);
  if (!noun_phrase(c, j, 1, &G)) return 0;
  out->start = G.noun_a;
  out->end = G.noun_b;
  return 1;
}

static int word_is_verb(nctx *c, const ntok *t) {
  const lexent *e = vocof(c, t);
  return e && ((e->num & L_CHANGE) || (e->word & LEDE_VOC_WORD_VERB_LEVEL));
}

static int ends_ly(nctx *c, const ntok *t) {
  size_t n = t->b - t->a;
  return t->type == T_WORD && n > 4 && c->s[t->a + n - 2] == 'l' &&
         c->s[t->a + n - 1] == 'y';
}

/* The subject of the verb of change or level before the figure ("the
   unemployment rate rose to 3%", "sales are expected to rise 4%"), or
   what the figure before it was about ("exports fell 8.5% to $42.1
   billion", "revenue was $5.1 billion, up 3%"). Returns 1 when found. */
static int subject_about(nctx *c, const fig *F, lede_span *out) {
  long j = F->a - 1;
  for (int n = 0; n < 3; n++) {            /* back over "by", "to", "at" */
    const ntok *t = tk(c, j);
    if (t->type == T_WORD && !word_is_verb(c, t) &&
        ((lflags(c, t) & L_STOP) || ends_ly(c, t)))
      j--;
    else
      break;
  }
  if (j >= 0 && c->prev_end && tk(c, j)->b == c->prev_end) {
    if (c->prev_about.end) {
      *out = c->prev_about;
      return 1;
    }
    /* "fell by 1,100 to 11.3 pct": back over the figure before */
    long k = j;
    while (k > 0 && k > j - 8 && tk(c, k)->a > c->prev_start) k--;
    if (tk(c, k)->a != c->prev_start) return 0;
    j = k - 1;
    if (tk(c, j)->type == T_WORD && !word_is_verb(c, tk(c, j)) &&
        (lflags(c, tk(c, j)) & L_STOP))
      j--;
  }
  if (!word_is_verb(c, tk(c, j))) return 0;
  j--;
  /* "will go up", "has edged down": the verb before the particle */
  while (j > 0 && (weq(c, tk(c, j + 1), "up") || weq(c, tk(c, j + 1), "down")) &&
         (word_is_verb(c, tk(c, j)) || (lflags(c, tk(c, j)) & L_MOTION)))
    j--;
  if (c->prev_about.end && ispunct_cp(tk(c, j), ',') &&
      tk(c, j - 1)->b == c->prev_end) {
    *out = c->prev_about;
    return 1;
  }
  for (int n = 0; n < 4; n++) {            /* "is expected to rise" */
    const ntok *t = tk(c, j);
    if (t->type == T_WORD && ((lflags(c, t) & L_STOP) || ends_ly(c, t) ||
                              weq(c, tk(c, j + 1), "to")))
      j--;
    else
      break;
  }
  return np_before(c, j, out);
}

/*
** What a percentage or a sum of money is about, when the sentence says
** it, first match wins:
**   "a 5% rise in sales", "$42.1 billion in exports"  the noun after "in"
**   "a 5% stake", "a $5 million loan"                 the noun it modifies
**   "a deficit of $5 billion", "inflation of 3%"      the noun before "of"
**   "the unemployment rate rose to 3.0 pct"           the subject of a verb
**   "exports fell 8.5% to $42.1 billion"              of change or level,
**                                                     for both figures
*/
static void find_about(nctx *c, const fig *F, lede_span *out) {
  if (F->kind != LEDE_FIG_PERCENT && F->kind != LEDE_FIG_MONEY) return;
  long k = F->e;
  const ntok *nx = tk(c, k);
  if (nx->type == T_WORD && (lflags(c, nx) & L_CHANGE) &&
      !(lflags(c, nx) & L_STOP))
    k++;                                   /* "a 5% rise in" */
  if (weq(c, tk(c, k), "in") && (k > F->e || F->kind == LEDE_FIG_MONEY) &&
      !(tk(c, k + 1)->flags & F_CAP) && np_after(c, k + 1, out))
    return;
  const ntok *p = tk(c, F->a - 1);
  if (k == F->e && p->type == T_WORD && (lflags(c, p) & L_DET ||
      weq(c, p, "a") || weq(c, p, "an")) && np_after(c, F->e, out))
    return;
  if (weq(c, p, "of") && np_before(c, F->a - 2, out)) return;
  if (subject_about(c, F, out)) return;
  if (F->noun_b > F->noun_a) {             /* "47% of adults" */
    out->start = F->noun_a;
    out->end = F->noun_b;
  }
}

static int emit(nctx *c, const fig *F, int of) {
  lede_figure g;
  memset(&g, 0, sizeof g);
  g.start = tk(c, F->a)->a;
  g.end = tk(c, F->e - 1)->b;
  /* a figure never reaches into a skipped span (its parts may stand on
     both sides of one: "$2 [skipped] k") */
  for (size_t k = 0; k < c->nskip; k++)
    if (c->skip[k].start < g.end && c->skip[k].end > g.start &&
        c->skip[k].end > c->skip[k].start)
      return 0;
  g.value = F->value;
  g.max = F->has_max ? F->max : 0;
  g.has_max = F->has_max;
  g.kind = F->kind;
  if (F->kind == LEDE_FIG_MONEY && F->code) {
    size_t L = strlen(F->code);
    if (L >= sizeof g.unit) L = sizeof g.unit - 1;
    memcpy(g.unit, F->code, L);
  } else if (F->pp) {
    memcpy(g.unit, "pp", 2);
  }
  g.approx = F->approx;
  g.role = F->role;
  g.noun.start = F->noun_a; g.noun.end = F->noun_b;
  g.head.start = F->head_a; g.head.end = F->head_b;
  if (g.noun.start >= g.noun.end) g.noun.start = g.noun.end = 0;
  if (g.head.start >= g.head.end) g.head.start = g.head.end = 0;
  g.of = of;
  find_about(c, F, &g.about);
  c->prev_start = g.start;
  c->prev_end = g.end;
  c->prev_about = g.about;
  c->nfig++;
  if (c->fn(c->ud, &g) != 0) {
    c->rc = LEDE_ESTOPPED;
    return 1;
  }
  return 0;
}

static void find_noun(nctx *c, fig *F, long j) {
  if (F->noun_b > F->noun_a) return;
  if (F->role && !strcmp(F->role, "age")) return;
  int singular = F->kind == LEDE_FIG_ORDINAL ||
                 (F->value == 1 && !F->has_max);
  if (F->kind == LEDE_FIG_NUMBER || F->kind == LEDE_FIG_ORDINAL) {
    if (F->A.frac || F->A.approx) {
      if (!of_noun(c, j, 0, F) && !F->A.approx) noun_phrase(c, j, 0, F);
    } else if (!noun_phrase(c, j, singular, F)) {
      of_noun(c, j, singular, F);
    }
  } else if (F->kind == LEDE_FIG_PERCENT) {
    of_noun(c, j, 0, F);
  }
}

static void trailing_approx(nctx *c, fig *F) {
  const ntok *o = tk(c, F->e), *w = tk(c, F->e + 1);
  if (!weq(c, o, "or") && !weq(c, o, "and")) return;
  const lexent *e = phrase_at(c, F->e, 2);   /* num.after: "or more" */
  if (!e || !(e->num & L_AFTER)) return;
  const char *ph = e->key;
  const ntok *after = tk(c, F->e + 2);
  if (after->type == T_WORD && content_word(c, after) && !weq(c, w, "so") &&
      F->kind != LEDE_FIG_NUMBER) return;
  if (!F->approx) F->approx = ph;
  F->e += 2;
}

static int one_is_not_a_figure(nctx *c, long i) {
  const ntok *p = tk(c, i - 1), *nx = tk(c, i + 1);
  const ntok *n2 = tk(c, i + 2);
  if ((weq(c, nx, "or") || weq(c, nx, "to")) &&
      (n2->type == T_NUM || (lflags(c, n2) & (L_UNIT | L_TEN))))
    return 0;                      /* "one or two people", "one to three" */
  if (lflags(c, p) & L_ONEPRE) return 1;   /* the one, a better one */
  if (nx->type != T_WORD) return 1;
  if (glued(tk(c, i), nx)) return 1;
  if (weq(c, nx, "in") || weq(c, nx, "out")) return 0;
  if (lflags(c, nx) & (L_STOP | L_MAG | L_MAGAB)) {
    if (lflags(c, nx) & (L_MAG | L_MAGAB)) return 0;
    return 1;
  }
  if (weq(c, nx, "another") || weq(c, nx, "day")) return 1;
  return 0;
}

/* The part of a whole: "26 of 35 countries", "seven in 10", "nine out of
   10". Returns the index of the whole's first token, or 0. */
static long part_whole(nctx *c, const fig *F, long k) {
  if (F->kind != LEDE_FIG_NUMBER || F->A.frac || F->A.approx ||
      F->has_max || F->role) return 0;
  const ntok *w = tk(c, k);
  long g = 0;
  if (weq(c, w, "of")) g = k + 1;
  else if (weq(c, w, "out") && weq(c, tk(c, k + 1), "of")) g = k + 2;
  else if (weq(c, w, "in")) g = k + 1;
  if (!g) return 0;
  for (int k2 = 0; k2 < 2; k2++) {
    const ntok *d = tk(c, g);
    if ((lflags(c, d) & L_DET) || weq(c, d, "last") || weq(c, d, "past") ||
        weq(c, d, "next"))
      g++;
    else
      break;
  }
  const ntok *t = tk(c, g);
  if (t->type == T_NUM) {
    if (not_a_figure(c, g)) return 0;
  } else if (t->type == T_WORD) {
    uint32_t f = lflags(c, t);
    if (!(f & (L_UNIT | L_TEN))) return 0;
  } else {
    return 0;
  }
  if (weq(c, w, "in")) {
    if (t->type == T_NUM && (t->numf || t->mant > 1000)) return 0;
  }
  return g;
}

/* A cheap test before the lexicon: can this word start a figure? One bit
   per (first letter, second letter, length) of the words that can. */
static uint16_t start_pairs[26 * 27];

static void mask_add(const char *w, size_t n) {
  int k = pair_index(w, n);
  if (k >= 0) start_pairs[k] |= (uint16_t)(1u << n);
}

static int may_start(const nctx *c, const ntok *t) {
  size_t n = t->b - t->a;
  if (n == 3 && (t->flags & F_ALLC)) return 1;   /* USD 5 */
  int k = pair_index(c->s + t->a, n);
  return k >= 0 && ((start_pairs[k] >> n) & 1);
}

/* Handles what starts at token i; returns the next index (> i). */
static long scan_at(nctx *c, long i, inherit *inh) {
  const ntok *t = tk(c, i);
  switch (t->type) {
  case T_NUM: {
    long nf = not_a_figure(c, i);
    if (nf > i) return nf;
    break;
  }
  case T_WORD: {
    if (!may_start(c, t)) return i + 1;
    uint32_t f = lflags(c, t);
    if (!(f & (L_UNIT | L_TEN | L_ORD | L_VAGUE | L_ISO | L_CURPFX)) &&
        !weq(c, t, "a") && !weq(c, t, "an") && !weq(c, t, "half") &&
        !weq(c, t, "minus") && !(f & L_ISO))
      return i + 1;
    if ((f & (L_UNIT | L_TEN | L_ORD)) && (t->flags & F_CAP) &&
        !(t->flags & F_INIT) && tk(c, i - 1)->type == T_WORD &&
        (tk(c, i - 1)->flags & F_CAP))
      return i + 1;                /* Formula One, Air Force One */
    if ((f & L_ORD) && weq(c, tk(c, i - 1), "at") && weq(c, t, "first"))
      return i + 1;
    if ((f & L_ORD) && weq(c, t, "second") &&
        (tk(c, i - 1)->type == T_NUM || weq(c, tk(c, i - 1), "a")))
      return i + 1;
    break;
  }
  case T_CUR: case T_FRAC:
    break;
  case T_PUNCT:
    if ((t->cp == '-' || t->cp == '+' || t->cp == 0x2212) &&
        tk(c, i + 1)->type == T_NUM && glued(t, tk(c, i + 1))) {
      if (not_a_figure(c, i + 1)) return i + 1;
      break;
    }
    return i + 1;
  default:
    return i + 1;
  }
  fig F;
  int r = parse_figure(c, i, &F, 0);
  if (r < 0) return t->type == T_NUM ? skip_chain(c, i) : i + 1;
  if (r == 0) return i + 1;
  if (F.A.one && F.kind == LEDE_FIG_NUMBER && F.e == i + 1 &&
      one_is_not_a_figure(c, i))
    return i + 1;
  if (inh->at && tk(c, F.a)->a == inh->at) {
    if (F.kind == LEDE_FIG_NUMBER && !F.role) {
      F.kind = inh->kind; F.code = inh->code; F.pp = inh->pp;
    }
    if (inh->role && !F.role) F.role = inh->role;
    inh->at = 0;
  }
  if (!F.A.approx && !F.approx) {
    long q = qualifier(c, F.a, &F.approx);
    if (q < F.a && up_to_direction(c, q, F.e)) F.approx = NULL;
    else F.a = q;
  } else if (F.A.approx) {
    F.approx = F.A.approx;
  }
  /* ranges and pairs */
  long k = F.e;
  const ntok *ct = tk(c, k);
  int conn = C_NONE;
  /* an age from "aged" may be a range ("aged 18 to 25"); "40-year-old"
     and "35 years old" (which name their unit) may not */
  int age_ok = F.role && !strcmp(F.role, "age") && F.noun_b == F.noun_a;
  if (F.kind != LEDE_FIG_ORDINAL && !F.A.approx && (!F.role || age_ok)) {
    const ntok *n1 = tk(c, k + 1);
    if (is_hyphen(ct) && glued(tk(c, k - 1), ct) && glued(ct, tk(c, k + 1)) &&
        (tk(c, k + 1)->type == T_NUM || tk(c, k + 1)->type == T_CUR))
      conn = C_HYPHEN;
    else if ((ispunct_cp(ct, 0x2013) || ispunct_cp(ct, 0x2014)) &&
             starts_amount(c, k + 1) && tk(c, k + 1)->type != T_WORD)
      conn = C_DASH;
    else if ((weq(c, ct, "to") || weq(c, ct, "through") ||
              weq(c, ct, "thru")) && starts_amount(c, k + 1))
      conn = C_TO;
    else if (weq(c, ct, "and") && starts_amount(c, k + 1) &&
             weq(c, tk(c, F.a - 1), "between"))
      conn = C_AND;
    else if (weq(c, ct, "or") && F.kind == LEDE_FIG_NUMBER && !F.approx &&
             (n1->type == T_NUM || (lflags(c, n1) & (L_UNIT | L_TEN))))
      conn = C_OR;       /* "two or three days", "10 or 12 percent" */
  }
  if (conn) {
    fig G;
    int r2 = tk(c, k + 1)->type == T_NUM && not_a_figure(c, k + 1) ? 0 :
             parse_figure(c, k + 1, &G, 1);
    if (r2 > 0 && G.kind != LEDE_FIG_ORDINAL && !G.A.approx) {
      int change = conn == C_TO && change_before(c, F.a);
      int from = weq(c, tk(c, F.a - 1), "from");
      int pairwise = 0;
      fig F0 = F;          /* F as written, before it shares G's unit */
      int fplain = F.kind == LEDE_FIG_NUMBER && !F.role;
      /* A unit named only after the second number is the first's too,
         with its scale ("20-25 pct", "50 to 75 cts" = 0.50-0.75 USD).
         Never forward from a percent: in "rose 1.2% to 9,185" the level
         is not a percentage; only a figure with its own % is one. */
      if (F.kind == LEDE_FIG_NUMBER && !F.role &&
          (G.kind == LEDE_FIG_PERCENT || G.kind == LEDE_FIG_MONEY)) {
        F.kind = G.kind; F.code = G.code; F.pp = G.pp;
        if (G.cents && !F.cents) {
          F.A.mul /= 100; F.cents = 1;
          F.value = F.sign * amt_value(&F.A);
        }
      } else if (F.kind == LEDE_FIG_MONEY && G.kind == LEDE_FIG_NUMBER) {
        G.kind = LEDE_FIG_MONEY; G.code = F.code;
      }
      if (F.kind != G.kind ||
          (F.kind == LEDE_FIG_MONEY && strcmp(F.code, G.code) != 0))
        pairwise = 1;
      if (!pairwise && F.A.magexp == 0 && G.A.magexp > 0 && F.A.mul == 1 &&
          !F.A.frac &&
          (F.A.plain || F.A.spelled || F.A.nfrac) &&
          amt_value(&F.A) < amt_value(&G.A) / P10[G.A.magexp]* 1000 &&
          amt_value(&F.A) < 1000) {
        F.A.magexp = G.A.magexp;
        F.value = F.sign * amt_value(&F.A);
      }
      double fv = F.value, gv = G.value;
      int integral = is_whole(fv) && is_whole(gv);
      int range = 0;
      if (pairwise) range = 0;
      else if (conn == C_AND) range = gv > fv;
      else if (conn == C_OR)   /* neighbours, not "1 or 100" */
        range = gv > fv && fv > 0 && gv <= 2 * fv + 2;
      else if (change)     /* "will rise 20 to 25 pct" is a range of the
                              change; "rose from 20 to 25", "fell 1,100
                              to 11.3 pct" are two figures */
        range = !from && fplain && fv > 0 && gv > fv && gv <= 5 * fv;
      else if ((conn == C_HYPHEN || conn == C_DASH) && gv <= fv && integral &&
               F.kind == LEDE_FIG_NUMBER) {
        F.role = "tally";
        inh->at = tk(c, k + 1)->a; inh->kind = G.kind; inh->code = G.code;
        inh->pp = G.pp; inh->role = "tally";
      } else range = gv > fv;
      /* the unit goes back to the first number only in a range, and a
         money unit in a change from one level to another ("from 5 to 7
         dollars"); a percent only ever to a range: in "from 29 to 27
         pct" the 29 has no percent sign of its own */
      if (!range && fplain && F.kind != F0.kind &&
          (!(change && from) || F.kind == LEDE_FIG_PERCENT)) {
        F.kind = F0.kind; F.code = F0.code; F.pp = F0.pp; F.A = F0.A;
        F.cents = F0.cents; F.value = F0.value;
      }
      if (range) {
        F.max = gv; F.has_max = 1; F.e = G.e;
        if (weq(c, tk(c, F.a - 1), "between") ||
            (weq(c, tk(c, F.a - 1), "from") && !F.approx)) F.a--;
        trailing_approx(c, &F);
        find_noun(c, &F, F.e);
        emit(c, &F, -1);
        return F.e;
      }
      if (!F.role || strcmp(F.role, "tally")) {
        inh->at = tk(c, k + 1)->a; inh->kind = G.kind; inh->code = G.code;
        inh->pp = G.pp; inh->role = NULL;
        if (F.kind == LEDE_FIG_NUMBER) inh->at = 0;
      }
      find_noun(c, &F, F.e);
      emit(c, &F, -1);
      return k + 1;
    }
  }
  /* parts of a whole */
  long g = part_whole(c, &F, k);
  if (g) {
    fig G;
    if (parse_figure(c, g, &G, 1) > 0 && G.kind == LEDE_FIG_NUMBER &&
        !G.A.ordinal && G.value >= F.value && !G.role) {
      G.a = qualifier(c, G.a, &G.approx);
      find_noun(c, &G, G.e);
      F.noun_a = G.noun_a; F.noun_b = G.noun_b;
      F.head_a = G.head_a; F.head_b = G.head_b;
      if (!emit(c, &F, c->nfig + 1)) emit(c, &G, -1);
      return G.e;
    }
  }
  if (F.A.one && weq(c, tk(c, F.e), "of") && F.e == i + 1) return F.e;
  trailing_approx(c, &F);
  if (F.kind == LEDE_FIG_NUMBER && !F.role && F.value >= 1 && F.value <= 120 &&
      ispunct_cp(tk(c, F.a - 1), ',') && ispunct_cp(tk(c, F.e), ',') &&
      tk(c, F.a - 2)->type == T_WORD && (tk(c, F.a - 2)->flags & F_CAP) &&
      F.A.plain)
    F.role = "age";
  find_noun(c, &F, F.e);
  emit(c, &F, -1);
  return F.e > i ? F.e : i + 1;
}

/* ------------------------------------------------------------- driver */

const char *lede_figure_kind_name(int kind) {
  switch (kind) {
  case LEDE_FIG_NUMBER:  return "number";
  case LEDE_FIG_ORDINAL: return "ordinal";
  case LEDE_FIG_PERCENT: return "percent";
  case LEDE_FIG_MONEY:   return "money";
  default:               return "?";
  }
}

/* Can token t start a figure (scan_at does more than step over it)? */
static int may_start_any(const nctx *c, const ntok *t) {
  switch (t->type) {
  case T_NUM: case T_CUR: case T_FRAC:
    return 1;
  case T_WORD:
    return may_start(c, t);
  case T_PUNCT:
    return t->cp == '-' || t->cp == '+' || t->cp == 0x2212;
  default:
    return 0;
  }
}

/* Fills the window; returns LEDE_OK or LEDE_ECANCEL. */
static int fill(nctx *c) {
  tstate st = {c->s, c->pos, c->hi, c->since_check, c->ks, c->last_end_punct};
  size_t nt = c->nt;
  int rc = LEDE_OK;
  while (nt < LEDE_NUM_WINDOW) {
    if (lede_cancel_every(&st.since)) { rc = LEDE_ECANCEL; break; }
    ntok *t = &c->t[nt];
    if (!scan_token(&st, c, t)) { c->at_end = 1; break; }
    if (may_start_any(c, t)) t->flags |= F_MAYS;
    nt++;
  }
  c->nt = nt;
  c->pos = st.pos; c->since_check = st.since; c->ks = st.ks;
  c->last_end_punct = st.lep;
  return rc;
}

/*
** The prescan. Most of a news text holds no figure, so the rules run only
** on regions around "triggers": digits, currency and percent signs,
** vulgar fractions, and the number words (a bit per first two letters
** and length, then the lexicon).
** A region reaches LEDE_NUM_BACK bytes before its first trigger and
** LEDE_NUM_FWD bytes after its last one; nearby regions merge, and each
** byte is tokenized at most once.
**
** The prescan reads the span in blocks of 64 bytes: one pass (SSE2 where
** available) gives a bit per ASCII letter and per byte that is a trigger
** on its own ($ % digits, lead bytes of currency signs and fractions);
** only the starts of letter runs and those bytes are then looked at, so
** the cost per byte is a few instructions. Bytes inside a region already
** handed to the rules are not read again.
*/
#define LEDE_NUM_BACK 48
#define LEDE_NUM_FWD 64

/* Trigger words: the number words (TRIG_FLAGS) and "couple", "score",
   "minus". A first test on (first letter, second letter, length), one bit
   per length in word_pairs; then the lexicon says. */
#define TRIG_FLAGS (L_UNIT | L_TEN | L_ORD | L_VAGUE | L_MAG | L_FRACD | L_DOZEN)

/*
** The number conventions of other languages. A span (a sentence) with at
** least LEDE_NUM_FOREIGN function words of German, not in capitals (vocabulary
** rows "de ... function": und, nicht, auf) before or around a figure is
** read with the German separators: "3,5 Prozent" is 3.5, "600.000 Euro"
** 600000. The prescan counts them from a bit per (first letters, length),
** as for the number words; anything else is read as English.
*/
#define LEDE_NUM_FOREIGN 2
#define LEDE_NUM_FOREIGN_BACK 400   /* bytes read before a short sentence */
#define LEDE_NUM_FOREIGN_SPAN 2048  /* bytes of the span weighed */

static int popcount64(uint64_t x) {
  int n = 0;
  while (x) { x &= x - 1; n++; }
  return n;
}

/* A German function word at w: a bit of its own (of 64), or 0. */
static uint64_t foreign_word(const unsigned char *w, size_t n) {
  if (n > 1 && w[1] >= 'A' && w[1] <= 'Z') return 0;    /* "MIT", "AUS" */
  const lede_vocab_entry *e = lede_vocab_lookup((const char *)w, n);
  if (!e || !(e->word & LEDE_VOC_WORD_FUNCTION) ||
      !(e->langs & LEDE_VOCAB_LANG_DE) || (e->langs & LEDE_VOCAB_LANG_EN))
    return 0;
  return (uint64_t)1 << ((size_t)(e - lede_vocab_entry_at(0)) & 63);
}

static void trig_add(const char *w, size_t n) {
  int k = pair_index(w, n);
  if (k >= 0) word_pairs[k] |= 1u << (TRIG_SHIFT + n);
}

static int trig_word(const char *w, size_t n) {
  int k = pair_index(w, n);
  if (k < 0 || !((word_pairs[k] >> (TRIG_SHIFT + n)) & 1)) return 0;
  const lexent *e = lex_find(w, n);
  if (e && (e->num & TRIG_FLAGS)) return 1;
  return sfx_is(w, n, "couple") || sfx_is(w, n, "score") ||
         sfx_is(w, n, "minus");
}

static int is_ws(unsigned char ch) {
  return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f' ||
         ch == '\v';
}

/* Runs the figure rules over [a, b) (token-aligned). */
static int run_region(nctx *c, size_t a, size_t b, inherit *inh) {
  c->pos = a;
  c->hi = b;
  c->nt = 0;
  c->at_end = 0;
  c->last_end_punct = 1;
  c->addr_a = c->addr_b = c->addr_end = 0;
  if (a > c->lo) {
    size_t q = a;
    while (q > c->lo && q + 8 > a && is_ws((unsigned char)c->s[q - 1])) q--;
    char pc = q > c->lo ? c->s[q - 1] : '\0';  /* never before the span */
    c->last_end_punct = q > c->lo && (pc == '.' || pc == '!' || pc == '?' ||
                                      pc == ':' || pc == ';') ? 1 : 0;
    if (q < a && c->s[q] == '\n') c->last_end_punct = 1;
  }
  int rc = fill(c);
  long i = 0;
  while (rc == LEDE_OK && c->rc == LEDE_OK) {
    if (!c->at_end && i + LEDE_NUM_LOOKAHEAD > (long)c->nt) {
      long base = i > LEDE_NUM_LOOKBEHIND ? i - LEDE_NUM_LOOKBEHIND : 0;
      memmove(c->t, c->t + base, (c->nt - (size_t)base) * sizeof c->t[0]);
      c->nt -= (size_t)base;
      i -= base;
      rc = fill(c);
      continue;
    }
    if (i >= (long)c->nt) break;
    /* tokens that start nothing, skipped without a call */
    long lim = c->at_end ? (long)c->nt : (long)c->nt - LEDE_NUM_LOOKAHEAD + 1;
    while (i < lim && !(c->t[i].flags & F_MAYS)) i++;
    if (i >= lim) continue;
    i = scan_at(c, i, inh);
  }
  return rc != LEDE_OK ? rc : c->rc;
}

/* The scan state of one lede_numbers_in call. */
typedef struct scan {
  nctx *c;
  const char *s;
  size_t n, start, end, floor;
  const lede_span *skip;
  size_t nskip;
  lede_figure_fn fn;
  void *ud;
  inherit inh;
  size_t rs, re;         /* the region being gathered, when `have` */
  uint64_t foreign;      /* German function words seen so far (a bit
                            for each word) */
  int german;            /* 1 German, 0 English, -1 not decided */
  int latin;             /* a Latin-1 letter (ä, ü, ß) seen */
  int looked_back;       /* the text before the span was counted too */
  int have;
} scan;

static int is_ascii_alpha(unsigned ch) { return ((ch | 0x20) - 'a') < 26u; }

/* The German function words in s[a, b) (a bit for each word), and, with
   english, the number of English stop words (num.stop) there. */
static uint64_t count_foreign(const char *s, size_t a, size_t b,
                              int *english) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t n = 0;
  size_t p = a;
  while (p < b) {
    if (!is_ascii_alpha(u[p]) || (p > a && is_ascii_alpha(u[p - 1]))) {
      p++;
      continue;
    }
    size_t q = p;
    while (q < b && is_ascii_alpha(u[q])) q++;
    size_t wn = q - p;
    int k = pair_index(s + p, wn);
    if (k >= 0 && ((word_pairs[k] >> (DE_SHIFT + wn)) & 1))
      n |= foreign_word(u + p, wn);
    if (english) {
      const lede_vocab_entry *e = lede_vocab_lookup(s + p, wn);
      *english += e && (e->num & L_STOP) && (e->langs & LEDE_VOCAB_LANG_EN) &&
                  !(e->langs & LEDE_VOCAB_LANG_DE);
    }
    p = q;
  }
  return n;
}

/* Aligns [rs, re) to white space and runs the rules over it. */
static int flush_region(scan *S, size_t rs, size_t re) {
  const unsigned char *u = (const unsigned char *)S->s;
  size_t a = rs, b = re < S->end ? re : S->end;
  if (a > S->start) {
    size_t q = a;
    while (q < b && !is_ws(u[q])) q++;
    if (q < b) a = q;
  }
  while (b < S->end && !is_ws(u[b])) b++;
  if (!S->c->s) {
    nctx *c = S->c;
    c->s = S->s; c->n = S->n; c->lo = S->start;
    c->skip = S->skip; c->nskip = S->nskip; c->ks = 0;
    c->since_check = 0; c->fn = S->fn; c->ud = S->ud;
    c->nfig = 0; c->rc = LEDE_OK;
    c->prev_start = c->prev_end = 0;
    c->prev_about.start = c->prev_about.end = 0;
  }
  S->floor = b;
  S->c->dcomma = S->german > 0;
  if (S->german < 0) {
    if (popcount64(S->foreign) < LEDE_NUM_FOREIGN &&
        (S->foreign || S->latin) && !S->looked_back) {
      /* a short sentence: its neighbours say which language it is in */
      size_t from = S->start > LEDE_NUM_FOREIGN_BACK ?
                    S->start - LEDE_NUM_FOREIGN_BACK : 0;
      S->foreign |= count_foreign(S->s, from, S->start, NULL);
      S->looked_back = 1;
    }
    if (popcount64(S->foreign) >= LEDE_NUM_FOREIGN) {
      /* decided once: German unless English stop words outnumber the
         German words, in the span and the text just before it
         ("Fichtel und Sachs" in an English story) */
      int english = 0;
      size_t from = S->start > LEDE_NUM_FOREIGN_BACK ?
                    S->start - LEDE_NUM_FOREIGN_BACK : 0;
      size_t to = S->end - S->start > LEDE_NUM_FOREIGN_SPAN ?
                  S->start + LEDE_NUM_FOREIGN_SPAN : S->end;
      int german = popcount64(count_foreign(S->s, from, to, &english));
      S->german = german > english;
      S->c->dcomma = S->german;
    }
  }
  return run_region(S->c, a, b, &S->inh);
}

/* A trigger at [ta, tb): grows the current region, or flushes it and
   starts the next one. */
static int on_trigger(scan *S, size_t ta, size_t tb) {
  if (ta < S->floor) return LEDE_OK;
  if (S->have && ta <= S->re + LEDE_NUM_BACK) {   /* keep the lookbehind whole */
    if (tb + LEDE_NUM_FWD > S->re) S->re = tb + LEDE_NUM_FWD;
    return LEDE_OK;
  }
  if (S->have) {
    S->have = 0;
    int rc = flush_region(S, S->rs, S->re);
    if (rc != LEDE_OK || ta < S->floor) return rc;
  }
  S->rs = ta > S->start + LEDE_NUM_BACK ? ta - LEDE_NUM_BACK : S->start;
  if (S->rs < S->floor) S->rs = S->floor;
  S->re = tb + LEDE_NUM_FWD;
  S->have = 1;
  return LEDE_OK;
}

#ifdef LEDE_SSE2
#include <emmintrin.h>
#endif

#define PRE_BLOCK 64

/* One bit per byte of u[0..63]: ASCII letters in *alpha; digits, '$',
   '%' and the lead bytes C2 C3 E0 E2 (currency signs, fractions) in
   *trig. */
static void block_masks(const unsigned char *u, uint64_t *alpha,
                        uint64_t *trig) {
#ifdef LEDE_SSE2
  uint64_t am = 0, tm = 0;
  const __m128i x20 = _mm_set1_epi8(0x20);
  const __m128i abias = _mm_set1_epi8((char)(0x80 - 'a'));
  const __m128i alim = _mm_set1_epi8((char)(-128 + 26));
  const __m128i dbias = _mm_set1_epi8((char)(0x80 - '0'));
  const __m128i dlim = _mm_set1_epi8((char)(-128 + 10));
  const __m128i dollar = _mm_set1_epi8('$'), pct = _mm_set1_epi8('%');
  const __m128i xfe = _mm_set1_epi8((char)0xFE), xc2 = _mm_set1_epi8((char)0xC2);
  const __m128i xfd = _mm_set1_epi8((char)0xFD), xe0 = _mm_set1_epi8((char)0xE0);
  for (int k = 0; k < PRE_BLOCK; k += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + k));
    __m128i a = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), abias), alim);
    __m128i d = _mm_cmplt_epi8(_mm_add_epi8(v, dbias), dlim);
    __m128i t = _mm_or_si128(
        _mm_or_si128(d, _mm_or_si128(_mm_cmpeq_epi8(v, dollar),
                                     _mm_cmpeq_epi8(v, pct))),
        _mm_or_si128(_mm_cmpeq_epi8(_mm_and_si128(v, xfe), xc2),
                     _mm_cmpeq_epi8(_mm_and_si128(v, xfd), xe0)));
    am |= (uint64_t)(unsigned)_mm_movemask_epi8(a) << k;
    tm |= (uint64_t)(unsigned)_mm_movemask_epi8(t) << k;
  }
  *alpha = am;
  *trig = tm;
#else
  uint64_t am = 0, tm = 0;
  for (int k = 0; k < PRE_BLOCK; k++) {
    unsigned ch = u[k];
    uint64_t bit = (uint64_t)1 << k;
    if (((ch | 0x20) - 'a') < 26u) am |= bit;
    else if ((ch - '0') < 10u || ch == '$' || ch == '%' ||
             (ch & 0xFE) == 0xC2 || (ch & 0xFD) == 0xE0) tm |= bit;
  }
  *alpha = am;
  *trig = tm;
#endif
}

static int ctz64(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctzll(x);
#else
  int k = 0;
  while (!(x & 1)) { x >>= 1; k++; }
  return k;
#endif
}


/* The length of the letter run starting at bit k of the block at p. */
static size_t run_len(const unsigned char *u, size_t end, size_t p,
                      uint64_t alpha, int k) {
  uint64_t rest = ~alpha >> k;
  if (rest) return (size_t)ctz64(rest);
  size_t q = p + PRE_BLOCK;        /* the run goes on past the block */
  while (q < end && is_ascii_alpha(u[q])) q++;
  return q - (p + (size_t)k);
}

/* The triggers of [S->start, S->end), in text order, to on_trigger. */
static int prescan(scan *S) {
  const unsigned char *u = (const unsigned char *)S->s;
  const size_t end = S->end;
  unsigned char pad[PRE_BLOCK];
  size_t p = S->start, since = 0;
  uint64_t carry = 0;      /* the byte before the block is a letter */
  while (p < end) {
    const unsigned char *blk = u + p;
    size_t len = end - p;
    if (len < PRE_BLOCK) {
      memcpy(pad, u + p, len);
      memset(pad + len, 0, PRE_BLOCK - len);
      blk = pad;
    } else {
      len = PRE_BLOCK;
    }
    uint64_t alpha, trig;
    block_masks(blk, &alpha, &trig);
    uint64_t starts = alpha & ~((alpha << 1) | carry);
    size_t next = p + len;
    carry = alpha >> 63;
    if (S->floor > p) {              /* inside a region already run */
      size_t skip = S->floor - p;
      uint64_t keep = skip >= PRE_BLOCK ? 0 : ~(uint64_t)0 << skip;
      starts &= keep;
      trig &= keep;
    }
    /* first the letter runs: a bit per (first letters, length) of the
       number words, then the lexicon for the few that pass */
    uint64_t words = 0;
    while (starts) {
      int k = ctz64(starts);
      starts &= starts - 1;
      size_t wn = run_len(u, end, p, alpha, k);
      if (wn > 15) continue;       /* longer than any number word */
      const unsigned char *w = blk + k;
      unsigned c0 = (w[0] | 0x20u) - 'a';
      unsigned c1 = wn > 1 ? (w[1] | 0x20u) - 'a' : 26;
      uint32_t cell = word_pairs[c0 * 27 + c1];
      if ((cell >> (TRIG_SHIFT + wn)) & 1) words |= (uint64_t)1 << k;
      if ((cell >> (DE_SHIFT + wn)) & 1) S->foreign |= foreign_word(w, wn);
    }
    uint64_t todo = words | trig;
    while (todo) {
      int k = ctz64(todo);
      todo &= todo - 1;
      size_t ta = p + (size_t)k;
      if (ta < S->floor) continue;
      int rc;
      if (words & ((uint64_t)1 << k)) {
        size_t tb = ta + run_len(u, end, p, alpha, k);
        if (!trig_word(S->s + ta, tb - ta)) continue;
        rc = on_trigger(S, ta, tb);
      } else if (blk[k] < 0x80) {
        rc = on_trigger(S, ta, ta + 1);
      } else {
        size_t n;
        int32_t cp = lede_decode(S->s, end, ta, &n);
        if (blk[k] == 0xC3) S->latin = 1;    /* ä ö ü ß é */
        if (currency_cp(cp) == NULL && fraction_cp(cp) < 0) continue;
        rc = on_trigger(S, ta, ta + n);
      }
      if (rc != LEDE_OK) return rc;
    }
    since += len;
    if (lede_cancel_every(&since)) return LEDE_ECANCEL;
    /* a region handed to the rules is not read again; its end is white
       space (or the end of the span), so no letter run crosses it */
    if (S->floor > next) { next = S->floor; carry = 0; }
    p = next;
  }
  return LEDE_OK;
}

int lede_numbers_in(const char *s, size_t n, size_t start, size_t end,
                    const lede_span *skip, size_t nskip, lede_figure_fn fn,
                    void *ctx) {
  if ((!s && n) || !fn || (nskip && !skip)) return LEDE_EINVAL;
  if (end > n) end = n;
  if (start >= end) return LEDE_OK;
  call_once(&lex_once, lex_build);
  nctx c;                  /* the rules' context; set up on the first region */
  c.s = NULL;
  scan S;
  memset(&S, 0, sizeof S);
  S.c = &c;
  S.s = s; S.n = n; S.start = start; S.end = end; S.floor = start;
  S.skip = skip; S.nskip = nskip; S.fn = fn; S.ud = ctx;
  S.german = -1;
  int rc = prescan(&S);
  if (rc == LEDE_OK && S.have) {
    S.have = 0;
    rc = flush_region(&S, S.rs, S.re);
  }
  return rc;
}
