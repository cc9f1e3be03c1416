/*
** lanalyze.c -- the one analysis call (lede_analyze) in Lua. The document
** object (doc.lua), the CLI verbs and `lede stats` are built on it.
**
**   lede._analyze(text, structure, what [, opts [, cache [, fn]]]) -> result
**
** structure is lede._structure(text) (the parse is reused, never redone);
** what is one of
**   "counts"     -> {tokens=, words=, numbers=, sentences=, figures=,
**                    dates=}: integers only, no table per token or figure
**   "sentences"  -> array of the sentences in scope (lede.Sentence tables)
**   "dates"      -> array of dates (lede.Date), each with .sentence
**   "numbers"    -> array of figures (lede.Figure), each with .sentence and
**                   .whole (the figure it is a part of)
**   "facts"      -> {sentences=, dates=, numbers=}: the three above from
**                   one pass (a document asked for one of them caches all)
** opts: scope ("body", "facts" (default), "all"); date ("YYYY-MM-DD", the
** reference; default the article's own date); dayfirst; mode ("news" or
** "uax29", for the tokens counted); article (any value, set as .article on
** each date and figure); filter (a table: a figure is kept only when each
** of its fields kind, unit, head, noun, approx, role, about, value, max equals the
** filter's; other keys are ignored here).
** cache is a table of sentence tables by 1-based index, filled as needed,
** so a figure's .sentence is the same table as doc:sentences() gives.
** With fn, each sentence, date or figure is passed to fn(item) as it is
** found instead of collected (the result is then an empty table): memory
** stays flat whatever the size of the text.
*/
#include <string.h>

#include "lbind.h"

/* Figure fields a filter can name, compared in C. */
static const char *const STRFIELDS[] = {"kind", "unit", "head", "noun",
                                        "approx", "role", "about", NULL};

typedef struct acall {
  lua_State *L;
  const char *s;
  size_t n;
  int what;               /* 'c' counts, 's' sentences, 'd' dates, 'n' numbers */
  int out, cache, filter, article;   /* stack slots (0: none) */
  int each;               /* stack slot of a function called per item */
  int last;               /* without a cache: the last sentence table */
  int errslot, failed;    /* fn's error */
  lua_Integer last_index;
  lua_Integer nout[3];     /* items put, per kind */
  int outs[3];            /* where each kind goes: sentences, dates, figures */
  lua_Integer tokens, words, numbers, sentences, figures, dates;
  /* numbers: the figures of the current sentence not yet emitted, flushed
  ** at its end or when FIG_WINDOW are waiting; figs[0] is the sentence's
  ** figure number `base` (0-based) */
  lede_figure *figs;
  size_t nfigs, cfigs, base;
  int figs_slot;          /* userdata anchoring figs */
  int made;               /* table: figure number + 1 -> its table, while
                          ** a figure still to come may need it */
  lede_asentence sent;    /* the sentence the buffered figures are in */
  int rc;
} acall;

/* Pushes the table of sentence x (from the cache, or made and cached). */
static void push_sentence(acall *c, const lede_asentence *x) {
  lua_State *L = c->L;
  lua_Integer k = (lua_Integer)x->index + 1;
  if (c->cache) {
    if (lua_rawgeti(L, c->cache, k) == LUA_TTABLE) return;
    lua_pop(L, 1);
  } else if (c->last_index == k) {
    lua_pushvalue(L, c->last);
    return;
  }
  lede_push_sentence(L, c->s, x->start, x->end, k,
                     (lua_Integer)x->paragraph + 1);
  lua_pushvalue(L, -1);
  if (c->cache) {
    lua_rawseti(L, c->cache, k);
  } else {
    lua_replace(L, c->last);
    c->last_index = k;
  }
}

