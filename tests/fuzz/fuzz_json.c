/*
** fuzz_json.c -- libFuzzer target for lede's JSON reader (bindings/ljson.c:
** lede._json.decode and .field, what reads JSONL articles and `lede map`
** rows): it returns a value, or nil with a message and a position inside
** the input; a value read is written and read back to the same text
** (encode, decode, encode); `field` agrees with decode on a top-level
** string member.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lbind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ldb.c owns lede.null; no input can make one, so none is ever seen here */
int lede_is_null(lua_State *L, int i) {
  (void)L;
  (void)i;
  return 0;
}

static lua_State *L;

/* Calls lede._json.<fn> with the values on top, leaving `nret` results. */
static void call(const char *fn, int nargs, int nret) {
  lua_getfield(L, LUA_REGISTRYINDEX, "json");
  lua_getfield(L, -1, fn);
  lua_remove(L, -2);
  lua_insert(L, -(nargs + 1));
  if (lua_pcall(L, nargs, nret, 0) != LUA_OK) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!L) {
    L = luaL_newstate();
    lua_newtable(L);
    lede_open_json(L);
    lua_getfield(L, -1, "_json");
    lua_setfield(L, LUA_REGISTRYINDEX, "json");
    lua_pop(L, 1);
  }
  lua_settop(L, 0);
  lua_pushlstring(L, (const char *)data, size);
  call("decode", 1, 3);                     /* value | nil, msg, pos */
  if (lua_isnil(L, 1) && lua_type(L, 2) == LUA_TSTRING) {
    lua_Integer pos = lua_tointeger(L, 3);
    if (pos < 1 || (size_t)pos > size + 1) abort();
    lua_pushlstring(L, (const char *)data, size);
    lua_pushliteral(L, "text");
    call("field", 2, 1);                    /* bad JSON has no field */
    if (!lua_isnil(L, -1)) abort();
    return 0;
  }
  lua_settop(L, 1);
  if (lua_type(L, 1) == LUA_TTABLE) {       /* field == decode's member */
    lua_pushlstring(L, (const char *)data, size);
    lua_pushliteral(L, "text");
    call("field", 2, 1);
    lua_getfield(L, 1, "text");
    if (lua_type(L, -1) == LUA_TSTRING) {
      if (lua_type(L, -2) != LUA_TSTRING || !lua_rawequal(L, -1, -2)) abort();
    } else if (!lua_isnil(L, -2)) {
      abort();
    }
    lua_settop(L, 1);
  }
  /* written, read and written again: the text settles after one round
  ** (JSON has no infinity, so 1e999 is written null, and an array with a
  ** null in it has a hole in Lua, so it comes back as an object) */
  for (int round = 0; round < 3; round++) {
    lua_pushboolean(L, 1);
    call("encode", 2, 1);
    if (round == 2) break;
    lua_pushvalue(L, -1);
    lua_insert(L, 1);                       /* keep each text, oldest first */
    call("decode", 1, 1);
    if (lua_isnil(L, -1) && !(lua_rawlen(L, 1) == 4 &&
                              memcmp(lua_tostring(L, 1), "null", 4) == 0))
      abort();                              /* what we wrote reads back */
  }
  if (!lua_rawequal(L, -1, 1)) abort();
  return 0;
}
