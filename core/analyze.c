/*
** analyze.c -- the one analysis call: structure, sentences (each with its
** paragraph and role), tokens, dates and figures over one document, in
** one pass, reported through callbacks with byte offsets (the shape of an
** FTS5 xToken callback). Every front end (the Lua document, the CLI verbs,
** `lede stats`, the runner) is built on it.
**
** The order of the work for each sentence of the news splitter:
**   1. its role: the article paragraph in which it starts (one cursor that
**      only moves forward over the paragraphs);
**   2. the tokens that start before its end (one pull tokenizer over the
**      whole text, so the token stream is the same as lede_tokenize's);
**   3. when it is in scope: its dates, then its figures with those dates
**      as the spans figures must not claim, so figures and dates agree on
**      what is a date.
** The reference date is decided once per document: the caller's, else the
** article's own date (which needs the structure).
*/
#include <stdlib.h>
#include <string.h>

#include "lede.h"

/* Dates of one sentence kept as figure skip spans before growing. */
#define AN_SKIP_INLINE 16

typedef struct an_state {
  const char *s;
  size_t n;
  const lede_analysis *a;
  const lede_article *art;
  int has_body;                 /* some paragraph is body or dateline */
  size_t para;                  /* the paragraph cursor */
  lede_tokenizer tz;            /* the token cursor */
  int tok_ready;                /* tok holds a token not yet reported */
  int tok_done;
  lede_token tok;
  lede_date_opts ref;
  size_t index;                 /* sentences seen */
  lede_asentence cur;
  lede_span inline_skip[AN_SKIP_INLINE];
  lede_span *skip;              /* the current sentence's date spans */
  size_t nskip, cskip;
  int rc;                       /* a core error inside a callback */
} an_state;

/* LEDE_ROLE_* of the paragraph in which a sentence starting at `at`
** starts, moving the cursor forward; LEDE_ROLE_NONE between paragraphs. */
static int role_at(an_state *st, size_t at) {
  const lede_article *art = st->art;
  if (!art) return LEDE_ROLE_NONE;
  if (!st->has_body) return LEDE_ROLE_BODY;
  while (st->para < art->nparagraphs && art->paragraphs[st->para].end <= at)
    st->para++;
  if (st->para < art->nparagraphs && art->paragraphs[st->para].start <= at)
    return art->paragraphs[st->para].role;
  return LEDE_ROLE_NONE;
}

int lede_role_in_scope(int role, int scope) {
  switch (scope) {
  case LEDE_SCOPE_ALL: return 1;
  case LEDE_SCOPE_FACTS:
    if (role == LEDE_ROLE_HEADLINE) return 1;
    /* fall through */
  case LEDE_SCOPE_BODY:
    return role == LEDE_ROLE_BODY || role == LEDE_ROLE_DATELINE;
  }
  return 0;
}

/* Reports the tokens that start before `until` (all with until == n). */
static int tokens_until(an_state *st, size_t until) {
  while (!st->tok_done) {
    if (!st->tok_ready) {
      int rc = lede_tokenizer_next(&st->tz, &st->tok);
      if (rc < 0) return rc;
      if (rc == 0) { st->tok_done = 1; break; }
      st->tok_ready = 1;
    }
    if (st->tok.start >= until) break;
    st->tok_ready = 0;
    if (st->a->on_token(st->a->ctx, &st->tok)) return LEDE_ESTOPPED;
  }
  return LEDE_OK;
}

static int on_date(void *ctx, const lede_date *d) {
  an_state *st = ctx;
  if (st->a->what & LEDE_AN_FIGURES) {
    if (st->nskip == st->cskip) {
      size_t nc = st->cskip * 2;
      lede_span *ns;
      if (st->skip == st->inline_skip) {
        ns = malloc(nc * sizeof *ns);
        if (ns) memcpy(ns, st->skip, st->nskip * sizeof *ns);
      } else {
        ns = realloc(st->skip, nc * sizeof *ns);
      }
      if (!ns) { st->rc = LEDE_ENOMEM; return 1; }
      st->skip = ns;
      st->cskip = nc;
    }
    /* sorted and disjoint, as lede_numbers_in expects */
    if (st->nskip > 0 && d->start < st->skip[st->nskip - 1].end) {
      if (d->end > st->skip[st->nskip - 1].end)
        st->skip[st->nskip - 1].end = d->end;
    } else {
      st->skip[st->nskip].start = d->start;
      st->skip[st->nskip].end = d->end;
      st->nskip++;
    }
  }
  if ((st->a->what & LEDE_AN_DATES) && st->a->on_date &&
      st->a->on_date(st->a->ctx, &st->cur, d))
    return 1;
  return 0;
}

