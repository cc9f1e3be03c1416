/*
** tokens.c -- the tokenizer: Unicode word boundaries (UAX #29, Unicode
** 15.0) and, built on them, the news tokens a journalist counts.
**
** One engine, two modes:
**   LEDE_MODE_UAX29  every segment between two UAX #29 word boundaries,
**                    except segments made only of White_Space.
**   LEDE_MODE_NEWS   UAX #29 segments ("atoms") recombined by news rules:
**                    numbers with group separators ("1 200" with U+00A0,
**                    U+202F or U+2009), currency + number ("€1.1", "US$20"),
**                    percent joined ("12%"), abbreviations with their period
**                    ("U.S.", "Sept.", "a.m."), hyphenated compounds
**                    ("war-torn", "COVID-19"), the possessive split off
**                    ("Ukraine" "'s"), URLs, e-mail addresses, @handles,
**                    #hashtags, emoji sequences; each punctuation mark its
**                    own token ("..." and "--" count as one mark).
**
** Both modes stream: the state is a position, so memory is constant, and no
** token is longer than LEDE_MAX_TOKEN bytes (a longer run is cut at a code
** point boundary; the rest starts the next token). Invalid bytes decode as
** U+FFFD of length 1 (lede.h), so any input is safe. Work is linear: each
** byte is looked at a bounded number of times.
**
** The Word_Break, Extended_Pictographic, Emoji_Presentation and White_Space
** properties come from wordbreak_table.h (tools/gen_wordbreak.lua); letter
** case and general categories from utf8proc.
*/
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "wordbreak_table.h"

#define NONE 0xFFu  /* "no character" in the word-break state */

/* ------------------------------------------------------------- decoding */

/* The property byte (wordbreak_table.h) of the code point at u[i]. */
static inline unsigned props_at(const unsigned char *u, size_t n, size_t i,
                                size_t *len) {
  if (u[i] < 0x80) { *len = 1; return wb_stage2[u[i]]; }  /* block 0 */
  return wb_props(lede_utf8_decode(u, n, i, len));
}

/* ------------------------------------------------ UAX #29 word boundaries */

#define IS_AH(c) ((c) == WB_ALETTER || (c) == WB_HEBREW_LETTER)
#define IS_MIDLETQ(c) \
  ((c) == WB_MIDLETTER || (c) == WB_MIDNUMLET || (c) == WB_SINGLE_QUOTE)
#define IS_MIDNUMQ(c) \
  ((c) == WB_MIDNUM || (c) == WB_MIDNUMLET || (c) == WB_SINGLE_QUOTE)
#define IS_IGNORED(c) \
  ((c) == WB_EXTEND || (c) == WB_FORMAT || (c) == WB_ZWJ)

/* Class of the first character at or after i that WB4 does not ignore. */
static unsigned class_after(const unsigned char *u, size_t n, size_t i) {
  size_t len;
  while (i < n) {
    unsigned c = props_at(u, n, i, &len) & WB_CLASS_MASK;
    if (!IS_IGNORED(c)) return c;
    i += len;
  }
  return NONE;
}

/*
** The next word boundary after pos, treating pos as the start of text
** (a boundary), but never more than `limit` bytes after pos: a longer
** segment is cut at the last code point boundary within the limit.
** The rules are UAX #29's WB1..WB999, in order; e0/e1 are the last two
** characters that WB4 does not ignore, `raw` the class of the character
** just before i, `ri` the count of regional indicators ending at e1.
*/
static size_t wb_next(const unsigned char *u, size_t n, size_t pos,
                      size_t limit) {
  size_t len, i;
  unsigned raw, e0 = NONE, e1, ri;
  if (pos >= n) return n;
  raw = e1 = props_at(u, n, pos, &len) & WB_CLASS_MASK;
  ri = raw == WB_REGIONAL_INDICATOR;
  i = pos + len;
  while (i < n) {
    unsigned pr = props_at(u, n, i, &len), cur = pr & WB_CLASS_MASK;
    if (i + len - pos > limit) return i;
    /* Fast path: letter after letter (WB5), digit after digit (WB8). */
    if (cur == e1 && raw == e1 && (cur == WB_ALETTER || cur == WB_NUMERIC))
      goto join;
    if (raw == WB_CR && cur == WB_LF) goto join;                    /* WB3 */
    if (raw == WB_CR || raw == WB_LF || raw == WB_NEWLINE) return i; /* 3a */
    if (cur == WB_CR || cur == WB_LF || cur == WB_NEWLINE) return i; /* 3b */
    if (raw == WB_ZWJ && (pr & WB_EXTPICT)) goto join;              /* 3c */
    if (raw == WB_WSEGSPACE && cur == WB_WSEGSPACE) goto join;      /* 3d */
    if (IS_IGNORED(cur)) { raw = cur; i += len; continue; }         /* WB4 */
    if (IS_AH(e1) && IS_AH(cur)) goto join;                         /* WB5 */
    if (IS_AH(e1) && IS_MIDLETQ(cur) && IS_AH(class_after(u, n, i + len)))
      goto join;                                                    /* WB6 */
    if (IS_AH(e0) && IS_MIDLETQ(e1) && IS_AH(cur)) goto join;       /* WB7 */
    if (e1 == WB_HEBREW_LETTER && cur == WB_SINGLE_QUOTE) goto join; /* 7a */
    if (e1 == WB_HEBREW_LETTER && cur == WB_DOUBLE_QUOTE &&
        class_after(u, n, i + len) == WB_HEBREW_LETTER) goto join;  /* 7b */
    if (e0 == WB_HEBREW_LETTER && e1 == WB_DOUBLE_QUOTE &&
        cur == WB_HEBREW_LETTER) goto join;                         /* 7c */
    if (e1 == WB_NUMERIC && cur == WB_NUMERIC) goto join;           /* WB8 */
    if (IS_AH(e1) && cur == WB_NUMERIC) goto join;                  /* WB9 */
    if (e1 == WB_NUMERIC && IS_AH(cur)) goto join;                  /* WB10 */
    if (e0 == WB_NUMERIC && IS_MIDNUMQ(e1) && cur == WB_NUMERIC)
      goto join;                                                    /* WB11 */
    if (e1 == WB_NUMERIC && IS_MIDNUMQ(cur) &&
        class_after(u, n, i + len) == WB_NUMERIC) goto join;        /* WB12 */
    if (e1 == WB_KATAKANA && cur == WB_KATAKANA) goto join;         /* WB13 */
    if ((IS_AH(e1) || e1 == WB_NUMERIC || e1 == WB_KATAKANA ||
         e1 == WB_EXTENDNUMLET) && cur == WB_EXTENDNUMLET) goto join; /* 13a */
    if (e1 == WB_EXTENDNUMLET &&
        (IS_AH(cur) || cur == WB_NUMERIC || cur == WB_KATAKANA))
      goto join;                                                    /* 13b */
    if (e1 == WB_REGIONAL_INDICATOR && cur == WB_REGIONAL_INDICATOR &&
        (ri & 1u)) goto join;                                   /* WB15, 16 */
    return i;                                                       /* 999 */
  join:
    ri = cur == WB_REGIONAL_INDICATOR ? ri + 1 : 0;
    e0 = e1;
    e1 = raw = cur;
    i += len;
  }
  return n;
}

