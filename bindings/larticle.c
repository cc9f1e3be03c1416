/*
** larticle.c -- the raw article-structure binding: lede._article(text).
** The document object (lede.article, doc.headline, doc:paragraphs(), ...)
** is built on it in bindings/lua/doc.lua.
*/
#include <stdio.h>
#include <string.h>

#include "lbind.h"

#define ARTICLE_RAW "lede.article_raw"

/* Sets t.key = s[sp) as a string on the table at -1, when not empty. */
static void setstr(lua_State *L, const char *key, const char *s,
                   lede_span sp) {
  if (sp.end <= sp.start) return;
  lua_pushlstring(L, s + sp.start, sp.end - sp.start);
  lua_setfield(L, -2, key);
}

/* A new span table {text, start, stop} for s[sp), left on the stack. */
static void pushspan(lua_State *L, const char *s, lede_span sp) {
  lua_createtable(L, 0, 4);
  lede_setpos(L, s, sp.start, sp.end);
}

/* Pushes one part of the structure (`key` as in lede._article's table),
** or nil when the article has none. */
static void push_part(lua_State *L, const char *s, const lede_article *a,
                      const char *key) {
  size_t i;
  if (strcmp(key, "headline") == 0) {
    if (a->headline.end <= a->headline.start) { lua_pushnil(L); return; }
    pushspan(L, s, a->headline);
  } else if (strcmp(key, "dateline") == 0) {
    if (a->dateline.end <= a->dateline.start) { lua_pushnil(L); return; }
    pushspan(L, s, a->dateline);
    setstr(L, "place", s, a->place);
    setstr(L, "region", s, a->region);
    setstr(L, "agency", s, a->agency);
  } else if (strcmp(key, "byline") == 0) {
    if (a->byline.end <= a->byline.start) { lua_pushnil(L); return; }
    pushspan(L, s, a->byline);
    lua_createtable(L, (int)a->nbyline_names, 0);
    for (i = 0; i < a->nbyline_names; i++) {
      lede_span nm = a->byline_names[i];
      lua_pushlstring(L, s + nm.start, nm.end - nm.start);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "names");
    setstr(L, "org", s, a->byline_org);
  } else if (strcmp(key, "date") == 0 || strcmp(key, "date_source") == 0) {
    if (a->date_source == LEDE_DATE_NONE || a->year <= 0) { lua_pushnil(L); return; }
    if (key[4] == '_') {
      lua_pushstring(L, lede_date_source_name(a->date_source));
    } else {
      char iso[16];
      snprintf(iso, sizeof iso, "%04d-%02d-%02d", a->year % 10000,
               a->month % 100, a->day % 100);
      lua_pushstring(L, iso);
    }
  } else if (strcmp(key, "paragraphs") == 0) {
    lua_createtable(L, (int)a->nparagraphs, 0);
    for (i = 0; i < a->nparagraphs; i++) {
      const lede_paragraph *p = &a->paragraphs[i];
      lua_createtable(L, 0, 4);
      lede_setpos(L, s, p->start, p->end);
      lua_pushstring(L, lede_role_name(p->role));
      lua_setfield(L, -2, "role");
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  } else if (strcmp(key, "nparagraphs") == 0) {
    lua_pushinteger(L, (lua_Integer)a->nparagraphs);
  } else if (strcmp(key, "captions") == 0) {
    lua_createtable(L, (int)a->ncaptions, 0);
    for (i = 0; i < a->ncaptions; i++) {
      pushspan(L, s, a->captions[i]);
      setstr(L, "credit", s, a->caption_credits[i]);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  } else if (strcmp(key, "boilerplate") == 0) {
    lua_createtable(L, (int)a->nboilerplate, 0);
    for (i = 0; i < a->nboilerplate; i++) {
      pushspan(L, s, a->boilerplate[i]);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  } else {
    lua_pushnil(L);
  }
}

static const char *const parts[] = {"headline", "dateline", "byline", "date",
  "date_source", "paragraphs", "captions", "boilerplate", NULL};

static void push_structure(lua_State *L, const char *s,
                           const lede_article *a) {
  lua_createtable(L, 0, 10);
  for (int i = 0; parts[i]; i++) {
    push_part(L, s, a, parts[i]);
    lua_setfield(L, -2, parts[i]);
  }
}

/*
** lede._article(text) -> {headline=, dateline=, byline=, date=,
**   date_source=, paragraphs=, captions=, boilerplate=}
** Spans are {text, start, stop} (1-based, inclusive); dateline also has
** place, region, agency; byline names (array) and org; captions credit.
** Absent parts are nil; the three arrays are always present.
*/
static int l_article(lua_State *L) {
  size_t n;
  const char *s = lede_checktext(L, 1, &n);
  lede_article *a;
  int rc;
  /* The parse result lives in a userdata whose __gc frees it, so nothing
  ** leaks when building the Lua table raises (out of memory). */
  a = lua_newuserdatauv(L, sizeof *a, 0);
  memset(a, 0, sizeof *a);
  luaL_setmetatable(L, ARTICLE_RAW);
  rc = lede_article_parse(s, n, a);
  if (rc != LEDE_OK) {
    lede_article_free(a);
    return lede_raise(L, rc);
  }
  push_structure(L, s, a);
  lede_article_free(a);
  return 1;
}

/*
** lede._structure(text) -> a "lede.Structure" userdata: the parse of text,
** kept in C (a few arrays of spans) until a part is asked for. It holds the
** text as its user value. lede._structure_part(st, key) builds one part as
** lede._article's table has it; lede._analyze reuses the parse.
*/
#define STRUCTURE_MT "lede.Structure"

static int l_structure(lua_State *L) {
  size_t n;
  const char *s = lede_checktext(L, 1, &n);
  lede_article *a = lua_newuserdatauv(L, sizeof *a, 1);
  memset(a, 0, sizeof *a);
  luaL_setmetatable(L, STRUCTURE_MT);
  size_t k;
  if (lede_totext(L, 1, &k) != NULL) lua_pushvalue(L, 1);  /* string or Text */
  else lua_pushlstring(L, s, n);
  lua_setiuservalue(L, -2, 1);
  int rc = lede_article_parse(s, n, a);
  if (rc != LEDE_OK) {
    lede_article_free(a);
    return lede_raise(L, rc);
  }
  return 1;
}

const lede_article *lede_checkstructure(lua_State *L, int arg) {
  return luaL_checkudata(L, arg, STRUCTURE_MT);
}

static int l_structure_part(lua_State *L) {
  const lede_article *a = lede_checkstructure(L, 1);
  const char *key = luaL_checkstring(L, 2);
  size_t n;
  lua_getiuservalue(L, 1, 1);
  const char *s = lede_totext(L, -1, &n);
  push_part(L, s, a, key);
  return 1;
}

static int structure_gc(lua_State *L) {
  lede_article_free(luaL_checkudata(L, 1, STRUCTURE_MT));
  return 0;
}

static int raw_gc(lua_State *L) {
  lede_article_free(luaL_checkudata(L, 1, ARTICLE_RAW));
  return 0;
}

static const luaL_Reg funcs[] = {
  {"_article", l_article},
  {"_structure", l_structure},
  {"_structure_part", l_structure_part},
  {NULL, NULL}
};

int lede_open_article(lua_State *L) {
  if (luaL_newmetatable(L, ARTICLE_RAW)) {
    lua_pushcfunction(L, raw_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, STRUCTURE_MT)) {
    lua_pushcfunction(L, structure_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
  return 0;
}
