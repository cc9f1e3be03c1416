/*
** lsentences.c -- the sentence splitter in the Lua module.
**
**   for s in lede.sentences(text_or_doc [, {mode = "news"|"uax29"}]) do
**     print(s.index, s.paragraph, s.start, s.stop, s.text)
**   end
**   local spans = lede.sentence_spans(text [, opts])
**     -- flat array {start1, stop1, para1, start2, stop2, para2, ...}
**   lede.abbreviations.add{"Brig.", "Adm."}  /  .add("Supt.", "title")
**   lede.abbreviations.has("Gen.")  --> true, "title"
**
** Positions are 1-based and inclusive (text:sub(s.start, s.stop) == s.text);
** paragraph and index are 1-based. See docs/sentences.md.
*/
#include <string.h>

#include "lbind.h"

#define SENTENCE_MT "lede.Sentence"

/* The mode named in opts.mode (opts at `arg`). */
static int check_mode(lua_State *L, int arg) {
  const char *m = lede_optstr(L, arg, "mode", "news");
  if (strcmp(m, "news") == 0) return LEDE_MODE_NEWS;
  if (strcmp(m, "uax29") == 0) return LEDE_MODE_UAX29;
  return luaL_error(L, "bad option 'mode' (\"news\" or \"uax29\" expected, "
                       "got \"%s\")", m);
}

/* ------------------------------------------------------------- iterator */

/*
** The iterator's state lives in a table (upvalue 1): the text (upvalue 2),
** mode, and a cursor. To stay linear and keep the core's callback form, the
** spans are collected once into a flat integer array on the first call
** (three integers per sentence) and handed out one by one.
*/
typedef struct collect {
  lua_State *L;
  int t;               /* absolute index of the array being filled */
  lua_Integer k;       /* items written */
} collect;

static int collect_fn(void *ctx, const lede_sentence *x) {
  collect *c = (collect *)ctx;
  lua_State *L = c->L;
  lua_pushinteger(L, (lua_Integer)x->start + 1);
  lua_rawseti(L, c->t, ++c->k);
  lua_pushinteger(L, (lua_Integer)x->end);
  lua_rawseti(L, c->t, ++c->k);
  lua_pushinteger(L, (lua_Integer)x->paragraph + 1);
  lua_rawseti(L, c->t, ++c->k);
  return 0;
}

/* Pushes the flat span array of s[0..n). Raises on a core error. */
static void push_spans(lua_State *L, const char *s, size_t n, int mode) {
  collect c;
  int rc;
  lua_newtable(L);
  c.L = L;
  c.t = lua_gettop(L);
  c.k = 0;
  rc = lede_sentences(s, n, mode, collect_fn, &c);
  if (rc != LEDE_OK) lede_raise(L, rc);
}

void lede_push_sentence(lua_State *L, const char *s, size_t a, size_t b,
                        lua_Integer index, lua_Integer paragraph) {
  lua_createtable(L, 0, 5);
  lede_setpos(L, s, a, b);
  lua_pushinteger(L, index);
  lua_setfield(L, -2, "index");
  lua_pushinteger(L, paragraph);
  lua_setfield(L, -2, "paragraph");
  luaL_setmetatable(L, SENTENCE_MT);
}

/* upvalues: 1 text, 2 spans array, 3 cursor (next sentence index, 1-based) */
static int sentences_iter(lua_State *L) {
  size_t n;
  const char *s = lua_tolstring(L, lua_upvalueindex(1), &n);
  lua_Integer idx = lua_tointeger(L, lua_upvalueindex(3));
  lua_Integer a, b, p;
  (void)n;
  if (lua_rawgeti(L, lua_upvalueindex(2), 3 * idx - 2) != LUA_TNUMBER)
    return 0;
  a = lua_tointeger(L, -1);
  lua_rawgeti(L, lua_upvalueindex(2), 3 * idx - 1);
  b = lua_tointeger(L, -1);
  lua_rawgeti(L, lua_upvalueindex(2), 3 * idx);
  p = lua_tointeger(L, -1);
  lua_pop(L, 3);
  lua_pushinteger(L, idx + 1);
  lua_replace(L, lua_upvalueindex(3));
  lede_push_sentence(L, s, (size_t)a - 1, (size_t)b, idx, p);
  return 1;
}

