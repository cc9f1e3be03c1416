/*
** test_vocab.c -- the generated vocabulary against its data files: every
** row of the data files in core/vocab/ is found by lede_vocab_lookup under its form,
** in any ASCII case, with each of its roles and values; every role
** declared in roles.tsv has a bit, in the declared order, and at least one
** word; every entry of the table comes from a row. Run from the top of
** the tree (tests/run.sh does).
*/
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lede.h"
#include "vocab.h"

#define VOCAB_DIR "core/vocab"
#define MAX_ROLES 256

typedef struct role_decl {
  char name[64];
  char slot[16];
  int words;
} role_decl;

static role_decl decls[MAX_ROLES];
static size_t ndecls;

/* Splits line at tabs into at most max fields (in place); the count. */
static int split_tabs(char *line, char **f, int max) {
  int n = 0;
  line[strcspn(line, "\r\n")] = '\0';
  f[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == '\t') { *p = '\0'; f[n++] = p + 1; }
  return n;
}

static FILE *open_data(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", VOCAB_DIR, name);
  return fopen(path, "r");
}

static void read_roles(void) {
  char line[1024], *f[8];
  FILE *fp = open_data("roles.tsv");
  assert_non_null(fp);
  ndecls = 0;
  while (fgets(line, sizeof line, fp)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    assert_int_equal(split_tabs(line, f, 8), 4);
    assert_true(ndecls < MAX_ROLES);
    snprintf(decls[ndecls].name, sizeof decls[0].name, "%s", f[0]);
    snprintf(decls[ndecls].slot, sizeof decls[0].slot, "%s", f[2]);
    decls[ndecls].words = 0;
    ndecls++;
  }
  fclose(fp);
}

static const lede_vocab_role *role_named(const char *name, size_t *index) {
  size_t n;
  const lede_vocab_role *r = lede_vocab_roles(&n);
  for (size_t i = 0; i < n; i++)
    if (strcmp(r[i].name, name) == 0) { *index = i; return &r[i]; }
  return NULL;
}

/* Checks one row: its form found, each role and value on the entry. */
static void check_row(const char *where, const char *lang, const char *form,
                      char *roles, unsigned char *seen) {
  size_t n = strlen(form);
  const lede_vocab_entry *e = lede_vocab_lookup(form, n);
  char upper[128];
  if (e == NULL) fail_msg("%s: '%s' not found", where, form);
  seen[e - lede_vocab_entry_at(0)] = 1;
  /* the same entry in capitals: the lookup folds ASCII case */
  for (size_t i = 0; i <= n && i < sizeof upper; i++)
    upper[i] = (form[i] >= 'a' && form[i] <= 'z') ? (char)(form[i] - 32)
                                                  : form[i];
  assert_ptr_equal(lede_vocab_lookup(upper, n), e);
  /* the generator's language bits: en de fr es it nl pt ar id ru */
  static const char *const langs[] = { "en", "de", "fr", "es", "it", "nl",
                                       "pt", "ar", "id", "ru" };
  unsigned lang_bit = 0;
  for (size_t k = 0; k < sizeof langs / sizeof langs[0]; k++)
    if (strcmp(lang, langs[k]) == 0) lang_bit = 1u << k;
  assert_true(lang_bit != 0);
  int key_roles = 0;
  for (char *tok = strtok(roles, " "); tok; tok = strtok(NULL, " ")) {
    char *eq = strchr(tok, '=');
    size_t index = 0;
    const lede_vocab_role *r;
    if (eq) *eq++ = '\0';
    r = role_named(tok, &index);
    if (r == NULL) fail_msg("%s: role %s not in the table", where, tok);
    decls[index].words++;
    if (r->field == LEDE_VOCAB_EXACT) {
      if (!(lede_vocab_exact(e, form, n) & ((uint64_t)1 << r->bit)))
        fail_msg("%s: '%s' lacks exact role %s", where, form, tok);
    } else if (!(lede_vocab_field(e, r->field) & (1u << r->bit))) {
      fail_msg("%s: '%s' lacks role %s", where, form, tok);
    } else {
      key_roles = 1;
    }
    if (eq == NULL) continue;
    if (strcmp(decls[index].slot, "month") == 0)
      assert_int_equal(e->month, atoi(eq));
    else if (strcmp(decls[index].slot, "weekday") == 0)
      assert_int_equal(e->weekday, atoi(eq));
    else if (strcmp(decls[index].slot, "number") == 0)
      assert_true(e->number == strtod(eq, NULL));
    else if (strcmp(decls[index].slot, "code") == 0)
      assert_string_equal(e->code, eq);
    else if (strcmp(decls[index].slot, "id") == 0)
      assert_string_equal(e->id, eq);
  }
  /* the row's language is one of the entry's when it gives the key roles
  ** (exact roles belong to a spelling, not to the word) */
  if (key_roles && !(e->langs & lang_bit))
    fail_msg("%s: '%s' lacks its language %s", where, form, lang);
}

