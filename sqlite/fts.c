/*
** fts.c -- the "lede" FTS5 tokenizer, one source for the two places that
** register it: every database lede.db opens (bindings/ldb.c) and the
** SQLite loadable extension bin/lede_sqlite.so (sqlite/ext.c), so a
** database indexed by a script can be searched and written in the sqlite3
** shell, Python or Datasette with the extension loaded.
*/
#include <string.h>

#include "lede.h"
#include "lede_sqlite.h"

/*
** The "lede" FTS5 tokenizer: lede_tokenize in LEDE_MODE_NEWS, so search
** and scripts agree on what a word is. Punctuation is not indexed; each
** token is reported case-folded (ASCII lower-cased in place; other text
** through lede_casefold), with its byte span in the original text.
*/
typedef struct FtsRun {
  void *ctx;
  int (*xToken)(void *, int, const char *, int, int, int);
  const char *text;
  int flags;          /* FTS5_TOKENIZE_* of this call */
  int rc;
} FtsRun;

/* Reports p[0..n) case-folded, with the span [start, end) of the text. */
static int fts_put(FtsRun *r, int tflags, const char *p, size_t n,
                   size_t start, size_t end) {
  char buf[256];
  int ascii = 1;
  for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)p[i] < 0x80;
  if (ascii && n <= sizeof buf) {
    for (size_t i = 0; i < n; i++) {
      char c = p[i];
      buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    r->rc = r->xToken(r->ctx, tflags, buf, (int)n, (int)start, (int)end);
  } else {
    char *out = NULL;
    size_t out_n = 0;
    if (lede_casefold(p, n, &out, &out_n) == LEDE_OK) {
      r->rc = r->xToken(r->ctx, tflags, out, (int)out_n, (int)start, (int)end);
      lede_free(out);
    } else {   /* bad bytes: the token as written */
      lede_free(out);
      r->rc = r->xToken(r->ctx, tflags, p, (int)n, (int)start, (int)end);
    }
  }
  return r->rc;
}

/*
** Each token, punctuation left out. When a document is indexed, the parts
** of a hyphenated word are indexed at the same position (colocated), so
** a search for "kyiv" finds "Kyiv-based" while "kyiv-based" still finds
** only the compound.
*/
static int fts_emit(void *ctx, const lede_token *tok) {
  FtsRun *r = (FtsRun *)ctx;
  const char *p = r->text + tok->start;
  size_t n = tok->end - tok->start;
  if (tok->kind == LEDE_TOK_PUNCT || n == 0) return 0;
  if (fts_put(r, 0, p, n, tok->start, tok->end) != SQLITE_OK) return 1;
  if (tok->kind == LEDE_TOK_WORD && (r->flags & FTS5_TOKENIZE_DOCUMENT) &&
      memchr(p, '-', n) != NULL) {
    size_t a = 0;
    for (size_t i = 0; i <= n; i++) {
      if (i == n || p[i] == '-') {
        if (i > a && i - a < n &&
            fts_put(r, FTS5_TOKEN_COLOCATED, p + a, i - a, tok->start,
                    tok->end) != SQLITE_OK)
          return 1;
        a = i + 1;
      }
    }
  }
  return 0;
}

static int fts_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out) {
  static int the_tokenizer;
  (void)ctx;
  (void)args;
  (void)nargs;
  *out = (Fts5Tokenizer *)&the_tokenizer;
  return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *t) { (void)t; }

static int fts_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
                        int n, int (*xToken)(void *, int, const char *, int, int, int)) {
  FtsRun r = {ctx, xToken, text, flags, SQLITE_OK};
  (void)t;
  if (n <= 0) return SQLITE_OK;
  int rc = lede_tokenize(text, (size_t)n, LEDE_MODE_NEWS, fts_emit, &r);
  if (rc == LEDE_ECANCEL) return SQLITE_INTERRUPT;
  if (rc == LEDE_ENOMEM) return SQLITE_NOMEM;
  return r.rc;
}

/* Registers the tokenizer on db; silently skipped without FTS5. */
void lede_fts5_register(sqlite3 *db) {
  static fts5_tokenizer tok = {fts_create, fts_delete, fts_tokenize};
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  if (api != NULL && api->iVersion >= 2)
    api->xCreateTokenizer(api, "lede", NULL, &tok, NULL);
}
