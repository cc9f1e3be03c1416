/*
** ext.c -- bin/lede_sqlite.so, lede as a SQLite loadable extension, built
** from the core alone (no Lua):
**
**   sqlite3 news.db                   .load bin/lede_sqlite
**   python3                           con.enable_load_extension(True)
**                                     con.load_extension("bin/lede_sqlite")
**   datasette news.db --load-extension bin/lede_sqlite.so
**
** It registers the "lede" FTS5 tokenizer (the one db:enable_fts uses, so a
** database indexed by lede can be searched and written anywhere) and four
** table-valued functions over a text:
**
**   lede_tokens(text)            text, start, end, kind, capitalized, allcaps, digits
**   lede_sentences(text)         text, start, end, index, paragraph
**   lede_numbers(text [, date])  text, start, end, value, kind, unit, max, approx,
**                                noun, head, about, of, role, sentence,
**                                sentence_text
**   lede_dates(text [, date])    text, start, end, value, end_value, grain, kind,
**                                relative, tz, stated, fiscal, sentence
**
** Their rows and columns are those of the CLI's NDJSON records (`lede
** tokens`, `lede sentences`, `lede numbers`, `lede dates`): 0-based,
** end-exclusive byte offsets, 1-based sentence indices, the body's
** sentences, the headline's and body's figures and dates. `date` is the
** reference date (YYYY-MM-DD) for relative dates; without it (or NULL) the
** article's own date is used. Flags are 1 or 0; absent values are NULL.
**
**   SELECT a.id, n.value, n.unit
**   FROM articles a, lede_numbers(a.text, a.date) n WHERE n.kind = 'money';
*/
#define LEDE_SQLITE_EXT_MAIN
#include "lede_sqlite.h"
SQLITE_EXTENSION_INIT1

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"

/* ------------------------------------------------------------ the rows */

/* One cell: NULL, an integer, a float, or text (copied or static). */
typedef struct cell {
  int type;             /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
  sqlite3_int64 i;
  double d;
  const char *s;        /* into the cursor's text, or static */
  size_t n;
} cell;

#define MAX_COLS 16

typedef struct row {
  cell c[MAX_COLS];
} row;

/* The rows of one call, and the text they point into. */
typedef struct rows {
  row *r;
  size_t n, cap;
  int oom;
} rows;

static row *add_row(rows *rs) {
  if (rs->oom) return NULL;
  if (rs->n == rs->cap) {
    size_t cap = rs->cap ? 2 * rs->cap : 64;
    row *r = sqlite3_realloc64(rs->r, cap * sizeof *r);
    if (r == NULL) {
      rs->oom = 1;
      return NULL;
    }
    rs->r = r;
    rs->cap = cap;
  }
  row *w = &rs->r[rs->n++];
  memset(w, 0, sizeof *w);
  for (int k = 0; k < MAX_COLS; k++) w->c[k].type = SQLITE_NULL;
  return w;
}

static void put_int(row *w, int k, sqlite3_int64 v) {
  w->c[k].type = SQLITE_INTEGER;
  w->c[k].i = v;
}

/* A number as the CLI writes it: an integer when it is one. */
static void put_num(row *w, int k, double v) {
  if (v == floor(v) && fabs(v) < 9007199254740992.0) {
    put_int(w, k, (sqlite3_int64)v);
  } else {
    w->c[k].type = SQLITE_FLOAT;
    w->c[k].d = v;
  }
}

static void put_text(row *w, int k, const char *s, size_t n) {
  w->c[k].type = SQLITE_TEXT;
  w->c[k].s = s;
  w->c[k].n = n;
}

static void put_str(row *w, int k, const char *s) {
  if (s != NULL && s[0] != '\0') put_text(w, k, s, strlen(s));
}

/* text, start, end of a span of the text (the first three columns). */
static void put_span(row *w, const char *s, size_t a, size_t b) {
  put_text(w, 0, s + a, b - a);
  put_int(w, 1, (sqlite3_int64)a);
  put_int(w, 2, (sqlite3_int64)b);
}

/* --------------------------------------------------- the four functions */

typedef struct call {
  const char *s;        /* the text */
  size_t n;
  rows *rs;
  int figures_before;   /* figures of earlier sentences (for `of`) */
  size_t last_sentence; /* index + 1 of the sentence figures_before counts to */
  int in_sentence;      /* figures of the current sentence so far */
  /* copies of values that do not live in the text (dates) */
  char **owned;
  size_t nowned, capowned;
} call;

