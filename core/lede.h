/*
** lede.h -- the whole public API of liblede, the text core of lede.
**
** liblede is C11 over utf8proc. It knows nothing of Lua or SQLite.
** Every function takes the text as (pointer, length in bytes): NUL bytes
** are not terminators, and no function reads past `n`. Every result is a
** span [start, end) of 0-based byte offsets into the caller's buffer; no
** function copies or rewrites the caller's text unless its name says so
** (lede_repair, lede_normalize, lede_casefold).
**
** Errors: functions return LEDE_OK (0) or a negative LEDE_E* code;
** lede_errmsg(rc) turns a code into a static message.
**
** Ownership: buffers returned through `char **out` are malloc'd by liblede
** and freed by the caller with lede_free(). Structures filled by a *_parse
** function own their arrays until the matching *_free. Callbacks receive
** pointers that are valid only during the call.
**
** Policy for bad bytes (see text.c):
**   - An invalid UTF-8 sequence (overlong, surrogate, > U+10FFFF, truncated,
**     stray continuation byte) and a NUL byte are errors by default:
**     lede_check reports the offset of the first one. The CLI and the Lua
**     module report "FILE: invalid UTF-8 at byte N" and skip that input.
**   - On request (--repair, {repair=true}) lede_repair replaces each maximal
**     invalid subpart (Unicode's "substitution of maximal subparts") and each
**     NUL with U+FFFD, and counts the replacements.
**   - A leading UTF-8 byte order mark is not text: lede_bom_len says how
**     long it is and readers skip it.
**   - The scanners (tokens, sentences, ...) never fail on bad bytes: each
**     invalid byte is decoded as U+FFFD of length 1, so fuzzed input is safe.
*/
#ifndef LEDE_H
#define LEDE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version: LEDE_VERSION is "MAJOR.MINOR.PATCH"; LEDE_VERSION_NUMBER
** is MAJOR * 10000 + MINOR * 100 + PATCH, for #if. */
#define LEDE_VERSION_MAJOR 0
#define LEDE_VERSION_MINOR 1
#define LEDE_VERSION_PATCH 0
#define LEDE_VERSION_NUMBER \
  (LEDE_VERSION_MAJOR * 10000 + LEDE_VERSION_MINOR * 100 + LEDE_VERSION_PATCH)
#define LEDE_STRINGIFY_(x) #x
#define LEDE_STRINGIFY(x) LEDE_STRINGIFY_(x)
#define LEDE_VERSION                                                       \
  LEDE_STRINGIFY(LEDE_VERSION_MAJOR) "." LEDE_STRINGIFY(LEDE_VERSION_MINOR) \
  "." LEDE_STRINGIFY(LEDE_VERSION_PATCH)

/* ---------------------------------------------------------------- errors */

#define LEDE_OK        0
#define LEDE_ENOMEM   (-1)  /* out of memory */
#define LEDE_EUTF8    (-2)  /* invalid UTF-8 sequence */
#define LEDE_ENUL     (-3)  /* NUL byte in text */
#define LEDE_EINVAL   (-4)  /* bad argument */
#define LEDE_ESTOPPED (-5)  /* a callback returned nonzero */
#define LEDE_ELIMIT   (-6)  /* a named limit was exceeded */
#define LEDE_ECANCEL  (-7)  /* the cancel check asked to stop */

/* Static, never NULL, for any int. */
const char *lede_errmsg(int rc);

/* Frees a buffer that liblede returned. NULL is fine. */
void lede_free(void *p);

/*
** Cancellation. Long loops in the core call `fn(ud)` every
** LEDE_CANCEL_INTERVAL bytes of input; a nonzero answer makes the running
** function return LEDE_ECANCEL. The Lua sandbox uses this to stop a plugin
** stuck inside a C call, where Lua's instruction hook never fires.
** fn == NULL (the default) disables the check. Process-global.
*/
#define LEDE_CANCEL_INTERVAL 65536
typedef int (*lede_cancel_fn)(void *ud);
void lede_set_cancel(lede_cancel_fn fn, void *ud);
/* Nonzero when the installed check asks to stop (for loops outside the
** core that honour the same check, such as the SQLite progress handler). */
int lede_cancelled(void);

