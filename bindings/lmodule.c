/*
** lmodule.c -- luaopen_lede: assembles the module `lede` from its C parts
** and its embedded Lua parts; the text functions; helpers shared by the
** other binding files (lbind.h).
*/
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lbind.h"

/* ------------------------------------------------------------ helpers */

/*
** A "lede.Text": the bytes of a file read straight into the one block
** they stay in (lede._read_text), so a large text is held once, not once
** in a read buffer and again in a Lua string. The C functions take it
** wherever they take a text; a document made on it gives a Lua string
** only when doc.text is asked for. The block is malloc'd, outside the
** Lua heap: the collector paces itself on the live Lua data, and a
** 200 MB text must not let it leave 200 MB of garbage records uncollected
** (read_block tells it of the allocation with a step instead).
*/
#define TEXT_MT "lede.Text"

typedef struct text_block {
  char *s;
  size_t n;
} text_block;

const char *lede_totext(lua_State *L, int arg, size_t *n) {
  if (lua_type(L, arg) == LUA_TSTRING) return lua_tolstring(L, arg, n);
  text_block *t = luaL_testudata(L, arg, TEXT_MT);
  if (t == NULL) return NULL;
  *n = t->n;
  return t->s;
}

const char *lede_checktext(lua_State *L, int arg, size_t *n) {
  const char *s;
  if (lua_type(L, arg) == LUA_TTABLE) {
    /* a document's text, or the lede.Text it has not made a string of */
    if (lua_getfield(L, arg, "_src") == LUA_TNIL) {
      lua_pop(L, 1);
      lua_getfield(L, arg, "text");
    }
    s = lede_totext(L, -1, n);
    lua_pop(L, 1);  /* still anchored by the table */
    if (s != NULL) return s;
    luaL_argerror(L, arg, "document without a text field");
  }
  s = lede_totext(L, arg, n);
  return s != NULL ? s : luaL_checklstring(L, arg, n);
}

void lede_setpos(lua_State *L, const char *s, size_t a, size_t b) {
  lua_pushlstring(L, s + a, b - a);
  lua_setfield(L, -2, "text");
  lua_pushinteger(L, (lua_Integer)a + 1);
  lua_setfield(L, -2, "start");
  lua_pushinteger(L, (lua_Integer)b);
  lua_setfield(L, -2, "stop");
}

void lede_setspan(lua_State *L, int t, const char *key, const char *s,
                  size_t a, size_t b) {
  if (a >= b) return;
  t = lua_absindex(L, t);
  lua_createtable(L, 0, 3);
  lede_setpos(L, s, a, b);
  lua_setfield(L, t, key);
}

static int optfield(lua_State *L, int arg, const char *key) {
  if (lua_isnoneornil(L, arg)) return 0;
  luaL_checktype(L, arg, LUA_TTABLE);
  if (lua_getfield(L, arg, key) == LUA_TNIL) { lua_pop(L, 1); return 0; }
  return 1;
}

