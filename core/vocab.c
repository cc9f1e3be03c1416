/*
** vocab.c -- the one lookup over the generated vocabulary (see vocab.h).
**
** build/gen/vocab_table.h holds the entries and an open-addressing slot
** table, at most half full, over a multiplicative hash of the folded key's
** first 16 bytes (two 64-bit words) and its length; the generator
** (tools/gen_vocab.lua) computes the same hash. A lookup folds the first
** 16 bytes, hashes with two multiplications and compares two words per
** slot (and the bytes past 16 of a long key): no allocation, no
** initialization at run time.
*/
#include <string.h>

#include "internal.h"
#include "vocab.h"

#include "vocab_table.h"

#define NENTRIES LEDE_VOCAB_ENTRIES

static inline unsigned char fold(unsigned char c) {
  return (unsigned char)((unsigned)(c - 'A') < 26u ? c | 0x20 : c);
}

/* The entry with key words k and length n; s (folded or not) holds the
** key's bytes past 16, for the long keys. */
static inline const lede_vocab_entry *find(const uint64_t k[2], size_t n,
                                           const unsigned char *s) {
  for (size_t h = lede_vocab_hash_(k, n);;
       h = (h + 1) & (LEDE_VOCAB_SLOTS - 1)) {
    unsigned idx = lede_vocab_slots_[h];
    const lede_vocab_entry *e = &lede_vocab_entries_[idx];
    if (idx == 0) return NULL;
    if (e->k[0] == k[0] && e->k[1] == k[1] && e->len == n) {
      size_t i = 16;
      while (i < n && fold(s[i]) == (unsigned char)e->key[i]) i++;
      if (i >= n) return e;
    }
  }
}

#ifdef LEDE_SWAR64
/* Eight bytes folded at once: 0x20 added to each of 'A'..'Z'. */
static inline uint64_t fold8(uint64_t w) {
  const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
  uint64_t x = w & ~high;                       /* the low 7 bits of each */
  uint64_t ge_a = x + ones * (0x80 - 'A');      /* high bit: x >= 'A' */
  uint64_t gt_z = x + ones * (0x80 - 'Z' - 1);  /* high bit: x > 'Z' */
  uint64_t upper = ge_a & ~gt_z & ~w & high;    /* and the byte is ASCII */
  return w | upper >> 2;
}
#endif

const lede_vocab_entry *lede_vocab_lookup(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t k[2];
  size_t i = 0, m = n < 16 ? n : 16;
  if (s == NULL || n == 0 || n > LEDE_VOCAB_MAX_LEN) return NULL;
  k[0] = k[1] = 0;
#ifdef LEDE_SWAR64
  /* whole 8-byte words as little-endian loads, the rest byte by byte */
  for (; i + 8 <= m; i += 8) {
    uint64_t w;
    memcpy(&w, u + i, 8);
    k[i >> 3] = fold8(w);
  }
#endif
  for (; i < m; i++) k[i >> 3] |= (uint64_t)fold(u[i]) << (8 * (i & 7));
  return find(k, n, u);
}


uint64_t lede_vocab_exact(const lede_vocab_entry *e, const char *s, size_t n) {
  size_t i;
  if (e == NULL) return 0;
  for (i = e->form0; i < (size_t)e->form0 + e->nforms; i++)
    if (vocab_forms[i].len == n && memcmp(vocab_forms[i].s, s, n) == 0)
      return vocab_forms[i].exact;
  return 0;
}

size_t lede_vocab_count(void) { return NENTRIES; }

const lede_vocab_entry *lede_vocab_entry_at(size_t i) {
  return i < NENTRIES ? &lede_vocab_entries_[i + 1] : NULL;
}

const lede_vocab_form *lede_vocab_form_at(size_t i) {
  return i < sizeof vocab_forms / sizeof vocab_forms[0] ? &vocab_forms[i]
                                                        : NULL;
}

const lede_vocab_role *lede_vocab_roles(size_t *n) {
  if (n) *n = sizeof vocab_roles / sizeof vocab_roles[0];
  return vocab_roles;
}