/* A copy of s kept until the cursor is reset; NULL when out of memory. */
static const char *keep(call *c, const char *s) {
  if (c->nowned == c->capowned) {
    size_t cap = c->capowned ? 2 * c->capowned : 32;
    char **o = sqlite3_realloc64(c->owned, cap * sizeof *o);
    if (o == NULL) return NULL;
    c->owned = o;
    c->capowned = cap;
  }
  size_t n = strlen(s);
  char *p = sqlite3_malloc64(n + 1);
  if (p == NULL) return NULL;
  memcpy(p, s, n + 1);
  c->owned[c->nowned++] = p;
  return p;
}

static int on_token(void *ctx, const lede_token *t) {
  call *c = ctx;
  row *w = add_row(c->rs);
  if (w == NULL) return 1;
  put_span(w, c->s, t->start, t->end);
  put_str(w, 3, lede_token_kind_name(t->kind));
  put_int(w, 4, (t->flags & LEDE_TF_CAPITALIZED) != 0);
  put_int(w, 5, (t->flags & LEDE_TF_ALLCAPS) != 0);
  put_int(w, 6, (t->flags & LEDE_TF_DIGITS) != 0);
  return 0;
}

static int on_sentence(void *ctx, const lede_asentence *se) {
  call *c = ctx;
  if (!se->in_scope) return 0;
  row *w = add_row(c->rs);
  if (w == NULL) return 1;
  put_span(w, c->s, se->start, se->end);
  put_int(w, 3, (sqlite3_int64)se->index + 1);
  put_int(w, 4, (sqlite3_int64)se->paragraph + 1);
  return 0;
}

static int on_figure(void *ctx, const lede_asentence *se, const lede_figure *f) {
  call *c = ctx;
  if (se->index + 1 != c->last_sentence) {   /* a new sentence */
    c->figures_before += c->in_sentence;
    c->in_sentence = 0;
    c->last_sentence = se->index + 1;
  }
  c->in_sentence++;
  row *w = add_row(c->rs);
  if (w == NULL) return 1;
  put_span(w, c->s, f->start, f->end);
  put_num(w, 3, f->value);
  put_str(w, 4, lede_figure_kind_name(f->kind));
  if (f->unit[0]) put_str(w, 5, keep(c, f->unit));
  if (f->has_max) put_num(w, 6, f->max);
  put_str(w, 7, f->approx);
  if (f->noun.end > f->noun.start)
    put_text(w, 8, c->s + f->noun.start, f->noun.end - f->noun.start);
  if (f->head.end > f->head.start)
    put_text(w, 9, c->s + f->head.start, f->head.end - f->head.start);
  if (f->about.end > f->about.start)
    put_text(w, 10, c->s + f->about.start, f->about.end - f->about.start);
  if (f->of >= 0) put_int(w, 11, (sqlite3_int64)c->figures_before + f->of + 1);
  put_str(w, 12, f->role);
  put_int(w, 13, (sqlite3_int64)se->index + 1);
  put_text(w, 14, c->s + se->start, se->end - se->start);
  return 0;
}

static int on_date(void *ctx, const lede_asentence *se, const lede_date *d) {
  call *c = ctx;
  row *w = add_row(c->rs);
  if (w == NULL) return 1;
  put_span(w, c->s, d->start, d->end);
  if (d->value[0]) put_str(w, 3, keep(c, d->value));
  if (d->end_value[0]) put_str(w, 4, keep(c, d->end_value));
  put_str(w, 5, lede_grain_name(d->grain));
  put_str(w, 6, lede_date_kind_name(d->kind));
  put_int(w, 7, d->relative != 0);
  if (d->tz[0]) put_str(w, 8, keep(c, d->tz));
  static const char *const names[] = {"year", "month", "day", "time"};
  static const unsigned bits[] = {LEDE_STATED_YEAR, LEDE_STATED_MONTH,
                                  LEDE_STATED_DAY, LEDE_STATED_TIME};
  char stated[32] = "";
  for (int k = 0; k < 4; k++)
    if (d->stated & bits[k]) {
      if (stated[0]) strcat(stated, ",");
      strcat(stated, names[k]);
    }
  put_text(w, 9, "", 0);
  if (stated[0]) put_str(w, 9, keep(c, stated));
  put_int(w, 10, d->fiscal != 0);
  put_int(w, 11, (sqlite3_int64)se->index + 1);
  return 0;
}

/* What each function is: its columns and how it fills its rows. */
typedef struct func {
  const char *name;
  const char *schema;   /* the output columns, then the hidden arguments */
  int ncols;            /* output columns */
  int nargs;            /* hidden arguments: text [, date] */
  unsigned what;        /* LEDE_AN_* */
  int scope;            /* LEDE_SCOPE_* */
} func;

