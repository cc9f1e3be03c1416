/*
** vocab.h -- the core's one vocabulary (internal: not part of lede.h).
**
** Every word a stage knows by name (months, weekdays, time zones,
** agencies, abbreviations, number and magnitude words, currencies, units,
** date cue words, chrome phrases) is a row of a data file in core/vocab/; the build
** generates them into one table (tools/gen_vocab.lua, build/gen/). A
** stage looks a word up once and dispatches on role bits:
**
**   const lede_vocab_entry *e = lede_vocab_lookup(s, n);
**   if (e && (e->word & LEDE_VOC_WORD_MONTH)) month = e->month;
**
** Rows are grouped by key: the form with ASCII letters folded to lower
** case, so the lookup is case-insensitive for ASCII and the roles of the
** fields word, num, date, dstart, dctx, sent and art belong to every spelling of the
** key (a stage that cares about capitals checks them itself). Roles of
** the field "exact" belong to one spelling only ("Gen." is a title, "GEN."
** is not): lede_vocab_exact() gives them. The role bits are generated
** into vocab_roles.h from core/vocab/roles.tsv (LEDE_VOC_<FIELD>_<ROLE>).
**
** The table is constant data: lookups never allocate, take no lock and
** are safe from any thread. Words added at run time (abbreviations, see
** lexicon.c) are kept by the stage that owns them, not here.
*/
#ifndef LEDE_VOCAB_H
#define LEDE_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include "vocab_roles.h"

/* The fields of role bits (the second column of roles.tsv). */
enum {
  LEDE_VOCAB_WORD, LEDE_VOCAB_NUM, LEDE_VOCAB_DATE, LEDE_VOCAB_DSTART,
  LEDE_VOCAB_DCTX, LEDE_VOCAB_SENT, LEDE_VOCAB_ART, LEDE_VOCAB_EXACT
};

/* Language bits of lede_vocab_entry.langs (the first column of a row). */
#define LEDE_VOCAB_LANG_EN 0x01u
#define LEDE_VOCAB_LANG_DE 0x02u
#define LEDE_VOCAB_LANG_AR 0x80u   /* then id 0x100, ru 0x200 */

/* One spelling with roles of its own (the field "exact"). */
typedef struct lede_vocab_form {
  const char *s;          /* the spelling, as in the data file */
  unsigned char len;
  uint64_t exact;         /* LEDE_VOC_EXACT_* bits */
} lede_vocab_form;

typedef struct lede_vocab_entry {
  uint64_t k[2];          /* the key's first 16 bytes (lede_vocab_key) */
  const char *key;        /* folded to lower case; NUL-terminated */
  unsigned char len;
  unsigned short langs;   /* LEDE_VOCAB_LANG_* of its rows with roles of
                             the key (not of the exact roles: a spelling) */
  unsigned char month;    /* 1..12 with role month or month.intl, else 0 */
  unsigned char weekday;  /* 1 (Monday)..7 with role weekday, else 0 */
  unsigned short form0;   /* its spellings with exact roles: */
  unsigned short nforms;  /*   lede_vocab_form_at(form0 .. form0+nforms-1) */
  uint32_t word;          /* LEDE_VOC_WORD_*: roles shared by the stages */
  uint32_t num;           /* LEDE_VOC_NUM_*: the figure grammar */
  uint32_t date;          /* LEDE_VOC_DATE_*: the date grammar */
  uint32_t dstart;        /* LEDE_VOC_DSTART_*: how a word begins a date */
  uint32_t dctx;          /* LEDE_VOC_DCTX_*: context words of dates */
  uint32_t sent;          /* LEDE_VOC_SENT_*: the sentence splitter */
  uint32_t art;           /* LEDE_VOC_ART_*: the article parser */
  double number;          /* a number word's value, a magnitude's exponent */
  const char *code;       /* ISO 4217 code of a currency word, or NULL */
  const char *id;         /* a name for code to look up (slot id: the
                             date rule of a holiday's name), or NULL */
} lede_vocab_entry;

