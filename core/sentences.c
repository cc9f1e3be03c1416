/*
** sentences.c -- sentence boundaries: Unicode's (UAX #29, exactly) and the
** news splitter (the default), both as one forward scan over the caller's
** bytes with a bounded look-around window.
**
** The news splitter works paragraph by paragraph (a paragraph is a block of
** lines between blank lines). For each paragraph it first scans the lines
** once to learn the longest line and whether any line ends with a terminal
** mark; then it walks the paragraph again and decides, at each terminal mark
** (. ? ! ... and their Unicode kin), at each single line break, and at each
** bullet, whether a sentence ends there. Two passes per paragraph: linear
** time, constant memory. The policy is written down in docs/sentences.md;
** the comments below say which rule each branch implements.
**
** Bad bytes: every invalid byte decodes as U+FFFD (lede_decode), which is
** an ordinary letter-like character here; NUL is an ordinary byte.
*/
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "sentbreak_table.h"
#include "vocab.h"

/* How far the splitter looks around a candidate boundary, in bytes. */
#define WINDOW_WORD   48   /* the word before a period, the word after */
#define WINDOW_INTRO  48   /* "At 5 a.m." : the sentence so far */
#define WINDOW_CREDIT 120  /* "(AP Photo/Jane Doe)" */
/* The narrowest column width assumed for hard-wrapped text: a line break
** after a shorter line is taken as intended (see "Line breaks"). */
#define MIN_WRAP_WIDTH 60

/* lede_decode with the ASCII case inline: the scanners' inner loops call
** it at nearly every character. */
static inline int32_t dec(const char *s, size_t n, size_t i, size_t *len) {
  return (int32_t)lede_utf8_decode((const unsigned char *)s, n, i, len);
}

/* ============================================================== UAX #29 */

/* The class of the code point at i; *len gets its length. */
static int sb_at(const char *s, size_t n, size_t i, size_t *len) {
  return sb_class(dec(s, n, i, len));
}

static int is_parasep(int c) {
  return c == SB_SEP || c == SB_CR || c == SB_LF;
}

/*
** SB8 look-ahead: from j, skip everything that is not OLetter, Upper,
** Lower, ParaSep or SATerm; 1 when the first such character is Lower.
** Stops at the next terminal, so each call scans a stretch that no other
** call scans: linear overall.
*/
static int sb8_lower_follows(const char *s, size_t n, size_t j) {
  while (j < n) {
    size_t len;
    int c = sb_at(s, n, j, &len);
    if (c == SB_LOWER) return 1;
    if (c == SB_OLETTER || c == SB_UPPER || is_parasep(c) ||
        c == SB_ATERM || c == SB_STERM)
      return 0;
    j += len;
  }
  return 0;
}

/*
** lede_sentence_break_next: the next UAX #29 sentence boundary after pos.
** pos should be 0 or a boundary this function returned: the scan starts
** afresh at pos as if the text began there, which at a boundary gives
** exactly Unicode's answer (no rule looks back across a boundary).
*/
size_t lede_sentence_break_next(const char *s, size_t n, size_t pos) {
  size_t i, len;
  int prev, before = SB_OTHER;   /* prev: last effective class */
  int term = 0;                  /* 0, SB_ATERM or SB_STERM: in SATerm Close* Sp* */
  int phase = 0;                 /* 0: right after the term, 1: Close*, 2: Sp* */
  if (s == NULL || pos >= n) return n;
  prev = sb_at(s, n, pos, &len);
  if (prev == SB_ATERM || prev == SB_STERM) term = prev;
  i = pos + len;
  while (i < n) {
    int c = sb_at(s, n, i, &len);
    /* SB3, SB4 */
    if (prev == SB_CR && c == SB_LF) { prev = c; i += len; continue; }
    if (is_parasep(prev)) return i;
    /* SB5: Extend and Format attach to what precedes them */
    if (c == SB_EXTEND || c == SB_FORMAT) { i += len; continue; }
    if (term) {
      int brk = 1;
      if (term == SB_ATERM && phase == 0 && c == SB_NUMERIC) brk = 0; /* SB6 */
      else if (term == SB_ATERM && phase == 0 && c == SB_UPPER &&
               (before == SB_UPPER || before == SB_LOWER)) brk = 0;   /* SB7 */
      else if (c == SB_SCONTINUE || c == SB_ATERM || c == SB_STERM)
        brk = 0;                                                       /* SB8a */
      else if (phase <= 1 && (c == SB_CLOSE || c == SB_SP || is_parasep(c)))
        brk = 0;                                                       /* SB9 */
      else if (c == SB_SP || is_parasep(c)) brk = 0;                   /* SB10 */
      else if (term == SB_ATERM && c != SB_OLETTER && c != SB_UPPER &&
               (c == SB_LOWER || sb8_lower_follows(s, n, i)))
        brk = 0;                                                       /* SB8 */
      if (brk) return i;                                               /* SB11 */
    }
    /* the state after c */
    if (c == SB_ATERM || c == SB_STERM) {
      before = prev; term = c; phase = 0;
    } else if (term && c == SB_CLOSE && phase <= 1) {
      phase = 1;
    } else if (term && c == SB_SP) {
      phase = 2;
    } else if (!(term && is_parasep(c))) {
      term = 0;
    }
    prev = c;
    i += len;
  }
  return n;
}

/* ========================================================= news splitter */

/* The words the splitter reads are vocabulary rows with sent.* roles,
** spelled exactly (core/vocab/en-sentences.tsv). */
#define DANGLING_MAX 4   /* the longest sent.dangling word ("from", "with") */

/* 1 when the word w[0..n), as written, has the sent.* role(s) r. */
static int sent_word(const char *w, size_t n, uint64_t r) {
  return (lede_vocab_exact_of(w, n) & r) != 0;
}

/* ---------------------------------------------------- character classes */

#define is_upper_ascii lede_ascii_upper
#define is_lower_ascii lede_ascii_lower
#define is_digit lede_ascii_digit
#define is_alnum_ascii lede_ascii_alnum

/* Length of the white-space character at i (line breaks included), or 0. */
static size_t ws_len(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c < 0x80) return 0;
  if (c == 0xC2 && i + 1 < n &&
      ((unsigned char)s[i + 1] == 0xA0 || (unsigned char)s[i + 1] == 0x85))
    return 2;
  if (c == 0xE2 || c == 0xE3 || c == 0xE1 || c == 0xEF) {
    size_t len;
    int32_t cp = dec(s, n, i, &len);
    if ((cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0x1680 ||
        cp == 0xFEFF)
      return len;
  }
  return 0;
}

/* Length of the line break at i: \n, \r\n, \r, \v, U+0085, U+2028; or 0. */
static size_t nl_len(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == '\n' || c == '\v') return 1;
  if (c == '\r') return (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
  if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85) return 2;
  if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0xA8)
    return 3;
  return 0;
}

/* 1 for a paragraph separator character: form feed, U+2029. */
static size_t parasep_len(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == '\f') return 1;
  if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0xA9)
    return 3;
  return 0;
}

#define is_letter_cp lede_is_letter