/* Hands the item at -1 on: appended to the result, or passed to the
** function given (and then dropped, so memory stays flat). */
static int put(acall *c, int kind) {
  lua_State *L = c->L;
  c->nout[kind]++;
  if (!c->each) {
    lua_rawseti(L, c->outs[kind], c->nout[kind]);
    return 0;
  }
  lua_pushvalue(L, c->each);
  lua_insert(L, -2);
  /* an error in fn stops the pass; it is raised once the core returned */
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    lua_replace(L, c->errslot);
    c->failed = 1;
    return 1;
  }
  return 0;
}

static int a_sentence(void *ctx, const lede_asentence *x) {
  acall *c = ctx;
  c->sentences++;
  if ((c->what == 's' || c->what == 'a') && x->in_scope) {
    push_sentence(c, x);
    return put(c, 0);
  }
  return 0;
}

static int a_token(void *ctx, const lede_token *t) {
  acall *c = ctx;
  c->tokens++;
  c->words += t->kind == LEDE_TOK_WORD;
  c->numbers += t->kind == LEDE_TOK_NUMBER;
  return 0;
}

/* Sets .sentence and .article on the table at -1. */
static void set_evidence(acall *c, const lede_asentence *x) {
  push_sentence(c, x);
  lua_setfield(c->L, -2, "sentence");
  if (c->article) {
    lua_pushvalue(c->L, c->article);
    lua_setfield(c->L, -2, "article");
  }
}

static int a_date(void *ctx, const lede_asentence *x, const lede_date *d) {
  acall *c = ctx;
  c->dates++;
  if (c->what != 'd' && c->what != 'a') return 0;
  lede_push_date(c->L, c->s, d);
  set_evidence(c, x);
  return put(c, 1);
}

/* 1 when figure f passes the filter. */
static int passes(acall *c, const lede_figure *f) {
  lua_State *L = c->L;
  if (!c->filter) return 1;
  for (int i = 0; STRFIELDS[i]; i++) {
    if (lua_getfield(L, c->filter, STRFIELDS[i]) == LUA_TNIL) {
      lua_pop(L, 1);
      continue;
    }
    const char *want = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    const char *have = NULL;
    size_t hn = 0;
    switch (i) {
    case 0: have = lede_figure_kind_name(f->kind); hn = strlen(have); break;
    case 1: if (f->unit[0]) { have = f->unit; hn = strlen(have); } break;
    case 2: case 3: case 6: {
      lede_span sp = i == 2 ? f->head : i == 3 ? f->noun : f->about;
      if (sp.end > sp.start) { have = c->s + sp.start; hn = sp.end - sp.start; }
      break;
    }
    case 4: if (f->approx) { have = f->approx; hn = strlen(have); } break;
    case 5: if (f->role) { have = f->role; hn = strlen(have); } break;
    }
    int ok = want && have && strlen(want) == hn && memcmp(want, have, hn) == 0;
    lua_pop(L, 1);
    if (!ok) return 0;
  }
  if (lua_getfield(L, c->filter, "value") != LUA_TNIL) {
    int ok = lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) == f->value;
    lua_pop(L, 1);
    if (!ok) return 0;
  } else {
    lua_pop(L, 1);
  }
  if (lua_getfield(L, c->filter, "max") != LUA_TNIL) {
    int ok = f->has_max && lua_type(L, -1) == LUA_TNUMBER &&
             lua_tonumber(L, -1) == f->max;
    lua_pop(L, 1);
    if (!ok) return 0;
  } else {
    lua_pop(L, 1);
  }
  return 1;
}

/* A figure's `of` names a later figure of its sentence (in practice the
** next), so a sentence of any length is emitted in windows: all but the
** last waiting figure go out when this many wait. */
#define FIG_WINDOW 256

/* Pushes the table of the sentence's figure number i (buffered), made
** once and kept in `made` until it is emitted. */
static void push_fig(acall *c, size_t i) {
  lua_State *L = c->L;
  if (lua_rawgeti(L, c->made, (lua_Integer)i + 1) == LUA_TTABLE) return;
  lua_pop(L, 1);
  lede_push_figure(L, c->s, &c->figs[i - c->base]);
  set_evidence(c, &c->sent);
  lua_pushvalue(L, -1);
  lua_rawseti(L, c->made, (lua_Integer)i + 1);
}