/*
** lede_word_break_next(s, n, pos): the smallest boundary b > pos, or n.
** pos is taken to be a boundary itself (0, or a previous answer); from any
** other position the answer is that of the text starting at pos.
*/
size_t lede_word_break_next(const char *s, size_t n, size_t pos) {
  if (s == NULL || pos >= n) return n;
  return wb_next((const unsigned char *)s, n, pos, (size_t)-1);
}

/* ------------------------------------------------------ classification */

const char *lede_token_kind_name(int kind) {
  switch (kind) {
  case LEDE_TOK_WORD:    return "word";
  case LEDE_TOK_NUMBER:  return "number";
  case LEDE_TOK_PUNCT:   return "punct";
  case LEDE_TOK_SYMBOL:  return "symbol";
  case LEDE_TOK_URL:     return "url";
  case LEDE_TOK_EMAIL:   return "email";
  case LEDE_TOK_HANDLE:  return "handle";
  case LEDE_TOK_HASHTAG: return "hashtag";
  case LEDE_TOK_EMOJI:   return "emoji";
  default:               return "?";
  }
}

/* ASCII character classes for the news scanner. */
#define A_UP  0x01u  /* A-Z */
#define A_LO  0x02u  /* a-z */
#define A_DIG 0x04u  /* 0-9 */
#define A_SP  0x08u  /* White_Space */
#define A_PUN 0x10u  /* general category P* */
#define A_WBJ 0x20u  /* may continue a UAX #29 segment after a letter or
                        digit: . ' : , ; _ */
#define A_NWS 0x40u  /* may continue a news token after a letter or digit:
                        - @ % + $ & and A_WBJ */
#define A_HI  0x80u  /* a byte >= 0x80 */
#define A_ALNUM (A_UP | A_LO | A_DIG)

static const unsigned char actab[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, A_SP, A_SP, A_SP, A_SP, A_SP, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, A_SP, A_PUN, A_PUN, A_PUN, A_NWS,
  A_PUN|A_NWS, A_PUN|A_NWS, A_PUN|A_WBJ|A_NWS, A_PUN, A_PUN, A_PUN, A_NWS,
  A_PUN|A_WBJ|A_NWS, A_PUN|A_NWS, A_PUN|A_WBJ|A_NWS, A_PUN, A_DIG, A_DIG,
  A_DIG, A_DIG, A_DIG, A_DIG, A_DIG, A_DIG, A_DIG, A_DIG, A_PUN|A_WBJ|A_NWS,
  A_PUN|A_WBJ|A_NWS, 0, 0, 0, A_PUN, A_PUN|A_NWS, A_UP, A_UP, A_UP, A_UP,
  A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP,
  A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_UP, A_PUN, A_PUN,
  A_PUN, 0, A_PUN|A_WBJ|A_NWS, 0, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO,
  A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO,
  A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_LO, A_PUN, 0, A_PUN, 0, 0, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI, A_HI,
  A_HI, A_HI, A_HI, A_HI, A_HI, A_HI
};

/* The class of byte b (A_HI for every non-ASCII byte). */
#define AC(b) (actab[(unsigned char)(b)])

/* What a token contains, for kinds and flags. */
typedef struct tinfo {
  unsigned letters, upper, title, digits;
  int first_case;        /* case of the first letter: 'U', 'T', 'l', 'o' */
  int letter_after_digit_upper;  /* an upper case letter after a digit */
  int digit_after_letter;
  int keycap;            /* contains U+20E3 COMBINING ENCLOSING KEYCAP */
} tinfo;

static void info_add(tinfo *ti, int is_letter, int c, int is_digit) {
  if (is_digit) {
    ti->digits++;
    if (ti->letters) ti->digit_after_letter = 1;
  } else if (is_letter) {
    if (ti->letters++ == 0) ti->first_case = c;
    if (c == 'U') {
      ti->upper++;
      if (ti->digits) ti->letter_after_digit_upper = 1;
    } else if (c == 'T') {
      ti->title++;
    }
  }
}

/* Letters, cases and digits of u[a..b). */
static void scan_info(const unsigned char *u, size_t a, size_t b,
                      tinfo *ti) {
  size_t i = a, len;
  memset(ti, 0, sizeof *ti);
  while (i < b) {
    unsigned c = u[i];
    if (c < 0x80) {
      unsigned k = AC(c);
      if (k & A_UP) info_add(ti, 1, 'U', 0);
      else if (k & A_LO) info_add(ti, 1, 'l', 0);
      else if (k & A_DIG) info_add(ti, 0, 0, 1);
      i++;
      continue;
    }
    uint32_t cp = lede_utf8_decode(u, b, i, &len);
    if (cp == 0x20E3) ti->keycap = 1;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: info_add(ti, 1, 'U', 0); break;
    case UTF8PROC_CATEGORY_LT: info_add(ti, 1, 'T', 0); break;
    case UTF8PROC_CATEGORY_LL: info_add(ti, 1, 'l', 0); break;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: info_add(ti, 1, 'o', 0); break;
    case UTF8PROC_CATEGORY_ND: info_add(ti, 0, 0, 1); break;
    default: break;
    }
    i += len;
  }
}

static unsigned info_flags(const tinfo *ti) {
  unsigned f = 0;
  if (ti->first_case == 'U' || ti->first_case == 'T') f |= LEDE_TF_CAPITALIZED;
  if (ti->letters >= 2 && ti->upper == ti->letters) f |= LEDE_TF_ALLCAPS;
  if (ti->digits) f |= LEDE_TF_DIGITS;
  return f;
}