static inline int is_alnum_cp(int32_t cp) {
  if (cp < 0x80) return is_alnum_ascii((unsigned char)cp);
  return is_letter_cp(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

/* Closing marks that may follow a terminal: ) ] } ” ’ » › and " ' when not
** followed by a letter or digit (so Jr.'s keeps its apostrophe). */
static size_t closer_len(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  size_t len;
  int32_t cp;
  if (c == ')' || c == ']' || c == '}') return 1;
  if (c == '"' || c == '\'') {
    if (i + 1 < n && is_alnum_cp(dec(s, n, i + 1, &len))) return 0;
    return 1;
  }
  if (c < 0x80) return 0;
  cp = dec(s, n, i, &len);
  if (cp == 0x201D || cp == 0x2019 || cp == 0x00BB || cp == 0x203A ||
      cp == 0x300D || cp == 0x300F || cp == 0xFF09) {
    if (cp == 0x2019 && i + len < n &&
        is_alnum_cp(dec(s, n, i + len, &len))) return 0;
    dec(s, n, i, &len);
    return len;
  }
  return 0;
}

/* Opening marks a sentence may begin with: ( [ { " ' “ ‘ « ‹ ¿ ¡. */
static size_t opener_len(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  size_t len;
  int32_t cp;
  if (c == '(' || c == '[' || c == '{' || c == '"' || c == '\'') return 1;
  if (c < 0x80) return 0;
  cp = dec(s, n, i, &len);
  if (cp == 0x201C || cp == 0x2018 || cp == 0x00AB || cp == 0x2039 ||
      cp == 0x00BF || cp == 0x00A1 || cp == 0x201E || cp == 0x300C)
    return len;
  return 0;
}

/* Bullets that start a list item: • ◦ ‣ ⁃ ▪ ● ■ ► ▸ ◆ ·? (not ·). */
static size_t bullet_len(const char *s, size_t n, size_t i) {
  size_t len;
  int32_t cp;
  if ((unsigned char)s[i] < 0x80) return 0;
  cp = dec(s, n, i, &len);
  if (cp == 0x2022 || cp == 0x25E6 || cp == 0x2023 || cp == 0x2043 ||
      cp == 0x25AA || cp == 0x25CF || cp == 0x25A0 || cp == 0x25BA ||
      cp == 0x25B8 || cp == 0x25C6 || cp == 0x2219)
    return len;
  return 0;
}

/*
** A terminal character at i: '.', '?', '!', '…' and the code points Unicode
** classes ATerm or STerm. *len gets its length; returns 0 (none), 1 (a
** period-like ATerm), 2 (? ! and other STerm), 3 (an ellipsis character).
*/
static int terminal_at(const char *s, size_t n, size_t i, size_t *len) {
  unsigned char c = (unsigned char)s[i];
  int32_t cp;
  int k;
  *len = 1;
  if (c == '.') return 1;
  if (c == '?' || c == '!') return 2;
  if (c < 0x80) return 0;
  cp = dec(s, n, i, len);
  if (cp == 0x2026) return 3;
  k = sb_class(cp);
  if (k == SB_ATERM) return 1;
  if (k == SB_STERM) return 2;
  return 0;
}

/* ---------------------------------------------------------------- state */

/* What begins a candidate next sentence. */
#define NEXT_LOWER  1   /* a lower-case letter: never a new sentence */
#define NEXT_UPPER  2   /* an upper-case or uncased letter */
#define NEXT_DIGIT  3   /* a digit */
#define NEXT_SYMBOL 4   /* $ € £ # ... */
#define NEXT_OTHER  5   /* , ; : dashes and other punctuation */

typedef struct splitter {
  const char *s;
  size_t n;
  lede_sentence_fn fn;
  void *ctx;
  int rc;
  size_t para;          /* index of the current paragraph */
  size_t pe;            /* end of the current paragraph */
  size_t maxlen;        /* its longest line, in code points */
  int any_terminal;     /* some line of it ends with a terminal mark */
  size_t sent;          /* start of the current sentence */
  size_t line_start;    /* start of the current line */
  size_t marker_end;    /* end of the list marker opening the sentence */
  int list_kind;        /* 0, or 1 number, 2 lower letter, 3 upper letter */
  long list_next;       /* the value the next item of that list would have */
  int list_style;       /* '.', ')', 'x' for ".)", 'p' for "(1)" */
  size_t term_end;      /* end of the last terminal run that did not break */
  int term_could_end;   /* ... and whether its word could end a sentence */
  size_t next_check;    /* where the next cancel check is due */
} splitter;

static size_t skip_ws(const char *s, size_t n, size_t i, size_t end) {
  while (i < end) {
    size_t w;
    unsigned char c = (unsigned char)s[i];
    if (c == ' ') { i++; continue; }
    if (c > ' ' && c < 0x80) break;
    w = ws_len(s, n, i);
    if (w == 0) break;
    i += w;
  }
  return i;
}

/* Position after the last non-white-space character of [a, b). */
static size_t trim_end(const char *s, size_t n, size_t a, size_t b) {
  while (b > a) {
    unsigned char c = (unsigned char)s[b - 1];
    if (c == ' ' || (c >= '\t' && c <= '\r')) { b--; continue; }
    if (c < 0x80) break;
    if (b - a >= 2 && ws_len(s, n, b - 2) == 2) { b -= 2; continue; }
    if (b - a >= 3 && ws_len(s, n, b - 3) == 3) { b -= 3; continue; }
    break;
  }
  return b;
}

static int emit(splitter *sp, size_t a, size_t b) {
  lede_sentence x;
  a = skip_ws(sp->s, sp->n, a, b);
  b = trim_end(sp->s, sp->n, a, b);
  if (a >= b) return 0;
  x.start = a;
  x.end = b;
  x.paragraph = sp->para;
  if (sp->fn(sp->ctx, &x) != 0) { sp->rc = LEDE_ESTOPPED; return 1; }
  return 0;
}

/*
** A list marker at j: "1." "12)" "3.)" "(4)" "a." "b)" "C)" followed by
** white space. An upper-case letter with a period is an initial, not a
** marker. Sets *end, *kind, *value, *style; 0 when there is none.
*/
static int marker_at(const char *s, size_t n, size_t j, size_t lim,
                     size_t *end, int *kind, long *value, int *style) {
  size_t p = j;
  int paren = 0, k, st;
  long v = 0;
  if (p < lim && s[p] == '(') { paren = 1; p++; }
  if (p < lim && is_digit((unsigned char)s[p])) {
    size_t d = 0;
    while (p < lim && is_digit((unsigned char)s[p]) && d < 4) {
      v = v * 10 + (s[p] - '0'); p++; d++;
    }
    if (d > 3) return 0;
    k = 1;
  } else if (p < lim && (is_lower_ascii((unsigned char)s[p]) ||
                         is_upper_ascii((unsigned char)s[p]))) {
    k = is_lower_ascii((unsigned char)s[p]) ? 2 : 3;
    v = (unsigned char)s[p];
    p++;
  } else {
    return 0;
  }
  if (p >= lim) return 0;
  if (paren) {
    if (s[p] != ')') return 0;
    st = 'p'; p++;
  } else if (s[p] == '.' && p + 1 < lim && s[p + 1] == ')') {
    st = 'x'; p += 2;
  } else if (s[p] == '.') {
    if (k == 3) return 0;
    st = '.'; p++;
  } else if (s[p] == ')') {
    st = ')'; p++;
  } else {
    return 0;
  }
  if (p >= lim || ws_len(s, n, p) == 0) return 0;
  *end = p; *kind = k; *value = v; *style = st;
  return 1;
}

/* An ASCII bullet "- " "* " "+ " at j: its length with the space, or 0. */
static size_t ascii_bullet_len(const char *s, size_t j, size_t lim) {
  if (j + 1 < lim && (s[j] == '-' || s[j] == '*' || s[j] == '+') &&
      (s[j + 1] == ' ' || s[j + 1] == '\t'))
    return 2;
  return 0;
}

/* A new sentence begins at m: note a list marker that opens it. */
static void start_sentence(splitter *sp, size_t m) {
  const char *s = sp->s;
  size_t j = m, b, end;
  int kind, style;
  long value;
  sp->sent = m;
  sp->marker_end = m;
  sp->list_kind = 0;
  if (m >= sp->pe) return;
  if ((b = bullet_len(s, sp->n, j)) > 0 ||
      (b = ascii_bullet_len(s, j, sp->pe)) > 0) {
    j = skip_ws(s, sp->n, j + b, sp->pe);
    sp->marker_end = j;
  }
  if (marker_at(s, sp->n, j, sp->pe, &end, &kind, &value, &style)) {
    sp->marker_end = end;
    sp->list_kind = kind;
    sp->list_next = value + 1;
    sp->list_style = style;
  }
}

/* 1 when the next item of the open list starts at j. */
static int successor_at(const splitter *sp, size_t j) {
  size_t end;
  int kind, style;
  long value;
  if (!marker_at(sp->s, sp->n, j, sp->pe, &end, &kind, &value, &style))
    return 0;
  return kind == sp->list_kind && value == sp->list_next &&
         style == sp->list_style;
}

/* Ends the current sentence at b; the next one begins at the first
** non-space character from m. Returns nonzero when the callback stopped. */
static int boundary(splitter *sp, size_t b, size_t m) {
  if (emit(sp, sp->sent, b)) return 1;
  start_sentence(sp, skip_ws(sp->s, sp->n, m, sp->pe));
  return 0;
}

/* ------------------------------------------------------- words and looks */

/* Start of the word that ends at i (the period's position): letters,
** digits, periods, apostrophes and the ordinal signs ° º. */
static size_t word_start(const char *s, size_t n, size_t i, size_t lo) {
  size_t j = i, floor = i > WINDOW_WORD ? i - WINDOW_WORD : 0;
  if (floor < lo) floor = lo;
  while (j > floor) {
    size_t k = j - 1, len;
    int32_t cp;
    unsigned char b = (unsigned char)s[k];
    if (b < 0x80) {               /* ASCII: the same test, no decoding */
      if (is_alnum_ascii(b) || b == '.' || b == '\'') { j = k; continue; }
      break;
    }
    while (k > floor && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    cp = dec(s, n, k, &len);
    if (k + len != j) break;   /* invalid bytes: stop here */
    if (is_alnum_cp(cp) || cp == '.' || cp == '\'' || cp == 0x2019 ||
        cp == 0xB0 || cp == 0xBA)
      j = k;
    else
      break;
  }
  /* a word does not begin with a period or an apostrophe */
  while (j < i && (s[j] == '.' || s[j] == '\'')) j++;
  return j;
}

/* The letters of the word at m (apostrophe and what follows excluded). */
static size_t letters_len(const char *s, size_t n, size_t m, size_t lim) {
  size_t j = m;
  while (j < lim && j - m < WINDOW_WORD) {
    size_t len;
    unsigned char c = (unsigned char)s[j];
    if (c < 0x80) {
      if (!is_upper_ascii(c) && !is_lower_ascii(c)) break;
      j++;
      continue;
    }
    if (!is_letter_cp(dec(s, n, j, &len))) break;
    j += len;
  }
  return j - m;
}

/* "E." "J.K." "N.A.T.O.": single upper-case letters each with a period. */
static int is_initials(const char *w, size_t n) {
  size_t i;
  if (n < 2 || n % 2 != 0) return 0;
  for (i = 0; i < n; i += 2)
    if (!is_upper_ascii((unsigned char)w[i]) || w[i + 1] != '.') return 0;
  return 1;
}

static int is_time_abbr(const char *w, size_t n) {
  return n == 4 && (w[0] == 'a' || w[0] == 'p' || w[0] == 'A' ||
                    w[0] == 'P') &&
         w[1] == '.' && (w[2] == 'm' || w[2] == 'M') && w[3] == '.';
}

/* "I", "I'm", "I'd", "I've", "I'll": capitalized anywhere, so no sign of a
** sentence start. */
static int is_pronoun_i(const char *s, size_t m, size_t len) {
  return len == 1 && s[m] == 'I';
}

/*
** The sentence so far, [sent, ws), is an introductory phrase: at most three
** words, the first a preposition or time adverb ("At 5", "By 11", "Until
** late"). An abbreviation after it does not end the sentence.
*/
static int intro_phrase(const char *s, size_t n, size_t sent, size_t ws) {
  size_t j = sent, words = 0, first_len;
  if (ws <= sent || ws - sent > WINDOW_INTRO) return 0;
  j += opener_len(s, n, j);
  first_len = letters_len(s, n, j, ws);
  if (first_len == 0 || !sent_word(s + j, first_len, LEDE_VOC_EXACT_SENT_INTRO)) return 0;
  while (j < ws) {
    while (j < ws && ws_len(s, n, j) == 0) j++;
    words++;
    j = skip_ws(s, n, j, ws);
  }
  return words <= 3;
}

/* "(AP Photo/Jane Doe)", "(Reuters)", "(Getty Images)": the parenthesis
** opening at j is a photo or agency credit. */
static int credit_at(const char *s, size_t j, size_t lim) {
  size_t k, end;
  if (j >= lim || s[j] != '(') return 0;
  for (k = j + 1; k < lim && k - j < WINDOW_CREDIT && s[k] != ')'; k++)
    if (s[k] == '(' || s[k] == '\n') return 0;
  if (k >= lim || s[k] != ')') return 0;
  end = k;
  for (k = j + 1; k + 5 <= end; k++)
    if (memcmp(s + k, "Photo", 5) == 0) return 1;
  /* the first word, a credit's head: "(AP ...", "(Reuters)" */
  for (k = j + 1; k < end && is_alnum_ascii((unsigned char)s[k]); k++) {}
  return sent_word(s + j + 1, k - j - 1, LEDE_VOC_EXACT_SENT_CREDIT);
}

/* What starts at m (openers skipped); *wm gets the position of its first
** letter or digit. */
static int next_kind(const char *s, size_t n, size_t m, size_t lim,
                     size_t *wm) {
  size_t j = m, len, guard = 0;
  int32_t cp;
  while (j < lim && guard++ < 4) {
    size_t o = opener_len(s, n, j);
    if (o == 0) break;
    j += o;
  }
  *wm = j;
  if (j >= lim) return NEXT_OTHER;
  cp = dec(s, n, j, &len);
  if (cp < 0x80) {
    unsigned char c = (unsigned char)cp;
    /* "iPhone", "eBay": a name written with a lower-case first letter */
    if (is_lower_ascii(c))
      return j + 1 < lim && is_upper_ascii((unsigned char)s[j + 1]) &&
                     j + 2 < lim && is_lower_ascii((unsigned char)s[j + 2])
                 ? NEXT_UPPER : NEXT_LOWER;
    if (is_upper_ascii(c)) return NEXT_UPPER;
    if (is_digit(c)) return NEXT_DIGIT;
    if (c == '$' || c == '#' || c == '@' || c == '%' || c == '&' ||
        c == '+')
      return NEXT_SYMBOL;
    return NEXT_OTHER;
  }
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LL: return NEXT_LOWER;
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_LM:
    return NEXT_UPPER;
  case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NO:
    return NEXT_DIGIT;
  case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SO:
    return NEXT_SYMBOL;
  default:
    return NEXT_OTHER;
  }
}

/*
** After "a.m." or "p.m." and before a capitalized word W: no boundary when
** W belongs to the time ("10 a.m. Thursday", "5 p.m. EDT", "9 a.m. Eastern
** time", "7 p.m. Sept. 4"), else a boundary.
*/
static int time_continues(const char *s, size_t n, size_t wm, size_t wl,
                          size_t lim) {
  size_t j, k, caps = 0;
  if (lede_weekday_lookup(s + wm, wl) || lede_month_lookup(s + wm, wl))
    return 1;
  for (j = wm; j < wm + wl; j++)
    if (is_upper_ascii((unsigned char)s[j])) caps++;
  if (caps == wl && wl >= 2 && wl <= 5) return 1;      /* EDT, GMT, UTC */
  if (sent_word(s + wm, wl, LEDE_VOC_EXACT_SENT_ZONE)) return 1;
  j = wm + wl;
  k = skip_ws(s, n, j, lim);
  if (k > j && k + 4 <= lim && memcmp(s + k, "time", 4) == 0 &&
      (k + 4 == lim || !is_alnum_ascii((unsigned char)s[k + 4])))
    return 1;                                          /* Kyiv time */
  return 0;
}

/* "word.Next" without a space (see docs/sentences.md, "go.Then"): a
** boundary when a lower-case word of two or more letters or a number ends
** with the period, a capitalized word follows, and the run of text is not a
** URL, an e-mail address or a file name. */
static int glued_boundary(const char *s, size_t n, size_t i, size_t lo,
                          size_t lim) {
  size_t ws, j, k;
  unsigned char p;
  if (i + 2 >= lim || i == 0) return 0;
  if (!is_upper_ascii((unsigned char)s[i + 1]) ||
      !is_lower_ascii((unsigned char)s[i + 2]))
    return 0;
  p = (unsigned char)s[i - 1];
  if (!is_lower_ascii(p) && !is_digit(p)) return 0;
  ws = word_start(s, n, i, lo);
  if (i - ws < 2 || memchr(s + ws, '.', i - ws) != NULL) return 0;
  if (lede_is_abbreviation(s + ws, i - ws + 1)) return 0;
  /* the whole run between white space: no @, no ://, no www. */
  for (j = i; j > lo && i - j < WINDOW_WORD && ws_len(s, n, j - 1) == 0; j--)
    if (s[j - 1] == '@' || s[j - 1] == '/') return 0;
  if (j > lo && ws_len(s, n, j - 1) == 0) return 0;     /* too long: a URL */
  if (j + 4 <= lim && memcmp(s + j, "www", 3) == 0) return 0;
  for (k = i + 1; k < lim && k - i < WINDOW_WORD && ws_len(s, n, k) == 0; k++)
    if (s[k] == '@' || s[k] == '/') return 0;
  return 1;
}


/* The word that ends at e (up to white space, within [lo, e)): its start;
** *len its length. */
static size_t word_ending(const char *s, size_t n, size_t e, size_t lo,
                          size_t *len) {
  size_t b = e;
  while (b > lo && e - b < WINDOW_WORD && ws_len(s, n, b - 1) == 0) b--;
  *len = e - b;
  return b;
}

/* The word before the one that begins at ws, past white space (none when
** the two are glued: "Minneapolis-St."). */
static size_t word_before(const char *s, size_t n, size_t ws, size_t lo,
                          size_t *len) {
  size_t e = ws;
  while (e > lo && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
  if (e == ws) { *len = 0; return ws; }
  return word_ending(s, n, e, lo, len);
}

/* 1 when the word [ws, i] closes a name or a place: a comma or a
** capitalized word before it ("Washington, D.C.", "Acme Inc.", "14 Elm
** St."), not a lower-case word ("the U.S. Navy"). Initials ("U.S.",
** "D.C.") close only a place after a comma: "Senior U.S. Arms". */
static int closes_name(const char *s, size_t n, size_t ws, size_t lo,
                       int initials) {
  size_t len, b = word_before(s, n, ws, lo, &len);
  if (len == 0) return 0;
  if (s[b + len - 1] == ',')   /* "Washington, D.C.", not "today, U.S." */
    return !initials || is_upper_ascii((unsigned char)s[b]);
  if (initials) return 0;
  return is_upper_ascii((unsigned char)s[b]) && s[b + len - 1] != '.' &&
         !sent_word(s + b, len, LEDE_VOC_EXACT_SENT_STARTER); /* "The U.S." */
}

/* A capitalized word at wm followed by a lower-case word that is not a
** function word ("Organizers expect", "Firefighters arrived"): the start
** of a clause, not a name going on ("U.S. Navy Secretary", "Bank of"). */
static int clause_starts(const char *s, size_t n, size_t wm, size_t wl,
                         size_t lim) {
  size_t j = wm + wl, k, l;
  if (wl < 2 || j >= lim || (s[j] != ' ' && s[j] != '\t')) return 0;
  k = skip_ws(s, n, j, lim);
  l = letters_len(s, n, k, lim);
  if (l < 2 || !is_lower_ascii((unsigned char)s[k])) return 0;
  return !sent_word(s + k, l, LEDE_VOC_EXACT_SENT_DANGLING);
}

/* After a quoted question or exclamation, a name of one to three
** capitalized words and a verb of speech (role sent.speech): "“Is this
** the end?” Petrenko asked reporters." is one sentence. */
static int speech_follows(const char *s, size_t n, size_t wm, size_t lim) {
  size_t j = wm, names = 0;
  while (names <= 3 && j < lim) {
    size_t e = j, wl;
    while (e < lim && e - j < WINDOW_WORD && ws_len(s, n, e) == 0) e++;
    if (e == j) return 0;
    if (names > 0 && is_lower_ascii((unsigned char)s[j])) {
      const lede_vocab_entry *v;
      size_t k;
      wl = letters_len(s, n, j, lim);
      v = lede_vocab_lookup(s + j, wl);
      if (!v || !(v->sent & LEDE_VOC_SENT_SPEECH)) return 0;
      /* "... replied that they were", "said he would": a statement of
      ** its own */
      if (j + wl < lim && s[j + wl] != ' ') return 1;
      k = skip_ws(s, n, j + wl, lim);
      wl = letters_len(s, n, k, lim);
      v = wl ? lede_vocab_lookup(s + k, wl) : NULL;
      return !(v && (v->sent & LEDE_VOC_SENT_SUBJECT));
    }
    /* a name, not a pronoun or another word that starts sentences */
    if (!is_upper_ascii((unsigned char)s[j]) || s[e - 1] == '.' ||
        s[e - 1] == ',' ||
        sent_word(s + j, letters_len(s, n, j, e), LEDE_VOC_EXACT_SENT_STARTER))
      return 0;
    names++;
    j = skip_ws(s, n, e, lim);
  }
  return 0;
}

/* ------------------------------------------------------- terminal marks */

/*
** An all-caps month abbreviation with its period ("SEPT.", "AUG.", as in
** upper-case datelines "WASHINGTON, SEPT. 4"): the lexicon leaves all-caps
** words out (they are more often acronyms), so it is checked here, and only
** before a digit.
*/
/* "SEPT." -> "Sept." into buf (8 bytes); 0 when w is not an all-caps
** ASCII word of wn bytes with its period. */
static int caps_to_title(const char *w, size_t wn, char *buf) {
  if (wn < 3 || wn > 8 || w[wn - 1] != '.') return 0;
  for (size_t k = 0; k + 1 < wn; k++) {
    if (w[k] < 'A' || w[k] > 'Z') return 0;
    buf[k] = k == 0 ? w[k] : (char)(w[k] - 'A' + 'a');
  }
  buf[wn - 1] = '.';
  return 1;
}

static int caps_month_abbr(const char *w, size_t wn) {
  char buf[8];
  return wn >= 4 && caps_to_title(w, wn, buf) && lede_month_lookup(buf, wn) != 0;
}

/*
** An all-caps title abbreviation before an all-caps word, as in upper-case
** datelines and headlines ("ST. LOUIS", "FT. WORTH", "GEN. SMITH"): the
** lexicon knows "St." but not "ST.", so the title-case form is looked up,
** and only when the next word is in capitals too.
*/
static int caps_title_abbr(const char *s, size_t n, const char *w, size_t wn,
                           size_t wm, size_t wl) {
  char buf[8];
  if (wl < 2 || !caps_to_title(w, wn, buf)) return 0;
  for (size_t k = wm; k < wm + wl && k < n; k++)
    if (s[k] >= 'a' && s[k] <= 'z') return 0;
  return lede_abbreviation_class(buf, wn) == LEDE_ABBR_TITLE;
}

/*
** "2." before a month is a day's ordinal, as German writes dates ("am 2.
** Februar 2024", "bis 1. Mai"): no boundary when the word at ws (wn
** bytes) is a day 1..31 with its period and the word at wm (wl bytes) a
** month of another language (role month.intl); one also English
** ("November") needs a year after it.
*/
static int day_ordinal(const char *s, size_t n, size_t ws, size_t wn,
                       size_t wm, size_t wl, size_t lim) {
  const lede_vocab_entry *e;
  size_t k;
  if (wn < 2 || wn > 3 || !is_digit((unsigned char)s[ws]) ||
      (wn == 3 && !is_digit((unsigned char)s[ws + 1])))
    return 0;
  k = wn == 2 ? (size_t)(s[ws] - '0')
              : (size_t)((s[ws] - '0') * 10 + (s[ws + 1] - '0'));
  if (k < 1 || k > 31) return 0;
  e = lede_vocab_lookup(s + wm, wl);
  if (e == NULL || !(e->word & LEDE_VOC_WORD_MONTH_INTL)) return 0;
  if (!(e->word & LEDE_VOC_WORD_MONTH)) return 1;
  k = skip_ws(s, n, wm + wl, lim);
  return k + 4 <= lim && is_digit((unsigned char)s[k]) &&
         is_digit((unsigned char)s[k + 1]) && is_digit((unsigned char)s[k + 2]) &&
         is_digit((unsigned char)s[k + 3]) &&
         (k + 4 == lim || !is_digit((unsigned char)s[k + 4]));
}

/*
** The decision at a period that ends the word [ws, i] and is followed,
** after closers and white space, by something of kind `kind` whose first
** letter or digit is at wm. Sets *could_end (whether the word could end a
** sentence at all, for the line-break rules).
*/
static int period_breaks(splitter *sp, size_t i, size_t m, int kind,
                         size_t wm, int *could_end) {
  const char *s = sp->s;
  size_t n = sp->n, ws = word_start(s, n, i, sp->sent);
  const char *w = s + ws;
  size_t wn = i + 1 - ws, wl;
  int cls = 0, time = 0, initials = 0;
  *could_end = 1;
  if (wn > 1) {
    cls = lede_abbreviation_class(w, wn);
    time = is_time_abbr(w, wn);
    initials = !cls && is_initials(w, wn);
  }
  if (initials && wn == 2 && ws > sp->sent) {
    /* "122.3 W." : a compass point or unit after a number, not an initial */
    size_t k = ws;
    while (k > sp->sent && (s[k - 1] == ' ' || s[k - 1] == '\t')) k--;
    if (k < ws && k > sp->sent && is_digit((unsigned char)s[k - 1]))
      initials = 0;
  }
  if (cls == LEDE_ABBR_TITLE && closes_name(s, n, ws, sp->sent, 0)) {
    /* "14 Elm St." (role sent.suffix): a street, not a saint */
    const lede_vocab_entry *v = lede_vocab_lookup(w, wn);
    if (v && (v->sent & LEDE_VOC_SENT_SUFFIX)) cls = LEDE_ABBR_END;
  }
  if (cls == LEDE_ABBR_TITLE || cls == LEDE_ABBR_INNER || initials)
    *could_end = 0;
  if (kind == NEXT_LOWER || kind == NEXT_OTHER) return 0;
  if (kind == NEXT_DIGIT && caps_month_abbr(w, wn)) return 0;
  if (kind == NEXT_DIGIT || kind == NEXT_SYMBOL)
    return !(cls || time || initials);
  /* a capitalized word follows */
  wl = letters_len(s, n, wm, sp->pe);
  if (!cls && caps_title_abbr(s, n, w, wn, wm, wl)) return 0;
  if (cls == LEDE_ABBR_TITLE) return sent_word(s + wm, wl, LEDE_VOC_EXACT_SENT_STRICT);
  if (cls == LEDE_ABBR_INNER) return 0;
  if (time) {
    if (time_continues(s, n, wm, wl, sp->pe)) return 0;
    return !intro_phrase(s, n, sp->sent, ws);
  }
  /* after an abbreviation that closes a name or place, a clause may
  ** begin: "in Washington, D.C. Organizers expect ..." */
  if (cls || initials)
    return (sent_word(s + wm, wl, LEDE_VOC_EXACT_SENT_STARTER) ||
            (cls && closes_name(s, n, ws, sp->sent, is_initials(w, wn)) &&
             clause_starts(s, n, wm, wl, sp->pe))) &&
           !intro_phrase(s, n, sp->sent, ws);
  /* a day's ordinal before its month: "am 2. Februar 2024" */
  if (day_ordinal(s, n, ws, wn, wm, wl, sp->pe)) return 0;
  /* an ordinary word: a boundary, unless a photo credit follows */
  return !credit_at(s, m, sp->pe);
}

/*
** At a terminal mark at i. Reads the whole run (". . .", "?!", "...."),
** the closers after it and the white space, decides, and returns where the
** scan goes on.
*/
static size_t at_terminal(splitter *sp, size_t i) {
  const char *s = sp->s;
  size_t n = sp->n, pe = sp->pe;
  size_t j = i, k, m, wm, len, b;
  int ndots = 0, nq = 0, spaced = 0, last_dot = 0, kind, brk = 0;
  int could_end = 1, attached;
  if (i < sp->marker_end) return i + 1;        /* "1." of a list item */
  attached = i > sp->sent && ws_len(s, n, i - 1) == 0;
  while (j < pe) {
    int t = terminal_at(s, n, j, &len);
    if (t == 1) { ndots++; last_dot = 1; j += len; continue; }
    if (t == 2) { nq++; last_dot = 0; j += len; continue; }
    if (t == 3) { ndots += 3; last_dot = 1; j += len; continue; }
    if (last_dot && s[j] == ' ' && j + 1 < pe && s[j + 1] == '.') {
      spaced = 1; j++; continue;
    }
    break;
  }
  k = j;
  while (k < pe && (len = closer_len(s, n, k)) > 0) k += len;
  if (k < pe && ws_len(s, n, k) == 0) {
    /* no white space after the run: inside a word, URL, number, "go.Then" */
    if (k == j && ndots == 1 && nq == 0 && j == i + 1 &&
        glued_boundary(s, n, i, sp->sent, pe)) {
      if (boundary(sp, j, j)) return pe;
      return j;
    }
    return k;
  }
  sp->term_end = k;
  sp->term_could_end = 1;
  m = skip_ws(s, n, k, pe);
  if (m >= pe) return k;                       /* the paragraph ends here */
  kind = next_kind(s, n, m, pe, &wm);
  if (bullet_len(s, n, m)) kind = NEXT_UPPER;
  b = k;
  if (ndots >= 3 && i > 0 && (s[i - 1] == '[' || s[i - 1] == '(')) {
    brk = 0;                                   /* [...] marks an omission */
  } else if (nq > 0) {
    brk = kind == NEXT_UPPER || kind == NEXT_DIGIT || kind == NEXT_SYMBOL;
    /* "“Is this the end?” Petrenko asked reporters." */
    if (brk && kind == NEXT_UPPER && k > j && s[j] != ')' && s[j] != ']' &&
        speech_follows(s, n, wm, pe))
      brk = 0;
  } else if (ndots >= 4) {
    /* a period and an ellipsis: "word. . . . Next" or "word.... Next" */
    brk = kind == NEXT_UPPER || kind == NEXT_DIGIT || kind == NEXT_SYMBOL;
    if (brk && attached && spaced && s[i + 1] == ' ') b = i + 1;
  } else if (ndots == 3) {
    /* an ellipsis alone: a boundary before a capital other than "I" */
    brk = kind == NEXT_UPPER &&
          !is_pronoun_i(s, wm, letters_len(s, n, wm, pe));
  } else {
    brk = period_breaks(sp, i, m, kind, wm, &could_end);
    sp->term_could_end = could_end;
  }
  if (!brk) return k;
  if (boundary(sp, b, b)) return pe;
  return b < k ? k : b;       /* ". . . The": the ellipsis opens the next */
}

/* ----------------------------------------------------------- line breaks */

/* Code points in [a, b): bytes minus continuation bytes (10xxxxxx),
** eight bytes at a time. */
static size_t cp_count(const char *s, size_t a, size_t b) {
  const uint64_t highs = 0x8080808080808080ULL;
  size_t cont = 0, len = b - a;
  for (; a + 8 <= b; a += 8) {
    uint64_t x;
    memcpy(&x, s + a, 8);
    if (x & highs) cont += (size_t)__builtin_popcountll(x & ~(x << 1) & highs);
  }
  for (; a < b; a++)
    if (((unsigned char)s[a] & 0xC0) == 0x80) cont++;
  return len - cont;
}

/* Width of the indentation at a (tabs count 8). */
static size_t indent_of(const char *s, size_t a, size_t lim) {
  size_t w = 0;
  for (; a < lim && (s[a] == ' ' || s[a] == '\t'); a++)
    w += s[a] == '\t' ? 8 : 1;
  return w;
}

/* The line [a, b) (b after its last non-space) ends so that the next line
** continues it: a comma, hyphen, dash, colon, ampersand, slash, or a word
** such as "and", "of", "the". */
static int ends_open(const char *s, size_t n, size_t a, size_t b) {
  size_t len, ws;
  unsigned char c;
  int32_t cp;
  if (b <= a) return 0;
  c = (unsigned char)s[b - 1];
  if (c == ',' || c == ';' || c == ':' || c == '-' || c == '&' || c == '/')
    return 1;
  if (b >= a + 3) {
    cp = dec(s, n, b - 3, &len);
    if (len == 3 && (cp == 0x2013 || cp == 0x2014)) return 1;
  }
  ws = b;
  while (ws > a && is_lower_ascii((unsigned char)s[ws - 1]) && b - ws < 8)
    ws--;
  if (ws < b && b - ws <= DANGLING_MAX &&
      (ws == a || !is_alnum_ascii((unsigned char)s[ws - 1])) &&
      sent_word(s + ws, b - ws, LEDE_VOC_EXACT_SENT_DANGLING))
    return 1;
  return 0;
}

/* Start of the "(" that the ")" ending at b-1 closes, or b when none. */
static size_t credit_open(const char *s, size_t a, size_t b) {
  size_t j;
  if (b <= a || s[b - 1] != ')') return b;
  for (j = b - 1; j > a && b - j < WINDOW_CREDIT; j--)
    if (s[j - 1] == '(') return j - 1;
  return b;
}

/*
** The line [line_start, pend) is full: with the next word (at fm) it would
** not have fitted the paragraph's width, so the break is a wrap. Asked only
** when the decision depends on it.
*/
static int line_full(const splitter *sp, size_t pend, size_t fm) {
  const char *s = sp->s;
  size_t n = sp->n, pe = sp->pe, plen, wlen, wend;
  plen = cp_count(s, sp->line_start, pend);
  for (wend = fm; wend < pe && wend - fm < WINDOW_WORD &&
                  ws_len(s, n, wend) == 0; wend++) {}
  wlen = cp_count(s, fm, wend);
  return plen + 1 + wlen >
         (sp->maxlen > MIN_WRAP_WIDTH ? sp->maxlen : MIN_WRAP_WIDTH);
}


/* An em or en dash and a space at i, then a capital: an item of a dashed
** list ("Here is what to know:" then "— Russia fired ..." lines). */
static int dash_item_at(const char *s, size_t n, size_t i, size_t lim) {
  size_t len, wm;
  int32_t cp;
  if (i + 4 >= lim || (unsigned char)s[i] < 0x80) return 0;
  cp = dec(s, n, i, &len);
  if (cp != 0x2014 && cp != 0x2013) return 0;
  if (s[i + len] != ' ') return 0;
  return next_kind(s, n, i + len + 1, lim, &wm) == NEXT_UPPER;
}

/* The line [a, b) ends inside a name: its last one or two words are
** capitalized and follow a title ("... by Lt. Gov. Sam" then "Ortiz. It
** did ..."), so a line break there is a wrap, not a boundary. */
static int name_open(const char *s, size_t n, size_t a, size_t b) {
  size_t ws = b, len, p, k;
  for (k = 0; k < 3; k++) {
    p = k ? word_before(s, n, ws, a, &len) : word_ending(s, n, b, a, &len);
    if (len == 0 || !is_upper_ascii((unsigned char)s[p])) return 0;
    if (s[p + len - 1] == '.')        /* an abbreviation: a title opens it */
      return k > 0 && lede_abbreviation_class(s + p, len) == LEDE_ABBR_TITLE;
    if (letters_len(s, n, p, p + len) != len) return 0;
    ws = p;
  }
  return 0;
}

/*
** At a line break at i inside a paragraph (see docs/sentences.md, "Line
** breaks"). Returns where the scan goes on.
*/
static size_t at_newline(splitter *sp, size_t i) {
  const char *s = sp->s;
  size_t n = sp->n, pe = sp->pe;
  size_t nl = nl_len(s, n, i), m = i + nl, fm, pend, wm, co;
  int brk = 0, kind, terminated, nonlower;
  size_t end;
  int mk, ms;
  long mv;
  fm = skip_ws(s, n, m, pe);
  if (sp->sent > i) { sp->line_start = m; return fm; }
  pend = trim_end(s, n, sp->line_start, i);
  kind = next_kind(s, n, fm, pe, &wm);
  nonlower = kind == NEXT_UPPER || kind == NEXT_DIGIT || kind == NEXT_SYMBOL;
  terminated = pend == sp->term_end;
  if (bullet_len(s, n, fm) || ascii_bullet_len(s, fm, pe)) {
    brk = 1;                                         /* "• item", "- item" */
  } else if ((terminated || (pend > sp->line_start && s[pend - 1] == ':')) &&
             dash_item_at(s, n, fm, pe)) {
    brk = 1;                                         /* "— Russia fired" */
  } else if (sp->list_kind && successor_at(sp, fm)) {
    brk = 1;                                         /* the next list item */
  } else if (indent_of(s, m, pe) >= 2 &&
             indent_of(s, m, pe) > indent_of(s, sp->line_start, pe)) {
    brk = 1;                                         /* wire paragraph */
  } else if (terminated) {
    brk = sp->term_could_end && nonlower &&          /* "Corp.\nShares" */
          !line_full(sp, pend, fm);
  } else if (marker_at(s, n, fm, pe, &end, &mk, &mv, &ms)) {
    brk = !sp->any_terminal || !line_full(sp, pend, fm);  /* "1. item" */
  } else if (ends_open(s, n, sp->line_start, pend)) {
    brk = 0;
  } else if (!sp->any_terminal) {
    brk = 1;                                         /* a list of lines */
  } else if ((co = credit_open(s, sp->line_start, pend)) < pend &&
             credit_at(s, co, pe)) {
    brk = nonlower;                                  /* caption credit */
  } else if (name_open(s, n, sp->line_start, pend)) {
    brk = 0;                                         /* "Lt. Gov. Sam\nOrtiz" */
  } else {
    brk = nonlower && !line_full(sp, pend, fm);      /* a short line */
  }
  if (brk && boundary(sp, pend, fm)) return pe;
  sp->line_start = m;
  return fm;
}

/* ------------------------------------------------------------ paragraphs */

/* 1 when the line [a, b) (b after its last non-space) ends with a terminal
** mark, closers aside. */
static int line_terminated(const char *s, size_t n, size_t a, size_t b) {
  while (b > a) {
    size_t k = b - 1, len;
    int32_t cp;
    while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80 && b - k < 4) k--;
    cp = dec(s, n, k, &len);
    if (cp == ')' || cp == ']' || cp == '"' || cp == '\'' || cp == 0x201D ||
        cp == 0x2019 || cp == 0xBB || cp == '}') {
      b = k;
      continue;
    }
    return terminal_at(s, n, k, &len) != 0;
  }
  return 0;
}

/* Bytes that may matter to the news splitter's scan of a paragraph. */
#define H1(c) ((c) == '.' || (c) == '?' || (c) == '!' || (c) == '\n' || \
               (c) == '\r' || (c) == '\v' || (c) >= 0x80)
#define H4(c) H1(c), H1(c + 1), H1(c + 2), H1(c + 3)
#define H16(c) H4(c), H4(c + 4), H4(c + 8), H4(c + 12)
#define H64(c) H16(c), H16(c + 16), H16(c + 32), H16(c + 48)
static const unsigned char hot[256] = {H64(0), H64(64), H64(128), H64(192)};
#undef H1
#undef H4
#undef H16
#undef H64
#define is_hot(c) hot[c]

#ifdef LEDE_SSE2
#include <emmintrin.h>

/* The first byte in [i, end) that is_hot, or end: sixteen bytes a step.
** (A form feed stops it too; the caller skips it as not hot.) */
static inline size_t next_hot(const char *s, size_t i, size_t end) {
  const __m128i dot = _mm_set1_epi8('.'), qm = _mm_set1_epi8('?'),
                ex = _mm_set1_epi8('!'), bias = _mm_set1_epi8(128 - '\n'),
                four = _mm_set1_epi8(4 - 128);
  for (; i + 16 <= end; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    /* '\n' '\v' '\f' '\r': (v - '\n') < 4 unsigned, as a signed compare */
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, qm)),
        _mm_or_si128(_mm_cmpeq_epi8(v, ex),
                     _mm_cmplt_epi8(_mm_add_epi8(v, bias), four)));
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(m, v));
    if (mask) return i + (size_t)__builtin_ctz(mask);
  }
  while (i < end && !is_hot((unsigned char)s[i])) i++;
  return i;
}
#endif

