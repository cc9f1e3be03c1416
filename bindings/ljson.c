/*
** ljson.c -- the one JSON encoder of the module: lede.json, the CLI's
** records (lede.output) and table values bound into SQLite (ldb.c).
**
**   lede.json(v) -> text
**   lede._json_record(cols, rec) -> '{"col":v,...}' in the order of cols,
**     nil fields left out (one NDJSON record)
**
** Values: nil and lede.null are null; booleans; integers as integers, a
** float with an integral value below 2^53 as an integer, other floats in
** the shortest form that reads back the same, NaN and infinities null;
** strings escaped (", \, control characters; \b \f \n \r \t by name).
** A table is an array when its keys are exactly 1..n (an empty table is
** []), else an object with sorted keys. A table whose metatable has
** __jsonkeys (an array of keys) is an object in that order; one with
** __jsonarray is an array whatever its keys. lede.json is lenient: other
** values are written as their tostring, bytes as they are. Bound into
** SQLite (strict) they are errors.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lbind.h"

/* A growing buffer kept in a userdata at a fixed stack slot, so the stack
** can be used freely while it grows (luaL_Buffer cannot). */
typedef struct jbuf {
  lua_State *L;
  int slot;
  char *p;
  size_t n, cap;
} jbuf;

static void jb_init(lua_State *L, jbuf *b) {
  b->L = L;
  b->cap = 256;
  b->n = 0;
  b->p = lua_newuserdatauv(L, b->cap, 0);
  b->slot = lua_gettop(L);
}

static void jb_need(jbuf *b, size_t k) {
  if (b->n + k <= b->cap) return;
  size_t cap = b->cap * 2;
  while (cap < b->n + k) cap *= 2;
  char *p = lua_newuserdatauv(b->L, cap, 0);
  memcpy(p, b->p, b->n);
  lua_replace(b->L, b->slot);
  b->p = p;
  b->cap = cap;
}

static void jb_add(jbuf *b, const char *s, size_t k) {
  jb_need(b, k);
  memcpy(b->p + b->n, s, k);
  b->n += k;
}

static void jb_adds(jbuf *b, const char *s) { jb_add(b, s, strlen(s)); }

static void jb_addc(jbuf *b, char c) {
  jb_need(b, 1);
  b->p[b->n++] = c;
}

static void json_string(jbuf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  jb_need(b, n + 2);
  jb_addc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
    jb_add(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': jb_add(b, "\\\"", 2); break;
    case '\\': jb_add(b, "\\\\", 2); break;
    case '\b': jb_add(b, "\\b", 2); break;
    case '\f': jb_add(b, "\\f", 2); break;
    case '\n': jb_add(b, "\\n", 2); break;
    case '\r': jb_add(b, "\\r", 2); break;
    case '\t': jb_add(b, "\\t", 2); break;
    default: {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      jb_add(b, e, 6);
    }
    }
  }
  jb_add(b, s + run, n - run);
  jb_addc(b, '"');
}