static int is_punct_cp(uint32_t cp) {
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

/*
** Kind of an emoji-led segment u[a..b) whose first code point has
** properties `pr`: an emoji when it is presented as one (Emoji_Presentation,
** a regional-indicator pair, or anything attached but U+FE0E), else the
** kind of a plain character.
*/
static int emoji_kind(const unsigned char *u, size_t a, size_t b,
                      unsigned pr, uint32_t cp0, size_t len0) {
  if ((pr & WB_CLASS_MASK) == WB_REGIONAL_INDICATOR) return LEDE_TOK_EMOJI;
  if (pr & WB_EMOJI_PRES) return LEDE_TOK_EMOJI;
  if (a + len0 < b) {
    size_t len;
    uint32_t cp = lede_utf8_decode(u, b, a + len0, &len);
    if (cp != 0xFE0E) return LEDE_TOK_EMOJI;
  }
  return is_punct_cp(cp0) ? LEDE_TOK_PUNCT : LEDE_TOK_SYMBOL;
}

/* Kind and flags of a UAX #29 segment u[a..b). */
static void classify_segment(const unsigned char *u, size_t a, size_t b,
                             lede_token *tok) {
  size_t len0;
  tinfo ti;
  uint32_t cp0 = lede_utf8_decode(u, b, a, &len0);
  unsigned pr = cp0 < 0x80 ? wb_stage2[cp0] : wb_props(cp0);
  scan_info(u, a, b, &ti);
  tok->flags = info_flags(&ti);
  if ((pr & WB_EXTPICT) || (pr & WB_CLASS_MASK) == WB_REGIONAL_INDICATOR) {
    int k = emoji_kind(u, a, b, pr, cp0, len0);
    if (k == LEDE_TOK_EMOJI || ti.letters == 0) { tok->kind = k; return; }
  }
  if (ti.keycap) {
    tok->kind = LEDE_TOK_EMOJI;  /* keycap: digit, U+FE0F, U+20E3 */
    return;
  }
  if (ti.letters) tok->kind = LEDE_TOK_WORD;
  else if (ti.digits) tok->kind = LEDE_TOK_NUMBER;
  else if (cp0 < 0x80) tok->kind = (AC(cp0) & A_PUN) ? LEDE_TOK_PUNCT
                                                      : LEDE_TOK_SYMBOL;
  else {
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp0);
    if (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO)
      tok->kind = LEDE_TOK_PUNCT;
    else if (c >= UTF8PROC_CATEGORY_NL && c <= UTF8PROC_CATEGORY_NO)
      tok->kind = LEDE_TOK_NUMBER;
    else
      tok->kind = LEDE_TOK_SYMBOL;
  }
}

/* 1 when u[a..b) is made only of White_Space. */
static int all_space(const unsigned char *u, size_t a, size_t b) {
  size_t len;
  while (a < b) {
    if (!(props_at(u, b, a, &len) & WB_SPACE)) return 0;
    a += len;
  }
  return 1;
}

/* ----------------------------------------------------------- the engine */

/*
** The tokenizer's bytes_since_check field holds the position at which the
** cancel check is next consulted: one comparison per token.
*/
void lede_tokenizer_init(lede_tokenizer *t, const char *s, size_t n,
                         int mode) {
  t->s = s;
  t->n = s ? n : 0;
  t->pos = 0;
  t->mode = mode == LEDE_MODE_UAX29 ? LEDE_MODE_UAX29 : LEDE_MODE_NEWS;
  t->bytes_since_check = LEDE_CANCEL_INTERVAL;
}

/* Asks the cancel check when `pos` has passed the next check position. */
static inline int tick(lede_tokenizer *t, size_t pos) {
  return lede_cancel_at(pos, &t->bytes_since_check);
}

/* UAX #29 mode: the next segment that is not only White_Space. */
static int next_uax29(lede_tokenizer *t, lede_token *tok) {
  const unsigned char *u = (const unsigned char *)t->s;
  size_t n = t->n, pos = t->pos;
  for (;;) {
    size_t from = pos;
    /* ASCII white space: each char is its own whitespace-only segment,
       except a run of spaces (WB3d) followed by an Extend (WB4), which
       makes a segment that is not only white space. */
    while (pos < n && (AC(u[pos]) & A_SP)) {
      if (pos + 1 < n && u[pos + 1] >= 0x80 && u[pos] != '\n' &&
          u[pos] != '\r' && u[pos] != '\v' && u[pos] != '\f') {
        size_t low = pos - from > LEDE_MAX_TOKEN / 2
                         ? pos - LEDE_MAX_TOKEN / 2 : from;
        while (pos > low && u[pos - 1] == ' ' && u[pos] == ' ') pos--;
        break;
      }
      pos++;
      if (((pos - from) & (LEDE_CANCEL_INTERVAL - 1)) == 0 && tick(t, pos)) {
        t->pos = pos;
        return LEDE_ECANCEL;
      }
    }
    if (pos >= n) { t->pos = n; return 0; }
    size_t end = wb_next(u, n, pos, LEDE_MAX_TOKEN);
    if (tick(t, end)) { t->pos = end; return LEDE_ECANCEL; }
    if ((u[pos] >= 0x80 || (AC(u[pos]) & A_SP)) && all_space(u, pos, end)) {
      pos = end;
      continue;
    }
    tok->start = pos;
    tok->end = end;
    classify_segment(u, pos, end, tok);
    t->pos = end;
    return 1;
  }
}

/* ------------------------------------------------------ the news rules */

static inline int is_ascii_alnum(unsigned c) {
  return c < 0x80 && (AC(c) & A_ALNUM);
}

/* 1 when the code point at u[i] can start a word or number atom. */
static int starts_wordish(const unsigned char *u, size_t n, size_t i) {
  size_t len;
  if (i >= n) return 0;
  if (u[i] < 0x80) return (AC(u[i]) & A_ALNUM) != 0;
  unsigned c = props_at(u, n, i, &len) & WB_CLASS_MASK;
  return IS_AH(c) || c == WB_NUMERIC || c == WB_KATAKANA;
}

/* Byte length of a group-separator space at u[i] (U+00A0 no-break,
   U+202F narrow no-break, U+2009 thin), else 0. */
static size_t group_space(const unsigned char *u, size_t n, size_t i) {
  if (i + 1 < n && u[i] == 0xC2 && u[i + 1] == 0xA0) return 2;
  if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80 &&
      (u[i + 2] == 0xAF || u[i + 2] == 0x89)) return 3;
  return 0;
}

/*
** The UAX #29 atom at p (which starts a word or number): the ASCII fast
** path when a run of letters and digits ends at a byte that cannot
** continue the segment, else the word-break engine. Capped at `limit`.
*/
static size_t atom_end_from(const unsigned char *u, size_t n, size_t p,
                            size_t r, size_t limit) {
  size_t cap = n - p > limit ? p + limit : n;
  if (r >= cap) return cap;
  unsigned c = u[r];
  if (c < 0x80) {
    if (!(AC(c) & A_WBJ)) return r;
    /* a mid-word mark joins only when a letter or digit follows */
    if (c != '_' && (r + 1 >= n || !(AC(u[r + 1]) & (A_ALNUM | A_HI))))
      return r;
  }
  return wb_next(u, n, p, limit);
}

static size_t atom_end(const unsigned char *u, size_t n, size_t p,
                       size_t limit) {
  size_t r = p, cap = n - p > limit ? p + limit : n;
  while (r < cap && (AC(u[r]) & A_ALNUM)) r++;
  return atom_end_from(u, n, p, r, limit);
}