#ifdef LEDE_SSE2
/* 1 when byte c at k starts white space, a line break or a paragraph
** separator that needs the careful loop of scan_paragraph. */
static inline int special_at(const char *s, size_t n, size_t k) {
  unsigned char c = (unsigned char)s[k];
  if (c == 0x0B || c == 0x0C || c == 0x0D) return 1;
  if (c == 0xC2 || (c >= 0xE1 && c <= 0xE3) || c == 0xEF)
    return ws_len(s, n, k) != 0;
  return 0;
}

/*
** The line at i, in one pass: sets *e to its end (the next '\n', or n) and
** *cont to its count of continuation bytes (10xxxxxx), and returns 1 when
** it holds no CR, VT, FF, multi-byte white space, line or paragraph
** separator; else returns 0 (the careful loop reads the line). For valid
** UTF-8, bytes minus continuation bytes is the count of code points.
*/
static int line_plain(const char *s, size_t n, size_t i, size_t *e,
                      size_t *cont) {
  const __m128i lf = _mm_set1_epi8('\n'), bias = _mm_set1_epi8(128 - 0x0B),
                three = _mm_set1_epi8(3 - 128), c0 = _mm_set1_epi8(-64);
  size_t c = 0;
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf));
    unsigned hi = (unsigned)_mm_movemask_epi8(v);
    /* 0x0B..0x0D: (v - 0x0B) < 3 unsigned, as a signed compare */
    unsigned ctl = (unsigned)_mm_movemask_epi8(
        _mm_cmplt_epi8(_mm_add_epi8(v, bias), three));
    unsigned lim = nl ? (nl & (0u - nl)) - 1u : 0xFFFFu;
    if ((ctl | hi) & lim) {
      unsigned cm, lead;
      if (ctl & lim) return 0;
      cm = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, c0)) & lim;
      c += (size_t)__builtin_popcount(cm);
      for (lead = hi & ~cm & lim; lead; lead &= lead - 1)
        if (special_at(s, n, i + (size_t)__builtin_ctz(lead))) return 0;
    }
    if (nl) {
      *e = i + (size_t)__builtin_ctz(nl);
      *cont = c;
      return 1;
    }
  }
  for (; i < n && s[i] != '\n'; i++) {
    if (special_at(s, n, i)) return 0;
    c += ((unsigned char)s[i] & 0xC0) == 0x80;
  }
  *e = i;
  *cont = c;
  return 1;
}
#else
/* Eight bytes at p hold no byte of interest (word-at-a-time test: a byte
** >= 0x80, a byte < 0x0E, '.', '?' or '!' make it answer 1). */
static int chunk_hot(const char *p) {
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  uint64_t x, a, b, c;
  memcpy(&x, p, 8);
  a = x ^ (ones * '.');
  b = x ^ (ones * '?');
  c = x ^ (ones * '!');
  return ((x | ((x - ones * 0x0E) & ~x) | ((a - ones) & ~a) |
           ((b - ones) & ~b) | ((c - ones) & ~c)) & highs) != 0;
}