static const func FUNCS[] = {
  {"lede_tokens",
   "CREATE TABLE x(text, start, \"end\", kind, capitalized, allcaps, digits, "
   "input HIDDEN)", 7, 1, LEDE_AN_TOKENS, LEDE_SCOPE_ALL},
  {"lede_sentences",
   "CREATE TABLE x(text, start, \"end\", \"index\", paragraph, input HIDDEN)",
   5, 1, LEDE_AN_STRUCTURE | LEDE_AN_SENTENCES, LEDE_SCOPE_BODY},
  {"lede_numbers",
   "CREATE TABLE x(text, start, \"end\", value, kind, unit, max, approx, noun, "
   "head, about, of, role, sentence, sentence_text, input HIDDEN, date HIDDEN)",
   15, 2, LEDE_AN_STRUCTURE | LEDE_AN_FIGURES, LEDE_SCOPE_FACTS},
  {"lede_dates",
   "CREATE TABLE x(text, start, \"end\", value, end_value, grain, kind, "
   "relative, tz, stated, fiscal, sentence, input HIDDEN, date HIDDEN)",
   12, 2, LEDE_AN_STRUCTURE | LEDE_AN_DATES, LEDE_SCOPE_FACTS},
};

/* ------------------------------------------------- the virtual tables */

typedef struct vtab {
  sqlite3_vtab base;
  const func *f;
} vtab;

typedef struct cursor {
  sqlite3_vtab_cursor base;
  char *text;           /* a copy of the input */
  rows rs;
  call c;
  size_t at;
} cursor;

static int x_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                     sqlite3_vtab **out, char **err) {
  const func *f = aux;
  (void)argc;
  (void)argv;
  (void)err;
  int rc = sqlite3_declare_vtab(db, f->schema);
  if (rc != SQLITE_OK) return rc;
  vtab *v = sqlite3_malloc(sizeof *v);
  if (v == NULL) return SQLITE_NOMEM;
  memset(v, 0, sizeof *v);
  v->f = f;
  sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  *out = &v->base;
  return SQLITE_OK;
}

static int x_disconnect(sqlite3_vtab *base) {
  sqlite3_free(base);
  return SQLITE_OK;
}

/* The arguments are equality constraints on the hidden columns; the text
** is required. idxNum has bit k set when argument k is given. */
static int x_best_index(sqlite3_vtab *base, sqlite3_index_info *info) {
  const func *f = ((vtab *)base)->f;
  int which[2] = {-1, -1};
  for (int i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *k = &info->aConstraint[i];
    int arg = k->iColumn - f->ncols;
    if (arg < 0 || arg >= f->nargs) continue;
    if (!k->usable || k->op != SQLITE_INDEX_CONSTRAINT_EQ) {
      if (arg == 0) return SQLITE_CONSTRAINT;
      continue;
    }
    which[arg] = i;
  }
  if (which[0] < 0) return SQLITE_CONSTRAINT;
  int n = 0, mask = 0;
  for (int a = 0; a < f->nargs; a++) {
    if (which[a] < 0) continue;
    info->aConstraintUsage[which[a]].argvIndex = ++n;
    info->aConstraintUsage[which[a]].omit = 1;
    mask |= 1 << a;
  }
  info->idxNum = mask;
  info->estimatedCost = 1000;
  info->estimatedRows = 100;
  return SQLITE_OK;
}

static int x_open(sqlite3_vtab *base, sqlite3_vtab_cursor **out) {
  (void)base;
  cursor *c = sqlite3_malloc(sizeof *c);
  if (c == NULL) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  *out = &c->base;
  return SQLITE_OK;
}

static void reset(cursor *c) {
  for (size_t k = 0; k < c->c.nowned; k++) sqlite3_free(c->c.owned[k]);
  sqlite3_free(c->c.owned);
  sqlite3_free(c->rs.r);
  sqlite3_free(c->text);
  memset(&c->rs, 0, sizeof c->rs);
  memset(&c->c, 0, sizeof c->c);
  c->text = NULL;
  c->at = 0;
}

static int x_close(sqlite3_vtab_cursor *base) {
  reset((cursor *)base);
  sqlite3_free(base);
  return SQLITE_OK;
}

static int vtab_error(sqlite3_vtab_cursor *base, const char *msg) {
  sqlite3_free(base->pVtab->zErrMsg);
  base->pVtab->zErrMsg = sqlite3_mprintf("%s", msg);
  return SQLITE_ERROR;
}