/* Emits the waiting figures that pass the filter, each with .whole, the
** table of the figure it is a part of, all but the last `keep`. With
** keep 0 the sentence is done. Nothing emitted stays referenced here. */
static int flush_figures(acall *c, size_t keep) {
  lua_State *L = c->L;
  int stop = 0;
  size_t k, upto = c->nfigs - keep;
  luaL_checkstack(L, 8, "figures");
  for (k = 0; k < upto && !stop; k++) {
    size_t i = c->base + k;
    int of = c->figs[k].of;
    if (passes(c, &c->figs[k])) {
      push_fig(c, i);
      if (of >= 0 && (size_t)of >= c->base && (size_t)of < c->base + c->nfigs) {
        push_fig(c, (size_t)of);
        lua_setfield(L, -2, "whole");
      }
      stop = put(c, 2);
    }
    lua_pushnil(L);
    lua_rawseti(L, c->made, (lua_Integer)i + 1);
  }
  if (keep == 0) {
    c->nfigs = c->base = 0;
  } else {
    memmove(c->figs, c->figs + upto, keep * sizeof *c->figs);
    c->nfigs = keep;
    c->base += upto;
  }
  return stop;
}

static int a_figure(void *ctx, const lede_asentence *x, const lede_figure *f) {
  acall *c = ctx;
  c->figures++;
  if (c->what != 'n' && c->what != 'a') return 0;
  if (c->nfigs > 0 && c->sent.index != x->index && flush_figures(c, 0)) return 1;
  if (c->nfigs == FIG_WINDOW && flush_figures(c, 1)) return 1;
  if (c->nfigs == c->cfigs) {
    size_t nc = c->cfigs ? 2 * c->cfigs : 16;
    lede_figure *nf = lua_newuserdatauv(c->L, nc * sizeof *nf, 0);
    if (c->nfigs) memcpy(nf, c->figs, c->nfigs * sizeof *nf);
    lua_replace(c->L, c->figs_slot);
    c->figs = nf;
    c->cfigs = nc;
  }
  c->figs[c->nfigs++] = *f;
  c->sent = *x;
  return 0;
}