/* ------------------------------------------------------------ text layer */

/* 3 when s starts with a UTF-8 BOM (EF BB BF), else 0. */
size_t lede_bom_len(const char *s, size_t n);

/*
** LEDE_OK when s[0..n) is valid UTF-8 without NUL bytes; otherwise
** LEDE_EUTF8 or LEDE_ENUL with *bad_at (if not NULL) set to the byte
** offset of the first offending byte.
*/
int lede_check(const char *s, size_t n, size_t *bad_at);

/*
** Copies s, replacing each invalid sequence and each NUL with U+FFFD.
** *out is malloc'd (free with lede_free), NUL-terminated for convenience,
** *out_n its length without that NUL; *nrepaired (may be NULL) counts the
** replacements. Returns LEDE_OK or LEDE_ENOMEM.
*/
int lede_repair(const char *s, size_t n, char **out, size_t *out_n,
                size_t *nrepaired);

/* Normalization forms for lede_normalize. */
#define LEDE_NFC  0
#define LEDE_NFD  1
#define LEDE_NFKC 2
#define LEDE_NFKD 3

/*
** Unicode normalization (via utf8proc). s must be valid UTF-8 (else
** LEDE_EUTF8). *out malloc'd as for lede_repair.
*/
int lede_normalize(const char *s, size_t n, int form, char **out,
                   size_t *out_n);

/* Full case folding plus NFC (via utf8proc); as lede_normalize. */
int lede_casefold(const char *s, size_t n, char **out, size_t *out_n);

/*
** Decodes the code point at s[i] (i < n). Sets *len to its byte length
** (>= 1). Invalid bytes decode as U+FFFD with *len = 1.
*/
int32_t lede_decode(const char *s, size_t n, size_t i, size_t *len);

/* --------------------------------------------------------------- tokens */

#define LEDE_MODE_NEWS  0   /* the units a journalist counts (default) */
#define LEDE_MODE_UAX29 1   /* Unicode text segmentation, exactly */

/* Token kinds. */
#define LEDE_TOK_WORD    1
#define LEDE_TOK_NUMBER  2
#define LEDE_TOK_PUNCT   3
#define LEDE_TOK_SYMBOL  4
#define LEDE_TOK_URL     5
#define LEDE_TOK_EMAIL   6
#define LEDE_TOK_HANDLE  7
#define LEDE_TOK_HASHTAG 8
#define LEDE_TOK_EMOJI   9

/* "word", "number", ...; "?" for an unknown kind. */
const char *lede_token_kind_name(int kind);

/* Token flags. */
#define LEDE_TF_CAPITALIZED 0x1u  /* first letter upper or title case */
#define LEDE_TF_ALLCAPS     0x2u  /* >= 2 letters, all upper case */
#define LEDE_TF_DIGITS      0x4u  /* contains a decimal digit */

/* The longest token: a longer run is cut into pieces of at most this. */
#define LEDE_MAX_TOKEN 4096

typedef struct lede_token {
  size_t start, end;   /* byte span [start, end) */
  int kind;            /* LEDE_TOK_* */
  unsigned flags;      /* LEDE_TF_* */
} lede_token;

/*
** Next UAX #29 word boundary after `pos` (pos < n): the smallest b > pos
** that is a boundary, or n. lede_word_break_next(s, n, 0) on "" is 0.
*/
size_t lede_word_break_next(const char *s, size_t n, size_t pos);