static void rows_round_trip(void **state) {
  char line[1024], *f[8], where[600];
  size_t nroles, rows = 0;
  const lede_vocab_role *r = lede_vocab_roles(&nroles);
  unsigned char *seen = calloc(lede_vocab_count() + 1, 1);
  DIR *d = opendir(VOCAB_DIR);
  struct dirent *de;
  (void)state;
  assert_non_null(seen);
  assert_non_null(d);
  read_roles();
  /* the table's roles are the declared ones, in order */
  assert_int_equal(nroles, ndecls);
  for (size_t i = 0; i < nroles; i++) {
    assert_string_equal(r[i].name, decls[i].name);
    assert_true(r[i].bit >= 0 &&
                r[i].bit < (r[i].field == LEDE_VOCAB_EXACT ? 64 : 32));
  }
  while ((de = readdir(d)) != NULL) {
    size_t len = strlen(de->d_name);
    unsigned lineno = 0;
    FILE *fp;
    if (len < 5 || strcmp(de->d_name + len - 4, ".tsv") != 0 ||
        strcmp(de->d_name, "roles.tsv") == 0)
      continue;
    fp = open_data(de->d_name);
    assert_non_null(fp);
    while (fgets(line, sizeof line, fp)) {
      lineno++;
      if (line[0] == '#' || line[0] == '\n') continue;
      snprintf(where, sizeof where, "%s:%u", de->d_name, lineno);
      if (split_tabs(line, f, 8) != 3) fail_msg("%s: not 3 fields", where);
      check_row(where, f[0], f[1], f[2], seen);
      rows++;
    }
    fclose(fp);
  }
  closedir(d);
  assert_true(rows > 0);
  /* every role reachable from some word; every entry from some row */
  for (size_t i = 0; i < ndecls; i++)
    if (decls[i].words == 0) fail_msg("role %s has no word", decls[i].name);
  for (size_t i = 0; i < lede_vocab_count(); i++)
    if (!seen[i]) fail_msg("entry '%s' has no row", lede_vocab_entry_at(i)->key);
  free(seen);
}

static void lookups(void **state) {
  const lede_vocab_entry *e;
  (void)state;
  assert_null(lede_vocab_lookup(NULL, 3));
  assert_null(lede_vocab_lookup("", 0));
  assert_null(lede_vocab_lookup("zzqx", 4));
  assert_null(lede_vocab_lookup("september", 8));   /* a prefix is no word */
  e = lede_vocab_lookup("SePtEmBeR", 9);
  assert_non_null(e);
  assert_int_equal(e->month, 9);
  assert_true(e->word & LEDE_VOC_WORD_MONTH);
  /* exact roles belong to one spelling */
  e = lede_vocab_lookup("GEN.", 4);
  assert_non_null(e);
  assert_int_equal(lede_vocab_exact(e, "GEN.", 4), 0);
  assert_true(lede_vocab_exact(e, "Gen.", 4) & LEDE_VOC_EXACT_ABBR_TITLE);
  assert_int_equal(lede_vocab_exact(NULL, "Gen.", 4), 0);
  /* too long for any key */
  {
    char big[LEDE_VOCAB_MAX_LEN + 2];
    memset(big, 'a', sizeof big);
    assert_null(lede_vocab_lookup(big, sizeof big));
  }
  assert_null(lede_vocab_entry_at(lede_vocab_count()));
}

/* The lexicon reads the vocabulary: "Weds." and "Sept." are the same word
** to every stage, and additions at run time still win. */
static void lexicon_on_vocab(void **state) {
  (void)state;
  assert_int_equal(lede_month_lookup("Sept.", 5), 9);
  assert_int_equal(lede_month_lookup("sept", 4), 9);
  assert_int_equal(lede_month_lookup("SEPT", 4), 0);
  assert_int_equal(lede_month_lookup("May.", 4), 0);
  assert_int_equal(lede_weekday_lookup("Weds.", 5), 3);
  assert_int_equal(lede_abbreviation_class("Gen.", 4), LEDE_ABBR_TITLE);
  assert_int_equal(lede_abbreviation_class("gen.", 4), 0);
  assert_int_equal(lede_abbreviation_class("Zyx.", 4), 0);
  assert_int_equal(lede_abbreviation_add_class("Zyx.", 4, LEDE_ABBR_INNER),
                   LEDE_OK);
  assert_int_equal(lede_abbreviation_class("Zyx.", 4), LEDE_ABBR_INNER);
  assert_int_equal(lede_abbreviation_add_class("Gen.", 4, LEDE_ABBR_END),
                   LEDE_OK);
  assert_int_equal(lede_abbreviation_class("Gen.", 4), LEDE_ABBR_END);
}

/* "Weds." is a weekday for the date grammar as for every other stage. */
static int first_date(void *ctx, const lede_date *d) {
  *(size_t *)ctx = d->start;
  return 1;
}

static void weds_is_a_weekday(void **state) {
  const char *s = "It met on Weds., Jan. 8.";
  lede_date_opts o = {2025, 1, 10, 0};
  size_t start = (size_t)-1;
  (void)state;
  assert_int_equal(lede_dates_in(s, strlen(s), 0, strlen(s), &o, first_date,
                                 &start), LEDE_ESTOPPED);
  assert_int_equal(start, 10);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(rows_round_trip),
    cmocka_unit_test(lookups),
    cmocka_unit_test(lexicon_on_vocab),
    cmocka_unit_test(weds_is_a_weekday),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