/* 1 when u[a..b) is ASCII letter '.' letter ('.' letter)*: "U.S", "a.m". */
static int is_initialism(const unsigned char *u, size_t a, size_t b) {
  size_t i;
  if (b - a < 3) return 0;
  for (i = a; i < b; i++) {
    int want_letter = ((i - a) & 1u) == 0;
    if (want_letter ? !(u[i] < 0x80 && (AC(u[i]) & (A_UP | A_LO)))
                    : u[i] != '.')
      return 0;
  }
  return ((b - a) & 1u) == 1;
}

/* Where a URL starting at p ends (trailing punctuation left out). */
static size_t scan_url(const unsigned char *u, size_t n, size_t p) {
  size_t i = p, len, cap = n - p > LEDE_MAX_TOKEN ? p + LEDE_MAX_TOKEN : n;
  long paren = 0;
  while (i < cap) {
    unsigned c = u[i];
    if (c < 0x80) {
      if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '"' ||
          c == '`' || c == '{' || c == '}' || c == '|' || c == '\\')
        break;
      len = 1;
    } else {
      uint32_t cp = lede_utf8_decode(u, n, i, &len);
      if (i + len > cap) break;
      if ((wb_props(cp) & WB_SPACE) || cp == 0xFFFD || is_punct_cp(cp))
        break;
    }
    i += len;
  }
  for (size_t k = p; k < i; k++) paren += u[k] == '(' ? 1 : u[k] == ')' ? -1 : 0;
  while (i > p) {
    unsigned c = u[i - 1];
    if (c == ')' && paren < 0) { paren++; i--; continue; }
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
        c == '?' || c == '\'' || c == ']' || c == '*')
      { i--; continue; }
    break;
  }
  return i;
}

/* End of the e-mail address starting at p, or 0 when there is none. */
static size_t scan_email(const unsigned char *u, size_t n, size_t p) {
  size_t r = p, d, end = 0, labels = 0,
         cap = n - p > LEDE_MAX_TOKEN ? p + LEDE_MAX_TOKEN : n;
  while (r < cap && u[r] < 0x80 &&
         ((AC(u[r]) & A_ALNUM) || u[r] == '.' || u[r] == '_' ||
          u[r] == '%' || u[r] == '+' || u[r] == '-'))
    r++;
  if (r == p || r >= cap || u[r] != '@' || u[r - 1] == '.') return 0;
  d = r + 1;
  for (;;) {
    size_t ls = d, letters = 0;
    while (d < cap && u[d] < 0x80 && ((AC(u[d]) & A_ALNUM) || u[d] == '-')) {
      letters += (AC(u[d]) & (A_UP | A_LO)) != 0;
      d++;
    }
    if (d == ls || u[d - 1] == '-') break;
    labels++;
    if (labels >= 2 && letters >= 2 && letters == d - ls) end = d;
    if (d + 1 < cap && u[d] == '.' && is_ascii_alnum(u[d + 1])) d++;
    else break;
  }
  return end;
}

/* State of a part of a news word (an atom with its news extensions). */
typedef struct part {
  size_t end;
  int has_letter;
  int percent;     /* a '%' was joined: nothing more joins */
  int possessive;  /* the part was cut before a possessive 's */
} part;

static int has_letter(const unsigned char *u, size_t a, size_t b) {
  tinfo ti;
  for (size_t i = a; i < b; i++) {
    if (AC(u[i]) & (A_UP | A_LO)) return 1;
    if (u[i] >= 0x80) {
      scan_info(u, i, b, &ti);
      return ti.letters > 0;
    }
  }
  return 0;
}

/* Where the possessive 's / ’s of the atom u[p..q) begins, or 0. */
static size_t possessive_at(const unsigned char *u, size_t p, size_t q) {
  size_t a;
  if (q - p < 3 || (u[q - 1] != 's' && u[q - 1] != 'S')) return 0;
  if (u[q - 2] == '\'') a = q - 2;
  else if (q - p >= 5 && u[q - 4] == 0xE2 && u[q - 3] == 0x80 &&
           u[q - 2] == 0x99) a = q - 4;
  else return 0;
  return a > p ? a : 0;
}

/*
** "said.The": a period glued between a lower-case word and a capitalized
** one ends a sentence; the atom is cut there. ASCII only.
*/
static size_t glued_sentence(const unsigned char *u, size_t p, size_t q) {
  for (size_t i = p + 2; i + 2 < q; i++) {
    if (u[i] == '.' && (AC(u[i - 1]) & A_LO) && (AC(u[i - 2]) & A_LO) &&
        u[i - 1] < 0x80 && u[i - 2] < 0x80 && u[i + 1] < 0x80 &&
        u[i + 2] < 0x80 && (AC(u[i + 1]) & A_UP) && (AC(u[i + 2]) & A_LO))
      return i;
  }
  return q;
}

/* Number continuation of an atom u[p..q) that starts with a digit:
   group-separated thousands ("1 200") and a percent sign. */
static size_t number_tail(const unsigned char *u, size_t n, size_t p,
                          size_t q, int *percent) {
  size_t lim = p + LEDE_MAX_TOKEN, g, d;
  int pure = 1;
  for (size_t i = p; i < q; i++)
    if (!(u[i] < 0x80 && (AC(u[i]) & A_DIG))) { pure = 0; break; }
  if (pure && q - p <= 3) {
    while ((g = group_space(u, n, q)) != 0) {
      d = q + g;
      if (d + 3 > n || !(AC(u[d]) & A_DIG) || !(AC(u[d + 1]) & A_DIG) ||
          !(AC(u[d + 2]) & A_DIG) || u[d] >= 0x80 || u[d + 1] >= 0x80 ||
          u[d + 2] >= 0x80)
        break;
      if (d + 3 < n && u[d + 3] < 0x80 && (AC(u[d + 3]) & A_DIG)) break;
      size_t e = atom_end(u, n, d, LEDE_MAX_TOKEN);
      if (e > lim) break;
      q = e;
      if (e != d + 3) break;  /* "1 200.5", "1 200m": the last group */
    }
  }
  if (q < n && u[q] == '%' && q + 1 <= lim) { q++; *percent = 1; }
  else if ((g = group_space(u, n, q)) != 0 && q + g < n && u[q + g] == '%' &&
           q + g + 1 <= lim) { q += g + 1; *percent = 1; }
  else if (q + 3 <= n && u[q] == 0xE2 && u[q + 1] == 0x80 &&
           u[q + 2] == 0xB0 && q + 3 <= lim) { q += 3; *percent = 1; }
  return q;
}