/*
** Pull tokenizer: no allocation, state on the caller's stack.
**   lede_tokenizer t; lede_token tok;
**   lede_tokenizer_init(&t, s, n, LEDE_MODE_NEWS);
**   while (lede_tokenizer_next(&t, &tok) > 0) ...
** lede_tokenizer_next returns 1 with a token, 0 at the end, or
** LEDE_ECANCEL. Whitespace is never a token. Fields are private.
*/
typedef struct lede_tokenizer {
  const char *s;
  size_t n, pos;
  int mode;
  size_t bytes_since_check;
} lede_tokenizer;

void lede_tokenizer_init(lede_tokenizer *t, const char *s, size_t n,
                         int mode);
int lede_tokenizer_next(lede_tokenizer *t, lede_token *tok);

/*
** Push form, shaped like SQLite's FTS5 xToken: fn is called once per
** token; a nonzero return stops the loop and lede_tokenize returns
** LEDE_ESTOPPED. Memory use is constant whatever n is.
*/
typedef int (*lede_token_fn)(void *ctx, const lede_token *tok);
int lede_tokenize(const char *s, size_t n, int mode, lede_token_fn fn,
                  void *ctx);

/* ------------------------------------------------------------ sentences */

typedef struct lede_sentence {
  size_t start, end;    /* trimmed of surrounding white space */
  size_t paragraph;     /* 0-based index of the paragraph (blank-line block) */
} lede_sentence;

/*
** Next UAX #29 sentence boundary after pos (pos < n), or n.
*/
size_t lede_sentence_break_next(const char *s, size_t n, size_t pos);

/*
** Splits s into sentences (mode LEDE_MODE_NEWS or LEDE_MODE_UAX29) and
** calls fn for each, in order. Returns LEDE_OK, LEDE_ESTOPPED,
** LEDE_ECANCEL or LEDE_ENOMEM.
*/
typedef int (*lede_sentence_fn)(void *ctx, const lede_sentence *sent);
int lede_sentences(const char *s, size_t n, int mode, lede_sentence_fn fn,
                   void *ctx);

/* -------------------------------------------------------------- lexicon */

/*
** Abbreviations known to the news splitter and tokenizer, with their final
** period ("Gen.", "U.S.", "Sept."). lede_abbreviation_add extends the list
** for the whole process (a newsroom's house style); the string is copied.
** Returns LEDE_OK, LEDE_EINVAL (no final period, too long) or LEDE_ENOMEM.
*/
#define LEDE_MAX_ABBREVIATION 32
int lede_abbreviation_add(const char *abbr, size_t n);
/* 1 when s[0..n) (with its period) is a known abbreviation. */
int lede_is_abbreviation(const char *s, size_t n);

/*
** The class of a known abbreviation says how the news splitter treats its
** period. 0 means unknown.
*/
#define LEDE_ABBR_TITLE  1  /* before a name, never ends a sentence: Mr. Gen. */
#define LEDE_ABBR_NUMBER 2  /* before a number: No. pp. Vol. (else as END) */
#define LEDE_ABBR_MONTH  3  /* month or weekday: Sept. Thurs. (else as END) */
#define LEDE_ABBR_END    4  /* may end a sentence: U.S. Inc. a.m. etc. Jr. */
#define LEDE_ABBR_INNER  5  /* almost never ends one: vs. e.g. i.e. approx. */
int lede_abbreviation_class(const char *s, size_t n);
/* As lede_abbreviation_add with an explicit class (LEDE_ABBR_*).
** lede_abbreviation_add(a, n) is lede_abbreviation_add_class(a, n, c) with
** c = LEDE_ABBR_TITLE for a capitalized abbreviation without an inner
** period ("Brig.", "Supt."), else LEDE_ABBR_END. Adding a known
** abbreviation again changes its class. At most LEDE_MAX_USER_ABBREVIATIONS
** additions per process (LEDE_ELIMIT beyond). */
#define LEDE_MAX_USER_ABBREVIATIONS 65536
int lede_abbreviation_add_class(const char *abbr, size_t n, int cls);