static void json_number(jbuf *b, lua_State *L, int v) {
  char num[64];
  if (lua_isinteger(L, v)) {
    snprintf(num, sizeof num, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(L, v));
  } else {
    double x = lua_tonumber(L, v);
    if (x != x || x - x != 0) {
      jb_adds(b, "null");
      return;
    }
    if (x == floor(x) && fabs(x) < 9007199254740992.0) {
      snprintf(num, sizeof num, "%.0f", x);
      if (strcmp(num, "-0") == 0) strcpy(num, "0");
    } else {
      /* the shortest form that reads back as the same double */
      for (int prec = 15; prec <= 17; prec++) {
        snprintf(num, sizeof num, "%.*g", prec, x);
        if (strtod(num, NULL) == x) break;
      }
    }
  }
  jb_adds(b, num);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The metatable field `key` of the value at v is not nil: pushes it. */
static int meta_field(lua_State *L, int v, const char *key) {
  if (!lua_getmetatable(L, v)) return 0;
  if (lua_getfield(L, -1, key) == LUA_TNIL) {
    lua_pop(L, 2);
    return 0;
  }
  lua_remove(L, -2);
  return 1;
}

static int json_value(lua_State *L, jbuf *b, int v, int depth, int strict);

/* An object over the keys in the array at index `keys`, in that order. */
static int json_ordered(lua_State *L, jbuf *b, int v, int keys, int depth,
                        int strict) {
  int rc = 0, first = 1;
  lua_Integer nk = (lua_Integer)lua_rawlen(L, keys);
  jb_addc(b, '{');
  for (lua_Integer i = 1; i <= nk && rc == 0; i++) {
    lua_rawgeti(L, keys, i);
    lua_pushvalue(L, -1);
    if (lua_gettable(L, v) == LUA_TNIL) {
      lua_pop(L, 2);
      continue;
    }
    if (!first) jb_addc(b, ',');
    first = 0;
    size_t kn;
    const char *k = luaL_tolstring(L, -2, &kn);
    json_string(b, k, kn);
    lua_pop(L, 1);
    jb_addc(b, ':');
    rc = json_value(L, b, lua_gettop(L), depth + 1, strict);
    lua_pop(L, 2);
  }
  jb_addc(b, '}');
  return rc;
}

/*
** Appends the value at absolute index v. Returns 0 or a LEDE_JSON_E*
** code (strict mode only, except LEDE_JSON_EDEEP).
*/
static int json_value(lua_State *L, jbuf *b, int v, int depth, int strict) {
  switch (lua_type(L, v)) {
  case LUA_TNIL: jb_adds(b, "null"); return 0;
  case LUA_TBOOLEAN: jb_adds(b, lua_toboolean(L, v) ? "true" : "false"); return 0;
  case LUA_TNUMBER: json_number(b, L, v); return 0;
  case LUA_TSTRING: {
    size_t n;
    const char *s = lua_tolstring(L, v, &n);
    if (strict && lede_check(s, n, NULL) != LEDE_OK) return LEDE_JSON_EUTF8;
    json_string(b, s, n);
    return 0;
  }
  case LUA_TTABLE: break;
  default:
    if (lede_is_null(L, v)) { jb_adds(b, "null"); return 0; }
    if (strict) return LEDE_JSON_ETYPE;
    {
      size_t n;
      const char *s = luaL_tolstring(L, v, &n);
      json_string(b, s, n);
      lua_pop(L, 1);
    }
    return 0;
  }
  if (depth >= LEDE_JSON_MAX_DEPTH) return LEDE_JSON_EDEEP;
  luaL_checkstack(L, 8, "table nested too deep for JSON");
  int top = lua_gettop(L), rc = 0;
  if (meta_field(L, v, "__jsonkeys")) {
    rc = json_ordered(L, b, v, top + 1, depth, strict);
    lua_settop(L, top);
    return rc;
  }
  int forced = meta_field(L, v, "__jsonarray");
  lua_settop(L, top);
  lua_Integer len = (lua_Integer)lua_rawlen(L, v), count = 0;
  int array = 1;
  if (!forced) {
    lua_pushnil(L);
    while (lua_next(L, v)) {
      lua_pop(L, 1);
      count++;
      if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
          lua_tointeger(L, -1) > len) array = 0;
    }
  }
  if (array) {
    jb_addc(b, '[');
    for (lua_Integer i = 1; i <= len && rc == 0; i++) {
      if (i > 1) jb_addc(b, ',');
      lua_rawgeti(L, v, i);
      rc = json_value(L, b, lua_gettop(L), depth + 1, strict);
      lua_pop(L, 1);
    }
    jb_addc(b, ']');
    return rc;
  }
  /* object: key strings -> original keys in a scratch table; sorted */
  lua_createtable(L, 0, (int)count);      /* top+1 */
  int nk = 0;
  lua_pushnil(L);
  while (lua_next(L, v)) {
    lua_pop(L, 1);
    int kt = lua_type(L, -1);
    if (kt != LUA_TSTRING && kt != LUA_TNUMBER) {
      if (strict) { lua_settop(L, top); return LEDE_JSON_EKEY; }
      continue;
    }
    lua_pushvalue(L, -1);
    lua_tostring(L, -1);                  /* converts the copy only */
    lua_pushvalue(L, -2);
    lua_rawset(L, top + 1);
    nk++;
  }
  const char **keys = lua_newuserdatauv(L, sizeof(char *) * (size_t)(nk + 1), 0);
  nk = 0;
  lua_pushnil(L);
  while (lua_next(L, top + 1)) {
    lua_pop(L, 1);
    keys[nk++] = lua_tostring(L, -1);     /* anchored by the scratch table */
  }
  qsort(keys, (size_t)nk, sizeof *keys, cmp_str);
  jb_addc(b, '{');
  for (int i = 0; i < nk && rc == 0; i++) {
    size_t kn = strlen(keys[i]);
    if (strict && lede_check(keys[i], kn, NULL) != LEDE_OK) { rc = LEDE_JSON_EUTF8; break; }
    if (i > 0) jb_addc(b, ',');
    json_string(b, keys[i], kn);
    jb_addc(b, ':');
    lua_pushstring(L, keys[i]);
    lua_rawget(L, top + 1);               /* the original key */
    lua_rawget(L, v);
    rc = json_value(L, b, lua_gettop(L), depth + 1, strict);
    lua_pop(L, 1);
  }
  jb_addc(b, '}');
  lua_settop(L, top);
  return rc;
}

int lede_json_push(lua_State *L, int v, int strict) {
  jbuf b;
  v = lua_absindex(L, v);
  jb_init(L, &b);
  int rc = json_value(L, &b, v, 0, strict);
  if (rc == 0) lua_pushlstring(L, b.p, b.n);
  lua_remove(L, b.slot);
  return rc;
}

/* lede.json(v) -> text */
static int l_json(lua_State *L) {
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  if (lede_json_push(L, 1, 0) == LEDE_JSON_EDEEP)
    return luaL_error(L, "value nested deeper than %d levels for JSON",
                      LEDE_JSON_MAX_DEPTH);
  return 1;
}

/* lede._json_record(cols, rec) -> one JSON object over cols, in order */
static int l_json_record(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  jbuf b;
  jb_init(L, &b);
  if (json_ordered(L, &b, 2, 1, 0, 0) == LEDE_JSON_EDEEP)
    return luaL_error(L, "value nested deeper than %d levels for JSON",
                      LEDE_JSON_MAX_DEPTH);
  lua_pushlstring(L, b.p, b.n);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"json", l_json},
  {"_json_record", l_json_record},
  {NULL, NULL}
};

int lede_open_json(lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
  return 0;
}
