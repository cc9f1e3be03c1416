/*
** lexicon.c -- the lookups of abbreviations (with their periods and a
** class that tells the sentence splitter what the period means), month
** names and weekday names. The words themselves are rows of the one
** vocabulary (core/vocab/en-abbreviations.tsv, en-calendar.tsv; vocab.h).
**
** Additions made at run time (lede_abbreviation_add, a newsroom's house
** style) go to a hash table of their own over (length, bytes) that is
** consulted before the vocabulary, so adding a built-in abbreviation
** changes its class. Lookups never allocate. Additions are process-global
** and not synchronized: make them before starting threads that split text.
*/
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "lede.h"
#include "vocab.h"

/*
** The additions: one open-addressing hash table over (length, bytes),
** doubled when half full. A filter over (first byte, length) of every
** built-in and added abbreviation, built once (call_once) on first use,
** keeps most words that end with a period from being hashed at all.
*/
typedef struct user_entry {
  char s[LEDE_MAX_ABBREVIATION + 1];
  unsigned char len;
  unsigned char cls;
} user_entry;

typedef struct slot {
  uint32_t hash;   /* the full hash of the entry */
  uint32_t idx;    /* 0: empty; i + 1: users[i] */
} slot;

#define ABBR_ROLES                                                         \
  (LEDE_VOC_EXACT_ABBR_TITLE | LEDE_VOC_EXACT_ABBR_NUMBER |                \
   LEDE_VOC_EXACT_ABBR_MONTH | LEDE_VOC_EXACT_ABBR_END |                   \
   LEDE_VOC_EXACT_ABBR_INNER)

static user_entry *users;                    /* additions, in order */
static size_t nusers, capusers;
static slot *slots;                          /* NULL until the first one */
static size_t slot_mask;
static size_t max_len;                       /* longest entry, in bytes */
/* Bit k of first_len[b]: some entry of k bytes begins with byte b. */
static uint64_t first_len[256];
static once_flag lex_once = ONCE_FLAG_INIT;
static atomic_int lex_ready;                 /* 1 once lex_build has run */

/* FNV-1a over the bytes, the length mixed in. */
static inline uint32_t abbr_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u ^ (uint32_t)n;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h ^ (h >> 15);
}

/* The slot holding s[0..n) (hash h), or the empty slot where it would go. */
static inline slot *find_slot(const char *s, size_t n, uint32_t h) {
  size_t k = h & slot_mask;
  for (;;) {
    slot *e = &slots[k];
    if (e->idx == 0) return e;
    if (e->hash == h) {
      const user_entry *u = &users[e->idx - 1];
      if (u->len == n && memcmp(u->s, s, n) == 0) return e;
    }
    k = (k + 1) & slot_mask;
  }
}

static void note_len(const char *s, size_t len) {
  if (len > max_len) max_len = len;
  first_len[(unsigned char)s[0]] |= (uint64_t)1 << len;
}

static void put_entry(uint32_t i) {
  const user_entry *u = &users[i];
  uint32_t h = abbr_hash(u->s, u->len);
  slot *e = find_slot(u->s, u->len, h);
  e->hash = h;
  e->idx = i + 1;
}

static void lex_build(void) {
  const lede_vocab_form *f;
  for (size_t i = 0; (f = lede_vocab_form_at(i)) != NULL; i++)
    if ((f->exact & ABBR_ROLES) && f->len > 0 &&
        f->len <= LEDE_MAX_ABBREVIATION)
      note_len(f->s, f->len);
  atomic_store_explicit(&lex_ready, 1, memory_order_release);
}

/* Builds the filter on first use; afterwards one load, no call. */
static inline void lex_init(void) {
  if (!atomic_load_explicit(&lex_ready, memory_order_acquire))
    call_once(&lex_once, lex_build);
}

/* LEDE_ABBR_* of the abbreviation roles: the roles are declared in the
** order of the classes (roles.tsv). */
static int class_of_roles(uint64_t r) {
  return (r & LEDE_VOC_EXACT_ABBR_TITLE)    ? LEDE_ABBR_TITLE
         : (r & LEDE_VOC_EXACT_ABBR_NUMBER) ? LEDE_ABBR_NUMBER
         : (r & LEDE_VOC_EXACT_ABBR_MONTH)  ? LEDE_ABBR_MONTH
         : (r & LEDE_VOC_EXACT_ABBR_END)    ? LEDE_ABBR_END
         : (r & LEDE_VOC_EXACT_ABBR_INNER)  ? LEDE_ABBR_INNER
                                            : 0;
}