/* 1..12 for a month name or abbreviation ("Sept", "Sept.", "September",
** case-insensitive for the first letter only), else 0. */
int lede_month_lookup(const char *s, size_t n);
/* 1 (Monday)..7 (Sunday) for a weekday name or abbreviation, else 0. */
int lede_weekday_lookup(const char *s, size_t n);

/* -------------------------------------------------------------- article */

typedef struct lede_span {
  size_t start, end;    /* [start, end); start == end means absent */
} lede_span;

/* Paragraph roles. */
#define LEDE_ROLE_BODY        0
#define LEDE_ROLE_HEADLINE    1
#define LEDE_ROLE_BYLINE      2
#define LEDE_ROLE_DATELINE    3
#define LEDE_ROLE_CAPTION     4
#define LEDE_ROLE_BOILERPLATE 5
#define LEDE_ROLE_DATE        6
const char *lede_role_name(int role);   /* "body", "headline", ... */

/* Where the article's date came from. */
#define LEDE_DATE_NONE     0
#define LEDE_DATE_METADATA 1
#define LEDE_DATE_DATELINE 2
#define LEDE_DATE_LINE     3   /* a printed "Published ..." line */
#define LEDE_DATE_CAPTION  4
const char *lede_date_source_name(int source); /* "metadata", ... */

typedef struct lede_paragraph {
  size_t start, end;
  int role;             /* LEDE_ROLE_* */
} lede_paragraph;

#define LEDE_MAX_BYLINE_NAMES 8

typedef struct lede_article {
  lede_span headline;
  lede_span dateline;   /* "KYIV, Ukraine (AP) —" with its dash */
  lede_span place;      /* "KYIV, Ukraine" as written */
  lede_span region;     /* "Ukraine" */
  lede_span agency;     /* "AP" */
  lede_span byline;
  lede_span byline_names[LEDE_MAX_BYLINE_NAMES];
  size_t nbyline_names;
  lede_span byline_org;
  int year, month, day;   /* the article's date; 0 when unknown */
  int date_source;        /* LEDE_DATE_* */
  lede_paragraph *paragraphs; size_t nparagraphs;
  lede_span *captions;        size_t ncaptions;
  lede_span *caption_credits; /* parallel to captions; may be empty */
  lede_span *boilerplate;     size_t nboilerplate;
} lede_article;

/*
** Finds the structure of an article. Fills *a (arrays malloc'd; release
** with lede_article_free even on error). Returns LEDE_OK, LEDE_ENOMEM or
** LEDE_ECANCEL. Metadata dates are applied by the caller (set year/month/
** day and date_source = LEDE_DATE_METADATA after the call).
*/
int lede_article_parse(const char *s, size_t n, lede_article *a);
void lede_article_free(lede_article *a);

/* -------------------------------------------------------------- figures */

/*
** Limits of the figure finder (numbers.c). None is an error: past a limit
** the text is simply not (or no longer) read as one figure.
**   LEDE_NUM_MAX_DIGITS   a digit run longer than this is an identifier
**   LEDE_NUM_MAX_WORDS    words in one spelled-out number
**   LEDE_NUM_MAX_NOUN     words in a counted noun phrase
**   LEDE_NUM_WINDOW       tokens held at once (the scan is a sliding window)
**   LEDE_NUM_LOOKAHEAD    tokens a figure rule may read ahead
**   LEDE_NUM_LOOKBEHIND   tokens a figure rule may read back
*/
#define LEDE_NUM_MAX_DIGITS 18
#define LEDE_NUM_MAX_WORDS  12
#define LEDE_NUM_MAX_NOUN   6
#define LEDE_NUM_WINDOW     512
#define LEDE_NUM_LOOKAHEAD  96
#define LEDE_NUM_LOOKBEHIND 16

#define LEDE_FIG_NUMBER  1
#define LEDE_FIG_ORDINAL 2
#define LEDE_FIG_PERCENT 3
#define LEDE_FIG_MONEY   4
const char *lede_figure_kind_name(int kind);

