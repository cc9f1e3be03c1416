/*
** lexicon.c -- the word lists the core shares: abbreviations (with their
** periods and a class that tells the sentence splitter what the period
** means), month names and weekday names.
**
** The built-in abbreviation table is kept sorted by bytes for the reader
** (the order does not matter to the code). Lookups go
** through a hash table over (length, bytes) built once from it; additions
** made at run time (lede_abbreviation_add, a newsroom's house style) join
** the same table, and adding a built-in entry changes its class. Lookups
** never allocate. Additions are process-global and not synchronized: make
** them before starting threads that split text.
*/
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "lede.h"

typedef struct abbr_entry {
  const char *s;
  unsigned char len;
  unsigned char cls;
} abbr_entry;

/* Sorted by bytes (memcmp order) for the reader; one line per entry. */
static const abbr_entry builtin[] = {
  {"A.D.", 4, LEDE_ABBR_END},
  {"A.G.", 4, LEDE_ABBR_END},
  {"A.M.", 4, LEDE_ABBR_END},
  {"Adm.", 4, LEDE_ABBR_TITLE},
  {"Ala.", 4, LEDE_ABBR_END},
  {"Ald.", 4, LEDE_ABBR_TITLE},
  {"Amb.", 4, LEDE_ABBR_TITLE},
  {"Approx.", 7, LEDE_ABBR_INNER},
  {"Apr.", 4, LEDE_ABBR_MONTH},
  {"Apt.", 4, LEDE_ABBR_NUMBER},
  {"Ariz.", 5, LEDE_ABBR_END},
  {"Ark.", 4, LEDE_ABBR_END},
  {"Art.", 4, LEDE_ABBR_NUMBER},
  {"Arts.", 5, LEDE_ABBR_NUMBER},
  {"Assn.", 5, LEDE_ABBR_END},
  {"Assoc.", 6, LEDE_ABBR_END},
  {"Assoc.Prof.", 11, LEDE_ABBR_TITLE},
  {"Asst.", 5, LEDE_ABBR_TITLE},
  {"Atty.", 5, LEDE_ABBR_TITLE},
  {"Aug.", 4, LEDE_ABBR_MONTH},
  {"Ave.", 4, LEDE_ABBR_END},
  {"B.A.", 4, LEDE_ABBR_END},
  {"B.C.", 4, LEDE_ABBR_END},
  {"B.C.E.", 6, LEDE_ABBR_END},
  {"B.S.", 4, LEDE_ABBR_END},
  {"Benj.", 5, LEDE_ABBR_TITLE},
  {"Bldg.", 5, LEDE_ABBR_NUMBER},
  {"Blvd.", 5, LEDE_ABBR_END},
  {"Brig.", 5, LEDE_ABBR_TITLE},
  {"Brig.Gen.", 9, LEDE_ABBR_TITLE},
  {"Bros.", 5, LEDE_ABBR_END},
  {"C.E.", 4, LEDE_ABBR_END},
  {"Calif.", 6, LEDE_ABBR_END},
  {"Capt.", 5, LEDE_ABBR_TITLE},
  {"Cdr.", 4, LEDE_ABBR_TITLE},
  {"Cf.", 3, LEDE_ABBR_INNER},
  {"Ch.", 3, LEDE_ABBR_NUMBER},
  {"Chap.", 5, LEDE_ABBR_NUMBER},
  {"Chas.", 5, LEDE_ABBR_TITLE},
  {"Cmdr.", 5, LEDE_ABBR_TITLE},
  {"Cmdr.Sgt.", 9, LEDE_ABBR_TITLE},
  {"Cmdt.", 5, LEDE_ABBR_TITLE},
  {"Co.", 3, LEDE_ABBR_END},
  {"Col.", 4, LEDE_ABBR_TITLE},
  {"Colo.", 5, LEDE_ABBR_END},
  {"Comdr.", 6, LEDE_ABBR_TITLE},
  {"Conn.", 5, LEDE_ABBR_END},
  {"Corp.", 5, LEDE_ABBR_END},
  {"Cos.", 4, LEDE_ABBR_END},
  {"Cpl.", 4, LEDE_ABBR_TITLE},
  {"D.C.", 4, LEDE_ABBR_END},
  {"Dec.", 4, LEDE_ABBR_MONTH},
  {"Del.", 4, LEDE_ABBR_END},
  {"Dept.", 5, LEDE_ABBR_END},
  {"Depts.", 6, LEDE_ABBR_END},
  {"Det.", 4, LEDE_ABBR_TITLE},
  {"Dist.Atty.", 10, LEDE_ABBR_TITLE},
  {"Div.", 4, LEDE_ABBR_NUMBER},
  {"Dr.", 3, LEDE_ABBR_TITLE},
  {"Drs.", 4, LEDE_ABBR_TITLE},
  {"E.U.", 4, LEDE_ABBR_END},
  {"E.g.", 4, LEDE_ABBR_INNER},
  {"Ens.", 4, LEDE_ABBR_TITLE},
  {"Esq.", 4, LEDE_ABBR_END},
  {"Est.", 4, LEDE_ABBR_INNER},
  {"Ex.", 3, LEDE_ABBR_NUMBER},
  {"Ext.", 4, LEDE_ABBR_NUMBER},
  {"Feb.", 4, LEDE_ABBR_MONTH},
  {"Fig.", 4, LEDE_ABBR_NUMBER},
  {"Figs.", 5, LEDE_ABBR_NUMBER},
  {"Fla.", 4, LEDE_ABBR_END},
  {"Fr.", 3, LEDE_ABBR_TITLE},
  {"Fri.", 4, LEDE_ABBR_MONTH},
  {"Ft.", 3, LEDE_ABBR_TITLE},
  {"Ga.", 3, LEDE_ABBR_END},
  {"Gen.", 4, LEDE_ABBR_TITLE},
  {"Gens.", 5, LEDE_ABBR_TITLE},
  {"Geo.", 4, LEDE_ABBR_TITLE},
  {"GmbH.", 5, LEDE_ABBR_END},
  {"Gov't.", 6, LEDE_ABBR_END},
  {"Gov.", 4, LEDE_ABBR_TITLE},
  {"Govs.", 5, LEDE_ABBR_TITLE},
  {"Hon.", 4, LEDE_ABBR_TITLE},
  {"Hosp.", 5, LEDE_ABBR_TITLE},
  {"Hwy.", 4, LEDE_ABBR_NUMBER},
  {"Hwys.", 5, LEDE_ABBR_END},
  {"I.e.", 4, LEDE_ABBR_INNER},
  {"Ill.", 4, LEDE_ABBR_END},
  {"Inc.", 4, LEDE_ABBR_END},
  {"Ind.", 4, LEDE_ABBR_END},
  {"Insp.", 5, LEDE_ABBR_TITLE},
  {"Intl.", 5, LEDE_ABBR_END},
  {"J.D.", 4, LEDE_ABBR_END},
  {"Jan.", 4, LEDE_ABBR_MONTH},
  {"Jas.", 4, LEDE_ABBR_TITLE},
  {"Jno.", 4, LEDE_ABBR_TITLE},
  {"Jr.", 3, LEDE_ABBR_END},
  {"Jul.", 4, LEDE_ABBR_MONTH},
  {"Jun.", 4, LEDE_ABBR_MONTH},
  {"Kan.", 4, LEDE_ABBR_END},
  {"Kans.", 5, LEDE_ABBR_END},
  {"Ky.", 3, LEDE_ABBR_END},
  {"L.A.", 4, LEDE_ABBR_END},
  {"La.", 3, LEDE_ABBR_END},
  {"Ln.", 3, LEDE_ABBR_NUMBER},
  {"Lt.", 3, LEDE_ABBR_TITLE},
  {"Lt.Col.", 7, LEDE_ABBR_TITLE},
  {"Lt.Gen.", 7, LEDE_ABBR_TITLE},
  {"Ltd.", 4, LEDE_ABBR_END},
  {"Ltda.", 5, LEDE_ABBR_END},
  {"M.A.", 4, LEDE_ABBR_END},
  {"M.B.A.", 6, LEDE_ABBR_END},
  {"M.D.", 4, LEDE_ABBR_END},
  {"M.S.", 4, LEDE_ABBR_END},
  {"Maj.", 4, LEDE_ABBR_TITLE},
  {"Maj.Gen.", 8, LEDE_ABBR_TITLE},
  {"Mar.", 4, LEDE_ABBR_MONTH},
  {"Mass.", 5, LEDE_ABBR_END},
  {"Md.", 3, LEDE_ABBR_END},
  {"Messrs.", 7, LEDE_ABBR_TITLE},
  {"Mfg.", 4, LEDE_ABBR_END},
  {"Mich.", 5, LEDE_ABBR_END},
  {"Minn.", 5, LEDE_ABBR_END},
  {"Miss.", 5, LEDE_ABBR_END},
  {"Mk.", 3, LEDE_ABBR_NUMBER},
  {"Mlle.", 5, LEDE_ABBR_TITLE},
  {"Mme.", 4, LEDE_ABBR_TITLE},
  {"Mmes.", 5, LEDE_ABBR_TITLE},
  {"Mo.", 3, LEDE_ABBR_END},
  {"Mon.", 4, LEDE_ABBR_MONTH},
  {"Mont.", 5, LEDE_ABBR_END},
  {"Mr.", 3, LEDE_ABBR_TITLE},
  {"Mrs.", 4, LEDE_ABBR_TITLE},
  {"Ms.", 3, LEDE_ABBR_TITLE},
  {"Msgr.", 5, LEDE_ABBR_TITLE},
  {"Mssrs.", 6, LEDE_ABBR_TITLE},
  {"Mt.", 3, LEDE_ABBR_TITLE},
  {"Mt.Rev.", 7, LEDE_ABBR_INNER},
  {"Mx.", 3, LEDE_ABBR_TITLE},
  {"N.C.", 4, LEDE_ABBR_END},
  {"N.D.", 4, LEDE_ABBR_END},
  {"N.H.", 4, LEDE_ABBR_END},
  {"N.J.", 4, LEDE_ABBR_END},
  {"N.M.", 4, LEDE_ABBR_END},
  {"N.V.", 4, LEDE_ABBR_END},
  {"N.Y.", 4, LEDE_ABBR_END},
  {"N.Z.", 4, LEDE_ABBR_END},
  {"Natl.", 5, LEDE_ABBR_END},
  {"Neb.", 4, LEDE_ABBR_END},
  {"Nev.", 4, LEDE_ABBR_END},
  {"No.", 3, LEDE_ABBR_NUMBER},
  {"Nos.", 4, LEDE_ABBR_NUMBER},
  {"Nov.", 4, LEDE_ABBR_MONTH},
  {"Nr.", 3, LEDE_ABBR_NUMBER},
  {"N°.", 4, LEDE_ABBR_NUMBER},
  {"Nº.", 4, LEDE_ABBR_NUMBER},
  {"Oct.", 4, LEDE_ABBR_MONTH},
  {"Okla.", 5, LEDE_ABBR_END},
  {"Op.", 3, LEDE_ABBR_NUMBER},
  {"Ore.", 4, LEDE_ABBR_END},
  {"P.M.", 4, LEDE_ABBR_END},
  {"P.R.", 4, LEDE_ABBR_END},
  {"Pa.", 3, LEDE_ABBR_END},
  {"Para.", 5, LEDE_ABBR_NUMBER},
  {"Pfc.", 4, LEDE_ABBR_TITLE},
  {"Pg.", 3, LEDE_ABBR_NUMBER},
  {"Ph.D.", 5, LEDE_ABBR_END},
  {"Pkwy.", 5, LEDE_ABBR_END},
  {"Plc.", 4, LEDE_ABBR_END},
  {"Pres.", 5, LEDE_ABBR_TITLE},
  {"Prof.", 5, LEDE_ABBR_TITLE},
  {"Profs.", 6, LEDE_ABBR_TITLE},
  {"Pt.", 3, LEDE_ABBR_TITLE},
  {"Pty.", 4, LEDE_ABBR_END},
  {"Pvt.", 4, LEDE_ABBR_TITLE},
  {"R.I.", 4, LEDE_ABBR_END},
  {"Rd.", 3, LEDE_ABBR_END},
  {"Rear.Adm.", 9, LEDE_ABBR_TITLE},
  {"Ref.", 4, LEDE_ABBR_NUMBER},
  {"Reg.", 4, LEDE_ABBR_NUMBER},
  {"Rep.", 4, LEDE_ABBR_TITLE},
  {"Reps.", 5, LEDE_ABBR_TITLE},
  {"Rev.", 4, LEDE_ABBR_TITLE},
  {"Revs.", 5, LEDE_ABBR_TITLE},
  {"Rm.", 3, LEDE_ABBR_NUMBER},
  {"Rt.", 3, LEDE_ABBR_TITLE},
  {"Rte.", 4, LEDE_ABBR_NUMBER},
  {"S.A.", 4, LEDE_ABBR_END},
  {"S.C.", 4, LEDE_ABBR_END},
  {"S.D.", 4, LEDE_ABBR_END},
  {"S.F.", 4, LEDE_ABBR_END},
  {"Sat.", 4, LEDE_ABBR_MONTH},
  {"Sec.", 4, LEDE_ABBR_NUMBER},
  {"Sen.", 4, LEDE_ABBR_TITLE},
  {"Sens.", 5, LEDE_ABBR_TITLE},
  {"Sep.", 4, LEDE_ABBR_MONTH},
  {"Sept.", 5, LEDE_ABBR_MONTH},
  {"Sgt.", 4, LEDE_ABBR_TITLE},
  {"Sgt.Maj.", 8, LEDE_ABBR_TITLE},
  {"Spc.", 4, LEDE_ABBR_TITLE},
  {"Sq.", 3, LEDE_ABBR_END},
  {"Sr.", 3, LEDE_ABBR_END},
  {"Sr.Lt.", 6, LEDE_ABBR_TITLE},
  {"Sra.", 4, LEDE_ABBR_TITLE},
  {"Srta.", 5, LEDE_ABBR_TITLE},
  {"St.", 3, LEDE_ABBR_TITLE},
  {"Ste.", 4, LEDE_ABBR_TITLE},
  {"Sun.", 4, LEDE_ABBR_MONTH},
  {"Supt.", 5, LEDE_ABBR_TITLE},
  {"Tel.", 4, LEDE_ABBR_NUMBER},
  {"Tenn.", 5, LEDE_ABBR_END},
  {"Tex.", 4, LEDE_ABBR_END},
  {"Thos.", 5, LEDE_ABBR_TITLE},
  {"Thu.", 4, LEDE_ABBR_MONTH},
  {"Thur.", 5, LEDE_ABBR_MONTH},
  {"Thurs.", 6, LEDE_ABBR_MONTH},
  {"Tue.", 4, LEDE_ABBR_MONTH},
  {"Tues.", 5, LEDE_ABBR_MONTH},
  {"U.A.E.", 6, LEDE_ABBR_END},
  {"U.K.", 4, LEDE_ABBR_END},
  {"U.N.", 4, LEDE_ABBR_END},
  {"U.S.", 4, LEDE_ABBR_END},
  {"U.S.A.", 6, LEDE_ABBR_END},
  {"U.S.S.R.", 8, LEDE_ABBR_END},
  {"Univ.", 5, LEDE_ABBR_END},
  {"Va.", 3, LEDE_ABBR_END},
  {"Vice.Adm.", 9, LEDE_ABBR_TITLE},
  {"Vol.", 4, LEDE_ABBR_NUMBER},
  {"Vols.", 5, LEDE_ABBR_NUMBER},
  {"Vs.", 3, LEDE_ABBR_INNER},
  {"Vt.", 3, LEDE_ABBR_END},
  {"W.Va.", 5, LEDE_ABBR_END},
  {"Wash.", 5, LEDE_ABBR_END},
  {"Wed.", 4, LEDE_ABBR_MONTH},
  {"Wis.", 4, LEDE_ABBR_END},
  {"Wm.", 3, LEDE_ABBR_TITLE},
  {"Wyo.", 4, LEDE_ABBR_END},
  {"a.k.a.", 6, LEDE_ABBR_INNER},
  {"a.m.", 4, LEDE_ABBR_END},
  {"al.", 3, LEDE_ABBR_END},
  {"approx.", 7, LEDE_ABBR_INNER},
  {"art.", 4, LEDE_ABBR_NUMBER},
  {"ca.", 3, LEDE_ABBR_INNER},
  {"cf.", 3, LEDE_ABBR_INNER},
  {"ch.", 3, LEDE_ABBR_NUMBER},
  {"chap.", 5, LEDE_ABBR_NUMBER},
  {"co.", 3, LEDE_ABBR_END},
  {"cu.", 3, LEDE_ABBR_END},
  {"e.g.", 4, LEDE_ABBR_INNER},
  {"ed.", 3, LEDE_ABBR_INNER},
  {"eds.", 4, LEDE_ABBR_INNER},
  {"esp.", 4, LEDE_ABBR_INNER},
  {"est.", 4, LEDE_ABBR_INNER},
  {"et.", 3, LEDE_ABBR_INNER},
  {"etc.", 4, LEDE_ABBR_END},
  {"excl.", 5, LEDE_ABBR_INNER},
  {"ext.", 4, LEDE_ABBR_NUMBER},
  {"fig.", 4, LEDE_ABBR_NUMBER},
  {"figs.", 5, LEDE_ABBR_NUMBER},
  {"ft.", 3, LEDE_ABBR_END},
  {"hrs.", 4, LEDE_ABBR_END},
  {"i.e.", 4, LEDE_ABBR_INNER},
  {"incl.", 5, LEDE_ABBR_INNER},
  {"km.", 3, LEDE_ABBR_END},
  {"lb.", 3, LEDE_ABBR_END},
  {"lbs.", 4, LEDE_ABBR_END},
  {"mi.", 3, LEDE_ABBR_END},
  {"mins.", 5, LEDE_ABBR_END},
  {"mos.", 4, LEDE_ABBR_END},
  {"no.", 3, LEDE_ABBR_NUMBER},
  {"nos.", 4, LEDE_ABBR_NUMBER},
  {"nr.", 3, LEDE_ABBR_NUMBER},
  {"op.", 3, LEDE_ABBR_NUMBER},
  {"oz.", 3, LEDE_ABBR_END},
  {"p.", 2, LEDE_ABBR_NUMBER},
  {"p.m.", 4, LEDE_ABBR_END},
  {"para.", 5, LEDE_ABBR_NUMBER},
  {"pg.", 3, LEDE_ABBR_NUMBER},
  {"plc.", 4, LEDE_ABBR_END},
  {"pp.", 3, LEDE_ABBR_NUMBER},
  {"pt.", 3, LEDE_ABBR_INNER},
  {"pts.", 4, LEDE_ABBR_INNER},
  {"ref.", 4, LEDE_ABBR_NUMBER},
  {"resp.", 5, LEDE_ABBR_INNER},
  {"sec.", 4, LEDE_ABBR_NUMBER},
  {"seq.", 4, LEDE_ABBR_INNER},
  {"sq.", 3, LEDE_ABBR_END},
  {"tel.", 4, LEDE_ABBR_NUMBER},
  {"trans.", 6, LEDE_ABBR_INNER},
  {"v.", 2, LEDE_ABBR_INNER},
  {"viz.", 4, LEDE_ABBR_INNER},
  {"vol.", 4, LEDE_ABBR_NUMBER},
  {"vols.", 5, LEDE_ABBR_NUMBER},
  {"vs.", 3, LEDE_ABBR_INNER},
  {"yds.", 4, LEDE_ABBR_END},
  {"yrs.", 4, LEDE_ABBR_END},
};
#define NBUILTIN (sizeof builtin / sizeof builtin[0])