/*
** One part of a news word starting at p: the atom, cut before a
** possessive or a glued sentence end, extended by number tails and an
** abbreviation's period.
*/
static void scan_part(const unsigned char *u, size_t n, size_t p, size_t r,
                      size_t lim, part *pt) {
  size_t q = r > p ? atom_end_from(u, n, p, r, lim - p)
                   : atom_end(u, n, p, lim - p), a;
  pt->possessive = pt->percent = 0;
  pt->has_letter = -1;  /* unknown yet */
  if ((a = possessive_at(u, p, q)) != 0) {
    pt->end = a;
    pt->possessive = 1;
    return;
  }
  if (q < n && u[q] == '.' && q + 1 <= lim) {
    int cls = q + 1 - p <= LEDE_MAX_ABBREVIATION
                  ? lede_abbreviation_class((const char *)u + p, q + 1 - p)
                  : 0;
    if (cls == LEDE_ABBR_NUMBER) {
      size_t k = q + 1;
      while (k < n && (u[k] == ' ' || group_space(u, n, k))) k++;
      if (!(k < n && (AC(u[k]) & A_DIG) && u[k] < 0x80)) cls = 0;
      if (k == q + 1) cls = 0;
    }
    if (cls != 0 || is_initialism(u, p, q) ||
        (q - p == 1 && (AC(u[p]) & A_UP) && u[p] < 0x80)) {
      pt->end = q + 1;
      pt->has_letter = 1;
      return;
    }
  }
  if (q - p > 4 && memchr(u + p, '.', q - p)) q = glued_sentence(u, p, q);
  if (u[p] < 0x80 ? (AC(u[p]) & A_DIG) != 0
                  : (props_at(u, n, p, &a) & WB_CLASS_MASK) == WB_NUMERIC)
    q = number_tail(u, n, p, q, &pt->percent);
  pt->end = q;
}

/* 1 when u[a..b) is 1..4 ASCII capitals ("AT", "S", "US"). */
static int short_caps(const unsigned char *u, size_t a, size_t b) {
  if (b <= a || b - a > 4) return 0;
  for (size_t i = a; i < b; i++)
    if (!(u[i] < 0x80 && (AC(u[i]) & A_UP))) return 0;
  return 1;
}

/* Byte length of a currency symbol (category Sc) at u[i], else 0. */
static size_t currency_at(const unsigned char *u, size_t n, size_t i) {
  size_t len;
  if (u[i] == '$') return 1;
  if (u[i] < 0x80) return 0;
  uint32_t cp = lede_utf8_decode(u, n, i, &len);
  return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_SC
             ? len : 0;
}

/* The amount after a currency symbol: from d (a digit) to its end. */
static size_t scan_amount(const unsigned char *u, size_t n, size_t start,
                          size_t d) {
  int percent = 0;
  size_t lim = start + LEDE_MAX_TOKEN;
  size_t q = atom_end(u, n, d, lim - d);
  return number_tail(u, n, d, q, &percent);
}

/* Kind and flags of a finished news word u[p..e); `joined` when parts were
   hyphenated together. */
static void classify_word(const unsigned char *u, size_t n, size_t p,
                          size_t e, int joined, lede_token *tok) {
  tinfo ti;
  size_t len;
  scan_info(u, p, e, &ti);
  tok->flags = info_flags(&ti);
  if (ti.keycap) { tok->kind = LEDE_TOK_EMOJI; return; }
  int digit_led = u[p] < 0x80
                      ? (AC(u[p]) & A_DIG) != 0
                      : (props_at(u, n, p, &len) & WB_CLASS_MASK) == WB_NUMERIC;
  if (digit_led && !joined && !ti.letter_after_digit_upper &&
      !ti.digit_after_letter && ti.title == 0)
    tok->kind = LEDE_TOK_NUMBER;
  else if (ti.letters || ti.digits)
    tok->kind = LEDE_TOK_WORD;
  else
    classify_segment(u, p, e, tok);
}

/* A news word at p: URL, e-mail, currency with prefix, or parts joined by
   hyphens ("U.S.-made"); p starts a word or number atom. */
static void news_word(const unsigned char *u, size_t n, size_t p, size_t r,
                      lede_token *tok) {
  size_t lim = n - p > LEDE_MAX_TOKEN ? p + LEDE_MAX_TOKEN : n, e;
  part pt;
  int joined = 0;
  tok->start = p;
  if (r < lim && r > p && u[r] < 0x80 && (AC(u[r]) & A_NWS)) {
    unsigned b = u[r];
    /* scheme://... and www.... */
    if (b == ':' && r + 3 < n && u[r + 1] == '/' && u[r + 2] == '/' &&
        !(AC(u[r + 3]) & A_SP)) {
      size_t k = p;
      while (k < r && (AC(u[k]) & (A_UP | A_LO))) k++;
      if (k == r) goto url;
    }
    if (b == '.' && r - p == 3 && (u[p] | 0x20) == 'w' &&
        (u[p + 1] | 0x20) == 'w' && (u[p + 2] | 0x20) == 'w' &&
        r + 1 < n && is_ascii_alnum(u[r + 1]))
      goto url;
    if (b == '@' || ((b == '.' || b == '_' || b == '%' || b == '+' ||
                      b == '-') && r + 1 < n && is_ascii_alnum(u[r + 1]))) {
      if ((e = scan_email(u, n, p)) != 0) {
        tok->end = e;
        tok->kind = LEDE_TOK_EMAIL;
        tok->flags = 0;
        if (AC(u[p]) & A_UP) tok->flags |= LEDE_TF_CAPITALIZED;
        return;
      }
    }
    /* US$20, C$2.4, HK$1 */
    if (b == '$' && r + 1 < n && (AC(u[r + 1]) & A_DIG) && u[r + 1] < 0x80 &&
        short_caps(u, p, r) && r - p <= 3) {
      tok->end = scan_amount(u, n, p, r + 1);
      tok->kind = LEDE_TOK_NUMBER;
      tok->flags = LEDE_TF_DIGITS |
                   (AC(u[p]) & A_UP ? LEDE_TF_CAPITALIZED : 0u) |
                   (r - p >= 2 ? LEDE_TF_ALLCAPS : 0u);
      return;
    }
    /* AT&T, S&P, Q&A */
    if (b == '&' && short_caps(u, p, r) && r + 1 < n) {
      size_t k = r + 1;
      while (k < lim && u[k] < 0x80 && (AC(u[k]) & A_UP)) k++;
      if (short_caps(u, r + 1, k) &&
          !(k < n && (u[k] >= 0x80 || (AC(u[k]) & (A_ALNUM | A_WBJ))))) {
        tok->end = k;
        classify_word(u, n, p, k, 0, tok);
        return;
      }
    }
  } else if (r > p && (r == n || (u[r] < 0x80 && !(AC(u[r]) & A_NWS)))) {
    /* The common case: a plain ASCII word or number. */
    tok->end = r;
    classify_word(u, n, p, r, 0, tok);
    return;
  }
  scan_part(u, n, p, r, lim, &pt);
  e = pt.end;
  while (!pt.possessive && !pt.percent && e < n) {
    size_t h = 0, q;
    if (u[e] == '-') h = 1;
    else if (e + 2 < n && u[e] == 0xE2 && u[e + 1] == 0x80 &&
             (u[e + 2] == 0x90 || u[e + 2] == 0x91)) h = 3;  /* U+2010/11 */
    if (h == 0 || !starts_wordish(u, n, e + h) || e + h >= lim) break;
    int left = pt.has_letter >= 0 ? pt.has_letter : has_letter(u, p, e);
    part nx;
    scan_part(u, n, e + h, e + h, lim, &nx);
    q = nx.end;
    if (q <= e + h) break;
    int right = nx.has_letter >= 0 ? nx.has_letter : has_letter(u, e + h, q);
    if (!left && !right) break;       /* "10-12" is a range, not a word */
    e = q;
    joined = 1;
    pt = nx;
    pt.has_letter = 1;
  }
  tok->end = e;
  classify_word(u, n, p, e, joined, tok);
  return;
url:
  tok->end = scan_url(u, n, p);
  tok->kind = LEDE_TOK_URL;
  tok->flags = 0;
}