/* 1 when [a, b) holds a byte that may start a line break, a paragraph
** separator or a non-ASCII space (CR, VT, FF, 0xC2, 0xE1..0xE3, 0xEF):
** then the careful per-character loop reads the line. */
static int line_has_specials(const char *s, size_t a, size_t b) {
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  for (; a + 8 <= b; a += 8) {
    uint64_t x;
    memcpy(&x, s + a, 8);
    /* a byte < 0x0E or >= 0x80 somewhere: look closer */
    if ((x | ((x - ones * 0x0E) & ~x)) & highs) {
      size_t k;
      for (k = a; k < a + 8; k++) {
        unsigned char c = (unsigned char)s[k];
        if ((c < 0x0E && c != '\t' && c != '\n') || c == 0xC2 ||
            (c >= 0xE1 && c <= 0xE3) || c == 0xEF)
          return 1;
      }
    }
  }
  for (; a < b; a++) {
    unsigned char c = (unsigned char)s[a];
    if ((c < 0x0E && c != '\t' && c != '\n') || c == 0xC2 ||
        (c >= 0xE1 && c <= 0xE3) || c == 0xEF)
      return 1;
  }
  return 0;
}
#endif

/*
** First pass over the paragraph that starts at line ps: finds its end (a
** blank line, a paragraph separator or the end of the text), its longest
** line and whether any line ends with a terminal mark. Returns the
** position after the paragraph's last non-space character.
*/
static size_t scan_paragraph(splitter *sp, size_t ps) {
  const char *s = sp->s;
  size_t n = sp->n, i = ps, last_end = ps;
  sp->maxlen = 0;
  sp->any_terminal = 0;
  while (i < n) {
    size_t ls = i, lend = i, len, cps = 0, cps_end = 0;
    int blank = 1;
#ifdef LEDE_SSE2
    size_t e, cont;
    if (line_plain(s, n, i, &e, &cont)) {
      /* fast path: no CR, VT, FF and no multi-byte white space, line or
      ** paragraph separator in the line; only spaces and tabs are white
      ** space, and code points are bytes minus continuation bytes */
      lend = e;
      while (lend > i && (s[lend - 1] == ' ' || s[lend - 1] == '\t')) lend--;
      blank = lend == i;
      cps_end = blank ? 0 : lend - i - cont;
      i = e;
    }
#else
    const char *nlp = memchr(s + i, '\n', n - i);
    size_t e = nlp ? (size_t)(nlp - s) : n;
    if (!line_has_specials(s, i, e)) {
      /* fast path: no CR, VT, FF and no multi-byte line or paragraph
      ** separator in the line; only spaces and tabs are white space */
      lend = e;
      while (lend > i && (s[lend - 1] == ' ' || s[lend - 1] == '\t')) lend--;
      blank = lend == i;
      cps_end = blank ? 0 : cp_count(s, i, lend);
      i = e;
    }
#endif
    while (i < n) {
      unsigned char c = (unsigned char)s[i];
      if (c < 0x80 && c > ' ') {
        /* the common case: a run of printable ASCII */
        size_t r = i + 1;
        while (r < n && (unsigned char)s[r] > ' ' && (unsigned char)s[r] < 0x80)
          r++;
        cps += r - i; i = r; lend = i; cps_end = cps; blank = 0;
        continue;
      }
      if (c == ' ' || c == '\t') { i++; cps++; continue; }
      if (nl_len(s, n, i) || parasep_len(s, n, i)) break;
      if ((len = ws_len(s, n, i)) > 0) { i += len; cps++; continue; }
      dec(s, n, i, &len);
      i += len; cps++; lend = i; cps_end = cps; blank = 0;
    }
    if (lede_cancel_at(i, &sp->next_check)) {
      sp->rc = LEDE_ECANCEL;
      return last_end;
    }
    if (blank && ls > ps) break;                  /* a blank line */
    if (!blank) {
      last_end = lend;
      if (cps_end > sp->maxlen) sp->maxlen = cps_end;
      if (!sp->any_terminal && line_terminated(s, n, ls, lend))
        sp->any_terminal = 1;
    }
    if (i >= n || parasep_len(s, n, i)) break;
    i += nl_len(s, n, i);
  }
  return last_end;
}