/* lede.sentences(text_or_doc [, opts]) -> iterator of sentence tables */
static int l_sentences(lua_State *L) {
  size_t n;
  const char *s = lede_checktext(L, 1, &n);
  int mode = check_mode(L, 2);
  lua_pushlstring(L, s, n);
  push_spans(L, s, n, mode);
  lua_pushinteger(L, 1);
  lua_pushcclosure(L, sentences_iter, 3);
  return 1;
}

/* lede.sentence_spans(text_or_doc [, opts]) -> {start1, stop1, para1, ...} */
static int l_sentence_spans(lua_State *L) {
  size_t n;
  const char *s = lede_checktext(L, 1, &n);
  int mode = check_mode(L, 2);
  push_spans(L, s, n, mode);
  return 1;
}

/* Sentence:__tostring -> "sentence 3 (paragraph 1, 120..245): text" */
static int sentence_tostring(lua_State *L) {
  lua_Integer idx, para, a, b;
  size_t len;
  const char *text;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "index");
  lua_getfield(L, 1, "paragraph");
  lua_getfield(L, 1, "start");
  lua_getfield(L, 1, "stop");
  lua_getfield(L, 1, "text");
  idx = lua_tointeger(L, -5);
  para = lua_tointeger(L, -4);
  a = lua_tointeger(L, -3);
  b = lua_tointeger(L, -2);
  text = lua_tolstring(L, -1, &len);
  lua_pushfstring(L, "sentence %I (paragraph %I, %I..%I): %s", idx, para, a,
                  b, text ? text : "");
  return 1;
}

/* ------------------------------------------------------- abbreviations */

static const char *const class_names[] = {"title", "number", "month", "end",
                                          "inner", NULL};

static void add_one(lua_State *L, int idx, int cls) {
  size_t n;
  const char *a = luaL_checklstring(L, idx, &n);
  int rc = cls ? lede_abbreviation_add_class(a, n, cls)
               : lede_abbreviation_add(a, n);
  if (rc == LEDE_EINVAL)
    luaL_error(L, "bad abbreviation '%s' (it must end with a period, have "
                  "no spaces and be at most %d bytes)", a,
               LEDE_MAX_ABBREVIATION);
  if (rc == LEDE_ELIMIT)
    luaL_error(L, "too many abbreviations (current limit is %d)",
               LEDE_MAX_USER_ABBREVIATIONS);
  if (rc != LEDE_OK) lede_raise(L, rc);
}

/* lede.abbreviations.add(list_or_string [, class]) -> count added.
** class: "title" | "number" | "month" | "end" | "inner" (default: "title"
** for "Brig."-like words, "end" otherwise). */
static int l_abbr_add(lua_State *L) {
  int cls = 0;
  lua_Integer count = 0;
  if (!lua_isnoneornil(L, 2))
    cls = luaL_checkoption(L, 2, NULL, class_names) + 1;
  if (lua_type(L, 1) == LUA_TTABLE) {
    lua_Integer i, len = luaL_len(L, 1);
    for (i = 1; i <= len; i++) {
      lua_geti(L, 1, i);
      add_one(L, lua_gettop(L), cls);
      lua_pop(L, 1);
      count++;
    }
  } else {
    luaL_checktype(L, 1, LUA_TSTRING);
    add_one(L, 1, cls);
    count = 1;
  }
  lua_pushinteger(L, count);
  return 1;
}

/* lede.abbreviations.has(s) -> true, class | false */
static int l_abbr_has(lua_State *L) {
  size_t n;
  const char *a = luaL_checklstring(L, 1, &n);
  int cls = lede_abbreviation_class(a, n);
  if (cls <= 0) { lua_pushboolean(L, 0); return 1; }
  lua_pushboolean(L, 1);
  lua_pushstring(L, class_names[cls - 1]);
  return 2;
}

static const luaL_Reg funcs[] = {
  {"sentences", l_sentences},
  {"sentence_spans", l_sentence_spans},
  {NULL, NULL}
};

static const luaL_Reg abbr_funcs[] = {
  {"add", l_abbr_add},
  {"has", l_abbr_has},
  {NULL, NULL}
};

int lede_open_sentences(lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
  lua_newtable(L);
  luaL_setfuncs(L, abbr_funcs, 0);
  lua_setfield(L, -2, "abbreviations");
  if (luaL_newmetatable(L, SENTENCE_MT)) {
    lua_pushcfunction(L, sentence_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "lede.Sentence");
    lua_setfield(L, -2, "__name");
  }
  lua_pop(L, 1);
  return 0;
}