/* A punctuation mark or symbol at p: one code point with what UAX #29
   attaches to it; "..." and "--" are one mark. */
static void news_mark(const unsigned char *u, size_t n, size_t p,
                      lede_token *tok) {
  size_t e, lim = n - p > LEDE_MAX_TOKEN ? p + LEDE_MAX_TOKEN : n;
  unsigned c = u[p];
  tok->start = p;
  if ((c == '.' || c == '-') && p + 1 < n && u[p + 1] == c) {
    e = p + 2;
    while (e < lim && u[e] == c) e++;
    tok->end = e;
    tok->kind = LEDE_TOK_PUNCT;
    tok->flags = 0;
    return;
  }
  if (c < 0x80 && (p + 1 >= n || u[p + 1] < 0x80)) {
    tok->end = p + 1;
    tok->kind = (AC(c) & A_PUN) ? LEDE_TOK_PUNCT : LEDE_TOK_SYMBOL;
    tok->flags = 0;
    return;
  }
  tok->end = wb_next(u, n, p, LEDE_MAX_TOKEN);
  classify_segment(u, p, tok->end, tok);
}

/* 1 when a possessive 's (or ’s) starts at p; *e its end. */
static int possessive_token(const unsigned char *u, size_t n, size_t p,
                            size_t *e) {
  size_t a;
  if (u[p] == '\'') a = p + 1;
  else if (p + 2 < n && u[p] == 0xE2 && u[p + 1] == 0x80 && u[p + 2] == 0x99)
    a = p + 3;
  else return 0;
  if (a >= n || (u[a] != 's' && u[a] != 'S')) return 0;
  if (starts_wordish(u, n, a + 1)) return 0;
  *e = a + 1;
  return 1;
}

/* A handle "@name" or hashtag "#name" at p, or 0. */
static size_t scan_tag(const unsigned char *u, size_t n, size_t p,
                       int need_letter) {
  size_t i = p + 1, len, lim = n - p > LEDE_MAX_TOKEN ? p + LEDE_MAX_TOKEN : n;
  int letters = 0;
  while (i < lim) {
    unsigned c = u[i];
    if (c < 0x80) {
      if (!((AC(c) & A_ALNUM) || c == '_')) break;
      letters += (AC(c) & (A_UP | A_LO)) != 0;
      len = 1;
    } else {
      unsigned wc = props_at(u, n, i, &len) & WB_CLASS_MASK;
      if (i + len > lim) break;
      if (IS_AH(wc) || wc == WB_KATAKANA) letters++;
      else if (!(wc == WB_NUMERIC || wc == WB_EXTENDNUMLET ||
                 wc == WB_EXTEND || wc == WB_FORMAT))
        break;
    }
    i += len;
  }
  if (i == p + 1 || (need_letter && letters == 0)) return 0;
  return i;
}

#ifdef LEDE_SSE2
#include <emmintrin.h>

/*
** The length (1..16) of the run of ASCII letters and digits at q (q[0] is
** one; 16 bytes are readable); *acc gets the A_UP/A_LO/A_DIG classes seen
** in the run. Bytes >= 0x80 are negative as signed and fail every range.
*/
static inline unsigned alnum_run16(const unsigned char *q, unsigned *acc) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
  /* x in [lo, lo + w) as one signed compare: x + (128 - lo) < w - 128 */
  __m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
  __m128i let = _mm_cmplt_epi8(_mm_add_epi8(low, _mm_set1_epi8(128 - 'a')),
                               _mm_set1_epi8(26 - 128));
  __m128i dig = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(128 - '0')),
                               _mm_set1_epi8(10 - 128));
  __m128i up = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(128 - 'A')),
                              _mm_set1_epi8(26 - 128));
  unsigned ml = (unsigned)_mm_movemask_epi8(let);
  unsigned md = (unsigned)_mm_movemask_epi8(dig);
  unsigned mu = (unsigned)_mm_movemask_epi8(up);
  unsigned len = (unsigned)__builtin_ctz(~(ml | md) | 0x10000u);
  unsigned run = (1u << len) - 1u;
  *acc = ((mu & run) ? A_UP : 0u) | ((ml & ~mu & run) ? A_LO : 0u) |
         ((md & run) ? A_DIG : 0u);
  return len;
}
#endif

/*
** 1 when the ASCII run of letters and digits ending at r (u[r] a ',', ';',
** ':' or '\'') is a whole token: the mark is not between two letters or
** digits (UAX #29 WB6/7/11/12), nor the "://" of a URL, nor a possessive.
*/
static inline int ascii_run_ends(const unsigned char *u, size_t n, size_t r) {
  unsigned c = u[r];
  if (c != ',' && c != ';' && c != ':' && c != '\'') return 0;
  if (r + 1 >= n) return 1;
  return !(AC(u[r + 1]) & (A_ALNUM | A_HI)) && u[r + 1] != '/';
}

/*
** 1 when the ASCII run of letters and digits ending at r is followed by a
** possessive "'s" that nothing continues ("Ukraine's said", "Ukraine's."):
** the run is the token, as news_word would find (the UAX #29 segment ends
** after the s, or, after a digit, at the apostrophe; either way the
** possessive is cut off).
*/
static inline int possessive_follows(const unsigned char *u, size_t n,
                                     size_t r) {
  unsigned c2;
  if (u[r] != '\'' || r + 1 >= n || (u[r + 1] | 0x20) != 's') return 0;
  if (r + 2 >= n) return 1;
  c2 = u[r + 2];
  if (c2 >= 0x80 || (AC(c2) & A_ALNUM) || c2 == '_') return 0;
  /* a mid-word mark that a letter or digit follows continues the word */
  return !((AC(c2) & A_WBJ) && r + 3 < n &&
           (AC(u[r + 3]) & (A_ALNUM | A_HI)));
}

