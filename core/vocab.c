/*
** vocab.c -- the one lookup over the generated vocabulary (see vocab.h).
**
** build/gen/vocab_table.h holds the entries and an open-addressing slot
** table, at most half full, over FNV-1a of the folded key; the generator
** (tools/gen_vocab.lua) computes the same hash. A lookup folds and hashes
** in one pass over the bytes, then compares keys slot by slot: no copy,
** no allocation, no initialization at run time.
*/
#include <string.h>

#include "vocab.h"

#include "vocab_table.h"

#define NENTRIES (sizeof vocab_entries / sizeof vocab_entries[0] - 1)

static inline unsigned char fold(unsigned char c) {
  return (unsigned char)((unsigned)(c - 'A') < 26u ? c | 0x20 : c);
}

const lede_vocab_entry *lede_vocab_lookup(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  uint32_t h = 2166136261u;
  size_t k, i;
  if (s == NULL || n == 0 || n > LEDE_VOCAB_MAX_LEN) return NULL;
  for (i = 0; i < n; i++) h = (h ^ fold(u[i])) * 16777619u;
  for (k = h & (VOCAB_SLOTS - 1);; k = (k + 1) & (VOCAB_SLOTS - 1)) {
    unsigned idx = vocab_slots[k];
    const lede_vocab_entry *e;
    const unsigned char *key;
    if (idx == 0) return NULL;
    e = &vocab_entries[idx];
    if (e->len != n) continue;
    key = (const unsigned char *)e->key;
    for (i = 0; i < n && fold(u[i]) == key[i]; i++) {}
    if (i == n) return e;
  }
}

uint32_t lede_vocab_exact(const lede_vocab_entry *e, const char *s, size_t n) {
  size_t i;
  if (e == NULL) return 0;
  for (i = e->form0; i < (size_t)e->form0 + e->nforms; i++)
    if (vocab_forms[i].len == n && memcmp(vocab_forms[i].s, s, n) == 0)
      return vocab_forms[i].exact;
  return 0;
}

size_t lede_vocab_count(void) { return NENTRIES; }

const lede_vocab_entry *lede_vocab_entry_at(size_t i) {
  return i < NENTRIES ? &vocab_entries[i + 1] : NULL;
}

const lede_vocab_form *lede_vocab_form_at(size_t i) {
  return i < sizeof vocab_forms / sizeof vocab_forms[0] ? &vocab_forms[i]
                                                        : NULL;
}

const lede_vocab_role *lede_vocab_roles(size_t *n) {
  if (n) *n = sizeof vocab_roles / sizeof vocab_roles[0];
  return vocab_roles;
}