/*
** Lookups go through one open-addressing hash table over (length, bytes)
** that holds the built-in entries and the additions alike: an addition of
** a built-in abbreviation changes that entry's class in place. The table
** is built once (call_once) on first use; lookups never allocate and,
** without concurrent additions, are safe from any thread.
*/
typedef struct user_entry {
  char s[LEDE_MAX_ABBREVIATION + 1];
  unsigned char len;
  unsigned char cls;
} user_entry;

typedef struct slot {
  uint32_t hash;   /* the full hash of the entry */
  uint32_t idx;    /* 0: empty; i + 1: entry i (builtin, then users) */
} slot;

#define SLOTS_BUILTIN 1024   /* power of two, > 2 * NBUILTIN */

static unsigned char builtin_cls[NBUILTIN];  /* mutable copy of the classes */
static user_entry *users;                    /* additions, in order */
static size_t nusers, capusers;
static slot slots_static[SLOTS_BUILTIN];
static slot *slots = slots_static;
static size_t slot_mask = SLOTS_BUILTIN - 1;
static size_t max_len;                       /* longest entry, in bytes */
/* Bit k of first_len[b]: some entry of k bytes begins with byte b. Most
** words that end with a period fail this test and are never hashed. */
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

static inline const char *entry_bytes(uint32_t i, size_t *len) {
  if (i < NBUILTIN) { *len = builtin[i].len; return builtin[i].s; }
  *len = users[i - NBUILTIN].len;
  return users[i - NBUILTIN].s;
}