/*
** 1 when the ASCII run u[p..r) of letters and digits (first class k) is
** followed by a period that is not its own: not an abbreviation, an
** initial, a URL or an e-mail address ("war." "1990."). Only asks the
** lexicon when the period is followed by something that cannot continue
** the word.
*/
static inline int sentence_period(const unsigned char *u, size_t n,
                                  size_t p, size_t r, unsigned k) {
  if (u[r] != '.') return 0;
  if (r + 1 < n) {
    unsigned c = u[r + 1];
    if ((AC(c) & (A_ALNUM | A_HI)) || c == '.' || c == '_' || c == '%' ||
        c == '+' || c == '-' || c == '@')
      return 0;
  }
  if (r - p == 1 && (k & A_UP)) return 0;  /* an initial */
  return r - p + 1 > LEDE_MAX_ABBREVIATION ||
         lede_abbreviation_class((const char *)u + p, r + 1 - p) == 0;
}

/*
** News mode, everything but the fast path: p is past any ASCII white
** space. Skips other white space, then scans the token at p.
*/
static int news_slow(lede_tokenizer *t, size_t p, lede_token *tok) {
  const unsigned char *u = (const unsigned char *)t->s;
  size_t n = t->n, len, e, from = p;
  for (;;) {
    size_t stop = n - p > LEDE_CANCEL_INTERVAL ? p + LEDE_CANCEL_INTERVAL : n;
    while (p < stop && (AC(u[p]) & A_SP)) p++;
    if (p >= n) { t->pos = n; return 0; }
    if (p - from >= LEDE_CANCEL_INTERVAL) {
      from = p;
      if (tick(t, p)) { t->pos = p; return LEDE_ECANCEL; }
    }
    if (u[p] < 0x80) {
      if (p < stop) break;
      continue;
    }
    uint32_t cp = lede_utf8_decode(u, n, p, &len);
    unsigned pr = wb_props(cp);
    /* white space, and the invisible characters that stand alone:
       ZWSP, word joiner, BOM, soft hyphen */
    if ((pr & WB_SPACE) || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF ||
        cp == 0x00AD) {
      p += len;
      continue;
    }
    break;
  }
  unsigned c = u[p];
  if (c < 0x80) {
    if (AC(c) & A_ALNUM) {
      size_t r = p + 1, lim = n - p > LEDE_MAX_TOKEN ? p + LEDE_MAX_TOKEN : n;
      while (r < lim && (AC(u[r]) & A_ALNUM)) r++;
      news_word(u, n, p, r, tok);
      goto done;
    }
    if (c == '\'' && possessive_token(u, n, p, &e)) goto word_e;
    if (c == '$' && p + 1 < n && (AC(u[p + 1]) & A_DIG)) {
      tok->start = p;
      tok->end = scan_amount(u, n, p, p + 1);
      classify_word(u, n, p, tok->end, 0, tok);
      tok->kind = LEDE_TOK_NUMBER;
      goto done;
    }
    if ((c == '@' || c == '#') && (e = scan_tag(u, n, p, c == '#')) != 0) {
      tok->start = p;
      tok->end = e;
      classify_word(u, n, p, e, 1, tok);
      tok->kind = c == '@' ? LEDE_TOK_HANDLE : LEDE_TOK_HASHTAG;
      goto done;
    }
    news_mark(u, n, p, tok);
    goto done;
  } else {
    uint32_t cp = lede_utf8_decode(u, n, p, &len);
    unsigned pr = wb_props(cp), wc = pr & WB_CLASS_MASK;
    if ((pr & WB_EXTPICT) || wc == WB_REGIONAL_INDICATOR) {
      news_mark(u, n, p, tok);  /* the UAX #29 segment: ZWJ chains, flags */
      goto done;
    }
    if (IS_AH(wc) || wc == WB_NUMERIC || wc == WB_KATAKANA) {
      news_word(u, n, p, p, tok);
      goto done;
    }
    if (cp == 0x2019 && possessive_token(u, n, p, &e)) goto word_e;
    size_t cl = currency_at(u, n, p);
    if (cl && p + cl < n && (AC(u[p + cl]) & A_DIG)) {
      tok->start = p;
      tok->end = scan_amount(u, n, p, p + cl);
      classify_word(u, n, p, tok->end, 0, tok);
      tok->kind = LEDE_TOK_NUMBER;
      goto done;
    }
    news_mark(u, n, p, tok);
    goto done;
  }
word_e:
  tok->start = p;
  tok->end = e;
  tok->kind = LEDE_TOK_WORD;
  tok->flags = 0;
done:
  t->pos = tok->end;
  return tick(t, tok->end) ? LEDE_ECANCEL : 1;
}

/*
** News mode: the next token. The fast path takes the tokens most text is
** made of (a run of ASCII letters and digits that nothing joins, a lone
** ASCII punctuation mark after a single space); all else is news_slow.
*/
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* The most ASCII white space the fast path skips before a token. */
#define WS_FAST 8

static ALWAYS_INLINE int next_news(lede_tokenizer *t, lede_token *tok) {
  const unsigned char *u = (const unsigned char *)t->s;
  size_t n = t->n, p = t->pos, e;
  /* a little ASCII white space: " ", "\n", "\n\n", ".  " (news_slow takes
     longer runs, with their cancel checks) */
  if (p < n && u[p] == ' ') {
    p++;
  } else if (p < n && u[p] == '\n') {
    size_t q = n - p > WS_FAST ? p + WS_FAST : n;
    for (p++; p < q && (AC(u[p]) & A_SP); p++) {}
  }
  if (p >= n || (AC(u[p]) & (A_SP | A_HI))) return news_slow(t, p, tok);
  unsigned k = AC(u[p]);
  if (k & A_ALNUM) {
    size_t r = p + 1, lim = n - p > LEDE_MAX_TOKEN ? p + LEDE_MAX_TOKEN : n;
    unsigned acc = k, kr = 0;
#ifdef LEDE_SSE2
    if (p + 16 <= n) {
      unsigned run = alnum_run16(u + p, &acc);
      r = p + run;
      if (run < 16) kr = AC(u[r]);
      else
        while (r < lim && ((kr = AC(u[r])) & A_ALNUM)) { acc |= kr; r++; }
    } else
#endif
    while (r < lim && ((kr = AC(u[r])) & A_ALNUM)) { acc |= kr; r++; }
    if (!(r == n || !(kr & (A_NWS | A_HI)) || ascii_run_ends(u, n, r) ||
          sentence_period(u, n, p, r, k) || possessive_follows(u, n, r))) {
      news_word(u, n, p, r, tok);
    } else {
      tok->start = p;
      tok->end = r;
      if (!(acc & A_DIG)) {
        tok->kind = LEDE_TOK_WORD;
        tok->flags = ((k & A_UP) ? LEDE_TF_CAPITALIZED : 0u) |
                     (!(acc & A_LO) && r - p >= 2 ? LEDE_TF_ALLCAPS : 0u);
      } else if (!(acc & (A_UP | A_LO))) {
        tok->kind = LEDE_TOK_NUMBER;
        tok->flags = LEDE_TF_DIGITS;
      } else {
        classify_word(u, n, p, r, 0, tok);
      }
    }
  } else if (u[p] == '\'' && possessive_token(u, n, p, &e)) {
    tok->start = p;                  /* the possessive "'s" */
    tok->end = e;
    tok->kind = LEDE_TOK_WORD;
    tok->flags = 0;
  } else if (p + 1 < n && !(AC(u[p + 1]) & A_HI) && u[p + 1] != u[p] &&
             u[p] != '\'' && u[p] != '$' && u[p] != '@' && u[p] != '#') {
    /* a lone ASCII mark: ", " ". " ")" */
    tok->start = p;
    tok->end = p + 1;
    tok->kind = (k & A_PUN) ? LEDE_TOK_PUNCT : LEDE_TOK_SYMBOL;
    tok->flags = 0;
  } else {
    return news_slow(t, p, tok);
  }
  t->pos = tok->end;
  return tick(t, tok->end) ? LEDE_ECANCEL : 1;
}

