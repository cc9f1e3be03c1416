/*
** lnumbers.c -- the figure finder in Lua.
**
**   lede._numbers_in(text, start, stop [, skip]) -> array of figures
**
** start/stop are the 1-based inclusive bounds of a sentence; skip is nil
** or an array of {start, stop} spans (1-based inclusive, sorted: the
** dates found first). Each figure is a table with metatable "lede.Figure":
**   text, start, stop       as written (1-based inclusive, absolute)
**   value, kind             number; "number" | "ordinal" | "percent" | "money"
**   unit                    ISO 4217 code for money, "pp" for percentage
**                           points, else nil
**   max                     upper bound of a range, or nil
**   approx, role            qualifier ("about", "more than"), role ("age",
**                           "tally"), or nil
**   noun, noun_start, noun_stop, head   the counted noun phrase and its head
**   about, about_start, about_stop      percent and money: the noun phrase
**                           the figure measures ("unemployment rate")
**   of                      index (in the returned array) of the whole
** Integral values are Lua integers when exact. lede.numbers and
** doc:numbers (doc.lua) are built on this.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lbind.h"

#define FIGURE_MT "lede.Figure"

typedef struct collect {
  lua_State *L;
  const char *s;
  int t;          /* the result array's stack index */
  lua_Integer n;
} collect;

static void push_number(lua_State *L, double v) {
  if (isfinite(v) && v == floor(v) && v >= -9007199254740992.0 &&
      v <= 9007199254740992.0)
    lua_pushinteger(L, (lua_Integer)v);
  else
    lua_pushnumber(L, v);
}

/* Pushes a figure table (metatable lede.Figure) for f; `of` is set
** from f->of (1-based) as given. */
void lede_push_figure(lua_State *L, const char *s, const lede_figure *f) {
  lua_createtable(L, 0, 16);
  lede_setpos(L, s, f->start, f->end);
  push_number(L, f->value);
  lua_setfield(L, -2, "value");
  lua_pushstring(L, lede_figure_kind_name(f->kind));
  lua_setfield(L, -2, "kind");
  if (f->unit[0]) {
    lua_pushstring(L, f->unit);
    lua_setfield(L, -2, "unit");
  }
  if (f->has_max) {
    push_number(L, f->max);
    lua_setfield(L, -2, "max");
  }
  if (f->approx) {
    lua_pushstring(L, f->approx);
    lua_setfield(L, -2, "approx");
  }
  if (f->role) {
    lua_pushstring(L, f->role);
    lua_setfield(L, -2, "role");
  }
  if (f->noun.end > f->noun.start) {
    lua_pushlstring(L, s + f->noun.start, f->noun.end - f->noun.start);
    lua_setfield(L, -2, "noun");
    lua_pushinteger(L, (lua_Integer)f->noun.start + 1);
    lua_setfield(L, -2, "noun_start");
    lua_pushinteger(L, (lua_Integer)f->noun.end);
    lua_setfield(L, -2, "noun_stop");
  }
  if (f->about.end > f->about.start) {
    lua_pushlstring(L, s + f->about.start, f->about.end - f->about.start);
    lua_setfield(L, -2, "about");
    lua_pushinteger(L, (lua_Integer)f->about.start + 1);
    lua_setfield(L, -2, "about_start");
    lua_pushinteger(L, (lua_Integer)f->about.end);
    lua_setfield(L, -2, "about_stop");
  }
  if (f->head.end > f->head.start) {
    lua_pushlstring(L, s + f->head.start, f->head.end - f->head.start);
    lua_setfield(L, -2, "head");
  }
  if (f->of >= 0) {
    lua_pushinteger(L, (lua_Integer)f->of + 1);
    lua_setfield(L, -2, "of");
  }
  luaL_setmetatable(L, FIGURE_MT);
}

static int on_figure(void *ctx, const lede_figure *f) {
  collect *c = ctx;
  lede_push_figure(c->L, c->s, f);
  lua_rawseti(c->L, c->t, ++c->n);
  return 0;
}

/* Reads the skip argument into a malloc'd array of 0-based spans. */
static lede_span *read_skip(lua_State *L, int arg, size_t n, size_t *nskip) {
  *nskip = 0;
  if (lua_isnoneornil(L, arg)) return NULL;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_Integer len = luaL_len(L, arg);
  if (len <= 0) return NULL;
  lede_span *sp = lua_newuserdatauv(L, (size_t)len * sizeof *sp, 0);
  size_t k = 0;
  for (lua_Integer i = 1; i <= len; i++) {
    lua_geti(L, arg, i);
    luaL_argcheck(L, lua_istable(L, -1), arg, "skip spans must be {start, stop}");
    lua_geti(L, -1, 1);
    lua_geti(L, -2, 2);
    lua_Integer a = luaL_checkinteger(L, -2), b = luaL_checkinteger(L, -1);
    lua_pop(L, 3);
    if (a < 1) a = 1;
    if (b > (lua_Integer)n) b = (lua_Integer)n;
    if (b < a) continue;
    /* keep them sorted and disjoint as the core expects */
    if (k > 0 && (size_t)(a - 1) < sp[k - 1].end) {
      if ((size_t)b > sp[k - 1].end) sp[k - 1].end = (size_t)b;
      continue;
    }
    sp[k].start = (size_t)(a - 1);
    sp[k].end = (size_t)b;
    k++;
  }
  *nskip = k;
  return sp;   /* anchored on the stack as userdata */
}

