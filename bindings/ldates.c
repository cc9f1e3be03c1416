/*
** ldates.c -- the dates binding: lede._dates_in, the "lede.Date" objects.
**
** lede._dates_in(text, start, stop [, {date="YYYY-MM-DD", dayfirst=bool}])
**   -> array of dates found in text[start..stop] (1-based, inclusive;
**   usually one sentence). Each date is a table with metatable "lede.Date":
**     text, start, stop   the expression as written (1-based, absolute)
**     value               ISO 8601 at its grain, or nil when unresolved
**     end_value           the end of an interval, or nil
**     grain               "time"|"day"|"week"|"month"|"quarter"|"year"|"decade"
**     kind                "date"|"interval"|"duration"|"time"|"set"
**     relative            true when resolved from the reference (or anchor)
**     stated              {year=, month=, day=, time=} booleans: what was
**                         written; the rest was inferred
**     tz                  the time zone as written, or nil
** A reference date that is not a valid YYYY-MM-DD raises an error.
** The user-level API (lede.dates, doc:dates, lede.date) is in doc.lua.
*/
#include <string.h>

#include "lbind.h"

#define LEDE_DATE_TYPE "lede.Date"

typedef struct collect {
  lua_State *L;
  const char *s;
  lua_Integer count;
} collect;

static void setbool(lua_State *L, const char *key, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, key);
}

static void setstr(lua_State *L, const char *key, const char *v) {
  if (!v[0]) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, key);
}

/* Pushes a date table (metatable lede.Date) for d. */
void lede_push_date(lua_State *L, const char *s, const lede_date *d) {
  lua_createtable(L, 0, 12);
  lede_setpos(L, s, d->start, d->end);
  setstr(L, "value", d->value);
  setstr(L, "end_value", d->end_value);
  lua_pushstring(L, lede_grain_name(d->grain));
  lua_setfield(L, -2, "grain");
  lua_pushstring(L, lede_date_kind_name(d->kind));
  lua_setfield(L, -2, "kind");
  setbool(L, "relative", d->relative);
  lua_createtable(L, 0, 4);
  setbool(L, "year", (d->stated & LEDE_STATED_YEAR) != 0);
  setbool(L, "month", (d->stated & LEDE_STATED_MONTH) != 0);
  setbool(L, "day", (d->stated & LEDE_STATED_DAY) != 0);
  setbool(L, "time", (d->stated & LEDE_STATED_TIME) != 0);
  lua_setfield(L, -2, "stated");
  setstr(L, "tz", d->tz);
  if (d->fiscal) setbool(L, "fiscal", 1);
  luaL_setmetatable(L, LEDE_DATE_TYPE);
}

static int on_date(void *ctx, const lede_date *d) {
  collect *c = ctx;
  lede_push_date(c->L, c->s, d);
  lua_rawseti(c->L, -2, ++c->count);
  return 0;
}

/* lede._dates_in(text, start, stop [, opts]) -> {date, ...} */
static int l_dates_in(lua_State *L) {
  size_t n;
  const char *s = lede_checktext(L, 1, &n);
  lua_Integer a = luaL_optinteger(L, 2, 1);
  lua_Integer b = luaL_optinteger(L, 3, (lua_Integer)n);
  lede_date_opts o;
  memset(&o, 0, sizeof o);
  if (!lua_isnoneornil(L, 4)) {
    size_t rn;
    const char *ref = lede_optstr(L, 4, "date", NULL);
    if (ref) {
      rn = strlen(ref);
      if (!lede_parse_ymd(ref, rn, &o))
        return luaL_error(L, "lede: invalid reference date '%s' "
                          "(expected YYYY-MM-DD)", ref);
    }
    o.dayfirst = lede_optbool(L, 4, "dayfirst", 0);
  }
  if (a < 1) a = 1;
  if (b > (lua_Integer)n) b = (lua_Integer)n;
  lua_newtable(L);
  if (a > b) return 1;
  collect c = {L, s, 0};
  int rc = lede_dates_in(s, n, (size_t)a - 1, (size_t)b, &o, on_date, &c);
  if (rc != LEDE_OK) return lede_raise(L, rc);
  return 1;
}

/* A string field of the table at 1, or NULL (the table keeps it alive). */
static const char *field(lua_State *L, const char *key) {
  const char *v = NULL;
  if (lua_getfield(L, 1, key) == LUA_TSTRING) v = lua_tostring(L, -1);
  lua_pop(L, 1);
  return v;
}

/* "Thursday -> 2025-09-04 (day, relative)" */
static int date_tostring(lua_State *L) {
  luaL_Buffer B;
  luaL_checktype(L, 1, LUA_TTABLE);
  const char *text = field(L, "text"), *value = field(L, "value");
  const char *end = field(L, "end_value"), *grain = field(L, "grain");
  const char *kind = field(L, "kind"), *tz = field(L, "tz");
  lua_getfield(L, 1, "relative");
  int rel = lua_toboolean(L, -1);
  lua_pop(L, 1);
  luaL_buffinit(L, &B);
  luaL_addstring(&B, text ? text : "?");
  luaL_addstring(&B, " -> ");
  luaL_addstring(&B, value ? value : "?");
  if (end) {
    luaL_addstring(&B, "/");
    luaL_addstring(&B, end);
  } else if (kind && strcmp(kind, "interval") == 0) {
    luaL_addstring(&B, "/..");
  }
  luaL_addstring(&B, " (");
  luaL_addstring(&B, grain ? grain : "?");
  if (kind && strcmp(kind, "date") != 0) {
    luaL_addstring(&B, ", ");
    luaL_addstring(&B, kind);
  }
  if (rel) luaL_addstring(&B, ", relative");
  if (tz) {
    luaL_addstring(&B, ", ");
    luaL_addstring(&B, tz);
  }
  luaL_addstring(&B, ")");
  luaL_pushresult(&B);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"_dates_in", l_dates_in},
  {NULL, NULL}
};

static const luaL_Reg metameth[] = {
  {"__tostring", date_tostring},
  {NULL, NULL}
};

int lede_open_dates(lua_State *L) {
  if (luaL_newmetatable(L, LEDE_DATE_TYPE)) {
    luaL_setfuncs(L, metameth, 0);
    lua_pushliteral(L, LEDE_DATE_TYPE);
    lua_setfield(L, -2, "__name");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
  return 0;
}