static int x_filter(sqlite3_vtab_cursor *base, int idxNum, const char *idxStr,
                    int argc, sqlite3_value **argv) {
  cursor *c = (cursor *)base;
  const func *f = ((vtab *)base->pVtab)->f;
  (void)idxStr;
  reset(c);
  if (argc < 1 || !(idxNum & 1)) return SQLITE_OK;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return SQLITE_OK;  /* no rows */
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  int n = sqlite3_value_bytes(argv[0]);
  if (s == NULL) return n == 0 ? SQLITE_OK : SQLITE_NOMEM;
  c->text = sqlite3_malloc64((sqlite3_uint64)n + 1);
  if (c->text == NULL) return SQLITE_NOMEM;
  memcpy(c->text, s, (size_t)n);
  c->text[n] = '\0';

  lede_analysis a;
  memset(&a, 0, sizeof a);
  a.what = f->what;
  a.mode = LEDE_MODE_NEWS;
  a.scope = f->scope;
  if ((idxNum & 2) && argc >= 2 && sqlite3_value_type(argv[1]) != SQLITE_NULL) {
    const char *d = (const char *)sqlite3_value_text(argv[1]);
    int dn = sqlite3_value_bytes(argv[1]);
    if (d == NULL || !lede_parse_ymd(d, (size_t)dn, &a.dates)) {
      char msg[160];
      snprintf(msg, sizeof msg, "%s: the date must be YYYY-MM-DD (got '%.40s')",
               f->name, d ? d : "");
      return vtab_error(base, msg);
    }
  }
  c->c.s = c->text;
  c->c.n = (size_t)n;
  c->c.rs = &c->rs;
  a.ctx = &c->c;
  if (f->what & LEDE_AN_TOKENS) a.on_token = on_token;
  if (f->what & LEDE_AN_SENTENCES) a.on_sentence = on_sentence;
  if (f->what & LEDE_AN_FIGURES) a.on_figure = on_figure;
  if (f->what & LEDE_AN_DATES) a.on_date = on_date;
  int rc = lede_analyze(c->text, (size_t)n, &a);
  if (c->rs.oom || rc == LEDE_ENOMEM) return SQLITE_NOMEM;
  if (rc == LEDE_ECANCEL) return SQLITE_INTERRUPT;
  if (rc != LEDE_OK && rc != LEDE_ESTOPPED) return vtab_error(base, lede_errmsg(rc));
  return SQLITE_OK;
}

static int x_next(sqlite3_vtab_cursor *base) {
  ((cursor *)base)->at++;
  return SQLITE_OK;
}

static int x_eof(sqlite3_vtab_cursor *base) {
  cursor *c = (cursor *)base;
  return c->at >= c->rs.n;
}

static int x_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int k) {
  cursor *c = (cursor *)base;
  const func *f = ((vtab *)base->pVtab)->f;
  if (k >= f->ncols) {          /* the hidden arguments read back */
    if (k == f->ncols && c->text)
      sqlite3_result_text(ctx, c->text, (int)c->c.n, SQLITE_TRANSIENT);
    else
      sqlite3_result_null(ctx);
    return SQLITE_OK;
  }
  const cell *x = &c->rs.r[c->at].c[k];
  switch (x->type) {
  case SQLITE_INTEGER: sqlite3_result_int64(ctx, x->i); break;
  case SQLITE_FLOAT: sqlite3_result_double(ctx, x->d); break;
  case SQLITE_TEXT: sqlite3_result_text(ctx, x->s, (int)x->n, SQLITE_TRANSIENT); break;
  default: sqlite3_result_null(ctx);
  }
  return SQLITE_OK;
}

static int x_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *out) {
  *out = (sqlite3_int64)((cursor *)base)->at + 1;
  return SQLITE_OK;
}

static sqlite3_module MODULE = {
  .iVersion = 0,
  .xCreate = NULL,              /* eponymous only: used as functions */
  .xConnect = x_connect,
  .xBestIndex = x_best_index,
  .xDisconnect = x_disconnect,
  .xDestroy = x_disconnect,
  .xOpen = x_open,
  .xClose = x_close,
  .xFilter = x_filter,
  .xNext = x_next,
  .xEof = x_eof,
  .xColumn = x_column,
  .xRowid = x_rowid,
};

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_ledesqlite_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);

int sqlite3_ledesqlite_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  (void)err;
  for (size_t k = 0; k < sizeof FUNCS / sizeof FUNCS[0]; k++) {
    int rc = sqlite3_create_module_v2(db, FUNCS[k].name, &MODULE,
                                      (void *)&FUNCS[k], NULL);
    if (rc != SQLITE_OK) return rc;
  }
  lede_fts5_register(db);
  return SQLITE_OK;
}

/* The entry point SQLite tries when no name is given. */
int sqlite3_extension_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);

int sqlite3_extension_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  return sqlite3_ledesqlite_init(db, err, api);
}