int lede_optbool(lua_State *L, int arg, const char *key, int def) {
  if (!optfield(L, arg, key)) return def;
  int v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

lua_Integer lede_optint(lua_State *L, int arg, const char *key,
                        lua_Integer def) {
  if (!optfield(L, arg, key)) return def;
  int ok;
  lua_Integer v = lua_tointegerx(L, -1, &ok);
  if (!ok) luaL_error(L, "option '%s' must be an integer", key);
  lua_pop(L, 1);
  return v;
}

const char *lede_optstr(lua_State *L, int arg, const char *key,
                        const char *def) {
  if (!optfield(L, arg, key)) return def;
  const char *v = lua_tostring(L, -1);
  if (!v) luaL_error(L, "option '%s' must be a string", key);
  lua_pop(L, 1);  /* the options table keeps the string alive */
  return v;
}

int lede_raise(lua_State *L, int rc) {
  return luaL_error(L, "lede: %s", lede_errmsg(rc));
}

/* ------------------------------------------------------- text functions */

/* lede.valid(s) -> true | nil, message, byte_pos (1-based) */
static int l_valid(lua_State *L) {
  size_t n, bad = 0;
  const char *s = luaL_checklstring(L, 1, &n);
  int rc = lede_check(s, n, &bad);
  if (rc == LEDE_OK) {
    lua_pushboolean(L, 1);
    return 1;
  }
  luaL_pushfail(L);
  lua_pushfstring(L, "%s at byte %d", lede_errmsg(rc), (int)bad);
  lua_pushinteger(L, (lua_Integer)bad + 1);
  return 3;
}

/* lede.repair(s) -> repaired, count */
static int l_repair(lua_State *L) {
  size_t n, out_n, fixed;
  char *out;
  const char *s = luaL_checklstring(L, 1, &n);
  int rc = lede_repair(s, n, &out, &out_n, &fixed);
  if (rc != LEDE_OK) return lede_raise(L, rc);
  lua_pushlstring(L, out, out_n);
  lede_free(out);
  lua_pushinteger(L, (lua_Integer)fixed);
  return 2;
}

static int push_mapped(lua_State *L, int rc, char *out, size_t out_n) {
  if (rc == LEDE_ENOMEM) return lede_raise(L, rc);
  if (rc != LEDE_OK) {
    luaL_pushfail(L);
    lua_pushstring(L, lede_errmsg(rc));
    return 2;
  }
  lua_pushlstring(L, out, out_n);
  lede_free(out);
  return 1;
}

/* lede.normalize(s [, form]) -> string | nil, message */
static int l_normalize(lua_State *L) {
  static const char *const forms[] = {"NFC", "NFD", "NFKC", "NFKD", NULL};
  static const int codes[] = {LEDE_NFC, LEDE_NFD, LEDE_NFKC, LEDE_NFKD};
  size_t n, out_n = 0;
  char *out = NULL;
  const char *s = luaL_checklstring(L, 1, &n);
  int form = luaL_checkoption(L, 2, "NFC", forms);
  int rc = lede_normalize(s, n, codes[form], &out, &out_n);
  return push_mapped(L, rc, out, out_n);
}

/* lede.casefold(s) -> string | nil, message */
static int l_casefold(lua_State *L) {
  size_t n, out_n = 0;
  char *out = NULL;
  const char *s = luaL_checklstring(L, 1, &n);
  int rc = lede_casefold(s, n, &out, &out_n);
  return push_mapped(L, rc, out, out_n);
}

/*
** A regular file of known size read into a lede.Text of that size (one
** block, no copy); pushes it and returns 1. Returns 0 and pushes nothing
** when the file is not such a file (a pipe, a file that grew or shrank
** while read): the caller reads it the general way.
*/
static int read_block(lua_State *L, FILE *f) {
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
      (uintmax_t)st.st_size > (uintmax_t)(SIZE_MAX / 2))
    return 0;
  size_t size = (size_t)st.st_size, got = 0, k;
  text_block *t = lua_newuserdatauv(L, sizeof *t, 0);
  t->s = NULL;
  t->n = 0;
  luaL_setmetatable(L, TEXT_MT);   /* its __gc frees the block */
  t->s = malloc(size);
  if (t->s == NULL) {
    fclose(f);
    return lede_raise(L, LEDE_ENOMEM);
  }
  while (got < size && (k = fread(t->s + got, 1, size - got, f)) > 0) got += k;
  if (got != size || fgetc(f) != EOF || ferror(f)) {
    lua_pop(L, 1);
    clearerr(f);
    rewind(f);
    return 0;
  }
  t->n = size;
  lua_gc(L, LUA_GCSTEP, (int)(size >> 10 < INT_MAX ? size >> 10 : INT_MAX));
  return 1;
}

/*
** The file at path, as lede.read reads it; as_text: a regular file comes
** as a lede.Text (lede._read_text), else as a string.
*/
static int read_file(lua_State *L, int as_text) {
  const char *path = luaL_checkstring(L, 1);
  int repair = lede_optbool(L, 2, "repair", 0);
  FILE *f = fopen(path, "rb");
  if (!f) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  if (!(as_text && read_block(L, f))) {
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    size_t got;
    do {
      char *p = luaL_prepbuffsize(&b, 65536);
      got = fread(p, 1, 65536, f);
      luaL_addsize(&b, got);
    } while (got == 65536);
    int err = ferror(f);
    int saved = errno;
    if (err) {
      fclose(f);
      luaL_pushfail(L);
      lua_pushfstring(L, "%s: %s", path, strerror(saved));
      return 2;
    }
    luaL_pushresult(&b);
  }
  fclose(f);
  size_t n, bad;
  const char *s = lede_totext(L, -1, &n);
  size_t bom = lede_bom_len(s, n);
  int rc = lede_check(s + bom, n - bom, &bad);
  if (rc == LEDE_OK) {
    if (bom && lua_type(L, -1) == LUA_TSTRING) {
      lua_pushlstring(L, s + bom, n - bom);
    } else if (bom) {  /* the block, its BOM dropped in place */
      text_block *t = lua_touserdata(L, -1);
      memmove(t->s, t->s + bom, n - bom);
      t->n = n - bom;
    }
    return 1;
  }
  if (!repair) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s at byte %d%s", path, lede_errmsg(rc),
                    (int)(bad + bom), " (use repair to replace bad bytes)");
    lua_pushinteger(L, (lua_Integer)(bad + bom) + 1);
    return 3;
  }
  char *out;
  size_t out_n, fixed;
  rc = lede_repair(s + bom, n - bom, &out, &out_n, &fixed);
  if (rc != LEDE_OK) return lede_raise(L, rc);
  lua_pushlstring(L, out, out_n);
  lede_free(out);
  lua_pushinteger(L, (lua_Integer)fixed);
  return 2;
}