/* Second pass: the sentences of the paragraph [ps, pe). */
static void split_paragraph(splitter *sp, size_t ps) {
  const char *s = sp->s;
  size_t n = sp->n, i;
  sp->line_start = ps;
  sp->term_end = (size_t)-1;
  start_sentence(sp, skip_ws(s, n, ps, sp->pe));
  i = sp->sent;
  while (i < sp->pe && sp->rc == LEDE_OK) {
    unsigned char c = (unsigned char)s[i];
    size_t len;
    if (!is_hot(c)) {
      if (sp->list_kind) {
        if ((c == ' ' || c == '\t') && i > sp->marker_end &&
            successor_at(sp, i + 1) && boundary(sp, i, i + 1))
          return;
        i++;
        continue;
      }
#ifdef LEDE_SSE2
      i = next_hot(s, i + 1, sp->pe);
#else
      for (i++; i + 8 <= sp->pe && !chunk_hot(s + i); i += 8) {}
      while (i < sp->pe && !is_hot((unsigned char)s[i])) i++;
#endif
      continue;
    }
    if (lede_cancel_at(i, &sp->next_check)) { sp->rc = LEDE_ECANCEL; return; }
    if (nl_len(s, n, i)) { i = at_newline(sp, i); continue; }
    if (terminal_at(s, n, i, &len)) { i = at_terminal(sp, i); continue; }
    if ((len = bullet_len(s, n, i)) > 0) {
      if (i > sp->sent && (s[i - 1] == ' ' || s[i - 1] == '\t') &&
          boundary(sp, i, i))
        return;
      i += len;
      continue;
    }
    dec(s, n, i, &len);
    i += len;
  }
  if (sp->rc == LEDE_OK) emit(sp, sp->sent, sp->pe);
}

