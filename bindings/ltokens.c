/*
** ltokens.c -- the tokenizer in Lua.
**
**   for t in lede.tokens(text_or_doc [, {mode="news"|"uax29", repair=bool}])
**     t.text, t.start, t.stop      -- text:sub(t.start, t.stop) == t.text
**     t.kind                       -- "word", "number", "punct", "symbol",
**                                  -- "url", "email", "handle", "hashtag",
**                                  -- "emoji"
**     t.capitalized, t.allcaps, t.digits   -- booleans
**   for start, stop, kind in lede.token_spans(text_or_doc [, opts])
**                                  -- the same tokens, no table per token
**
** Positions are 1-based and inclusive (string.find's convention). The
** iterator keeps the string alive in an upvalue, so it stays valid even
** when the caller drops the text or changes doc.text meanwhile.
**
** Bad bytes: invalid UTF-8 or a NUL byte raises "invalid UTF-8 at byte N"
** (like io.lines on a missing file) unless {repair=true}; then each bad
** byte counts as U+FFFD for segmentation and positions still index the
** original bytes.
*/
#include <string.h>

#include "lbind.h"

#define TOKEN_MT "lede.Token"

/*
** Upvalues of both iterators: the string (the anchor), the tokenizer state
** (a userdata), the lede.Token metatable, then the field names and the
** kind names as Lua strings, so that building a token costs no C-string
** lookups.
*/
#define UV_TEXT  1
#define UV_STATE 2
#define UV_MT    3
#define UV_KEYS  4                    /* NKEYS field names */
#define NKEYS    7
#define UV_KINDS (UV_KEYS + NKEYS)    /* kind names, LEDE_TOK_WORD first */
#define NKINDS   9
#define NUPVALUES (UV_KINDS + NKINDS - 1)

static const char *const keys[NKEYS] = {
  "text", "start", "stop", "kind", "capitalized", "allcaps", "digits",
};
enum { K_TEXT, K_START, K_STOP, K_KIND, K_CAP, K_ALLCAPS, K_DIGITS };

/* Pushes the iterator closure for the text at 1 and the options at 2. */
static void push_iterator(lua_State *L, lua_CFunction fn) {
  size_t n;
  const char *s = lede_checktext(L, 1, &n);
  const char *mode = lede_optstr(L, 2, "mode", "news");
  int repair = lede_optbool(L, 2, "repair", 0);
  int m;
  if (strcmp(mode, "news") == 0) m = LEDE_MODE_NEWS;
  else if (strcmp(mode, "uax29") == 0) m = LEDE_MODE_UAX29;
  else {
    luaL_error(L, "bad option mode '%s' (expected \"news\" or \"uax29\")",
               mode);
    return;
  }
  if (!repair) {
    size_t bad = 0;
    int rc = lede_check(s, n, &bad);
    if (rc != LEDE_OK)
      luaL_error(L, "%s at byte %d (use {repair=true} to tokenize anyway)",
                 lede_errmsg(rc), (int)bad + 1);
  }
  luaL_checkstack(L, NUPVALUES + 2, "too many upvalues");
  /* the anchor: the string itself (a document's text field included) */
  if (lua_type(L, 1) == LUA_TTABLE) lua_getfield(L, 1, "text");
  else lua_pushvalue(L, 1);
  s = lua_tolstring(L, -1, &n);
  lede_tokenizer *t = lua_newuserdatauv(L, sizeof *t, 0);
  lede_tokenizer_init(t, s, n, m);
  luaL_getmetatable(L, TOKEN_MT);
  for (int i = 0; i < NKEYS; i++) lua_pushstring(L, keys[i]);
  for (int k = 1; k <= NKINDS; k++) lua_pushstring(L, lede_token_kind_name(k));
  lua_pushcclosure(L, fn, NUPVALUES);
}

/* Pushes the name of a kind (an upvalue; "?" for an unknown one). */
static void push_kind(lua_State *L, int kind) {
  if (kind >= 1 && kind <= NKINDS)
    lua_pushvalue(L, lua_upvalueindex(UV_KINDS + kind - 1));
  else
    lua_pushstring(L, lede_token_kind_name(kind));
}

/* Next token for an iterator; 0 at the end; raises on cancel. */
static int next_token(lua_State *L, lede_token *tok) {
  lede_tokenizer *t = lua_touserdata(L, lua_upvalueindex(UV_STATE));
  int rc = lede_tokenizer_next(t, tok);
  if (rc < 0) return lede_raise(L, rc);
  return rc;
}

/* t[keys[key]] = value on top, for the table just below it. */
static void set_key(lua_State *L, int key) {
  lua_pushvalue(L, lua_upvalueindex(UV_KEYS + key));
  lua_insert(L, -2);
  lua_rawset(L, -3);
}

static int tokens_iter(lua_State *L) {
  lede_token tok;
  if (!next_token(L, &tok)) return 0;
  const char *s = lua_tostring(L, lua_upvalueindex(UV_TEXT));
  lua_createtable(L, 0, NKEYS);
  lua_pushlstring(L, s + tok.start, tok.end - tok.start);
  set_key(L, K_TEXT);
  lua_pushinteger(L, (lua_Integer)tok.start + 1);
  set_key(L, K_START);
  lua_pushinteger(L, (lua_Integer)tok.end);
  set_key(L, K_STOP);
  push_kind(L, tok.kind);
  set_key(L, K_KIND);
  lua_pushboolean(L, (tok.flags & LEDE_TF_CAPITALIZED) != 0);
  set_key(L, K_CAP);
  lua_pushboolean(L, (tok.flags & LEDE_TF_ALLCAPS) != 0);
  set_key(L, K_ALLCAPS);
  lua_pushboolean(L, (tok.flags & LEDE_TF_DIGITS) != 0);
  set_key(L, K_DIGITS);
  lua_pushvalue(L, lua_upvalueindex(UV_MT));
  lua_setmetatable(L, -2);
  return 1;
}

static int spans_iter(lua_State *L) {
  lede_token tok;
  if (!next_token(L, &tok)) return 0;
  lua_pushinteger(L, (lua_Integer)tok.start + 1);
  lua_pushinteger(L, (lua_Integer)tok.end);
  push_kind(L, tok.kind);
  return 3;
}

/* lede.tokens(text_or_doc [, opts]) -> iterator of token tables */
static int l_tokens(lua_State *L) {
  push_iterator(L, tokens_iter);
  return 1;
}

/* lede.token_spans(text_or_doc [, opts]) -> iterator of start, stop, kind */
static int l_token_spans(lua_State *L) {
  push_iterator(L, spans_iter);
  return 1;
}

/* tostring(token) -> 'word "Ukraine" 1-7' */
static int token_tostring(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "kind");
  lua_getfield(L, 1, "text");
  lua_getfield(L, 1, "start");
  lua_getfield(L, 1, "stop");
  lua_pushfstring(L, "%s \"%s\" %d-%d", luaL_optstring(L, -4, "?"),
                  luaL_optstring(L, -3, ""), (int)luaL_optinteger(L, -2, 0),
                  (int)luaL_optinteger(L, -1, 0));
  return 1;
}

static const luaL_Reg funcs[] = {
  {"tokens", l_tokens},
  {"token_spans", l_token_spans},
  {NULL, NULL},
};

static const luaL_Reg token_meta[] = {
  {"__tostring", token_tostring},
  {NULL, NULL},
};

int lede_open_tokens(lua_State *L) {
  luaL_newmetatable(L, TOKEN_MT);
  luaL_setfuncs(L, token_meta, 0);
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
  return 0;
}