/* The entry of s[0..n) (ASCII case folded), or NULL. Any bytes: a word,
** a phrase with spaces, UTF-8. */
const lede_vocab_entry *lede_vocab_lookup(const char *s, size_t n);

/* The generated tables (vocab.c), for the inline lookup below only. */
extern const lede_vocab_entry lede_vocab_entries_[];
extern const unsigned short lede_vocab_slots_[];

/* The slot of a key (tools/gen_vocab.lua computes the same). */
static inline size_t lede_vocab_hash_(const uint64_t k[2], size_t n) {
  uint64_t h = k[0] * 0x9E3779B97F4A7C15ull ^ k[1] * 0xC2B2AE3D27D4EB4Full ^
               (uint64_t)n * 0x165667B19E3779F9ull;
  return (size_t)(h >> 40) & (LEDE_VOCAB_SLOTS - 1);
}

/* As lede_vocab_lookup for a word of 1 <= n <= 16 bytes already folded to
** lower case and packed by lede_vocab_key: the inline road of a lexer
** that holds its words that way (dates.c). */
static inline const lede_vocab_entry *lede_vocab_lookup_key(const uint64_t k[2],
                                                            size_t n) {
  for (size_t h = lede_vocab_hash_(k, n);;
       h = (h + 1) & (LEDE_VOCAB_SLOTS - 1)) {
    unsigned idx = lede_vocab_slots_[h];
    const lede_vocab_entry *e = &lede_vocab_entries_[idx];
    if (idx == 0) return NULL;
    if (e->k[0] == k[0] && e->k[1] == k[1] && e->len == n) return e;
  }
}

/* Packs the folded bytes b[0..n), n <= 16, into k: bytes in little-endian
** order, zero past n. b itself is read up to n only. */
static inline void lede_vocab_key(const unsigned char *b, size_t n,
                                  uint64_t k[2]) {
  k[0] = k[1] = 0;
  for (size_t i = 0; i < n && i < 16; i++)
    k[i >> 3] |= (uint64_t)b[i] << (8 * (i & 7));
}

/* The exact-case roles (LEDE_VOC_EXACT_*) of the spelling s[0..n) of e
** (NULL gives 0): the bytes must equal a spelling in the data. */
uint64_t lede_vocab_exact(const lede_vocab_entry *e, const char *s, size_t n);

/* The exact-case roles of s[0..n): lede_vocab_exact of its entry. */
static inline uint64_t lede_vocab_exact_of(const char *s, size_t n) {
  return lede_vocab_exact(lede_vocab_lookup(s, n), s, n);
}

/* All entries, for building a stage's own filters and for tests:
** lede_vocab_entry_at(i) for 0 <= i < lede_vocab_count(). */
size_t lede_vocab_count(void);
const lede_vocab_entry *lede_vocab_entry_at(size_t i);
const lede_vocab_form *lede_vocab_form_at(size_t i);

/* The declared roles (roles.tsv), for tests and tools. */
typedef struct lede_vocab_role {
  const char *name;       /* "num.unit" */
  int field;              /* LEDE_VOCAB_* */
  int bit;                /* the role is bit `bit` of that field */
} lede_vocab_role;
const lede_vocab_role *lede_vocab_roles(size_t *n);

/* The role bits of e in field f (LEDE_VOCAB_WORD .. LEDE_VOCAB_ART). */
static inline uint32_t lede_vocab_field(const lede_vocab_entry *e, int f) {
  switch (f) {
  case LEDE_VOCAB_WORD: return e->word;
  case LEDE_VOCAB_NUM: return e->num;
  case LEDE_VOCAB_DATE: return e->date;
  case LEDE_VOCAB_DSTART: return e->dstart;
  case LEDE_VOCAB_DCTX: return e->dctx;
  case LEDE_VOCAB_SENT: return e->sent;
  case LEDE_VOCAB_ART: return e->art;
  default: return 0;
  }
}

#endif