int lede_tokenizer_next(lede_tokenizer *t, lede_token *tok) {
  return t->mode == LEDE_MODE_UAX29 ? next_uax29(t, tok) : next_news(t, tok);
}

#ifdef LEDE_SSE2
/*
** The classes of the 64 bytes at u + p as bit masks (bit i for u[p + i]):
** ASCII letters and digits, digits, lower-case letters. Past n (the last
** block of the text) every bit is 0: the bytes are read from a copy.
*/
static inline void block_masks(const unsigned char *u, size_t n, size_t p,
                               uint64_t *alnum, uint64_t *digit,
                               uint64_t *lower) {
  uint64_t a = 0, d = 0, l = 0;
  unsigned char pad[64];
  const unsigned char *q = u + p;
  if (n - p < 64) {
    memset(pad, 0, sizeof pad);
    memcpy(pad, q, n - p);
    q = pad;
  }
  for (int k = 0; k < 4; k++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(q + 16 * k));
    __m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i let = _mm_cmplt_epi8(_mm_add_epi8(low, _mm_set1_epi8(128 - 'a')),
                                 _mm_set1_epi8(26 - 128));
    __m128i dig = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(128 - '0')),
                                 _mm_set1_epi8(10 - 128));
    __m128i lo = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(128 - 'a')),
                                _mm_set1_epi8(26 - 128));
    a |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(let, dig)) << (16 * k);
    d |= (uint64_t)(unsigned)_mm_movemask_epi8(dig) << (16 * k);
    l |= (uint64_t)(unsigned)_mm_movemask_epi8(lo) << (16 * k);
  }
  *alnum = a;
  *digit = d;
  *lower = l;
}

/*
** The push form's news loop: the fast path of next_news with the byte
** classes of a 64-byte block computed once for the several tokens in it.
** A plain ASCII word or number (what next_news's fast path emits) is taken
** here; anything else goes through next_news, token by token. Same tokens.
*/
static int tokenize_news_blocks(lede_tokenizer *t, lede_token_fn fn,
                                void *ctx) {
  const unsigned char *u = (const unsigned char *)t->s;
  size_t n = t->n, base = 0;
  uint64_t A = 0, D = 0, L = 0;  /* masks of the block at base (0: none) */
  int have = 0, rc;
  lede_token tok;
  for (;;) {
    size_t p = t->pos, r;
    unsigned off, len;
    uint64_t run;
    if (p < n && u[p] == ' ') p++;
    if (p >= n) goto general;              /* the end (or white space) */
    if (!have || p - base >= 64) {
      base = p;
      block_masks(u, n, p, &A, &D, &L);
      have = 1;
    }
    off = (unsigned)(p - base);
    if (!((A >> off) & 1u)) goto general;  /* not a letter or digit */
    run = ~(A >> off);                     /* 0 only when all 64 are */
    len = run ? (unsigned)__builtin_ctzll(run) : 64u;  /* <= 64 - off */
    r = p + len;
    if (len >= 64 - off) {                 /* the run may go on: re-read */
      if (off == 0) goto general;
      base = p;
      block_masks(u, n, p, &A, &D, &L);
      continue;
    }
    if (r < n) {
      unsigned kr = AC(u[r]);
      if ((kr & (A_NWS | A_HI)) && !ascii_run_ends(u, n, r) &&
          !sentence_period(u, n, p, r, AC(u[p])) &&
          !possessive_follows(u, n, r))
        goto general;
    }
    run = (((uint64_t)1 << len) - 1u) << off;  /* len < 64 */
    tok.start = p;
    tok.end = r;
    if (!(D & run)) {
      tok.kind = LEDE_TOK_WORD;
      tok.flags = (!((L >> off) & 1u) ? LEDE_TF_CAPITALIZED : 0u) |
                  (!(L & run) && len >= 2 ? LEDE_TF_ALLCAPS : 0u);
    } else if (!(run & ~D)) {
      tok.kind = LEDE_TOK_NUMBER;
      tok.flags = LEDE_TF_DIGITS;
    } else {
      classify_word(u, n, p, r, 0, &tok);
    }
    t->pos = r;
    if (tick(t, r)) return LEDE_ECANCEL;
    if (fn(ctx, &tok)) return LEDE_ESTOPPED;
    continue;
  general:
    if ((rc = next_news(t, &tok)) <= 0) return rc;
    if (fn(ctx, &tok)) return LEDE_ESTOPPED;
  }
}
#endif

int lede_tokenize(const char *s, size_t n, int mode, lede_token_fn fn,
                  void *ctx) {
  lede_tokenizer t;
  lede_token tok;
  int rc;
  if ((s == NULL && n > 0) || fn == NULL ||
      (mode != LEDE_MODE_NEWS && mode != LEDE_MODE_UAX29))
    return LEDE_EINVAL;
  lede_tokenizer_init(&t, s, n, mode);
  if (mode == LEDE_MODE_NEWS) {
#ifdef LEDE_SSE2
    return tokenize_news_blocks(&t, fn, ctx);
#else
    while ((rc = next_news(&t, &tok)) > 0)
      if (fn(ctx, &tok)) return LEDE_ESTOPPED;
#endif
  } else {
    while ((rc = lede_tokenizer_next(&t, &tok)) > 0)
      if (fn(ctx, &tok)) return LEDE_ESTOPPED;
  }
  return rc;
}