/* The slot holding s[0..n) (hash h), or the empty slot where it would go. */
static inline slot *find_slot(const char *s, size_t n, uint32_t h) {
  size_t k = h & slot_mask;
  for (;;) {
    slot *e = &slots[k];
    if (e->idx == 0) return e;
    if (e->hash == h) {
      size_t len;
      const char *b = entry_bytes(e->idx - 1, &len);
      if (len == n && memcmp(b, s, n) == 0) return e;
    }
    k = (k + 1) & slot_mask;
  }
}

static void put_entry(uint32_t i) {
  size_t len;
  const char *b = entry_bytes(i, &len);
  uint32_t h = abbr_hash(b, len);
  slot *e = find_slot(b, len, h);
  e->hash = h;
  e->idx = i + 1;
  if (len > max_len) max_len = len;
  first_len[(unsigned char)b[0]] |= (uint64_t)1 << len;
}

static void lex_build(void) {
  for (uint32_t i = 0; i < NBUILTIN; i++) {
    builtin_cls[i] = builtin[i].cls;
    put_entry(i);
  }
  atomic_store_explicit(&lex_ready, 1, memory_order_release);
}

/* Builds the table on first use; afterwards one load, no call. */
static inline void lex_init(void) {
  if (!atomic_load_explicit(&lex_ready, memory_order_acquire))
    call_once(&lex_once, lex_build);
}