/*
** lede.read(path [, {repair=bool}]) -> text | nil, message[, byte_pos]
** Reads a whole file, skips a BOM, checks UTF-8 (or repairs it). The
** message names the file. Second result on repair: the repair count.
*/
static int l_read(lua_State *L) {
  return read_file(L, 0);
}

/* lede._read_text(path [, {repair=bool}]): as lede.read, but a regular
** file comes as a lede.Text (see text_block); lede.article takes both. */
static int l_read_text(lua_State *L) {
  return read_file(L, 1);
}

/* lede._is_text(v) -> whether v is a lede.Text */
static int l_is_text(lua_State *L) {
  lua_pushboolean(L, luaL_testudata(L, 1, TEXT_MT) != NULL);
  return 1;
}

static int text_gc(lua_State *L) {
  text_block *t = luaL_checkudata(L, 1, TEXT_MT);
  free(t->s);
  t->s = NULL;
  t->n = 0;
  return 0;
}

static int text_len(lua_State *L) {
  text_block *t = luaL_checkudata(L, 1, TEXT_MT);
  lua_pushinteger(L, (lua_Integer)t->n);
  return 1;
}

/* tostring(text): its bytes as a Lua string (a copy). */
static int text_tostring(lua_State *L) {
  text_block *t = luaL_checkudata(L, 1, TEXT_MT);
  lua_pushlstring(L, t->s, t->n);
  return 1;
}

static const luaL_Reg text_funcs[] = {
  {"valid", l_valid},
  {"repair", l_repair},
  {"normalize", l_normalize},
  {"casefold", l_casefold},
  {"read", l_read},
  {"_read_text", l_read_text},
  {"_is_text", l_is_text},
  {NULL, NULL}
};

int lede_open_text(lua_State *L) {
  if (luaL_newmetatable(L, TEXT_MT)) {
    lua_pushcfunction(L, text_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, text_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, text_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, text_funcs, 0);
  lua_pushliteral(L, LEDE_VERSION);
  lua_setfield(L, -2, "version");
  return 0;
}

/* ------------------------------------------------------------- luaopen */

typedef int (*opener)(lua_State *L);
static const opener openers[] = {
  lede_open_text, lede_open_sys, lede_open_tokens, lede_open_sentences,
  lede_open_article, lede_open_analyze, lede_open_numbers, lede_open_dates,
  lede_open_db, lede_open_sandbox, lede_open_html, lede_open_json, lede_open_proc,
  NULL
};

/* The package.preload loader of one embedded part: compiles it when it is
** first required (most commands need a few of the parts), then runs it
** with require's arguments. */
static int load_embedded(lua_State *L) {
  const lede_embedded *e = (const lede_embedded *)lua_touserdata(L, lua_upvalueindex(1));
  if (luaL_loadbufferx(L, e->src, e->len, e->name, "t") != LUA_OK)
    return lua_error(L);
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/*
** The embedded Lua parts are registered in package.preload under their
** names ("lede.doc", ...); "lede.init" runs now with the module table, so
** pure-Lua functions land in the same table as the C ones.
*/
static void preload_embedded(lua_State *L) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  for (const lede_embedded *e = lede_embedded_sources; e->name; e++) {
    lua_pushlightuserdata(L, (void *)(uintptr_t)e);
    lua_pushcclosure(L, load_embedded, 1);
    lua_setfield(L, -2, e->name);
  }
  lua_pop(L, 1);
}

int luaopen_lede(lua_State *L);
int luaopen_lede(lua_State *L) {
  lua_newtable(L);
  for (const opener *o = openers; *o; o++) {
    (*o)(L);
  }
  /* package.loaded.lede = module now, so Lua parts can require "lede". */
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_pushvalue(L, -2);
  lua_setfield(L, -2, "lede");
  lua_pop(L, 1);
  preload_embedded(L);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "lede.init");
  lua_call(L, 1, 0);
  return 1;
}