#define LEDE_FIG_UNIT_MAX 8   /* bytes of lede_figure.unit, its NUL included */

typedef struct lede_figure {
  size_t start, end;    /* the figure as written, qualifier included */
  double value;
  double max;           /* upper bound of a range; valid when has_max */
  int has_max;
  int kind;             /* LEDE_FIG_* */
  char unit[LEDE_FIG_UNIT_MAX];  /* ISO 4217 code for money; "pp" for percentage
                           points; "" otherwise */
  const char *approx;   /* static normalized qualifier ("about", "more
                           than", ...) or NULL */
  const char *role;     /* static: NULL, "age", ... */
  lede_span noun;       /* counted noun phrase, or empty */
  lede_span head;       /* its head noun, or empty */
  lede_span about;      /* percent and money: the noun phrase the figure
                           measures when the sentence says it ("the
                           unemployment rate rose to 3%", "exports fell
                           8.5% to $42.1 billion", "a deficit of $5 bn",
                           "$2 billion in aid"), or empty */
  int of;               /* index of the whole among this call's figures
                           (parts of a whole: "26 of 35"), or -1 */
} lede_figure;

/*
** Finds the figures in s[start..end) (usually one sentence) of the text
** s[0..n); the text outside the span may be read as context. Spans in
** skip[0..nskip) (sorted, e.g. dates) are not reported as figures.
** fn is called in text order; figure indices for `of` count from 0 in
** this call. Returns LEDE_OK, LEDE_ESTOPPED or LEDE_ECANCEL.
*/
typedef int (*lede_figure_fn)(void *ctx, const lede_figure *fig);
int lede_numbers_in(const char *s, size_t n, size_t start, size_t end,
                    const lede_span *skip, size_t nskip, lede_figure_fn fn,
                    void *ctx);

/* ---------------------------------------------------------------- dates */

#define LEDE_GRAIN_TIME    1
#define LEDE_GRAIN_DAY     2
#define LEDE_GRAIN_WEEK    3
#define LEDE_GRAIN_MONTH   4
#define LEDE_GRAIN_QUARTER 5
#define LEDE_GRAIN_YEAR    6
#define LEDE_GRAIN_DECADE  7
#define LEDE_GRAIN_HALF    8   /* a half year: "2025-H1" (TIMEX3 style) */
#define LEDE_GRAIN_SEASON  9   /* "2025-SU" (SP, SU, FA, WI; TIMEX3 style) */
const char *lede_grain_name(int grain);

/* What was written (the rest was inferred from the reference). */
#define LEDE_STATED_YEAR  0x1u
#define LEDE_STATED_MONTH 0x2u
#define LEDE_STATED_DAY   0x4u
#define LEDE_STATED_TIME  0x8u

#define LEDE_DATE_KIND_DATE     1
#define LEDE_DATE_KIND_INTERVAL 2
#define LEDE_DATE_KIND_DURATION 3
#define LEDE_DATE_KIND_TIME     4
#define LEDE_DATE_KIND_SET      5

typedef struct lede_date_opts {
  int year, month, day;   /* reference date; year 0 = none */
  int dayfirst;           /* 9/4/2025 is 9 April */
} lede_date_opts;

#define LEDE_DATE_VALUE_MAX 32  /* bytes of an ISO 8601 value, NUL included */
#define LEDE_DATE_TZ_MAX    16  /* bytes of a time zone as written, NUL incl. */

typedef struct lede_date {
  size_t start, end;
  int kind;               /* LEDE_DATE_KIND_* */
  int grain;              /* LEDE_GRAIN_* */
  char value[LEDE_DATE_VALUE_MAX];      /* ISO 8601 at its grain; "" when
                                          unresolved */
  char end_value[LEDE_DATE_VALUE_MAX];  /* for intervals; "" otherwise */
  int relative;           /* resolved from the reference */
  unsigned stated;        /* LEDE_STATED_* */
  char tz[LEDE_DATE_TZ_MAX];            /* time zone as written, or "" */
  int fiscal;             /* a fiscal period ("FY2024", "fiscal 2024"):
                          ** value is its label, not a calendar period */
} lede_date;