static int on_figure(void *ctx, const lede_figure *f) {
  an_state *st = ctx;
  return st->a->on_figure(st->a->ctx, &st->cur, f) != 0;
}

static int on_sentence(void *ctx, const lede_sentence *x) {
  an_state *st = ctx;
  const lede_analysis *a = st->a;
  int rc;
  st->cur.start = x->start;
  st->cur.end = x->end;
  st->cur.paragraph = x->paragraph;
  st->cur.index = st->index++;
  st->cur.role = role_at(st, x->start);
  st->cur.in_scope = lede_role_in_scope(st->cur.role, a->scope);
  if (a->on_token && (a->what & LEDE_AN_TOKENS)) {
    rc = tokens_until(st, x->end);
    if (rc != LEDE_OK) { st->rc = rc; return 1; }
  }
  if (a->on_sentence && a->on_sentence(a->ctx, &st->cur)) return 1;
  if (!st->cur.in_scope) return 0;
  st->nskip = 0;
  if ((a->what & LEDE_AN_FIGURES) ||
      ((a->what & LEDE_AN_DATES) && a->on_date)) {
    rc = lede_dates_in(st->s, st->n, x->start, x->end, &st->ref, on_date, st);
    if (rc != LEDE_OK) { if (st->rc == LEDE_OK) st->rc = rc; return 1; }
  }
  if ((a->what & LEDE_AN_FIGURES) && a->on_figure) {
    rc = lede_numbers_in(st->s, st->n, x->start, x->end, st->skip, st->nskip,
                         on_figure, st);
    if (rc != LEDE_OK) { st->rc = rc; return 1; }
  }
  return 0;
}

int lede_analyze(const char *s, size_t n, const lede_analysis *a) {
  an_state st;
  lede_article own;
  int rc, parsed = 0;
  if (a == NULL || (s == NULL && n > 0)) return LEDE_EINVAL;
  if (a->scope < LEDE_SCOPE_BODY || a->scope > LEDE_SCOPE_ALL)
    return LEDE_EINVAL;
  memset(&st, 0, sizeof st);
  st.s = s;
  st.n = n;
  st.a = a;
  st.skip = st.inline_skip;
  st.cskip = AN_SKIP_INLINE;
  st.ref = a->dates;
  st.art = a->article;
  /* The structure: for roles, for a scope narrower than the whole text,
  ** and for the article's own date as the reference. */
  int facts = (a->what & (LEDE_AN_DATES | LEDE_AN_FIGURES)) != 0;
  if (!st.art && ((a->what & LEDE_AN_STRUCTURE) || a->scope != LEDE_SCOPE_ALL ||
                  (facts && a->dates.year == 0))) {
    rc = lede_article_parse(s, n, &own);
    if (rc != LEDE_OK) { lede_article_free(&own); return rc; }
    st.art = &own;
    parsed = 1;
  }
  if (st.art) {
    for (size_t i = 0; i < st.art->nparagraphs && !st.has_body; i++) {
      int r = st.art->paragraphs[i].role;
      st.has_body = r == LEDE_ROLE_BODY || r == LEDE_ROLE_DATELINE;
    }
    if (st.ref.year == 0 && st.art->year) {
      st.ref.year = st.art->year;
      st.ref.month = st.art->month;
      st.ref.day = st.art->day;
    }
  }
  if (a->what & LEDE_AN_TOKENS) lede_tokenizer_init(&st.tz, s, n, a->mode);
  rc = LEDE_OK;
  if (a->what & (LEDE_AN_SENTENCES | LEDE_AN_DATES | LEDE_AN_FIGURES |
                 LEDE_AN_STRUCTURE))
    rc = lede_sentences(s, n, a->mode, on_sentence, &st);
  if (st.rc != LEDE_OK) rc = st.rc;
  if (rc == LEDE_OK && a->on_token && (a->what & LEDE_AN_TOKENS))
    rc = tokens_until(&st, n);
  if (st.skip != st.inline_skip) free(st.skip);
  if (parsed) lede_article_free(&own);
  return rc;
}