static void setint(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static int l_analyze(lua_State *L) {
  static const char *const whats[] = {"counts", "sentences", "dates",
                                      "numbers", "facts", NULL};
  static const char *const scopes[] = {"body", "facts", "all", NULL};
  size_t n;
  const char *s = lede_checktext(L, 1, &n);
  const lede_article *art = lua_isnoneornil(L, 2) ? NULL : lede_checkstructure(L, 2);
  int w = luaL_checkoption(L, 3, NULL, whats);
  int opts = lua_isnoneornil(L, 4) ? 0 : 4;
  if (opts) luaL_checktype(L, 4, LUA_TTABLE);
  int cache = lua_istable(L, 5) ? 5 : 0;
  int each = lua_isfunction(L, 6) ? 6 : 0;
  lua_settop(L, 6);
  acall c;
  memset(&c, 0, sizeof c);
  c.L = L;
  c.s = s;
  c.n = n;
  c.what = "csdna"[w];
  c.cache = cache;
  c.each = each;
  lede_analysis a;
  memset(&a, 0, sizeof a);
  a.article = art;
  a.scope = LEDE_SCOPE_FACTS;
  a.ctx = &c;
  if (opts) {
    const char *sc = lede_optstr(L, opts, "scope", "facts");
    int k;
    for (k = 0; scopes[k] && strcmp(scopes[k], sc) != 0; k++) {}
    if (!scopes[k]) return luaL_error(L, "bad scope '%s'", sc);
    a.scope = k == 0 ? LEDE_SCOPE_BODY : k == 1 ? LEDE_SCOPE_FACTS : LEDE_SCOPE_ALL;
    const char *ref = lede_optstr(L, opts, "date", NULL);
    if (ref && !lede_parse_ymd(ref, strlen(ref), &a.dates))
      return luaL_error(L, "lede: invalid reference date '%s' "
                        "(expected YYYY-MM-DD)", ref);
    a.dates.dayfirst = lede_optbool(L, opts, "dayfirst", 0);
    const char *m = lede_optstr(L, opts, "mode", "news");
    if (strcmp(m, "uax29") == 0) a.mode = LEDE_MODE_UAX29;
    else if (strcmp(m, "news") != 0)
      return luaL_error(L, "bad option 'mode' (\"news\" or \"uax29\" "
                        "expected, got \"%s\")", m);
    if (lua_getfield(L, opts, "article") != LUA_TNIL) c.article = lua_gettop(L);
    else lua_pop(L, 1);
    if (lua_getfield(L, opts, "filter") == LUA_TTABLE) c.filter = lua_gettop(L);
    else lua_pop(L, 1);
  }
  lua_pushnil(L);                  /* the figure buffer's anchor */
  c.figs_slot = lua_gettop(L);
  lua_newtable(L);                 /* the figure tables made, by number */
  c.made = lua_gettop(L);
  lua_pushnil(L);                  /* the last sentence table */
  c.last = lua_gettop(L);
  lua_pushnil(L);                  /* fn's error */
  c.errslot = lua_gettop(L);
  lua_newtable(L);
  c.out = lua_gettop(L);
  for (int k = 0; k < 3; k++) {
    if (c.what == 'a') {
      lua_newtable(L);
      c.outs[k] = lua_gettop(L);
    } else {
      c.outs[k] = c.out;
    }
  }
  switch (c.what) {
  case 'c':
    a.what = LEDE_AN_STRUCTURE | LEDE_AN_SENTENCES | LEDE_AN_TOKENS |
             LEDE_AN_DATES | LEDE_AN_FIGURES;
    a.on_sentence = a_sentence;
    a.on_token = a_token;
    a.on_date = a_date;
    a.on_figure = a_figure;
    break;
  case 's':
    a.what = LEDE_AN_SENTENCES;
    a.on_sentence = a_sentence;
    break;
  case 'd':
    a.what = LEDE_AN_DATES;
    a.on_date = a_date;
    break;
  case 'n':
    a.what = LEDE_AN_FIGURES;
    a.on_figure = a_figure;
    break;
  case 'a':
    a.what = LEDE_AN_SENTENCES | LEDE_AN_DATES | LEDE_AN_FIGURES;
    a.on_sentence = a_sentence;
    a.on_date = a_date;
    a.on_figure = a_figure;
    break;
  }
  int rc = lede_analyze(s, n, &a);
  if (rc == LEDE_OK && (c.what == 'n' || c.what == 'a') && c.nfigs > 0)
    flush_figures(&c, 0);
  if (c.failed) {
    lua_pushvalue(L, c.errslot);
    return lua_error(L);
  }
  if (rc != LEDE_OK) return lede_raise(L, rc);
  if (c.what == 'a') {
    static const char *const keys[3] = {"sentences", "dates", "numbers"};
    for (int k = 0; k < 3; k++) {
      lua_pushvalue(L, c.outs[k]);
      lua_setfield(L, c.out, keys[k]);
    }
    lua_settop(L, c.out);
  }
  if (c.what == 'c') {
    setint(L, "tokens", c.tokens);
    setint(L, "words", c.words);
    setint(L, "numbers", c.numbers);
    setint(L, "sentences", c.sentences);
    setint(L, "figures", c.figures);
    setint(L, "dates", c.dates);
  }
  return 1;
}

static const luaL_Reg funcs[] = {
  {"_analyze", l_analyze},
  {NULL, NULL}
};

int lede_open_analyze(lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
  return 0;
}