static inline int class_of(uint32_t idx) {
  return idx == 0 ? 0
         : idx <= NBUILTIN ? builtin_cls[idx - 1]
                           : users[idx - 1 - NBUILTIN].cls;
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
  return class_of(find_slot(s, n, abbr_hash(s, n))->idx);
}

int lede_is_abbreviation(const char *s, size_t n) {
  return lede_abbreviation_class(s, n) != 0;
}

/* Doubles the slot table when more than half full after one more entry. */
static int grow_slots(void) {
  size_t total = NBUILTIN + nusers + 1, cap = slot_mask + 1;
  if (total * 2 <= cap) return LEDE_OK;
  while (total * 2 > cap) cap *= 2;
  slot *ns = calloc(cap, sizeof *ns);
  if (ns == NULL) return LEDE_ENOMEM;
  if (slots != slots_static) free(slots);
  slots = ns;
  slot_mask = cap - 1;
  for (uint32_t i = 0; i < NBUILTIN + nusers; i++) put_entry(i);
  return LEDE_OK;
}

int lede_abbreviation_add_class(const char *abbr, size_t n, int cls) {
  size_t i;
  slot *e;
  if (abbr == NULL || n < 2 || n > LEDE_MAX_ABBREVIATION ||
      abbr[n - 1] != '.' || cls < LEDE_ABBR_TITLE || cls > LEDE_ABBR_INNER)
    return LEDE_EINVAL;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)abbr[i];
    if (c <= ' ' || c == 0x7F) return LEDE_EINVAL;  /* no spaces, no NUL */
  }
  lex_init();
  e = find_slot(abbr, n, abbr_hash(abbr, n));
  if (e->idx != 0) {                /* known: a new class */
    if (e->idx <= NBUILTIN) builtin_cls[e->idx - 1] = (unsigned char)cls;
    else users[e->idx - 1 - NBUILTIN].cls = (unsigned char)cls;
    return LEDE_OK;
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
  put_entry((uint32_t)(NBUILTIN + nusers - 1));
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

typedef struct name_entry {
  const char *s;      /* lower case */
  unsigned char len;
  unsigned char value;
  unsigned char abbr; /* 1: an abbreviation, may carry a final period */
} name_entry;

static const name_entry months[] = {
  {"january", 7, 1, 0},  {"jan", 3, 1, 1},
  {"february", 8, 2, 0}, {"feb", 3, 2, 1},
  {"march", 5, 3, 0},    {"mar", 3, 3, 1},
  {"april", 5, 4, 0},    {"apr", 3, 4, 1},
  {"may", 3, 5, 0},
  {"june", 4, 6, 0},     {"jun", 3, 6, 1},
  {"july", 4, 7, 0},     {"jul", 3, 7, 1},
  {"august", 6, 8, 0},   {"aug", 3, 8, 1},
  {"september", 9, 9, 0}, {"sept", 4, 9, 1}, {"sep", 3, 9, 1},
  {"october", 7, 10, 0}, {"oct", 3, 10, 1},
  {"november", 8, 11, 0}, {"nov", 3, 11, 1},
  {"december", 8, 12, 0}, {"dec", 3, 12, 1},
};

static const name_entry weekdays[] = {
  {"monday", 6, 1, 0},    {"mon", 3, 1, 1},
  {"tuesday", 7, 2, 0},   {"tues", 4, 2, 1},  {"tue", 3, 2, 1},
  {"wednesday", 9, 3, 0}, {"weds", 4, 3, 1},  {"wed", 3, 3, 1},
  {"thursday", 8, 4, 0},  {"thurs", 5, 4, 1}, {"thur", 4, 4, 1},
  {"thu", 3, 4, 1},
  {"friday", 6, 5, 0},    {"fri", 3, 5, 1},
  {"saturday", 8, 6, 0},  {"sat", 3, 6, 1},
  {"sunday", 6, 7, 0},    {"sun", 3, 7, 1},
};

/*
** Case-insensitive for the first letter only: "Sept", "sept", "Sept." and
** "September" match; "SEPT" does not (all-caps words are more often
** acronyms than dates). A final period is accepted after an abbreviation.
*/
/* Letters that begin a month or weekday name: a d f j m n o s t w. */
#define NAME_BIT(c) (1ul << ((c) - 'a'))
#define NAME_FIRSTS                                                        \
  (NAME_BIT('a') | NAME_BIT('d') | NAME_BIT('f') | NAME_BIT('j') |         \
   NAME_BIT('m') | NAME_BIT('n') | NAME_BIT('o') | NAME_BIT('s') |         \
   NAME_BIT('t') | NAME_BIT('w'))

static int name_lookup(const name_entry *t, size_t nt, const char *s,
                       size_t n) {
  size_t i;
  int period = 0;
  char first;
  if (s == NULL || n < 3 || n > 10) return 0;
  first = s[0];
  if (first >= 'A' && first <= 'Z') first = (char)(first - 'A' + 'a');
  /* no month or weekday begins with this letter: most words stop here */
  if (first < 'a' || first > 'z' || !((NAME_FIRSTS >> (first - 'a')) & 1u))
    return 0;
  if (s[n - 1] == '.') { period = 1; n--; }
  for (i = 0; i < nt; i++) {
    if (t[i].len != n || t[i].s[0] != first) continue;
    if (period && !t[i].abbr) continue;
    if (memcmp(t[i].s + 1, s + 1, n - 1) == 0) return t[i].value;
  }
  return 0;
}

int lede_month_lookup(const char *s, size_t n) {
  return name_lookup(months, sizeof months / sizeof months[0], s, n);
}

int lede_weekday_lookup(const char *s, size_t n) {
  return name_lookup(weekdays, sizeof weekdays / sizeof weekdays[0], s, n);
}