static int cmp_span(const void *x, const void *y) {
  const lede_span *a = x, *b = y;
  return a->start < b->start ? -1 : a->start > b->start;
}

/* lede._numbers_in(text, start, stop [, skip]) -> array of figures */
static int l_numbers_in(lua_State *L) {
  size_t n;
  const char *s = lede_checktext(L, 1, &n);
  lua_Integer a = luaL_optinteger(L, 2, 1);
  lua_Integer b = luaL_optinteger(L, 3, (lua_Integer)n);
  if (a < 1) a = 1;
  if (b > (lua_Integer)n) b = (lua_Integer)n;
  size_t nskip;
  lede_span *skip = read_skip(L, 4, n, &nskip);
  if (nskip > 1) {
    qsort(skip, nskip, sizeof *skip, cmp_span);
    size_t k = 0;
    for (size_t i = 0; i < nskip; i++) {
      if (k > 0 && skip[i].start < skip[k - 1].end) {
        if (skip[i].end > skip[k - 1].end) skip[k - 1].end = skip[i].end;
      } else {
        skip[k++] = skip[i];
      }
    }
    nskip = k;
  }
  lua_newtable(L);
  collect c = {L, s, lua_gettop(L), 0};
  if (b >= a) {
    int rc = lede_numbers_in(s, n, (size_t)(a - 1), (size_t)b, skip, nskip,
                             on_figure, &c);
    if (rc != LEDE_OK) return lede_raise(L, rc);
  }
  return 1;
}

static void add_value(luaL_Buffer *B, lua_State *L, int t, const char *key) {
  lua_getfield(L, t, key);
  if (lua_isinteger(L, -1)) {
    lua_pushfstring(L, "%I", (LUAI_UACINT)lua_tointeger(L, -1));
  } else {
    lua_pushfstring(L, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
  }
  lua_remove(L, -2);
  luaL_addvalue(B);
}

/* tostring(fig): "112 drones (strike and decoy drones)",
   "€1.1 billion = 1100000000 EUR", "12% = 12 percent" */
static int figure_tostring(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_Buffer B;
  lua_getfield(L, 1, "kind");
  const char *kind = lua_tostring(L, -1);
  lua_getfield(L, 1, "head");
  const char *head = lua_tostring(L, -1);
  lua_getfield(L, 1, "noun");
  const char *noun = lua_tostring(L, -1);
  lua_getfield(L, 1, "text");
  const char *text = lua_tostring(L, -1);
  lua_getfield(L, 1, "unit");
  const char *unit = lua_tostring(L, -1);
  lua_getfield(L, 1, "max");
  int has_max = !lua_isnil(L, -1);
  luaL_buffinit(L, &B);
  if (head && kind && (!strcmp(kind, "number") || !strcmp(kind, "ordinal"))) {
    add_value(&B, L, 1, "value");
    if (has_max) { luaL_addstring(&B, "-"); add_value(&B, L, 1, "max"); }
    if (!strcmp(kind, "ordinal")) luaL_addstring(&B, " (ordinal)");
    luaL_addstring(&B, " ");
    luaL_addstring(&B, head);
    if (noun && strcmp(noun, head) != 0) {
      luaL_addstring(&B, " (");
      luaL_addstring(&B, noun);
      luaL_addstring(&B, ")");
    }
  } else {
    luaL_addstring(&B, text ? text : "?");
    luaL_addstring(&B, " = ");
    add_value(&B, L, 1, "value");
    if (has_max) { luaL_addstring(&B, " to "); add_value(&B, L, 1, "max"); }
    if (unit) { luaL_addstring(&B, " "); luaL_addstring(&B, unit); }
    else if (kind && strcmp(kind, "number") != 0) {
      luaL_addstring(&B, " ");
      luaL_addstring(&B, kind);
    }
  }
  luaL_pushresult(&B);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"_numbers_in", l_numbers_in},
  {NULL, NULL}
};

int lede_open_numbers(lua_State *L) {
  if (luaL_newmetatable(L, FIGURE_MT)) {
    lua_pushcfunction(L, figure_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushstring(L, FIGURE_MT);
    lua_setfield(L, -2, "__name");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
  return 0;
}