static int split_news(splitter *sp) {
  const char *s = sp->s;
  size_t n = sp->n, pos = 0;
  while (pos < n && sp->rc == LEDE_OK) {
    size_t first = skip_ws(s, n, pos, n), ps, len;
    while (first < n && (len = parasep_len(s, n, first)) > 0)
      first = skip_ws(s, n, first + len, n);
    if (first >= n) break;
    /* the paragraph begins at the start of the line holding `first` */
    ps = first;
    while (ps > pos && (s[ps - 1] == ' ' || s[ps - 1] == '\t')) ps--;
    sp->pe = scan_paragraph(sp, ps);
    if (sp->rc != LEDE_OK) break;
    if (sp->pe <= first) sp->pe = n;   /* cannot happen; never loop */
    split_paragraph(sp, ps);
    sp->para++;
    pos = sp->pe;
  }
  return sp->rc;
}

/* UAX #29 mode: Unicode's boundaries, each segment trimmed; the paragraph
** index counts blank lines (and paragraph separators) between segments. */
static int split_uax29(splitter *sp) {
  const char *s = sp->s;
  size_t n = sp->n, pos = 0, prev_end = 0;
  int any = 0;
  while (pos < n) {
    size_t b = lede_sentence_break_next(s, n, pos);
    size_t a = skip_ws(s, n, pos, b), e = trim_end(s, n, a, b);
    if (lede_cancel_at(b, &sp->next_check)) return LEDE_ECANCEL;
    if (a < e) {
      if (any) {
        size_t j = prev_end, breaks = 0, len;
        while (j < a) {
          if ((len = parasep_len(s, n, j)) > 0) { breaks += 2; j += len; }
          else if ((len = nl_len(s, n, j)) > 0) { breaks++; j += len; }
          else j++;
        }
        if (breaks >= 2) sp->para++;
      }
      sp->pe = n;
      if (emit(sp, a, e)) return sp->rc;
      prev_end = e;
      any = 1;
    }
    pos = b;
  }
  return LEDE_OK;
}

int lede_sentences(const char *s, size_t n, int mode, lede_sentence_fn fn,
                   void *ctx) {
  splitter sp;
  if ((s == NULL && n > 0) || fn == NULL ||
      (mode != LEDE_MODE_NEWS && mode != LEDE_MODE_UAX29))
    return LEDE_EINVAL;
  memset(&sp, 0, sizeof sp);
  sp.s = s;
  sp.n = n;
  sp.fn = fn;
  sp.ctx = ctx;
  sp.rc = LEDE_OK;
  sp.next_check = LEDE_CANCEL_INTERVAL;
  if (n == 0) return LEDE_OK;
  if (mode == LEDE_MODE_UAX29) return split_uax29(&sp);
  return split_news(&sp);
}