/*
** Finds dates, times, intervals and durations in s[start..end) (usually
** one sentence) of s[0..n), resolving relative ones against o's reference.
** Returns LEDE_OK, LEDE_ESTOPPED or LEDE_ECANCEL.
*/
const char *lede_date_kind_name(int kind);  /* "date", "interval", ... */

/* Reads a reference date "YYYY-MM-DD" (exactly, a real day) into o's
** year, month and day; 1 on success, 0 otherwise (o unchanged). */
int lede_parse_ymd(const char *s, size_t n, lede_date_opts *o);

typedef int (*lede_date_fn)(void *ctx, const lede_date *d);
int lede_dates_in(const char *s, size_t n, size_t start, size_t end,
                  const lede_date_opts *o, lede_date_fn fn, void *ctx);

/* ------------------------------------------------------------- analysis */

/*
** lede_analyze runs the stages over one document in a single pass:
** structure (lede_article_parse, once), sentences with their paragraph and
** role, tokens, dates and figures, and reports each through a callback,
** in text order, with byte offsets. Figures are looked for with the
** sentence's dates as skip spans, so the two never claim the same text.
** A callback returning nonzero stops the pass (LEDE_ESTOPPED). Callbacks
** left NULL cost nothing beyond the stages they need.
*/
#define LEDE_AN_STRUCTURE 0x1u  /* roles for sentences (parse the article) */
#define LEDE_AN_SENTENCES 0x2u
#define LEDE_AN_TOKENS    0x4u  /* every token of the text, mode `mode` */
#define LEDE_AN_DATES     0x8u
#define LEDE_AN_FIGURES   0x10u

/* Which sentences dates and figures are looked for in. */
#define LEDE_SCOPE_BODY  0  /* body and dateline paragraphs */
#define LEDE_SCOPE_FACTS 1  /* those and the headline */
#define LEDE_SCOPE_ALL   2  /* every sentence (captions, chrome) */

/* Role of a sentence that starts outside every paragraph, or when the
** structure was not parsed. */
#define LEDE_ROLE_NONE (-1)

typedef struct lede_asentence {
  size_t start, end;    /* as lede_sentence */
  size_t index;         /* 0-based among all the text's sentences */
  size_t paragraph;     /* the splitter's paragraph, 0-based */
  int role;             /* LEDE_ROLE_* of the article paragraph it starts
                           in; LEDE_ROLE_BODY for every sentence of a text
                           without body paragraphs (a sentence alone) */
  int in_scope;         /* dates and figures are looked for in it */
} lede_asentence;

typedef struct lede_analysis {
  unsigned what;          /* LEDE_AN_* */
  int mode;               /* LEDE_MODE_* for tokens and sentences */
  int scope;              /* LEDE_SCOPE_* */
  lede_date_opts dates;   /* reference; year 0: the article's own date */
  const lede_article *article;  /* a parse to reuse, or NULL */
  void *ctx;              /* first argument of every callback */
  int (*on_sentence)(void *ctx, const lede_asentence *s);
  int (*on_token)(void *ctx, const lede_token *t);
  int (*on_date)(void *ctx, const lede_asentence *s, const lede_date *d);
  int (*on_figure)(void *ctx, const lede_asentence *s, const lede_figure *f);
} lede_analysis;

/* Returns LEDE_OK, LEDE_ESTOPPED, LEDE_ECANCEL, LEDE_ENOMEM or LEDE_EINVAL
** (a bad scope or reference date). */
int lede_analyze(const char *s, size_t n, const lede_analysis *a);

/* 1 when a sentence of role `role` is in scope `scope` (LEDE_SCOPE_*). */
int lede_role_in_scope(int role, int scope);

#ifdef __cplusplus
}
#endif

#endif