/*
** lede_abbreviation_class(s, n): the LEDE_ABBR_* class of s[0..n) (with
** its final period), 0 when it is not a known abbreviation. Exact bytes:
** "Gen." is known, "GEN." and "gen." are not.
*/
int lede_abbreviation_class(const char *s, size_t n) {
  lex_init();
  if (s == NULL || n < 2 || n > max_len || s[n - 1] != '.' ||
      !((first_len[(unsigned char)s[0]] >> n) & 1u))
    return 0;
  if (nusers > 0) {
    uint32_t idx = find_slot(s, n, abbr_hash(s, n))->idx;
    if (idx != 0) return users[idx - 1].cls;
  }
  return class_of_roles(lede_vocab_exact(lede_vocab_lookup(s, n), s, n));
}

int lede_is_abbreviation(const char *s, size_t n) {
  return lede_abbreviation_class(s, n) != 0;
}

/* Doubles the slot table when more than half full after one more entry. */
static int grow_slots(void) {
  size_t total = nusers + 1, cap = slots ? slot_mask + 1 : 64;
  slot *ns;
  if (slots && total * 2 <= cap) return LEDE_OK;
  while (total * 2 > cap) cap *= 2;
  ns = calloc(cap, sizeof *ns);
  if (ns == NULL) return LEDE_ENOMEM;
  free(slots);
  slots = ns;
  slot_mask = cap - 1;
  for (uint32_t i = 0; i < nusers; i++) put_entry(i);
  return LEDE_OK;
}

int lede_abbreviation_add_class(const char *abbr, size_t n, int cls) {
  size_t i;
  if (abbr == NULL || n < 2 || n > LEDE_MAX_ABBREVIATION ||
      abbr[n - 1] != '.' || cls < LEDE_ABBR_TITLE || cls > LEDE_ABBR_INNER)
    return LEDE_EINVAL;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)abbr[i];
    if (c <= ' ' || c == 0x7F) return LEDE_EINVAL;  /* no spaces, no NUL */
  }
  lex_init();
  if (nusers > 0) {
    slot *e = find_slot(abbr, n, abbr_hash(abbr, n));
    if (e->idx != 0) {                /* added before: a new class */
      users[e->idx - 1].cls = (unsigned char)cls;
      return LEDE_OK;
    }
  }
  if (nusers >= LEDE_MAX_USER_ABBREVIATIONS) return LEDE_ELIMIT;
  if (nusers == capusers) {
    size_t nc = capusers ? capusers * 2 : 16;
    user_entry *nu = realloc(users, nc * sizeof *nu);
    if (nu == NULL) return LEDE_ENOMEM;
    users = nu;
    capusers = nc;
  }
  if (grow_slots() != LEDE_OK) return LEDE_ENOMEM;
  memcpy(users[nusers].s, abbr, n);
  users[nusers].s[n] = '\0';
  users[nusers].len = (unsigned char)n;
  users[nusers].cls = (unsigned char)cls;
  nusers++;
  put_entry((uint32_t)(nusers - 1));
  note_len(abbr, n);
  return LEDE_OK;
}

int lede_abbreviation_add(const char *abbr, size_t n) {
  int cls = LEDE_ABBR_END;
  if (abbr != NULL && n >= 2 && n <= LEDE_MAX_ABBREVIATION &&
      abbr[0] >= 'A' && abbr[0] <= 'Z' && memchr(abbr, '.', n - 1) == NULL)
    cls = LEDE_ABBR_TITLE;
  return lede_abbreviation_add_class(abbr, n, cls);
}

/* ------------------------------------------------------- months, weekdays */

/*
** Case-insensitive for the first letter only: "Sept", "sept", "Sept." and
** "September" match; "SEPT" does not (all-caps words are more often
** acronyms than dates). A final period is accepted after a short form.
*/
static const lede_vocab_entry *name_lookup(const char *s, size_t n,
                                           uint32_t role) {
  const lede_vocab_entry *e;
  size_t i;
  int period = 0;
  if (s == NULL || n < 3 || n > 10) return NULL;
  if (s[n - 1] == '.') { period = 1; n--; }
  for (i = 1; i < n; i++)
    if (s[i] >= 'A' && s[i] <= 'Z') return NULL;
  e = lede_vocab_lookup(s, n);
  if (e == NULL || !(e->word & role)) return NULL;
  if (period && !(e->word & LEDE_VOC_WORD_SHORT)) return NULL;
  return e;
}

int lede_month_lookup(const char *s, size_t n) {
  const lede_vocab_entry *e = name_lookup(s, n, LEDE_VOC_WORD_MONTH);
  return e ? e->month : 0;
}

int lede_weekday_lookup(const char *s, size_t n) {
  const lede_vocab_entry *e = name_lookup(s, n, LEDE_VOC_WORD_WEEKDAY);
  return e ? e->weekday : 0;
}
